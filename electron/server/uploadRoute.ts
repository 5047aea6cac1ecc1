/**
 * PUT /api/uploads/<uploadId>/files?path=<relative path>: one file of a browser upload, its bytes the
 * body, streamed into the inbox by the core's UploadInbox (never held in memory). The server has checked
 * the token, Host and Origin before this runs, as for every /api route. The answer is the contract's
 * envelope with an UploadReceipt (electron/shared/contract/uploads.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core/createCore.js';
import { failureOf } from '../shared/contract/envelope.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { parseUploadFileUrl } from '../shared/contract/uploads.js';
import { sendJson } from './jsonAnswer.js';

export type UploadReceiver = Pick<Core['uploads'], 'receive'>;

/** Answers the request when it is an upload's; false when it is not, for the server's other routes. */
export async function handleUploadRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploads: UploadReceiver | undefined,
): Promise<boolean> {
  const uploadId = parseUploadFileUrl(url.pathname);
  if (uploadId === null) return false;
  if (req.method !== 'PUT') {
    res.setHeader('Allow', 'PUT');
    refuse(req, res, new AppError(ErrorCode.INVALID_ARGUMENT, 'Method not allowed; send a file with PUT.'), 405);
    return true;
  }
  if (!uploads) {
    refuse(req, res, new AppError(ErrorCode.NOT_FOUND, 'This server takes no uploads.'), 404);
    return true;
  }
  const path = url.searchParams.get('path');
  if (path === null || path === '') {
    refuse(req, res, new AppError(ErrorCode.INVALID_ARGUMENT, 'Name the file: ?path=<its path as dropped>.'), 400);
    return true;
  }
  const length = req.headers['content-length'];
  const declared = length !== undefined && /^\d{1,15}$/.test(length) ? Number(length) : null;
  try {
    const receipt = await uploads.receive(uploadId, path, req, declared);
    sendJson(res, 200, { ok: true, result: receipt });
  } catch (error) {
    const appError = AppError.wrap(error);
    refuse(req, res, appError, uploadStatusFor(appError.code));
  }
  return true;
}

function uploadStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.INVALID_ARGUMENT:
      return 400;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.FILE_TOO_LARGE:
      return 413;
    default:
      return 500;
  }
}

/**
 * Answers with an error. A body not read to its end (refused early, or over the limit) is read on and
 * discarded, never written: closing the connection instead could lose the answer on the way (the
 * sender, still writing, would get a reset), and the page would show a network error, not the reason.
 */
function refuse(req: IncomingMessage, res: ServerResponse, error: AppError, status: number): void {
  if (!req.readableEnded) req.resume();
  sendJson(res, status, failureOf(error));
}
