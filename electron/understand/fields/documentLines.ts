/**
 * The document as lines, for label-anchored rules, and the way back from a found value to the words it
 * came from (page + box) so the review screen can point at it.
 */
import type { ExtractedPage } from '../../shared/contract/extract.js';
import type { Box } from '../../shared/contract/schemas/fieldValue.js';

export interface DocumentLine {
  /** 1-based page. */
  page: number;
  /** 0-based line number in the whole document. */
  index: number;
  text: string;
}

/**
 * Rules read lines of at most this many characters. Field values sit on short lines; a line of a
 * hundred thousand characters (base64, a minified file, a text file with no line breaks) would make
 * some label and e-mail patterns backtrack for minutes on the engine's thread, so longer lines are cut
 * at a space before the limit (or at the limit when there is none).
 */
export const MAX_LINE_CHARS = 1_000;
/** Runs of spaces longer than this are shortened to it: columns stay apart, pathological runs go. */
const MAX_SPACE_RUN = 64;
const LONG_SPACE_RUN = new RegExp(`[ \\t]{${MAX_SPACE_RUN + 1},}`, 'g');

function boundedLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.length > MAX_SPACE_RUN ? raw.replace(LONG_SPACE_RUN, ' '.repeat(MAX_SPACE_RUN)) : raw;
    while (line.length > MAX_LINE_CHARS) {
      const space = line.lastIndexOf(' ', MAX_LINE_CHARS);
      const cut = space > MAX_LINE_CHARS / 2 ? space : MAX_LINE_CHARS;
      out.push(line.slice(0, cut));
      line = line.slice(cut).replace(/^ /, '');
    }
    out.push(line);
  }
  return out;
}

export function documentLines(pages: readonly ExtractedPage[]): DocumentLine[] {
  const out: DocumentLine[] = [];
  for (const page of pages)
    for (const text of boundedLines(page.text)) out.push({ page: page.page, index: out.length, text });
  return out;
}

/** Non-empty lines only, trimmed (positions kept in `index`). */
export function contentLines(lines: readonly DocumentLine[]): DocumentLine[] {
  return lines.filter((l) => l.text.trim() !== '').map((l) => ({ ...l, text: l.text.replace(/\t/g, ' ').trimEnd() }));
}

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

export interface Location {
  page: number | null;
  box: Box | null;
}

/**
 * Where a value is written: the shortest run of consecutive words whose folded text contains the folded
 * value (on the preferred page first). Null box when the document has no words or the value was
 * reformatted beyond recognition.
 */
export function locate(pages: readonly ExtractedPage[], value: string, preferredPage: number | null = null): Location {
  const target = fold(value);
  if (!target) return { page: preferredPage, box: null };
  const ordered = [...pages].sort((a, b) => Number(b.page === preferredPage) - Number(a.page === preferredPage));
  for (const page of ordered) {
    const words = page.words.map((w) => fold(w.text));
    for (let start = 0; start < words.length; start++) {
      if (!words[start] || !(target.startsWith(words[start] as string) || (words[start] as string).includes(target)))
        continue;
      let joined = '';
      for (let end = start; end < words.length && end < start + 40; end++) {
        joined += words[end];
        if (joined.includes(target)) {
          const boxes = page.words.slice(start, end + 1).map((w) => w.box);
          const left = Math.min(...boxes.map((b) => b[0]));
          const top = Math.min(...boxes.map((b) => b[1]));
          const right = Math.max(...boxes.map((b) => b[0] + b[2]));
          const bottom = Math.max(...boxes.map((b) => b[1] + b[3]));
          return { page: page.page, box: [left, top, right - left, bottom - top] };
        }
        if (!target.startsWith(joined)) break;
      }
    }
  }
  return { page: preferredPage, box: null };
}

/**
 * The text to the right of a label on its line; or, when the label ends its line or its column, the
 * text below it in the same column (layout text puts "Invoice Date:" above "03/20/2023").
 */
export function valuesNearLabel(
  lines: readonly DocumentLine[],
  at: number,
  labelEnd: number,
  labelStart: number,
): Array<{ text: string; line: DocumentLine }> {
  const line = lines[at] as DocumentLine;
  const out: Array<{ text: string; line: DocumentLine }> = [];
  const rest = line.text.slice(labelEnd).replace(/^[\s:#.\-–]*(?:no\.?|nr\.?|number|n°)?[\s:#.]*/i, '');
  // Only the first column: layout text separates columns by runs of spaces.
  const firstColumn = rest.split(/\s{3,}|\t/)[0] ?? '';
  if (firstColumn.trim()) out.push({ text: firstColumn.trim(), line });
  for (let k = at + 1; k < lines.length && k <= at + 3; k++) {
    const below = lines[k] as DocumentLine;
    if (!below.text.trim()) continue;
    // The chunk of the line below that starts near the label's column.
    const chunks = [...below.text.matchAll(/\S+(?: \S+)*/g)];
    const chunk =
      chunks.find((c) => Math.abs(c.index - labelStart) <= 12) ??
      (chunks.length === 1 && labelStart < 8 ? chunks[0] : undefined);
    if (chunk) out.push({ text: chunk[0].trim(), line: below });
    break;
  }
  return out;
}
