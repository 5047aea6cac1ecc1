/**
 * Turns pdf.js text items into readable page text and word boxes. Items are kept in content-stream
 * order (what the author wrote first, which is reading order for almost every generated PDF; sorting
 * by position breaks multi-column pages). A line break comes from `hasEOL` or from the baseline
 * moving; a space is added where two items on a line have a visible gap and no space of their own.
 */
import type { Word } from '../../electron/shared/contract/documents.js';

/** One text run in page units with a top-left origin. */
export interface PlacedItem {
  str: string;
  /** Box of the run: left, top, width, height. */
  box: [number, number, number, number];
  /** Baseline position across the reading direction (y for horizontal text). */
  baseline: number;
  /** Font size in page units (a line's height). */
  size: number;
  hasEOL: boolean;
}

export interface PageLayout {
  text: string;
  words: Word[];
}

export function layoutPage(items: readonly PlacedItem[]): PageLayout {
  let text = '';
  const words: Word[] = [];
  let lineBaseline: number | null = null;
  let lineSize = 0;
  let lastRight = 0;
  let pendingBreak = false;
  // Whether the last character written belongs to a word that a touching item may continue.
  let wordOpen = false;

  for (const item of items) {
    const str = item.str.replace(/\s+/g, ' ');
    const [left, top, width, height] = item.box;
    const size = item.size > 0 ? item.size : height > 0 ? height : 10;
    if (str.length === 0) {
      if (item.hasEOL) pendingBreak = true;
      continue;
    }
    if (lineBaseline !== null) {
      const moved = Math.abs(item.baseline - lineBaseline) > 0.5 * Math.min(size, lineSize || size);
      if (pendingBreak || moved) {
        // A gap of more than ~1.8 lines below the previous line starts a new paragraph.
        const gap = item.baseline - lineBaseline;
        text += gap > 1.8 * Math.max(size, lineSize) ? '\n\n' : '\n';
        wordOpen = false;
        lineBaseline = item.baseline;
        lineSize = size;
      } else {
        const gap = left - lastRight;
        if (gap > 0.15 * size && !text.endsWith(' ') && !str.startsWith(' ')) {
          text += ' ';
          wordOpen = false;
        }
      }
    } else {
      lineBaseline = item.baseline;
      lineSize = size;
    }
    pendingBreak = item.hasEOL;

    // Words of this item, with boxes apportioned by character count (pdf.js gives no glyph positions).
    const perChar = str.length > 0 ? width / str.length : 0;
    const re = /\S+/g;
    for (let m = re.exec(str); m !== null; m = re.exec(str)) {
      const wLeft = left + m.index * perChar;
      const wWidth = m[0].length * perChar;
      const last = words[words.length - 1];
      if (m.index === 0 && wordOpen && last && !text.endsWith(' ')) {
        // Continues the previous item's word (glyph-by-glyph PDFs): extend it instead of splitting.
        const right = Math.max(last.box[0] + last.box[2], wLeft + wWidth);
        const newTop = Math.min(last.box[1], top);
        const bottom = Math.max(last.box[1] + last.box[3], top + height);
        last.text += m[0];
        last.box = [last.box[0], newTop, right - last.box[0], bottom - newTop];
      } else {
        words.push({ text: m[0], box: [round(wLeft), round(top), round(wWidth), round(height)] });
      }
    }
    text += str;
    wordOpen = !str.endsWith(' ');
    lastRight = left + width;
  }
  return { text: text.replace(/[ \t]+\n/g, '\n').trim(), words };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
