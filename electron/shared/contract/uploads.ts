/**
 * Browser uploads. A browser never tells a page where a dropped file lives, so in the served UI the bytes
 * travel instead: `beginUpload` makes a folder for one drop in the data folder's inbox, each file is sent
 * on its own, streamed, to
 *
 *   PUT /api/uploads/<uploadId>/files?path=<its path relative to what was dropped>   body: the file's bytes
 *
 * and lands at `<data folder>/inbox/<uploadId>/<that path>`; `ingestUpload` then ingests the folder as one
 * batch. The relative path is the one place a page names something on the engine's disk, so it is checked
 * here, once, for the server (which refuses it) and the page (which skips it before sending any byte).
 */
import { z } from 'zod';
import { isSkippedName } from '../files/skippedNames.js';

/** `20261208-101503-ab12cd34`: when the upload began (UTC) and 8 random hex digits; it names its inbox folder. */
export const UploadId = z
  .string()
  .regex(/^\d{8}-\d{6}-[0-9a-f]{8}$/, 'an upload id looks like 20261208-101503-ab12cd34 (from beginUpload)');
export type UploadId = z.infer<typeof UploadId>;

export const UploadStarted = z.object({
  uploadId: UploadId,
  /** Files over this many bytes are refused (the ingest size limit): the page skips them and says why. */
  maxFileBytes: z.number().int().positive(),
});
export type UploadStarted = z.infer<typeof UploadStarted>;

/** What the PUT route answers for one file (in the contract's envelope). */
export const UploadReceipt = z.object({
  /** The path as stored, relative to the upload's folder (checked and in Unicode NFC). */
  path: z.string(),
  bytes: z.number().int().min(0),
});
export type UploadReceipt = z.infer<typeof UploadReceipt>;

/** The address one file of an upload is PUT to. */
export function uploadFileUrl(uploadId: string, relativePath: string): string {
  return `/api/uploads/${encodeURIComponent(uploadId)}/files?path=${encodeURIComponent(relativePath)}`;
}

const UPLOAD_FILE_PATH = /^\/api\/uploads\/([^/]{1,64})\/files$/;

/** The upload id a request path names (not yet checked), or null when the path is not an upload's. */
export function parseUploadFileUrl(pathname: string): string | null {
  const match = UPLOAD_FILE_PATH.exec(pathname);
  return match?.[1] ?? null;
}

/** Longest relative path accepted, in characters; and longest name, in UTF-8 bytes (most file systems' limit). */
export const MAX_UPLOAD_PATH_CHARS = 1024;
const MAX_NAME_BYTES = 255;

// Characters Windows refuses in a name. Refused everywhere, so a data folder can move to any machine.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;
// Device names Windows reserves, with or without an extension (CON, con.txt, COM1.pdf, LPT¹…).
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;

export type CheckedUploadPath = { ok: true; path: string; segments: string[] } | { ok: false; reason: string };

/**
 * A relative path as dropped (`receipts/2024/a.pdf`) checked for use under an upload's folder: Unicode NFC
 * (macOS gives decomposed names), `\` read as a separator, no absolute path, no `.` or `..`, no control
 * character, no name Windows forbids or reserves. Refusals are sentences a person can act on.
 */
export function checkUploadPath(raw: string): CheckedUploadPath {
  const refuse = (reason: string): CheckedUploadPath => ({ ok: false, reason });
  const text = raw.normalize('NFC');
  if (text.length === 0) return refuse('The file has no name.');
  if (text.length > MAX_UPLOAD_PATH_CHARS)
    return refuse(`Its path is longer than ${MAX_UPLOAD_PATH_CHARS} characters.`);
  if (CONTROL.test(text)) return refuse('Its path holds a control character (such as NUL), which no file name may.');
  const slashed = text.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-z]:/i.test(slashed))
    return refuse('Its path is absolute; only paths inside what was dropped are accepted.');
  const segments = slashed.split('/').filter((s) => s.length > 0);
  if (segments.length === 0) return refuse('The file has no name.');
  for (const name of segments) {
    if (name === '.' || name === '..') return refuse('Its path steps outside what was dropped (“..”).');
    if (utf8Length(name) > MAX_NAME_BYTES)
      return refuse(`The name “${name.slice(0, 40)}…” is longer than ${MAX_NAME_BYTES} bytes.`);
    if (WINDOWS_FORBIDDEN.test(name))
      return refuse(`The name “${name}” holds a character file systems refuse (< > : " | ? *).`);
    if (/[. ]$/.test(name)) return refuse(`The name “${name}” ends in a dot or a space, which Windows drops.`);
    if (WINDOWS_RESERVED.test(name)) return refuse(`“${name}” is a name Windows keeps for a device.`);
  }
  return { ok: true, path: segments.join('/'), segments };
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** True when a part of the path is a name the engine never reads (hidden, system or lock files). */
export function isSkippedUploadPath(path: string): boolean {
  return path.split(/[\\/]/).some((name) => name.length > 0 && isSkippedName(name, false));
}
