/**
 * RFC 822 / MIME e-mail to text: the headers a reader looks at first (From, To, Cc, Subject, Date),
 * then the body (the text/plain parts; a message with HTML only is read through htmlToText). MIME is
 * parsed by postal-mime (transfer encodings, charsets, RFC 2047 and 2231, multipart trees, forwarded
 * messages); this file only decides what a reader sees. Attachments are listed, not extracted; the
 * bytes of small XML attachments are kept (an XRechnung or Peppol invoice travels that way).
 */
import PostalMime, { decodeWords, type Email } from 'postal-mime';
import type { ExtractedAttachment } from '../../../electron/shared/contract/extract.js';
import { decodeText, normalizeText, repairC1Controls } from '../text/decodeText.js';
import { MAX_EINVOICE_BYTES } from '../text/eInvoice.js';
import { htmlToText } from '../text/htmlToText.js';

export interface ParsedEmail {
  text: string;
  attachments: ExtractedAttachment[];
  /** True when the input had no header block at all (probably not an e-mail). */
  headerless: boolean;
  /** XML attachments of at most MAX_EINVOICE_BYTES, decoded, in the order they appear. */
  xmlAttachments: Array<{ fileName: string; bytes: Uint8Array }>;
  /** What was cut or could not be read, one sentence each. */
  warnings: string[];
}

/**
 * Multipart nesting read (postal-mime's default). Real messages stay under ten levels; postal-mime walks
 * the tree recursively, and its stack runs out some thousands of levels down, so the cut stays far
 * above real mail and far below that.
 */
export const MAX_MIME_DEPTH = 256;
/** Forwarded messages (message/rfc822) read inline; deeper ones are listed as attachments. */
export const MAX_FORWARD_DEPTH = 10;

/** `sent` is Outlook's copy of Date in a message saved or pasted as text ("Sent: Monday, 8 April 2024 07:30"). */
const SHOWN_HEADERS = ['from', 'sent', 'to', 'cc', 'subject', 'date'] as const;

/** The limits postal-mime enforces by rejecting the whole message; we then keep its headers and warn. */
const LIMIT_ERRORS: Readonly<Record<string, string>> = {
  EMAXNESTINGDEPTH: `nests its MIME parts more than ${MAX_MIME_DEPTH} levels deep`,
  EMAXPARTCOUNT: 'has more than 10,000 MIME parts',
  EMAXHEADERSIZE: 'has more than 2 MiB of headers',
  EMAXFORWARDEDADDRESSES: 'forwards messages with more than 10,000 addresses',
};

/** Never throws: a message postal-mime refuses is cut to its headers, one it cannot read at all is read as text. */
export async function parseEmail(bytes: Uint8Array, fileName = 'The message'): Promise<ParsedEmail> {
  const warnings: string[] = [];
  let email: Email;
  try {
    email = await readMime(bytes);
  } catch (error) {
    const limit = LIMIT_ERRORS[mimeErrorCode(error)];
    if (limit === undefined) {
      warnings.push(`${fileName} could not be read as an e-mail (${errorMessage(error)}); it was read as plain text.`);
      return { ...plainText(bytes), warnings };
    }
    warnings.push(`${fileName} ${limit}; only its headers were read.`);
    email = await readMime(headerBlock(bytes)).catch((): Email => ({ headers: [], headerLines: [], attachments: [] }));
  }
  if (email.headers.length === 0 && warnings.length === 0) return { ...plainText(bytes), warnings };

  const attachments: ExtractedAttachment[] = [];
  const xmlAttachments: ParsedEmail['xmlAttachments'] = [];
  let tooDeep = false;
  for (const a of email.attachments) {
    const content = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
    const name = a.filename ?? (a.mimeType === 'message/rfc822' ? 'message.eml' : 'attachment');
    attachments.push({ fileName: name, mime: a.mimeType, size: content.length });
    tooDeep ||= a.rfc822DepthExceeded === true;
    const isXml = a.mimeType === 'application/xml' || a.mimeType === 'text/xml' || /\.xml$/iu.test(name);
    if (isXml && content.length <= MAX_EINVOICE_BYTES) xmlAttachments.push({ fileName: name, bytes: content });
  }
  if (tooDeep)
    warnings.push(
      `${fileName} forwards messages nested more than ${MAX_FORWARD_DEPTH} deep; the deeper ones are listed as attachments, not read.`,
    );

  const lines: string[] = [];
  for (const name of SHOWN_HEADERS) {
    const value = email.headers.find((h) => h.key === name)?.value.trim();
    if (value) lines.push(`${name[0]!.toUpperCase()}${name.slice(1)}: ${decodeEncodedWords(value)}`);
  }
  const text = normalizeText([lines.join('\n'), bodyText(email).trim()].filter(Boolean).join('\n\n'));
  return { text, attachments, headerless: false, xmlAttachments, warnings };
}

function readMime(bytes: Uint8Array): Promise<Email> {
  return PostalMime.parse(bytes, {
    maxNestingDepth: MAX_MIME_DEPTH,
    maxRfc822NestingDepth: MAX_FORWARD_DEPTH,
    attachmentEncoding: 'arraybuffer',
  });
}

/**
 * postal-mime gives `text` only when the message has text/plain parts (in multipart/alternative it is
 * the plain one) and `html` when it has HTML parts. A message with HTML only is read by our HTML
 * reader, as an .html file is: postal-mime's own conversion writes every link's address into the text.
 */
function bodyText(email: Email): string {
  if (email.text !== undefined) return repairC1Controls(email.text);
  if (email.html !== undefined) return htmlToText(repairC1Controls(email.html));
  return '';
}

/** The bytes of the top-level header block, up to its blank line (the whole input when there is none). */
function headerBlock(bytes: Uint8Array): Uint8Array {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return bytes.subarray(0, i + 1);
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return bytes.subarray(0, i + 1);
  }
  return bytes;
}

function plainText(bytes: Uint8Array): Omit<ParsedEmail, 'warnings'> {
  return { text: normalizeText(decodeText(bytes).text).trim(), attachments: [], headerless: true, xmlAttachments: [] };
}

function mimeErrorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** RFC 2047 encoded words: =?charset?B|Q?text?= (adjacent encoded words join without the space). */
export function decodeEncodedWords(value: string): string {
  return repairC1Controls(decodeWords(value));
}
