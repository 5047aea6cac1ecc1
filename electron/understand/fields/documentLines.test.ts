import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { documentLines, MAX_LINE_CHARS } from './documentLines.js';

describe('documentLines', () => {
  it('cuts a line longer than the limit at a space before it, or at the limit when there is none', () => {
    const words = documentLines(pagesFromText('lorem '.repeat(400)));
    expect(words.every((l) => l.text.length <= MAX_LINE_CHARS)).toBe(true);
    expect(
      words
        .map((l) => l.text)
        .join(' ')
        .trim(),
    ).toBe('lorem '.repeat(400).trim());
    const blob = documentLines(pagesFromText('x'.repeat(2_500)));
    expect(blob.map((l) => l.text.length)).toEqual([1_000, 1_000, 500]);
  });

  it('shortens runs of spaces, keeping columns apart', () => {
    const [line] = documentLines(pagesFromText(`A${' '.repeat(100_000)}B`));
    expect(line?.text).toBe(`A${' '.repeat(64)}B`);
    expect(documentLines(pagesFromText('Total        12.50'))[0]?.text).toBe('Total        12.50');
  });
});
