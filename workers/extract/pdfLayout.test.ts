import { describe, expect, it } from 'vitest';
import { layoutPage, type PlacedItem } from './pdfLayout.js';

const item = (str: string, left: number, baseline: number, width: number, hasEOL = false, size = 10): PlacedItem => ({
  str,
  box: [left, baseline - size, width, size],
  baseline,
  size,
  hasEOL,
});

describe('layoutPage', () => {
  it('joins glyph-by-glyph items into one word and adds spaces only at visible gaps', () => {
    const { text, words } = layoutPage([item('Tot', 10, 20, 15), item('al', 25, 20, 10), item('12.50', 50, 20, 25)]);
    expect(text).toBe('Total 12.50');
    expect(words.map((w) => w.text)).toEqual(['Total', '12.50']);
    expect(words[0]!.box).toEqual([10, 10, 25, 10]);
  });

  it('breaks lines on hasEOL and on a baseline change, paragraphs on a large gap', () => {
    const { text } = layoutPage([
      item('first', 10, 20, 25, true),
      item('', 0, 0, 0, true),
      item('second', 10, 32, 30),
      item('third', 10, 80, 25),
    ]);
    expect(text).toBe('first\nsecond\n\nthird');
  });

  it('keeps content-stream order for two columns instead of interleaving their lines', () => {
    const { text } = layoutPage([item('left one', 10, 20, 40), item('left two', 10, 32, 40), item('right one', 200, 20, 45), item('right two', 200, 32, 45)]);
    expect(text).toBe('left one\nleft two\nright one\nright two');
  });
});
