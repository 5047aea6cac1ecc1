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
    const { text } = layoutPage([
      item('left one', 10, 20, 40),
      item('left two', 10, 32, 40),
      item('right one', 200, 20, 45),
      item('right two', 200, 32, 45),
    ]);
    expect(text).toBe('left one\nleft two\nright one\nright two');
  });
});

describe('layoutPage with superscripts and subscripts', () => {
  // Top-left origin: a superscript's baseline is above (smaller than) the line's.
  it("keeps an author's affiliation marks and a unit's exponent on their line", () => {
    const { text } = layoutPage([
      item('Yu. Pusep', 124, 100, 48),
      item('1*', 172.4, 95.4, 7, false, 6.5),
      item(', L. Santos', 179, 100, 50),
      item('2', 229.5, 95.4, 3, false, 6.5),
      item('', 0, 0, 0, true),
      item('density 3.7x10', 72, 112, 70),
      item('11', 142.5, 107.4, 6, false, 6.5),
      item(' cm', 149, 112, 14),
      item('-2', 163.5, 107.4, 6, false, 6.5),
      item(' at 4 K.', 170, 112, 30),
    ]);
    expect(text).toBe('Yu. Pusep1*, L. Santos2\ndensity 3.7x1011 cm-2 at 4 K.');
  });

  it('reads a line that starts with a mark as one line, and a subscript as part of its word', () => {
    const { text } = layoutPage([
      item('Title of the paper', 72, 60, 120, true, 14),
      item('', 0, 0, 0, true),
      item('1', 104.5, 95.5, 3, false, 6.5),
      item('Instituto de Fisica, São Carlos', 107.8, 100, 150),
      item('', 0, 0, 0, true),
      item('2', 150.6, 107.5, 3, false, 6.5),
      item('High Field Laboratory, Tallahassee', 156.8, 112, 160),
      item('', 0, 0, 0, true),
      item('the length l', 72, 130, 50),
      item('B', 122.2, 131.4, 4, false, 6.5),
      item(' grows.', 126.5, 130, 30),
    ]);
    expect(text).toBe(
      'Title of the paper\n\n1 Instituto de Fisica, São Carlos\n2 High Field Laboratory, Tallahassee\nthe length lB grows.',
    );
  });

  it('still breaks where the next line starts at the margin, even in a smaller size', () => {
    const { text } = layoutPage([
      item('Body text ends here.', 72, 100, 100, true),
      item('1 A footnote in small print.', 72, 108, 90, false, 6.5),
    ]);
    expect(text).toBe('Body text ends here.\n1 A footnote in small print.');
  });
});
