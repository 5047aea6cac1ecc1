/**
 * Turns pdf.js text items into readable page text and word boxes. Items are kept in content-stream
 * order (what the author wrote first, which is reading order for almost every generated PDF; sorting
 * by position breaks multi-column pages). A line break comes from `hasEOL` or from the baseline
 * moving; a space is added where two items on a line have a visible gap and no space of their own.
 * Superscripts and subscripts (a paper's affiliation marks, footnote numbers, units such as cm⁻²) sit
 * off the baseline in a smaller size: they stay on their line, as a reader sees them, instead of
 * breaking it in three ("Pusep", "1*", ", L. Santos" on lines of their own made a paper's first page
 * a column of short lines, which reads as a form).
 */
import type { Word } from '../../../electron/shared/contract/documents.js';

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
  // Whether the last item was a script attached to the current line, and where the line began in `text`.
  let lastWasScript = false;
  let lineStart = 0;

  for (const item of items) {
    const str = item.str.replace(/\s+/g, ' ');
    const [left, top, width, height] = item.box;
    const size = item.size > 0 ? item.size : height > 0 ? height : 10;
    if (str.length === 0) {
      if (item.hasEOL) pendingBreak = true;
      continue;
    }
    let script = false;
    if (lineBaseline !== null) {
      const moved = Math.abs(item.baseline - lineBaseline) > 0.5 * Math.min(size, lineSize || size);
      const attach =
        moved || pendingBreak
          ? attachment(item, size, lineBaseline, lineSize, lastRight, lastWasScript, text.length - lineStart)
          : 'none';
      if (attach === 'script') script = true;
      else if (attach === 'base') {
        // The line began with a script (an affiliation's mark): the text it marks sets the line.
        if (!text.endsWith(' ') && !str.startsWith(' ')) text += ' ';
        wordOpen = false;
        lineBaseline = item.baseline;
        lineSize = size;
      } else if (attach === 'back') {
        // Back on the line's baseline after a script: no break.
      } else if (pendingBreak || moved) {
        // A gap of more than ~1.8 lines below the previous line starts a new paragraph.
        const gap = item.baseline - lineBaseline;
        text += gap > 1.8 * Math.max(size, lineSize) ? '\n\n' : '\n';
        wordOpen = false;
        lineBaseline = item.baseline;
        lineSize = size;
        lineStart = text.length;
      }
      if (attach !== 'none' || !(pendingBreak || moved)) {
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
    lastWasScript = script;

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

/**
 * How an item that moved off the line's baseline (or follows an end-of-line mark) belongs to the line:
 * as a superscript or subscript right after it ('script': smaller, within the line's height, continuing
 * where the line stopped), as the line's own text after a leading script ('base': the line so far is a
 * mark of at most three characters in a smaller size, and this item continues it a little lower), back
 * on the baseline after a script ('back'), or not at all ('none').
 */
function attachment(
  item: PlacedItem,
  size: number,
  lineBaseline: number,
  lineSize: number,
  lastRight: number,
  lastWasScript: boolean,
  lineChars: number,
): 'script' | 'base' | 'back' | 'none' {
  const larger = Math.max(size, lineSize);
  const gap = item.box[0] - lastRight;
  if (gap < -0.3 * larger || gap > 1.5 * larger) return 'none';
  const dy = item.baseline - lineBaseline;
  if (size <= 0.8 * lineSize && dy > -0.9 * lineSize && dy < 0.5 * lineSize) return 'script';
  if (lastWasScript && Math.abs(dy) <= 0.25 * lineSize) return 'back';
  if (lineSize <= 0.8 * size && lineChars <= 3 && dy > -0.25 * size && dy < 0.9 * size) return 'base';
  return 'none';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
