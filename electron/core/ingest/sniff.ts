/**
 * Content type from the bytes (magic numbers first, the extension only to tell text flavours and OLE/ZIP
 * containers apart). A renamed file is still read right; a binary with a .txt name is not fed to the
 * text extractor.
 */
import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';

export const Mime = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  zip: 'application/zip',
  msg: 'application/vnd.ms-outlook',
  ole: 'application/x-ole-storage',
  eml: 'message/rfc822',
  rtf: 'application/rtf',
  html: 'text/html',
  xml: 'application/xml',
  markdown: 'text/markdown',
  csv: 'text/csv',
  text: 'text/plain',
  unknown: 'application/octet-stream',
} as const;

/** The types docpipe can extract text from. */
export const SUPPORTED_MIMES: ReadonlySet<string> = new Set([
  Mime.pdf,
  Mime.png,
  Mime.jpeg,
  Mime.tiff,
  Mime.gif,
  Mime.bmp,
  Mime.webp,
  Mime.docx,
  Mime.pptx,
  Mime.xlsx,
  Mime.odt,
  Mime.ods,
  Mime.odp,
  Mime.rtf,
  Mime.eml,
  Mime.msg,
  Mime.html,
  Mime.xml,
  Mime.markdown,
  Mime.csv,
  Mime.text,
]);

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((b, i) => head[offset + i] === b);
}

function ascii(head: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...head.subarray(from, Math.min(to, head.length)));
}

/** `head` is the first bytes of the file (4 KiB is plenty). */
export function sniffMime(head: Uint8Array, path: string): string {
  const ext = extname(path).toLowerCase();
  // %PDF may follow some junk; readers accept it within the first KiB.
  if (ascii(head, 0, 1024).includes('%PDF-')) return Mime.pdf;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return Mime.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return Mime.jpeg;
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return Mime.tiff;
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return Mime.gif;
  if (ascii(head, 0, 2) === 'BM' && head.length > 26) return Mime.bmp;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return Mime.webp;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // A DOCX's first entry is usually [Content_Types].xml or word/…; the extension settles the rest.
    // OpenDocument files begin with an uncompressed "mimetype" entry that names their kind.
    const names = ascii(head, 0, head.length);
    const odf = /mimetypeapplication\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)/.exec(names)?.[1];
    if (odf) return odf === 'text' ? Mime.odt : odf === 'spreadsheet' ? Mime.ods : Mime.odp;
    if (ext === '.docx' || names.includes('word/')) return Mime.docx;
    if (ext === '.pptx' || names.includes('ppt/')) return Mime.pptx;
    if (ext === '.xlsx' || names.includes('xl/')) return Mime.xlsx;
    if (ext === '.odt') return Mime.odt;
    if (ext === '.ods') return Mime.ods;
    if (ext === '.odp') return Mime.odp;
    return Mime.zip;
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ext === '.msg' ? Mime.msg : Mime.ole;
  if (!looksLikeText(head, ext)) return Mime.unknown;

  const text = decodeHead(head).replace(/^\uFEFF/, '');
  if (text.startsWith('{\\rtf')) return Mime.rtf;
  const lead = text.trimStart().slice(0, 512).toLowerCase();
  if (
    ext === '.eml' ||
    /^(received|return-path|delivered-to|mime-version|message-id|from|to|subject|date|x-[\w-]+):/i.test(
      text.trimStart(),
    )
  ) {
    if (ext === '.eml' || /^(from|to|subject|date|message-id|mime-version):/im.test(text)) return Mime.eml;
  }
  if (
    ext === '.html' ||
    ext === '.htm' ||
    lead.startsWith('<!doctype html') ||
    lead.startsWith('<html') ||
    /<(html|body|head)[\s>]/.test(lead)
  ) {
    return Mime.html;
  }
  // After HTML, so that XHTML with an XML declaration stays HTML. An e-invoice, an SVG, a data export.
  if (lead.startsWith('<?xml') || (ext === '.xml' && lead.startsWith('<'))) return Mime.xml;
  if (ext === '.md' || ext === '.markdown') return Mime.markdown;
  if (ext === '.csv' || ext === '.tsv') return Mime.csv;
  return Mime.text;
}

/** Binary formats: a file so named that is not one is text only when it is valid UTF-8 (or has a UTF-16 BOM). */
const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  '.pdf',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
  '.gif',
  '.bmp',
  '.webp',
  '.docx',
  '.xlsx',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
  '.doc',
  '.xls',
  '.ppt',
  '.msg',
  '.zip',
]);

/**
 * No NUL bytes and few control characters, and, unless the bytes are UTF-8 (or UTF-16 with a BOM), what
 * legacy 8-bit text (windows-1252, KOI8-R…) looks like: at least 64 bytes, no control characters at all,
 * and a space or line end at least every 64 bytes. Random bytes have a control character in every ten and
 * are almost never valid UTF-8, so binary garbage is not indexed as text, whatever its name (a few random
 * bytes can pass for legacy text, hence the 64).
 */
function looksLikeText(head: Uint8Array, ext: string): boolean {
  if (head.length === 0) return true;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return true;
  let control = 0;
  let whitespace = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
    else if (byte <= 0x20) whitespace++;
  }
  if (isUtf8Prefix(head)) return control / head.length < 0.05;
  if (BINARY_EXTENSIONS.has(ext)) return false;
  return control === 0 && head.length >= 64 && whitespace * 64 >= head.length;
}

/** Valid UTF-8, allowing a sequence cut off at the end (the head is the start of a longer file). */
function isUtf8Prefix(head: Uint8Array): boolean {
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    if (cut > 0 && head[head.length - cut]! < 0x80) return false;
    if (isUtf8(head.subarray(0, head.length - cut))) return true;
  }
  return false;
}

function decodeHead(head: Uint8Array): string {
  if (startsWith(head, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(head);
  if (startsWith(head, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(head);
  return new TextDecoder('utf-8', { fatal: false }).decode(head);
}
