/**
 * RFC 822 / MIME e-mail to text: the headers a reader looks at first (From, To, Cc, Subject, Date),
 * then the body (text/plain preferred in multipart/alternative, else HTML as text), with
 * quoted-printable, base64 and RFC 2047 encoded words decoded. Attachments are listed, not extracted;
 * the bytes of small XML attachments are kept (an XRechnung or Peppol invoice travels that way).
 */
import type { ExtractedAttachment } from '../../../electron/shared/contract/extract.js';
import { decodeText, normalizeText } from '../text/decodeText.js';
import { MAX_EINVOICE_BYTES } from '../text/eInvoice.js';
import { htmlToText } from '../text/htmlToText.js';

export interface ParsedEmail {
  text: string;
  attachments: ExtractedAttachment[];
  /** True when the input had no header block at all (probably not an e-mail). */
  headerless: boolean;
  /** XML attachments of at most MAX_EINVOICE_BYTES, decoded, in the order they appear. */
  xmlAttachments: Array<{ fileName: string; bytes: Uint8Array }>;
}

interface MimePart {
  headers: Map<string, string>;
  body: Uint8Array;
}

/** `sent` is Outlook's copy of Date in a message saved or pasted as text ("Sent: Monday, 8 April 2024 07:30"). */
const SHOWN_HEADERS = ['from', 'sent', 'to', 'cc', 'subject', 'date'] as const;
const MAX_DEPTH = 20;

export function parseEmail(bytes: Uint8Array): ParsedEmail {
  const root = splitPart(bytes);
  const attachments: ExtractedAttachment[] = [];
  const xmlAttachments: ParsedEmail['xmlAttachments'] = [];
  const body = bodyText(root, attachments, 0, xmlAttachments);
  const lines: string[] = [];
  for (const name of SHOWN_HEADERS) {
    const value = root.headers.get(name);
    if (value) lines.push(`${name[0]!.toUpperCase()}${name.slice(1)}: ${decodeEncodedWords(utf8Header(value))}`);
  }
  const text = normalizeText([lines.join('\n'), body.trim()].filter(Boolean).join('\n\n'));
  return { text, attachments, headerless: root.headers.size === 0, xmlAttachments };
}

/**
 * A header read byte for byte (latin1) whose bytes are valid UTF-8 is UTF-8: mail software writes raw
 * UTF-8 in headers (RFC 6532) far more often than Latin-1, and "Planned outage â\u0080\u0093 email" is
 * what a reader would see otherwise. Bytes that are not valid UTF-8 stay Latin-1.
 */
function utf8Header(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (ch) => ch.charCodeAt(0) & 0xff));
  } catch {
    return value;
  }
}

/** Splits headers from body at the first blank line; header names lower-cased, folded lines joined. */
function splitPart(bytes: Uint8Array): MimePart {
  const headers = new Map<string, string>();
  // A part that starts with a blank line has no headers.
  if (bytes[0] === 0x0a) return { headers, body: bytes.subarray(1) };
  if (bytes[0] === 0x0d && bytes[1] === 0x0a) return { headers, body: bytes.subarray(2) };
  let end = -1;
  let bodyStart = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) {
      end = i;
      bodyStart = i + 2;
      break;
    }
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
      end = i;
      bodyStart = i + 3;
      break;
    }
  }
  // Header bytes are ASCII by the RFC; latin1 keeps stray 8-bit bytes one-to-one.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, end < 0 ? bytes.length : end));
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const looksLikeHeaders = unfolded.length > 0 && unfolded.every((l) => l === '' || /^[!-9;-~]+:/.test(l));
  // Not a header block (a headerless part or not an e-mail at all): everything is body.
  if (!looksLikeHeaders) return { headers, body: bytes };
  for (const line of unfolded) addHeader(headers, line);
  return { headers, body: end < 0 ? new Uint8Array(0) : bytes.subarray(bodyStart) };
}

function addHeader(headers: Map<string, string>, line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) return;
  const name = line.slice(0, colon).trim().toLowerCase();
  // The first occurrence wins (Received: etc. repeat; the ones we show do not).
  if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
}

interface ContentType {
  type: string;
  params: Map<string, string>;
}

function parseHeaderValue(value: string | undefined, fallback: string): ContentType {
  const [first = '', ...rest] = (value ?? fallback).split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    // RFC 2231 extended values: filename*=utf-8''name.pdf
    if (key.endsWith('*')) {
      const m = /^([^']*)'[^']*'(.*)$/.exec(v);
      const decoded = m ? decodePercent(m[2]!, m[1] || 'utf-8') : v;
      params.set(key.slice(0, -1), decoded);
    } else if (!params.has(key)) {
      params.set(key, decodeEncodedWords(v));
    }
  }
  return { type: first.trim().toLowerCase() || fallback, params };
}

function decodePercent(s: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return decodeText(Uint8Array.from(bytes), charset).text;
}

function bodyText(
  part: MimePart,
  attachments: ExtractedAttachment[],
  depth: number,
  xml: ParsedEmail['xmlAttachments'] = [],
): string {
  const ct = parseHeaderValue(part.headers.get('content-type'), 'text/plain');
  const disposition = parseHeaderValue(part.headers.get('content-disposition'), 'inline');
  const fileName = disposition.params.get('filename') ?? ct.params.get('name');

  if (ct.type.startsWith('multipart/') && depth < MAX_DEPTH) {
    const boundary = ct.params.get('boundary');
    const children = boundary ? splitMultipart(part.body, boundary).map(splitPart) : [];
    if (children.length === 0) return decodeBody(part, ct).trim();
    if (ct.type === 'multipart/alternative') {
      // Prefer plain text; but still list attachments hiding in any alternative.
      const plain = children.find(
        (c) => parseHeaderValue(c.headers.get('content-type'), 'text/plain').type === 'text/plain',
      );
      const chosen = plain ?? children[children.length - 1]!;
      const texts = [bodyText(chosen, attachments, depth + 1, xml)];
      for (const c of children) if (c !== chosen) bodyText(c, attachments, depth + 1, xml);
      return texts.join('\n\n');
    }
    return children
      .map((c) => bodyText(c, attachments, depth + 1, xml))
      .filter((t) => t.trim().length > 0)
      .join('\n\n');
  }

  const isText = ct.type === 'text/plain' || ct.type === 'text/html' || ct.type === 'text/enriched';
  if (disposition.type === 'attachment' || !isText || (fileName !== undefined && depth > 0)) {
    const bytes = decodeTransfer(part);
    const name = fileName ?? (ct.type === 'message/rfc822' ? 'message.eml' : 'attachment');
    attachments.push({ fileName: name, mime: ct.type, size: bytes.length });
    if (
      (ct.type === 'application/xml' || ct.type === 'text/xml' || /\.xml$/iu.test(name)) &&
      bytes.length <= MAX_EINVOICE_BYTES
    )
      xml.push({ fileName: name, bytes });
    return '';
  }
  const text = decodeBody(part, ct);
  return ct.type === 'text/html' ? htmlToText(text) : text;
}

function decodeBody(part: MimePart, ct: ContentType): string {
  return decodeText(decodeTransfer(part), ct.params.get('charset')).text;
}

function decodeTransfer(part: MimePart): Uint8Array {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (encoding === 'base64') {
    const ascii = new TextDecoder('latin1').decode(part.body).replace(/[^A-Za-z0-9+/]/g, '');
    return Buffer.from(ascii, 'base64');
  }
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

export function decodeQuotedPrintable(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length);
  let n = 0;
  const hex = (c: number | undefined): number => {
    if (c === undefined) return -1;
    if (c >= 0x30 && c <= 0x39) return c - 0x30;
    if (c >= 0x41 && c <= 0x46) return c - 0x37;
    if (c >= 0x61 && c <= 0x66) return c - 0x57;
    return -1;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    // Soft line break: "=" at the end of a line.
    if (body[i + 1] === 0x0a) {
      i += 1;
      continue;
    }
    if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) {
      i += 2;
      continue;
    }
    const hi = hex(body[i + 1]);
    const lo = hex(body[i + 2]);
    if (hi >= 0 && lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

function splitMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const text = new TextDecoder('latin1').decode(body);
  const delimiter = `--${boundary}`;
  const parts: Uint8Array[] = [];
  let pos = text.indexOf(delimiter);
  while (pos >= 0) {
    const afterDelim = pos + delimiter.length;
    if (text.startsWith('--', afterDelim)) break;
    const start = text.indexOf('\n', afterDelim);
    if (start < 0) break;
    const next = text.indexOf(`\n${delimiter}`, start);
    const end = next < 0 ? text.length : next;
    // Drop the CR of the CRLF that belongs to the delimiter line.
    const stop = end > start && text[end - 1] === '\r' ? end - 1 : end;
    parts.push(body.subarray(start + 1, Math.max(start + 1, stop)));
    if (next < 0) break;
    pos = next + 1;
  }
  return parts;
}

/** RFC 2047 encoded words: =?charset?B|Q?text?= (adjacent encoded words join without the space). */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bq]\?[^?]*\?=)\s+(?==\?[^?]+\?[bq]\?[^?]*\?=)/gi, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bq])\?([^?]*)\?=/gi, (match, charset: string, enc: string, data: string) => {
      try {
        const bytes =
          enc.toLowerCase() === 'b'
            ? Buffer.from(data, 'base64')
            : decodeQuotedPrintable(new TextEncoder().encode(data.replace(/_/g, ' ')));
        return decodeText(bytes, charset).text;
      } catch {
        return match;
      }
    });
}
