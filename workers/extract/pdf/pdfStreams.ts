/**
 * A byte budget on what a PDF's compressed streams decode to, checked before pdf.js opens the file.
 * pdf.js decodes a page's content stream, a font, a CMap or an embedded file whole, into typed arrays
 * that double as they grow; that memory is outside the thread's V8 heap, so the heap limit does not
 * stop it (a 1 MB "Flate bomb" took the engine to 2.3 GB). pdf.js has no hook for a limit, so each
 * Flate stream that could decode past `maxStreamBytes` is inflated here first, counting bytes and
 * keeping none, and the file is refused (PDF_STREAM_TOO_LARGE) when one does.
 *
 * What is not checked, and why that is enough or known:
 * - Images (`/Subtype /Image`): pdf.js reads only width × height × components of them, and only to
 *   render (maxImageSize bounds that: pdfOpen.ts).
 * - Streams too short to reach the budget: deflate cannot expand more than ~1032 times.
 * - Flate behind another filter (ASCII85 then Flate), and encrypted files' streams: not inflated here.
 *   The thread's heap limit and the text budget still stop what pdf.js builds from them.
 */
import { createInflate } from 'node:zlib';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';

/** Deflate's largest expansion is about 1032:1; a stream shorter than budget / this cannot exceed it. */
const MAX_DEFLATE_RATIO = 1100;
/** How far before `stream` its dictionary may start (stream dictionaries are short: no /Widths arrays). */
const DICT_WINDOW = 4096;

export interface OversizedStream {
  /** Byte offset of the stream's data in the file. */
  offset: number;
  packed: number;
  /** Bytes it decoded to before counting stopped (more than the budget). */
  decoded: number;
}

/** Throws PDF_STREAM_TOO_LARGE when a stream of the PDF decodes to more than `maxStreamBytes`. */
export async function assertPdfStreamsFit(bytes: Uint8Array, maxStreamBytes: number, fileName: string): Promise<void> {
  const found = await findOversizedStream(bytes, maxStreamBytes);
  if (!found) return;
  throw new AppError(
    ErrorCode.PDF_STREAM_TOO_LARGE,
    `${fileName} was not read: a compressed stream of ${kib(found.packed)} at byte ${found.offset} unpacks to more than ${mib(maxStreamBytes)} (maxStreamBytes), far beyond what real documents hold (a "Flate bomb"). If the file is genuine, raise the limit.`,
    { retryable: false },
  );
}

/** The first Flate stream (not an image) that decodes to more than `maxStreamBytes`, if any. */
export async function findOversizedStream(bytes: Uint8Array, maxStreamBytes: number): Promise<OversizedStream | null> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minPacked = Math.floor(maxStreamBytes / MAX_DEFLATE_RATIO);
  let from = 0;
  for (;;) {
    const at = buf.indexOf('stream', from, 'latin1');
    if (at < 0) return null;
    from = at + 6;
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) continue; // `stream` must end its line
    if (buf[start] === 0x0a) start++;
    const dict = dictionaryBefore(buf, at);
    if (!dict || !/\/FlateDecode\b|\/Fl\b/.test(firstFilter(dict)) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    const length = streamLength(buf, dict, start);
    if (length < minPacked) continue;
    const packed = buf.subarray(start, Math.min(buf.length, start + length));
    const decoded = await inflatedBytesUpTo(packed, maxStreamBytes);
    if (decoded > maxStreamBytes) return { offset: start, packed: packed.length, decoded };
    from = start + length;
  }
}

/** The dictionary text just before `stream` (from the last `obj` keyword in the window). */
function dictionaryBefore(buf: Buffer, streamAt: number): string | null {
  const text = buf.toString('latin1', Math.max(0, streamAt - DICT_WINDOW), streamAt);
  const obj = text.lastIndexOf('obj');
  const dict = obj >= 0 ? text.slice(obj + 3) : text;
  return dict.includes('<<') ? dict : null;
}

/** The filter that is applied to the raw bytes first: `/F` or the first name of a `/Filter [...]` array. */
function firstFilter(dict: string): string {
  const m = /\/Filter\s*(\[\s*)?(\/[A-Za-z0-9]+)/.exec(dict);
  return m?.[2] ?? '';
}

/** The stream's length: `/Length n`, `/Length n g R` resolved, else up to `endstream`. */
function streamLength(buf: Buffer, dict: string, start: number): number {
  const m = /\/Length\s+(\d+)(?:\s+(\d+)\s+R)?/.exec(dict);
  let length: number | null = null;
  if (m && m[2] === undefined) length = Number(m[1]);
  else if (m) length = indirectNumber(buf, `${m[1]} ${m[2]} obj`);
  if (length !== null && length >= 0 && start + length <= buf.length) return length;
  const end = buf.indexOf('endstream', start, 'latin1');
  return (end < 0 ? buf.length : end) - start;
}

/** The integer an indirect object holds (`12 0 obj 3456 endobj`; the last definition wins, as in updates). */
function indirectNumber(buf: Buffer, header: string): number | null {
  let at = buf.lastIndexOf(header, undefined, 'latin1');
  while (at > 0 && buf[at - 1]! >= 0x30 && buf[at - 1]! <= 0x39) at = buf.lastIndexOf(header, at - 1, 'latin1');
  if (at < 0) return null;
  const m = /^\s*(\d+)/.exec(buf.toString('latin1', at + header.length, at + header.length + 32));
  return m ? Number(m[1]) : null;
}

/** Inflates (zlib format, as FlateDecode) counting output bytes, keeping none; stops past `limit`. */
function inflatedBytesUpTo(packed: Uint8Array, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: 1024 * 1024 });
    let count = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(count);
    };
    inflate.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count > limit) finish();
    });
    inflate.on('end', finish);
    // A damaged stream: pdf.js decodes what it can of it too, which is what was counted.
    inflate.on('error', finish);
    inflate.end(packed);
  });
}

function mib(n: number): string {
  return `${Math.round(n / 1024 / 1024)} MiB`;
}

function kib(n: number): string {
  return n >= 1024 * 1024 ? mib(n) : `${Math.ceil(n / 1024)} KiB`;
}
