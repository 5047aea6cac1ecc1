import { describe, expect, it } from 'vitest';
import { recallSummary, recallWords, sroieTranscript, wordRecall } from './wordRecall.js';

describe('wordRecall', () => {
  it('normalises both sides alike: case, punctuation inside and around words, compatibility forms', () => {
    expect(recallWords('TOTAL: RM12.50\n"Thank-you"  ﬁsh …')).toEqual(['total', 'rm1250', 'thankyou', 'fish']);
    expect(wordRecall('TOTAL RM12.50', 'total: rm 12.50')).toBe(0.5);
    expect(wordRecall('Thank You!', 'THANK YOU')).toBe(1);
  });

  it('counts a repeated reference word once per OCR reading of it', () => {
    expect(wordRecall('1 1 1 2', '1 2')).toBe(0.5);
    expect(wordRecall('1 1 1 2', '1 1 1 1 2')).toBe(1);
  });

  it('is 0 for an empty reading and 1 when there is nothing to read', () => {
    expect(wordRecall('CASH 10.00', '')).toBe(0);
    expect(wordRecall('-- ::', 'anything')).toBe(1);
  });
});

describe('sroieTranscript', () => {
  it('keeps the text after the eight coordinates, commas included', () => {
    expect(sroieTranscript('1,2,3,4,5,6,7,8,TAN WOON YANN\r\n1,2,3,4,5,6,7,8,NO. 5, JALAN 1\n\n')).toBe(
      'TAN WOON YANN\nNO. 5, JALAN 1',
    );
  });
});

describe('recallSummary', () => {
  it('gives mean, median and the share under 0.5', () => {
    expect(recallSummary([0.2, 1, 0.6, 0.4])).toEqual({ mean: 0.55, median: 0.5, shareUnder: 0.5 });
    expect(recallSummary([0.9, 0.1, 0.8]).median).toBe(0.8);
  });
});
