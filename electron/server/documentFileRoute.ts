/**
 * GET /api/documents/<id>/file: a document's original file, as the browser (and pdf.js) wants it:
 * Content-Type and Content-Length, `Content-Disposition` inline (or, with `?download=1`, an attachment
 * with the file's name), an ETag of its sha256, and Range requests (pdf.js loads a large PDF in parts).
 *
 * The bytes come through the api's `documentFile` command like any other answer, in parts of CHUNK_BYTES
 * written as the connection takes them: a 200 MiB file never sits in memory, and every part is checked
 * to come from the same unchanged file (a file that changes midway ends the response early).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api } from '../shared/contract/api.js';
import { callCommand, type CommandResult } from '../shared/contract/envelope.js';
import { ErrorCode } from '../shared/contract/errors.js';
import { contentDisposition } from '../shared/contract/http.js';

/** One part read from disk and written to the connection: 1 MiB. */
const CHUNK_BYTES = 1024 * 1024;

/** The range of bytes a Range header asks for, `'unsatisfiable'`, or null for the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: the whole file is a correct answer to those (RFC 9110 14.2).
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    // The last N bytes.
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Types a browser shows without running anything of theirs; anything else is sandboxed when inline. */
function isPassive(contentType: string): boolean {
  return contentType === 'application/pdf' || (contentType.startsWith('image/') && !contentType.includes('svg'));
}

export async function sendDocumentFile(
  api: Api,
  req: IncomingMessage,
  res: ServerResponse,
  id: number,
  url: URL,
  statusFor: (code: ErrorCode) => number,
): Promise<void> {
  const head = await callCommand(api, 'documentFile', { id, offset: 0, length: 0 });
  if (!head.ok) {
    sendFailure(res, head, statusFor);
    return;
  }
  const { size, contentType, fileName, sha256 } = head.result;
  const etag = `"${sha256}"`;
  const download = url.searchParams.get('download') === '1';
  res.setHeader('Content-Type', contentType);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  // Private, and asked again each time: the file on disk may change or go, and the ETag makes that cheap.
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Content-Disposition', contentDisposition(download ? 'attachment' : 'inline', fileName));
  // A document shown in a tab of our origin must not run its own scripts there (HTML, SVG).
  res.setHeader(
    'Content-Security-Policy',
    isPassive(contentType) ? "default-src 'none'" : "sandbox; default-src 'none'",
  );

  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  // A range of a file that has changed since the client's first part would mix two files.
  const ifRange = req.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, size) : null;
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    res.writeHead(416, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.writeHead(range ? 206 : 200, { 'Content-Length': end - start + 1 });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  for (let offset = start; offset <= end; offset += CHUNK_BYTES) {
    if (res.destroyed) return;
    const part = await callCommand(api, 'documentFile', {
      id,
      offset,
      length: Math.min(CHUNK_BYTES, end - offset + 1),
    });
    if (!part.ok) {
      // The headers are gone: a cut connection is how HTTP says the body is not whole.
      res.destroy();
      return;
    }
    if (!res.write(part.result.bytes)) await drained(res);
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sendFailure(res: ServerResponse, answer: CommandResult<unknown>, statusFor: (code: ErrorCode) => number) {
  const code = answer.ok ? ErrorCode.INTERNAL : answer.error.code;
  const body = JSON.stringify(answer);
  res.writeHead(code === ErrorCode.FILE_NOT_FOUND ? 404 : statusFor(code), {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
