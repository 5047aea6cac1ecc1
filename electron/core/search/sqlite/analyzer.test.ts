import { describe, expect, it } from 'vitest';
import { analyze, cjkSpaced, foldWord, stem } from './analyzer.js';

describe('analyzer', () => {
  it('stems like Porter (1980)', () => {
    const cases: [string, string][] = [
      ['caresses', 'caress'],
      ['ponies', 'poni'],
      ['cats', 'cat'],
      ['feed', 'feed'],
      ['agreed', 'agre'],
      ['plastered', 'plaster'],
      ['motoring', 'motor'],
      ['sing', 'sing'],
      ['conflated', 'conflat'],
      ['hopping', 'hop'],
      ['filing', 'file'],
      ['happy', 'happi'],
      ['relational', 'relat'],
      ['conditional', 'condit'],
      ['valenci', 'valenc'],
      ['digitizer', 'digit'],
      ['generalization', 'gener'],
      ['electrical', 'electr'],
      ['hopeful', 'hope'],
      ['goodness', 'good'],
      ['revival', 'reviv'],
      ['adjustable', 'adjust'],
      ['adoption', 'adopt'],
      ['controll', 'control'],
      ['roll', 'roll'],
      ['invoices', 'invoic'],
      ['invoice', 'invoic'],
      ['flows', 'flow'],
      ['aeroelastic', 'aeroelast'],
      ['yield', 'yield'],
      ['by', 'by'],
      ['2023', '2023'],
    ];
    for (const [word, expected] of cases) expect(stem(word), word).toBe(expected);
  });
  it('makes every Chinese, Japanese or Korean character a word, and spaces them out alike for FTS5', () => {
    expect(analyze('增值税发票No.88 보험금의 カタカナ')).toEqual([
      '增',
      '值',
      '税',
      '发',
      '票',
      'no',
      '88',
      '보',
      '험',
      '금',
      '의',
      'カ',
      'タ',
      'カ',
      'ナ',
    ]);
    expect(analyze('𠀋𠀋 a')).toEqual(['𠀋', '𠀋', 'a']); // outside the BMP too
    expect(cjkSpaced('发票No.1')).toBe(' 发  票 No.1');
    expect(cjkSpaced('plain text')).toBe('plain text');
  });
  it('folds accents and case', () => {
    expect(foldWord('CAFÉ')).toBe('cafe');
    expect(foldWord('Crème')).toBe('creme');
    expect(analyze('Café Crème, crèmes!')).toEqual(['cafe', 'creme', 'creme']);
  });
  it('drops stopwords when asked', () => {
    expect(analyze('the flow of heat', (w) => w === 'the' || w === 'of')).toEqual(['flow', 'heat']);
  });
});
