/**
 * The one entry point of text extraction: re-hashes the file (refusing one that changed since ingest
 * hashed it), applies the size limit, and dispatches on MIME type. Never throws: every failure is an
 * `{ ok: false, error }` with a code from the catalog, so a worker thread survives any input.
 * The text budget (maxTextChars) is applied here, in the extraction thread, to every answer: text over
 * it never crosses to the engine's thread. Text-like formats are not even decoded past it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { AppError, ErrorCode } from '../../electron/shared/contract/errors.js';
import {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractOutput,
  type ExtractRequest,
  type ExtractResponse,
  type ExtractedPage,
} from '../../electron/shared/contract/extract.js';
import { decodeText, normalizeText } from './text/decodeText.js';
import { extractDocxText } from './office/docx.js';
import { extractOffice } from './office/office.js';
import { rtfToText } from './office/rtf.js';
import { parseEmail } from './mail/eml.js';
import { MSG_MIME, parseMsg } from './mail/msg.js';
import { ExtractContext, cutText, textCutWarning, wordsWithin } from './ExtractContext.js';
import { htmlDeclaredCharset, htmlToText } from './text/htmlToText.js';
import { extractImage } from './image/image.js';
import { eInvoiceOf, eInvoicePage } from './text/eInvoice.js';
import { decodeXml, parseXml, xmlText } from './text/xml.js';
import { wellFormedOutput } from './text/wellFormed.js';
import type { OcrEngine } from './image/ocr/OcrEngine.js';
import type { PageRenderConfig } from './pdf/pageRenderer.js';
import { createOcrEngine } from './image/ocr/createOcrEngine.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Kind = 'pdf' | 'image' | 'docx' | 'pptx' | 'xlsx' | 'odf' | 'rtf' | 'text' | 'html' | 'xml' | 'eml' | 'msg';

const KIND_BY_MIME: ReadonlyMap<string, Kind> = new Map([
  ['application/pdf', 'pdf'],
  ['application/x-pdf', 'pdf'],
  ['image/png', 'image'],
  ['image/jpeg', 'image'],
  ['image/jpg', 'image'],
  ['image/tiff', 'image'],
  ['image/bmp', 'image'],
  ['image/x-ms-bmp', 'image'],
  ['image/gif', 'image'],
  ['image/webp', 'image'],
  [DOCX_MIME, 'docx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.oasis.opendocument.text', 'odf'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'odf'],
  ['application/vnd.oasis.opendocument.presentation', 'odf'],
  ['application/rtf', 'rtf'],
  ['text/rtf', 'rtf'],
  ['text/plain', 'text'],
  ['text/markdown', 'text'],
  ['text/x-markdown', 'text'],
  ['text/csv', 'text'],
  ['text/tab-separated-values', 'text'],
  ['text/html', 'html'],
  ['application/xhtml+xml', 'html'],
  ['application/xml', 'xml'],
  ['text/xml', 'xml'],
  ['message/rfc822', 'eml'],
  // What sniffMime calls an OLE2 file named .msg (Mime.msg in electron/core/ingest/sniff.ts).
  [MSG_MIME, 'msg'],
]);

/** The MIME types extractFile handles (parameters such as `; charset=` are ignored). */
export const SUPPORTED_MIME_TYPES: readonly string[] = [...KIND_BY_MIME.keys()];

export interface ExtractDeps {
  /** The thread's OCR engine; called only when a page needs OCR. */
  ocr: () => OcrEngine;
  /** Deadline for rendering one PDF page for OCR (the renderer is stopped past it). Default 30 000 ms. */
  pdfRenderTimeoutMs?: number;
  /** Which page renderer (default: pdftoppm when installed, else pdf.js). */
  render?: PageRenderConfig;
}

/**
 * Extracts one file. Without `deps` a throw-away OCR engine is made for this call (scripts, tests);
 * the worker passes its long-lived one.
 */
export async function extractFile(req: ExtractRequest, deps?: ExtractDeps): Promise<ExtractResponse> {
  let ownEngine: OcrEngine | null = null;
  const effective: ExtractDeps = deps ?? { ocr: () => (ownEngine ??= createOcrEngine()) };
  try {
    const limits = { ...DEFAULT_EXTRACT_LIMITS, ...req.limits };
    // Well-formed last: whatever an extractor or a limit did to the text, no lone surrogate reaches the store.
    return {
      ok: true,
      output: wellFormedOutput(withinTextBudget(await extractOrThrow(req, effective), limits.maxTextChars)),
    };
  } catch (error) {
    const appError = AppError.is(error)
      ? error
      : AppError.wrap(error, ErrorCode.EXTRACT_FAILED, `Extraction of ${basename(String(req?.path))} failed`);
    return { ok: false, error: appError.toJSON() };
  } finally {
    await (ownEngine as OcrEngine | null)?.dispose();
  }
}

async function extractOrThrow(req: ExtractRequest, deps: ExtractDeps): Promise<ExtractOutput> {
  const limits = { ...DEFAULT_EXTRACT_LIMITS, ...req.limits };
  const mime = req.mime.split(';')[0]!.trim().toLowerCase();
  const kind = KIND_BY_MIME.get(mime);
  const fileName = basename(req.path);
  if (!kind) {
    throw new AppError(
      ErrorCode.UNSUPPORTED_TYPE,
      `${fileName} is of type ${mime}, which docpipe cannot extract text from.`,
      { retryable: false },
    );
  }
  const bytes = await readVerified(req.path, req.sha256, limits.maxBytes);
  const ctx = new ExtractContext(
    req.path,
    limits,
    req.languages,
    deps.ocr,
    deps.pdfRenderTimeoutMs ?? 30_000,
    deps.render,
  );

  switch (kind) {
    case 'pdf': {
      // pdf.js is ~50 MB per thread once loaded: only threads that meet a PDF pay for it.
      const { extractPdf } = await import('./pdf/pdf.js');
      return extractPdf(bytes, ctx);
    }
    case 'image':
      return extractImage(bytes, ctx);
    case 'docx':
      return onePage(await extractDocxText(bytes, ctx), ctx);
    case 'pptx':
    case 'xlsx':
    case 'odf': {
      const pages = await extractOffice(bytes, ctx, kind);
      if (pages.every((p) => p.text.trim().length === 0)) ctx.warn(`${fileName} contains no text.`);
      return { pages, attachments: [], warnings: ctx.warnings };
    }
    case 'rtf':
      return onePage(normalizeText(rtfToText(decodeText(markupHead(bytes, ctx)).text)), ctx);
    case 'text':
      // A character is at most 4 bytes: this many bytes hold the whole budget, whatever the encoding.
      return onePage(normalizeText(decodeText(utf8Head(bytes, limits.maxTextChars * 4)).text), ctx);
    case 'html': {
      const head = markupHead(bytes, ctx);
      return onePage(htmlToText(decodeText(head, htmlDeclaredCharset(head)).text), ctx);
    }
    case 'xml':
      return extractXml(markupHead(bytes, ctx), ctx);
    case 'eml': {
      const email = await parseEmail(markupHead(bytes, ctx), fileName);
      for (const warning of email.warnings) ctx.warn(warning);
      if (email.headerless) ctx.warn(`${fileName} has no e-mail headers; it was read as plain text.`);
      const out: ExtractOutput = { ...onePage(email.text, ctx), attachments: email.attachments };
      return withAttachedEInvoice(out, email.xmlAttachments);
    }
    case 'msg': {
      const msg = await parseMsg(bytes, fileName);
      for (const warning of msg.warnings) ctx.warn(warning);
      return withAttachedEInvoice({ ...onePage(msg.text, ctx), attachments: msg.attachments }, msg.xmlAttachments);
    }
  }
}

/** Larger XML files are not parsed into a tree (an e-invoice is a few hundred KiB at most). */
export const MAX_XML_TREE_BYTES = 16 * 1024 * 1024;

/**
 * An XML file: an e-invoice (XRechnung, Peppol UBL, Factur-X CII sent on its own) becomes the page its
 * printed form would show, with its values for the understand stage; any other well-formed XML becomes
 * its text, one element per line; XML that is not well-formed is read as the plain text it is.
 */
function extractXml(bytes: Uint8Array, ctx: ExtractContext): ExtractOutput {
  if (bytes.length > MAX_XML_TREE_BYTES) {
    // A tree of nodes costs several times the text: a data dump this large is read as the text it is,
    // decoded no further than the text budget needs (4 bytes per character at most).
    ctx.warn(
      `${ctx.fileName} is over ${MAX_XML_TREE_BYTES / 1024 / 1024} MiB of XML; it was read as plain text, not parsed.`,
    );
    return onePage(normalizeText(decodeXml(utf8Head(bytes, ctx.limits.maxTextChars * 4))), ctx);
  }
  const text = decodeXml(bytes);
  const root = parseXml(text);
  if (!root) {
    ctx.warn(`${ctx.fileName} is not well-formed XML; it was read as plain text.`);
    return onePage(normalizeText(text), ctx);
  }
  const eInvoice = eInvoiceOf(root, ctx.fileName);
  if (eInvoice) return { ...onePage(eInvoicePage(root, eInvoice), ctx), eInvoice };
  return onePage(normalizeText(xmlText(root)), ctx);
}

/**
 * An e-mail that carries an e-invoice (XRechnung and Peppol invoices travel as XML attachments): the
 * invoice's values become the document's, and its readable page follows the message, so that the
 * message is typed, filled, searched and exported as the invoice it delivers.
 */
function withAttachedEInvoice(
  out: ExtractOutput,
  xmlAttachments: ReadonlyArray<{ fileName: string; bytes: Uint8Array }>,
): ExtractOutput {
  for (const attachment of xmlAttachments) {
    const root = parseXml(decodeXml(attachment.bytes));
    const eInvoice = root ? eInvoiceOf(root, attachment.fileName) : null;
    if (!root || !eInvoice) continue;
    const page: ExtractedPage = {
      page: out.pages.length + 1,
      text: eInvoicePage(root, eInvoice),
      method: 'text',
      ocrConfidence: null,
      width: null,
      height: null,
      words: [],
    };
    return { ...out, pages: [...out.pages, page], eInvoice };
  }
  return out;
}

/**
 * Markup (HTML, XML, RTF, e-mail) is read up to 16 bytes per character of the text budget (64 MB by
 * default): tags, styles and encoded attachments take room, but a file larger than that would yield
 * text past the budget, or be a file made to exhaust memory. The rest is not read, with a warning.
 */
function markupHead(bytes: Uint8Array, ctx: ExtractContext): Uint8Array {
  const max = ctx.limits.maxTextChars * 16;
  if (bytes.length <= max) return bytes;
  ctx.warn(
    `Only the first ${Math.round(max / 1024 / 1024)} MiB of ${ctx.fileName} were read (16 bytes per character of maxTextChars); the rest is not searchable.`,
  );
  return utf8Head(bytes, max);
}

/** The first `max` bytes, ending before a UTF-8 sequence that would be cut (so decoding stays valid). */
export function utf8Head(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  for (let back = 0; back < 3 && end > 0 && (bytes[end]! & 0xc0) === 0x80; back++) end--;
  return bytes.subarray(0, end);
}

/**
 * The text budget, applied to an answer as a whole (extractors that build text step by step stop at it
 * themselves; this is the guarantee for all): pages past it keep their place without text, the page
 * it falls in is cut, with its words, and a warning says so.
 */
function withinTextBudget(output: ExtractOutput, maxTextChars: number): ExtractOutput {
  let left = maxTextChars;
  let cut = false;
  const pages = output.pages.map((page) => {
    if (page.text.length <= left) {
      left -= page.text.length;
      return page;
    }
    cut = true;
    const text = cutText(page.text, left);
    left -= text.length;
    return { ...page, text, words: wordsWithin(page.words, text.length) };
  });
  if (!cut) return output;
  const warning = textCutWarning(maxTextChars);
  return {
    ...output,
    pages,
    warnings: output.warnings.includes(warning) ? output.warnings : [...output.warnings, warning],
  };
}

function onePage(text: string, ctx: ExtractContext): ExtractOutput {
  const page: ExtractedPage = {
    page: 1,
    text,
    method: 'text',
    ocrConfidence: null,
    width: null,
    height: null,
    words: [],
  };
  if (text.trim().length === 0) ctx.warn(`${ctx.fileName} contains no text.`);
  return { pages: [page], attachments: [], warnings: ctx.warnings };
}

/**
 * Reads the whole file through one stream, hashing as it goes, so the bytes we parse are exactly the
 * bytes we hashed (no window for a change between hashing and reading).
 */
async function readVerified(path: string, expectedSha256: string, maxBytes: number): Promise<Uint8Array> {
  const fileName = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new AppError(ErrorCode.FILE_UNREADABLE, `${path} is not a regular file.`, { retryable: false });
    size = info.size;
  } catch (error) {
    throw fileError(error, path);
  }
  if (size === 0) throw new AppError(ErrorCode.FILE_EMPTY, `${fileName} is empty (0 bytes).`, { retryable: false });
  if (size > maxBytes) {
    throw new AppError(
      ErrorCode.FILE_TOO_LARGE,
      `${fileName} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (maxBytes).`,
      { retryable: false },
    );
  }
  const hash = createHash('sha256');
  // One buffer of the size stat gave, filled as the stream goes: never the chunks and their copy at once.
  const all = Buffer.allocUnsafeSlow(size); // never a slice of the shared pool: pdf.js may detach it
  let total = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      const buf = chunk as Buffer;
      // The file grew since stat: it is being written; refuse rather than read without bound.
      if (total + buf.length > size)
        throw new AppError(
          ErrorCode.FILE_CHANGED,
          `${fileName} grew while being read; it is probably still being written. It will be picked up again when it changes.`,
        );
      hash.update(buf);
      all.set(buf, total);
      total += buf.length;
    }
  } catch (error) {
    throw fileError(error, path);
  }
  const actual = hash.digest('hex');
  if (actual !== expectedSha256.toLowerCase()) {
    throw new AppError(
      ErrorCode.FILE_CHANGED,
      `${fileName} changed since it was scanned (content hash differs); it will be extracted again on the next scan.`,
      { retryable: false },
    );
  }
  if (total === 0) throw new AppError(ErrorCode.FILE_EMPTY, `${fileName} is empty (0 bytes).`, { retryable: false });
  return new Uint8Array(all.buffer, all.byteOffset, total);
}

function fileError(error: unknown, path: string): AppError {
  if (AppError.is(error)) return error;
  const code = typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new AppError(ErrorCode.FILE_NOT_FOUND, `${path} no longer exists.`, { retryable: false, cause: error });
  if (code === 'EACCES' || code === 'EPERM')
    return new AppError(
      ErrorCode.FILE_UNREADABLE,
      `${path} cannot be read (permission denied); check its permissions.`,
      { retryable: false, cause: error },
    );
  if (code === 'EISDIR')
    return new AppError(ErrorCode.FILE_UNREADABLE, `${path} is a folder, not a file.`, {
      retryable: false,
      cause: error,
    });
  return AppError.wrap(error, ErrorCode.FILE_UNREADABLE, `Reading ${path} failed`);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
