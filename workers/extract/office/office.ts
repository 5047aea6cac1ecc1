/**
 * Presentations, spreadsheets and OpenDocument files: ZIP containers of XML whose text sits in a few
 * elements. PPTX: one page per slide (`ppt/slides/slideN.xml`, `<a:t>` runs, `<a:p>` paragraphs);
 * XLSX: one page per sheet, one line per row, cells separated by tabs (shared strings resolved);
 * ODT/ODS/ODP: `content.xml`, one line per paragraph, heading or table cell row. No positions.
 * The container is checked before anything is inflated: at most 2,000 entries and 100 MB of XML
 * (a ZIP bomb stops there), and only the parts that hold text are read.
 */
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { ExtractedPage } from '../../../electron/shared/contract/extract.js';
import { normalizeText } from '../text/decodeText.js';

export type OfficeKind = 'pptx' | 'xlsx' | 'odf';

const MAX_ENTRIES = 2_000;
const MAX_XML_BYTES = 100 * 1024 * 1024;

interface ZipEntry {
  name: string;
  async(type: 'string'): Promise<string>;
  _data?: { uncompressedSize?: number };
}
interface Zip {
  files: Record<string, ZipEntry>;
}

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

const decodeEntities = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

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
function sheetText(xml: string, shared: readonly string[]): string {
  const rows: string[] = [];
  for (const row of xml.matchAll(/<row[\s>][\s\S]*?<\/row>/g)) {
    const cells: string[] = [];
    for (const cell of row[0].matchAll(/<c(\s[^>]*)?>([\s\S]*?)<\/c>/g)) {
      const attrs = cell[1] ?? '';
      const body = cell[2] ?? '';
      const value = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      if (/\bt="s"/.test(attrs) && value !== undefined) cells.push(shared[Number(value)] ?? '');
      else if (/\bt="inlineStr"/.test(attrs)) cells.push(texts(body, 't').join(''));
      else if (value !== undefined) cells.push(decodeEntities(value));
    }
    if (cells.some((c) => c.trim())) rows.push(cells.join('\t'));
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

export async function extractOffice(bytes: Uint8Array, fileName: string, kind: OfficeKind): Promise<ExtractedPage[]> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
    throw corrupt(fileName, 'it is not a ZIP container, which these files are');
  let zip: Zip;
  try {
    // Loaded on first use: most threads never see an office file.
    const { default: JSZip } = await import('jszip');
    zip = (await JSZip.loadAsync(bytes)) as unknown as Zip;
  } catch (error) {
    throw corrupt(fileName, error instanceof Error ? error.message : String(error), error);
  }
  const names = Object.keys(zip.files);
  if (names.length > MAX_ENTRIES) throw corrupt(fileName, `${names.length} entries in the container`);
  const wanted =
    kind === 'pptx'
      ? names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort(byNumber(/slide(\d+)\.xml$/))
      : kind === 'xlsx'
        ? names.filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort(byNumber(/sheet(\d+)\.xml$/))
        : names.filter((n) => n === 'content.xml');
  const parts = kind === 'xlsx' && zip.files['xl/sharedStrings.xml'] ? [...wanted, 'xl/sharedStrings.xml'] : wanted;
  const declared = parts.reduce((sum, n) => sum + (zip.files[n]?._data?.uncompressedSize ?? 0), 0);
  if (declared > MAX_XML_BYTES)
    throw corrupt(fileName, `${Math.round(declared / 1e6)} MB of text parts, over the 100 MB limit`);
  if (wanted.length === 0)
    throw corrupt(fileName, kind === 'pptx' ? 'no slides' : kind === 'xlsx' ? 'no worksheets' : 'no content.xml');

  const read = async (name: string): Promise<string> => {
    const xml = await (zip.files[name] as ZipEntry).async('string');
    if (xml.length > MAX_XML_BYTES) throw corrupt(fileName, `${name} is over the 100 MB limit`);
    return xml;
  };
  const shared =
    kind === 'xlsx' && zip.files['xl/sharedStrings.xml']
      ? [...(await read('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
          texts(m[1] as string, 't').join(''),
        )
      : [];
  const pages: ExtractedPage[] = [];
  for (const name of wanted) {
    const xml = await read(name);
    const text = kind === 'pptx' ? slideText(xml) : kind === 'xlsx' ? sheetText(xml, shared) : odfText(xml);
    pages.push({
      page: pages.length + 1,
      text: normalizeText(text),
      method: 'text',
      ocrConfidence: null,
      width: null,
      height: null,
      words: [],
    });
  }
  return pages;
}
