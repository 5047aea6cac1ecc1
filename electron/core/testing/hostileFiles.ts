/**
 * Hostile files, made on the fly: what an attacker (or an unlucky download) puts in a watched folder.
 * ZIP bombs (honest and lying directories, nested, many entries), a PDF whose content stream is a Flate
 * bomb, a one-line text file of 100 MB, a CSV of a million columns, deep nesting (XML, HTML, e-mail),
 * images whose headers claim absurd sizes, truncations of each format, and odd file names.
 *
 * Sizes are parameters: tests write small ones (and give the engine small budgets), the benchmark
 * (bench/hostile.bench.ts) writes them full size. The content is seeded, so a seed writes the same bytes.
 * The containers themselves are made by workers/extract/testing/containers.ts.
 */
import { mkdirSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { encodeGrayPng } from '../pages/grayPng.js';
import {
  SHEET_HEAD,
  SHEET_TAIL,
  chunkOf,
  docxEntries,
  makeDocx,
  makeZip,
  pdfFlateBomb,
  row,
  xlsxEntries,
  type ZipEntrySpec,
} from '../../../workers/extract/testing/containers.js';
import { makeTextPdf, prose } from './fixtureFiles.js';

export { makeDocx, makeZip };

export interface HostileSizes {
  /** What a ZIP bomb's main part inflates to, bytes. Full: 400 MiB. */
  zipBombBytes: number;
  /** What the slide of blanks inflates to (within the size budget, over the ratio limit), bytes. Full: 64 MiB. */
  ratioBombBytes: number;
  /**
   * Files just under the default budgets, read whole: an XLSX sheet that unpacks to this, and a PDF
   * content stream that decodes to a bit less. Full: 96 MiB (maxUnpackedBytes 100 MiB, maxStreamBytes 64 MiB).
   */
  underBudgetBytes: number;
  /** What the PDF bomb's content stream inflates to, bytes. Full: 1 GiB. */
  pdfBombBytes: number;
  /** The one-line text file, bytes. Full: 100 MB. */
  oneLineBytes: number;
  /** Columns of the wide CSV (and its rows). Full: 10^6 × 3. */
  csvColumns: number;
  csvRows: number;
  /** Entries of the ZIP with too many. Full: 100,000. */
  archiveEntries: number;
  /** Nesting of the deep XML and HTML. Full: 1,000,000. */
  depth: number;
  /** Nesting of the deep e-mail (multipart in multipart). Full: 1,000. */
  emlDepth: number;
  /** Width and height the absurd image headers claim. Full: 100,000 (JPEG: 65,535, its format's maximum). */
  imageSide: number;
}

export const FULL_SIZES: HostileSizes = {
  zipBombBytes: 400 * 1024 * 1024,
  ratioBombBytes: 64 * 1024 * 1024,
  underBudgetBytes: 96 * 1024 * 1024,
  pdfBombBytes: 1024 * 1024 * 1024,
  oneLineBytes: 100 * 1000 * 1000,
  csvColumns: 1_000_000,
  csvRows: 3,
  archiveEntries: 100_000,
  depth: 1_000_000,
  emlDepth: 1000,
  imageSide: 100_000,
};

/** For tests: each trips a budget only when the engine is given small budgets (see hostile tests). */
export const SMALL_SIZES: HostileSizes = {
  zipBombBytes: 8 * 1024 * 1024,
  ratioBombBytes: 2 * 1024 * 1024,
  underBudgetBytes: 3 * 1024 * 1024,
  pdfBombBytes: 8 * 1024 * 1024,
  oneLineBytes: 2 * 1000 * 1000,
  csvColumns: 20_000,
  csvRows: 3,
  archiveEntries: 3_000,
  depth: 20_000,
  emlDepth: 100,
  imageSide: 100_000,
};

/** What the engine is meant to make of a file: a failure code, or completed (maybe with a warning). */
export type HostileOutcome = 'completed' | string;

export interface HostileFile {
  /** The name as written (a non-UTF-8 name is written from `nameBytes`). */
  name: string;
  /** Set when the name is not valid UTF-8: the bytes written. */
  nameBytes?: Buffer;
  /** What the file is, for tables. */
  what: string;
  /** What docpipe is meant to make of it (a code from the catalog, or 'completed'). */
  meant: HostileOutcome;
}

export interface HostileOptions {
  sizes?: HostileSizes;
  seed?: number;
  /** Write only these names (default: all). */
  only?: readonly string[];
}

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Images whose headers claim absurd sizes.

function pngClaiming(side: number): Buffer {
  const real = encodeGrayPng(8, 8, new Uint8Array(64).fill(255));
  const png = Buffer.from(real);
  png.writeUInt32BE(side, 16);
  png.writeUInt32BE(side, 20);
  // The IHDR chunk's CRC covers its type and data: a reader that checks it must still find it right.
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function jpegClaiming(side: number): Buffer {
  const s = Math.min(side, 0xffff);
  // A JFIF segment first, as cameras and editors write: a bare SOF after the start marker is read as a
  // damaged header (IMAGE_CORRUPT), which tests nothing about sizes.
  const jfif = Buffer.from([
    0xff,
    0xe0,
    0x00,
    0x10,
    ...Buffer.from('JFIF\0'),
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
  ]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, s >> 8, s & 0xff, s >> 8, s & 0xff, 0x01, 0x01, 0x11, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, sof, Buffer.from([0xff, 0xd9])]);
}

// ---------------------------------------------------------------------------------------------------
// The set.

interface Maker extends HostileFile {
  /** Writes the file at `path` (a Buffer path for a non-UTF-8 name). */
  write(path: string | Buffer): void | Promise<void>;
}

const fixtures = new URL('../../../workers/extract/fixtures/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, fixtures));
const half = (bytes: Buffer): Buffer => bytes.subarray(0, Math.floor(bytes.length / 2));

/** Writes a big single-line file in 1 MiB pieces (never the whole line in memory). */
async function writeOneLine(path: string | Buffer, bytes: number, seed: number): Promise<void> {
  const unit = Buffer.from(`${prose(seed, 200)} `, 'utf8');
  const chunk = Buffer.from(
    unit
      .toString('utf8')
      .repeat(Math.ceil(MiB / unit.length))
      .slice(0, MiB),
    'utf8',
  );
  const out = createWriteStream(path);
  let left = bytes;
  while (left > 0) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function writeWideCsv(path: string | Buffer, columns: number, rows: number): Promise<void> {
  const out = createWriteStream(path);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c += 10_000) {
      const cells: string[] = [];
      for (let k = c; k < Math.min(columns, c + 10_000); k++)
        cells.push(r === 0 ? `col${k}` : String((k * 7 + r) % 1000));
      const piece = cells.join(',') + (c + 10_000 >= columns ? '\n' : ',');
      if (!out.write(piece)) await new Promise<void>((res) => out.once('drain', () => res()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function deepXml(depth: number): Buffer {
  return Buffer.from(`<?xml version="1.0"?>\n${'<a>'.repeat(depth)}deep text${'</a>'.repeat(depth)}\n`, 'utf8');
}

function deepHtml(depth: number): Buffer {
  return Buffer.from(
    `<!doctype html><html><body>${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}</body></html>\n`,
    'utf8',
  );
}

/** An e-mail whose body sits `depth` multiparts deep. */
function deepEml(depth: number): Buffer {
  const lines = ['From: a@example.com', 'To: b@example.com', 'Subject: nested', 'MIME-Version: 1.0'];
  for (let i = 0; i < depth; i++) lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
  lines.push('Content-Type: text/plain', '', 'The body, deep inside.', '');
  for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

function makers(sizes: HostileSizes, seed: number): Maker[] {
  // Bytes are made when written, not when listed: a full-size bomb takes seconds to make.
  const put = (bytes: () => Buffer) => (path: string | Buffer) => writeFileSync(path, bytes());
  const good = (n: number) => [prose(seed + n, 40), prose(seed + n + 1, 40)];
  const textPdf = () => makeTextPdf([good(1), good(3)]);
  const eml = () =>
    Buffer.from(
      `From: a@example.com\r\nTo: b@example.com\r\nSubject: cut\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\n${prose(seed, 300)}\r\n--x--\r\n`,
    );
  const xlsx = () => makeZip(xlsxEntries(SHEET_HEAD + row(['a', 'b']) + row(['1', '2']) + SHEET_TAIL));
  const sheetChunk = () => chunkOf(row(['bomb', 'cell', prose(seed, 6)]));
  return [
    {
      name: 'zip-bomb.docx',
      what: `DOCX, document.xml inflates to ${mb(sizes.zipBombBytes)} (directory honest)`,
      meant: 'ARCHIVE_TOO_LARGE',
      write: put(() => makeZip(docxEntries(prose(seed, 12), sizes.zipBombBytes))),
    },
    {
      name: 'zip-bomb-lying.docx',
      what: `DOCX, document.xml inflates to ${mb(sizes.zipBombBytes)}, directory claims 20 KB`,
      meant: 'ARCHIVE_TOO_LARGE',
      write: put(() => makeZip(docxEntries(prose(seed, 12), sizes.zipBombBytes, 20_000))),
    },
    {
      name: 'zip-bomb-nested.docx',
      what: 'DOCX with a small text and a DOCX bomb embedded inside (never inflated)',
      meant: 'completed',
      write: put(() =>
        makeZip([
          ...makeZipEntriesOf(makeDocx(good(5))),
          {
            name: 'word/embeddings/inner.docx',
            content: makeZip(docxEntries(prose(seed, 12), sizes.zipBombBytes)),
            stored: true,
          },
        ]),
      ),
    },
    {
      name: 'zip-many-entries.xlsx',
      what: `XLSX with ${sizes.archiveEntries.toLocaleString('en')} entries`,
      meant: 'ARCHIVE_TOO_LARGE',
      write: put(() =>
        makeZip([
          ...xlsxEntries(SHEET_HEAD + row(['x']) + SHEET_TAIL),
          ...Array.from({ length: sizes.archiveEntries }, (_, i) => ({ name: `xl/media/e${i}.xml`, content: '' })),
        ]),
      ),
    },
    {
      name: 'zip-bomb.xlsx',
      what: `XLSX, sheet1.xml inflates to ${mb(sizes.zipBombBytes)}`,
      meant: 'ARCHIVE_TOO_LARGE',
      write: put(() =>
        makeZip(
          xlsxEntries([
            { bytes: Buffer.from(SHEET_HEAD), times: 1 },
            { bytes: sheetChunk(), times: Math.max(1, Math.round(sizes.zipBombBytes / sheetChunk().length)) },
            { bytes: Buffer.from(SHEET_TAIL), times: 1 },
          ]),
        ),
      ),
    },
    {
      name: 'zip-ratio.pptx',
      what: `PPTX, a slide of ${mb(sizes.ratioBombBytes)} of blanks (about 1000:1)`,
      meant: 'ARCHIVE_TOO_LARGE',
      write: put(() =>
        makeZip([
          { name: '[Content_Types].xml', content: '<Types/>' },
          {
            name: 'ppt/slides/slide1.xml',
            pieces: [
              { bytes: Buffer.from('<p:sld><a:p><a:r><a:t>'), times: 1 },
              { bytes: Buffer.alloc(MiB, 0x20), times: Math.max(1, Math.round(sizes.ratioBombBytes / MiB)) },
              { bytes: Buffer.from('</a:t></a:r></a:p></p:sld>'), times: 1 },
            ],
          },
        ]),
      ),
    },
    {
      name: 'flate-bomb.pdf',
      what: `PDF, one content stream inflates to ${mb(sizes.pdfBombBytes)}`,
      meant: 'PDF_STREAM_TOO_LARGE',
      write: put(() => pdfFlateBomb(sizes.pdfBombBytes)),
    },
    {
      name: 'under-budget.xlsx',
      what: `XLSX, sheet1.xml unpacks to ${mb(sizes.underBudgetBytes)} (just under the budget): read`,
      meant: 'completed',
      write: put(() =>
        makeZip(
          xlsxEntries([
            { bytes: Buffer.from(SHEET_HEAD), times: 1 },
            { bytes: sheetChunk(), times: Math.max(1, Math.floor(sizes.underBudgetBytes / sheetChunk().length) - 1) },
            { bytes: Buffer.from(SHEET_TAIL), times: 1 },
          ]),
        ),
      ),
    },
    {
      name: 'under-budget.pdf',
      what: `PDF, a content stream of ${mb((sizes.underBudgetBytes * 5) / 8)} (just under the budget): read`,
      meant: 'completed',
      write: put(() => pdfFlateBomb((sizes.underBudgetBytes * 5) / 8)),
    },
    {
      name: 'one-line.txt',
      what: `text, one line of ${mb(sizes.oneLineBytes)}`,
      meant: 'completed',
      write: (path) => writeOneLine(path, sizes.oneLineBytes, seed),
    },
    {
      name: 'wide.csv',
      what: `CSV, ${sizes.csvColumns.toLocaleString('en')} columns × ${sizes.csvRows} rows`,
      meant: 'completed',
      write: (path) => writeWideCsv(path, sizes.csvColumns, sizes.csvRows),
    },
    {
      name: 'deep.xml',
      what: `XML nested ${sizes.depth.toLocaleString('en')} deep`,
      meant: 'completed',
      write: put(() => deepXml(sizes.depth)),
    },
    {
      name: 'deep.html',
      what: `HTML nested ${sizes.depth.toLocaleString('en')} deep`,
      meant: 'completed',
      write: put(() => deepHtml(sizes.depth)),
    },
    {
      name: 'deep.eml',
      what: `e-mail, multipart nested ${sizes.emlDepth.toLocaleString('en')} deep`,
      meant: 'completed',
      write: put(() => deepEml(sizes.emlDepth)),
    },
    {
      name: 'huge.png',
      what: `PNG header claiming ${sizes.imageSide}×${sizes.imageSide}`,
      meant: 'IMAGE_TOO_LARGE',
      write: put(() => pngClaiming(sizes.imageSide)),
    },
    {
      name: 'huge.jpg',
      what: `JPEG header claiming ${Math.min(sizes.imageSide, 0xffff)}×${Math.min(sizes.imageSide, 0xffff)}`,
      meant: 'IMAGE_TOO_LARGE',
      write: put(() => jpegClaiming(sizes.imageSide)),
    },
    { name: 'truncated.pdf', what: 'text PDF cut in half', meant: 'PDF_CORRUPT', write: put(() => half(textPdf())) },
    {
      name: 'truncated.docx',
      what: 'DOCX cut in half',
      meant: 'DOCX_CORRUPT',
      write: put(() => half(makeDocx(good(7)))),
    },
    { name: 'truncated.xlsx', what: 'XLSX cut in half', meant: 'OFFICE_CORRUPT', write: put(() => half(xlsx())) },
    {
      name: 'truncated.png',
      what: 'PNG cut in half',
      meant: 'IMAGE_CORRUPT',
      write: put(() => half(fixture('words.png'))),
    },
    {
      name: 'truncated.jpg',
      what: 'JPEG cut in half',
      meant: 'IMAGE_CORRUPT',
      write: put(() => half(fixture('words.jpg'))),
    },
    {
      name: 'truncated.tif',
      what: 'two-page TIFF cut in half (its first page is whole)',
      meant: 'completed',
      write: put(() => half(fixture('two-pages.tif'))),
    },
    { name: 'truncated.eml', what: 'multipart e-mail cut in half', meant: 'completed', write: put(() => half(eml())) },
    {
      name: 'name-not-utf8-\\xff\\xfe.txt',
      nameBytes: Buffer.concat([Buffer.from('name-not-utf8-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]),
      what: 'text file whose name is not UTF-8',
      meant: 'FILE_NAME_NOT_UTF8',
      write: put(() => Buffer.from(prose(seed + 11, 50))),
    },
    {
      name: `${'long-name-'.repeat(24)}.txt`,
      what: 'text file with a 244-byte name',
      meant: 'completed',
      write: put(() => Buffer.from(prose(seed + 12, 50))),
    },
    {
      name: 'ctrl-\x01\x07\x1b[31mred\x1b[0m-\nnewline.txt',
      what: 'text file whose name has control characters and a newline',
      meant: 'completed',
      write: put(() => Buffer.from(prose(seed + 13, 50))),
    },
  ];
}

/** The entries of a ZIP this module wrote (to extend a good container). */
function makeZipEntriesOf(zip: Buffer): ZipEntrySpec[] {
  const out: ZipEntrySpec[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const data = zip.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    out.push({ name, content: inflateRawSync(data) });
    at += 30 + nameLength + size;
  }
  return out;
}

function mb(bytes: number): string {
  return bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** The names this generator writes (for `only`). */
export function hostileFileNames(): string[] {
  return makers(SMALL_SIZES, 1).map((m) => m.name);
}

/**
 * Writes the hostile files into `dir` (created if needed) and lists them. Each file is independent:
 * `only` writes a subset (the benchmark writes one at a time, each into its own folder).
 */
export async function writeHostileFiles(dir: string, options: HostileOptions = {}): Promise<HostileFile[]> {
  mkdirSync(dir, { recursive: true });
  const sizes = options.sizes ?? SMALL_SIZES;
  const written: HostileFile[] = [];
  for (const maker of makers(sizes, options.seed ?? 1)) {
    if (options.only && !options.only.includes(maker.name)) continue;
    const path = maker.nameBytes ? Buffer.concat([Buffer.from(`${dir}/`), maker.nameBytes]) : join(dir, maker.name);
    await maker.write(path);
    const { write: _write, ...file } = maker;
    written.push(file);
  }
  return written;
}
