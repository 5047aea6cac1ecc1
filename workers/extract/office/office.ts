/**
 * Presentations, spreadsheets and OpenDocument files: ZIP containers of XML whose text sits in a few
 * elements. PPTX: one page per slide (`ppt/slides/slideN.xml`, `<a:t>` runs, `<a:p>` paragraphs);
 * XLSX: one page per sheet, one line per row, cells separated by tabs (shared strings resolved);
 * ODT/ODS/ODP: `content.xml`, one line per paragraph, heading or table cell row. No positions.
 * The container is read by zipReader.ts: its directory is checked against the budgets before anything
 * is inflated (maxArchiveEntries, maxUnpackedBytes: ARCHIVE_TOO_LARGE), only the parts that hold text
 * are read, and text stops being made once the document's text budget (maxTextChars) is spent.
 */
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { ExtractedPage } from '../../../electron/shared/contract/extract.js';
import type { ExtractContext } from '../ExtractContext.js';
import { normalizeText } from '../text/decodeText.js';
import { BoundedZip, ZipFormatError } from './zipReader.js';

export type OfficeKind = 'pptx' | 'xlsx' | 'odf';

function corrupt(fileName: string, what: string, cause?: unknown): AppError {
  return new AppError(
    ErrorCode.OFFICE_CORRUPT,
    `${fileName} could not be read (${what}); open it in its application (or LibreOffice) and save it again.`,
    {
      retryable: false,
      ...(cause !== undefined && { cause }),
    },
  );
}

/** XML's five entities and character references, as text. */
export const decodeEntities = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => character(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => character(Number(d)))
    .replace(/&amp;/g, '&');

/** A character reference's character; one past U+10FFFF (which would throw) is dropped. */
const character = (code: number): string => (code <= 0x10ffff ? String.fromCodePoint(code) : '');

/** The text of every `<tag …>text</tag>` in `xml`, in order (tag given with its namespace prefix). */
const TEXT_ELEMENT: Record<'a:t' | 't', RegExp> = {
  'a:t': /<a:t(?:\s[^>]*)?>([^<]*)<\/a:t>/g,
  t: /<t(?:\s[^>]*)?>([^<]*)<\/t>/g,
};
function texts(xml: string, tag: 'a:t' | 't'): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(TEXT_ELEMENT[tag])) out.push(decodeEntities(m[1] as string));
  return out;
}

/** Slide paragraphs: the runs of each `<a:p>` joined, one line per paragraph. */
function slideText(xml: string): string {
  const lines: string[] = [];
  for (const m of xml.matchAll(/<a:p[\s>][\s\S]*?<\/a:p>/g)) {
    const line = texts(m[0], 'a:t').join('');
    if (line.trim()) lines.push(line);
  }
  return lines.join('\n');
}

const byNumber = (prefix: RegExp) => (a: string, b: string) =>
  Number(prefix.exec(a)?.[1] ?? 0) - Number(prefix.exec(b)?.[1] ?? 0);

/** A sheet as lines of tab-separated cells; shared strings (`t="s"`) resolved, inline strings read. */
function sheetText(xml: string, shared: readonly string[], maxChars: number): string {
  const rows: string[] = [];
  let length = 0;
  for (const row of xml.matchAll(/<row[\s>][\s\S]*?<\/row>/g)) {
    // A sheet's rows past the text budget would be cut anyway: they are not even made.
    if (length > maxChars) break;
    const cells: string[] = [];
    for (const cell of row[0].matchAll(/<c(\s[^>]*)?>([\s\S]*?)<\/c>/g)) {
      const attrs = cell[1] ?? '';
      const body = cell[2] ?? '';
      const value = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      if (/\bt="s"/.test(attrs) && value !== undefined) cells.push(shared[Number(value)] ?? '');
      else if (/\bt="inlineStr"/.test(attrs)) cells.push(texts(body, 't').join(''));
      else if (value !== undefined) cells.push(decodeEntities(value));
    }
    if (cells.some((c) => c.trim())) {
      const line = cells.join('\t');
      rows.push(line);
      length += line.length + 1;
    }
  }
  return rows.join('\n');
}

/** OpenDocument: paragraphs and headings, one line each (a table's cells are paragraphs too). */
function odfText(xml: string): string {
  const body = xml
    .replace(/<text:tab\/>/g, '\t')
    .replace(/<text:line-break\/>/g, '\n')
    .replace(/<text:s(?:\s+text:c="(\d+)")?\/>/g, (_m, n: string | undefined) => ' '.repeat(Number(n ?? 1)));
  const lines: string[] = [];
  for (const m of body.matchAll(/<text:(?:p|h)(?:\s[^>]*)?>([\s\S]*?)<\/text:(?:p|h)>/g)) {
    const line = decodeEntities((m[1] as string).replace(/<[^>]+>/g, ''));
    if (line.trim()) lines.push(line);
  }
  return lines.join('\n');
}

/** Opens the container: over a budget is ARCHIVE_TOO_LARGE, a damaged one OFFICE_CORRUPT. */
function openContainer(bytes: Uint8Array, ctx: ExtractContext): BoundedZip {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
    throw corrupt(ctx.fileName, 'it is not a ZIP container, which these files are');
  try {
    return BoundedZip.open(bytes, ctx.fileName, {
      maxEntries: ctx.limits.maxArchiveEntries,
      maxUnpackedBytes: ctx.limits.maxUnpackedBytes,
    });
  } catch (error) {
    throw containerError(error, ctx.fileName);
  }
}

function containerError(error: unknown, fileName: string): unknown {
  return error instanceof ZipFormatError ? corrupt(fileName, error.message, error) : error;
}

export async function extractOffice(
  bytes: Uint8Array,
  ctx: ExtractContext,
  kind: OfficeKind,
): Promise<ExtractedPage[]> {
  const zip = openContainer(bytes, ctx);
  const names = zip.names;
  const wanted =
    kind === 'pptx'
      ? names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort(byNumber(/slide(\d+)\.xml$/))
      : kind === 'xlsx'
        ? names.filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort(byNumber(/sheet(\d+)\.xml$/))
        : names.filter((n) => n === 'content.xml');
  const sharedPart = kind === 'xlsx' && zip.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : null;
  if (wanted.length === 0)
    throw corrupt(ctx.fileName, kind === 'pptx' ? 'no slides' : kind === 'xlsx' ? 'no worksheets' : 'no content.xml');
  try {
    // Before anything is inflated: the parts that hold the text must fit the budget together.
    zip.assertFits(sharedPart ? [...wanted, sharedPart] : wanted);
    const shared = sharedPart
      ? [...zip.readText(sharedPart).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1] as string, 't').join(''))
      : [];
    const pages: ExtractedPage[] = [];
    for (const name of wanted.slice(0, ctx.limits.maxPages)) {
      // Past the text budget the remaining parts are not inflated; their pages stay, without text.
      let text = '';
      if (!ctx.textSpent) {
        const xml = zip.readText(name);
        const raw =
          kind === 'pptx'
            ? slideText(xml)
            : kind === 'xlsx'
              ? sheetText(xml, shared, ctx.limits.maxTextChars)
              : odfText(xml);
        text = ctx.takeText(normalizeText(raw));
      }
      pages.push({
        page: pages.length + 1,
        text,
        method: 'text',
        ocrConfidence: null,
        width: null,
        height: null,
        words: [],
      });
    }
    if (wanted.length > ctx.limits.maxPages)
      ctx.warn(
        `Only the first ${ctx.limits.maxPages} of ${wanted.length} ${kind === 'pptx' ? 'slides' : 'sheets'} were extracted (maxPages).`,
      );
    return pages;
  } catch (error) {
    throw containerError(error, ctx.fileName);
  }
}
