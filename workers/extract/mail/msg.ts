/**
 * Outlook .msg (an OLE2 compound file, MS-OXMSG) to text, shaped like an .eml: the headers a reader looks
 * at first (From, To, Cc, Subject, Date) at the top, then the body (plain text, else the HTML body as
 * text). Attachments are listed, not extracted; an embedded message is listed by its subject.
 * Parsing is @kenjiuno/msgreader, loaded on first use.
 */
import type { AttachmentData, FieldsData, ParserConfig } from '@kenjiuno/msgreader';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { ExtractedAttachment } from '../../../electron/shared/contract/extract.js';
import { decodeText, normalizeText } from '../text/decodeText.js';
import { MAX_EINVOICE_BYTES } from '../text/eInvoice.js';
import { htmlDeclaredCharset, htmlToText } from '../text/htmlToText.js';

/** What sniffMime (electron/core/ingest/sniff.ts) calls an OLE2 file with the .msg extension. */
export const MSG_MIME = 'application/vnd.ms-outlook';

export interface ParsedMsg {
  text: string;
  attachments: ExtractedAttachment[];
  warnings: string[];
  /** XML attachments of at most 5 MiB (an XRechnung or Peppol invoice travels that way), in order. */
  xmlAttachments: Array<{ fileName: string; bytes: Uint8Array }>;
}

/** The part of msgreader's class we use (its CommonJS default export reaches ESM in two shapes). */
interface MsgReaderInstance {
  parserConfig?: ParserConfig;
  getFileData(): FieldsData;
  getAttachment(attach: FieldsData): AttachmentData;
}
type MsgReaderClass = new (buffer: ArrayBuffer) => MsgReaderInstance;

const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// PidTagDisplayTo / PidTagDisplayCc, Unicode (001F) and 8-bit (001E): msgreader does not name them.
const DISPLAY_TO = new Set([0x0e04001f, 0x0e04001e]);
const DISPLAY_CC = new Set([0x0e03001f, 0x0e03001e]);

const MIME_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['pdf', 'application/pdf'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['bmp', 'image/bmp'],
  ['tif', 'image/tiff'],
  ['tiff', 'image/tiff'],
  ['webp', 'image/webp'],
  ['txt', 'text/plain'],
  ['csv', 'text/csv'],
  ['md', 'text/markdown'],
  ['htm', 'text/html'],
  ['html', 'text/html'],
  ['xml', 'application/xml'],
  ['json', 'application/json'],
  ['ics', 'text/calendar'],
  ['vcf', 'text/vcard'],
  ['eml', 'message/rfc822'],
  ['msg', MSG_MIME],
  ['zip', 'application/zip'],
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xls', 'application/vnd.ms-excel'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['rtf', 'application/rtf'],
  ['odt', 'application/vnd.oasis.opendocument.text'],
]);

export async function parseMsg(bytes: Uint8Array, fileName: string): Promise<ParsedMsg> {
  if (!OLE2_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw corrupt(
      fileName,
      'it is not an Outlook message (an .msg file is an OLE2 compound file and this one is not)',
      undefined,
    );
  }
  const loop = compoundFileLoop(bytes);
  if (loop) throw corrupt(fileName, loop, undefined);
  const MsgReader = await loadMsgReader();
  const displayTo = new Map<object, string>();
  const displayCc = new Map<object, string>();
  let fields: FieldsData;
  let reader: MsgReaderInstance;
  try {
    // A copy: msgreader swaps byte order in place in the buffer it reads, and needs a whole ArrayBuffer.
    reader = new MsgReader(bytes.slice().buffer);
    reader.parserConfig = {
      propertyObserver: (owner, tag, raw) => {
        if (!raw || !(DISPLAY_TO.has(tag) || DISPLAY_CC.has(tag))) return;
        const value = (tag & 0xffff) === 0x001f ? new TextDecoder('utf-16le').decode(raw) : decodeText(raw).text;
        (DISPLAY_TO.has(tag) ? displayTo : displayCc).set(owner, value.replace(/\0+$/, ''));
      },
    };
    fields = reader.getFileData();
  } catch (error) {
    throw corrupt(
      fileName,
      `it could not be read as an Outlook message (${error instanceof Error ? error.message : String(error)})`,
      error,
    );
  }
  if (fields.error !== undefined || fields.dataType !== 'msg') {
    throw corrupt(
      fileName,
      `it could not be read as an Outlook message (${fields.error ?? 'no message found'})`,
      undefined,
    );
  }

  const warnings: string[] = [];
  const lines: string[] = [];
  const header = (name: string, value: string | undefined): void => {
    const v = value?.replace(/\s+/g, ' ').trim();
    if (v) lines.push(`${name}: ${v}`);
  };
  header(
    'From',
    address(fields.senderName, fields.senderSmtpAddress ?? smtpOnly(fields.senderEmail, fields.senderAddressType)),
  );
  header('To', recipients(fields, 'to') ?? displayTo.get(fields));
  header('Cc', recipients(fields, 'cc') ?? displayCc.get(fields));
  header('Subject', fields.subject);
  header('Date', isoDate(fields.clientSubmitTime ?? fields.messageDeliveryTime));

  const body = bodyText(fields);
  if (body === null) {
    warnings.push(
      fields.compressedRtf
        ? `${fileName} has its body only in RTF, which docpipe does not read; only the headers were extracted.`
        : `${fileName} has no message body; only the headers were extracted.`,
    );
  }
  const text = normalizeText([lines.join('\n'), (body ?? '').trim()].filter(Boolean).join('\n\n'));
  const attachments = (fields.attachments ?? []).map((a) => listAttachment(reader, a));
  const xmlAttachments: ParsedMsg['xmlAttachments'] = [];
  (fields.attachments ?? []).forEach((a, i) => {
    const listed = attachments[i]!;
    if (a.innerMsgContent || listed.mime !== 'application/xml' || listed.size > MAX_EINVOICE_BYTES) return;
    try {
      xmlAttachments.push({ fileName: listed.fileName, bytes: reader.getAttachment(a).content });
    } catch {
      // An attachment that cannot be read stays listed; it is no e-invoice then.
    }
  });
  return { text, attachments, warnings, xmlAttachments };
}

async function loadMsgReader(): Promise<MsgReaderClass> {
  // Loaded on first use: most threads never see an .msg. Node's ESM view of this CommonJS package puts the
  // class at `default.default`; loaders with interop (vitest, bundlers) put it at `default`.
  const mod = (await import('@kenjiuno/msgreader')) as unknown as {
    default: MsgReaderClass | { default: MsgReaderClass };
  };
  return typeof mod.default === 'function' ? mod.default : mod.default.default;
}

/**
 * msgreader follows sector chains and directory links without a guard: a loop in a damaged file makes it
 * grow an array until the thread runs out of memory. So loops are looked for first (O(sectors)). Other
 * damage (a chain or entry past the end of a truncated file) makes msgreader throw, which we catch.
 */
function compoundFileLoop(bytes: Uint8Array): string | null {
  if (bytes.length < 512) return 'the file is shorter than a compound file header';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorSize = 2 ** dv.getUint16(30, true);
  if (sectorSize !== 512 && sectorSize !== 4096) return 'its compound file header is invalid';
  const perSector = sectorSize / 4;
  const sectorCount = Math.floor(bytes.length / sectorSize); // an upper bound (the header takes one)
  const inFile = (sector: number): boolean => sector >= 0 && (sector + 2) * sectorSize <= bytes.length;
  const entries = (sector: number): Int32Array | null => {
    if (!inFile(sector)) return null;
    const out = new Int32Array(perSector);
    for (let i = 0; i < perSector; i++) out[i] = dv.getInt32((sector + 1) * sectorSize + 4 * i, true);
    return out;
  };

  // The FAT: its sectors are listed in the header (109) and then in a chain of DIFAT sectors.
  const fatCount = Math.min(dv.getInt32(44, true), sectorCount);
  const fatSectors: number[] = [];
  for (let i = 0; i < Math.min(fatCount, 109); i++) fatSectors.push(dv.getInt32(76 + 4 * i, true));
  let difat = dv.getInt32(68, true);
  for (let n = 0; n < dv.getInt32(72, true) && n < sectorCount && fatSectors.length < fatCount; n++) {
    const list = entries(difat);
    if (!list) break;
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatCount; i++) fatSectors.push(list[i]!);
    difat = list[perSector - 1]!;
  }
  const fat = new Int32Array(Math.max(fatSectors.length, 0) * perSector).fill(-2);
  fatSectors.forEach((sector, i) => {
    const list = entries(sector);
    if (list) fat.set(list, i * perSector);
  });
  if (hasCycle(fat)) return 'its sector chains run in a loop';

  // The mini FAT (small streams), stored in a FAT chain; its chains must end too.
  const mini: number[] = [];
  for (let s = dv.getInt32(60, true), n = 0; s >= 0 && s < fat.length && n < dv.getInt32(64, true); s = fat[s]!, n++) {
    const list = entries(s);
    if (list) mini.push(...list);
  }
  if (hasCycle(Int32Array.from(mini))) return 'its small-stream chains run in a loop';

  // The directory: 128-byte entries in a FAT chain, linked as trees; each entry may be reached once.
  const dir: number[] = [];
  for (let s = dv.getInt32(48, true); s >= 0 && s < fat.length && dir.length < sectorCount * 32; s = fat[s]!) {
    if (!inFile(s)) break;
    for (let i = 0; i < sectorSize / 128; i++) dir.push((s + 1) * sectorSize + 128 * i);
  }
  const seen = new Set<number>();
  const stack = dir.length > 0 ? [0] : [];
  while (stack.length > 0) {
    const index = stack.pop()!;
    if (index < 0 || index >= dir.length) continue;
    if (seen.has(index)) return 'its directory links run in a loop';
    seen.add(index);
    const at = dir[index]!;
    const type = dv.getUint8(at + 66);
    if (index !== 0) stack.push(dv.getInt32(at + 68, true), dv.getInt32(at + 72, true));
    if (type === 1 || type === 5) stack.push(dv.getInt32(at + 76, true));
  }
  return null;
}

/** True when following `next[i]` from some i comes back to a sector already on the way (values out of range end a chain). */
function hasCycle(next: Int32Array): boolean {
  const state = new Uint8Array(next.length); // 0 unseen, 1 on the current walk, 2 ends
  const path: number[] = [];
  for (let start = 0; start < next.length; start++) {
    let i = start;
    while (i >= 0 && i < next.length && state[i] === 0) {
      state[i] = 1;
      path.push(i);
      i = next[i]!;
    }
    if (i >= 0 && i < next.length && state[i] === 1) return true;
    for (const p of path) state[p] = 2;
    path.length = 0;
  }
  return false;
}

function corrupt(fileName: string, what: string, cause: unknown): AppError {
  return new AppError(
    ErrorCode.MSG_CORRUPT,
    `${fileName} is damaged or not an Outlook message: ${what}. Open it in Outlook and save it again, or save the e-mail as .eml.`,
    {
      retryable: false,
      cause,
    },
  );
}

/** "Name <email>", or whichever of the two is there. */
function address(name: string | undefined, email: string | undefined): string | undefined {
  const n = name?.trim();
  const e = email?.trim();
  if (n && e && n.toLowerCase() !== e.toLowerCase()) return `${n} <${e}>`;
  return n || e || undefined;
}

/** An Exchange (X.500) address is no use to a reader; an SMTP one is. */
function smtpOnly(email: string | undefined, type: string | undefined): string | undefined {
  if (!email) return undefined;
  return type && type.toUpperCase() !== 'SMTP' && !email.includes('@') ? undefined : email;
}

function recipients(fields: FieldsData, type: 'to' | 'cc'): string | undefined {
  const list = (fields.recipients ?? [])
    .filter((r) => r.recipType === type)
    .map((r) => address(r.name, r.smtpAddress ?? smtpOnly(r.email, r.addressType)))
    .filter((a): a is string => Boolean(a));
  return list.length > 0 ? list.join(', ') : undefined;
}

/** msgreader gives times as UTC strings ("Mon, 15 Feb 2021 08:19:04 GMT"); we write ISO 8601 with a space
 * ("2021-02-15 08:19:04Z"), which the date rules read (they do not read the "T" form). */
function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Plain text body, else the HTML body as text; null when there is neither. */
function bodyText(fields: FieldsData): string | null {
  if (fields.body?.trim()) return fields.body;
  const html =
    fields.bodyHtml ??
    (fields.html
      ? decodeText(fields.html, htmlDeclaredCharset(fields.html) ?? codepageCharset(fields)).text
      : undefined);
  if (html?.trim()) return htmlToText(html);
  return null;
}

/** PidTagInternetCodepage (the HTML body's charset) as a label TextDecoder knows. */
function codepageCharset(fields: FieldsData): string | undefined {
  const cp = fields.internetCodepage;
  if (cp === undefined) return undefined;
  if (cp === 65001) return 'utf-8';
  if (cp === 1200) return 'utf-16le';
  if (cp === 28591) return 'iso-8859-1';
  if (cp >= 1250 && cp <= 1258) return `windows-${cp}`;
  return undefined;
}

function listAttachment(reader: MsgReaderInstance, a: FieldsData): ExtractedAttachment {
  if (a.innerMsgContent) {
    const subject = a.innerMsgContentFields?.subject?.trim() || a.name?.trim() || 'message';
    let size = 0;
    try {
      // The embedded message as a stand-alone .msg, as Outlook would save it (built in memory).
      size = reader.getAttachment(a).content.byteLength;
    } catch {
      // A damaged embedded message is still listed; its size is unknown.
    }
    return { fileName: /\.msg$/i.test(subject) ? subject : `${subject}.msg`, mime: MSG_MIME, size };
  }
  const fileName = (a.fileName ?? a.fileNameShort ?? a.name ?? '').trim() || 'attachment';
  const ext = (/\.([^.]+)$/.exec(fileName)?.[1] ?? a.extension?.replace(/^\./, '') ?? '').toLowerCase();
  const mime = MIME_BY_EXTENSION.get(ext) ?? a.attachMimeTag?.trim().toLowerCase() ?? 'application/octet-stream';
  return { fileName, mime, size: a.contentLength ?? 0 };
}
