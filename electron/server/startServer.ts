/**
 * The headless shell: the engine's API over HTTP on loopback, events over Server-Sent Events, and the
 * built renderer as static files, so `docpipe serve` gives the desktop UI in any browser.
 *
 *   POST /api/<command>   JSON body = the command's input → { ok: true, result } | { ok: false, error }
 *   GET  /api/events      text/event-stream of DocpipeEvents (one `data:` JSON line each, `id:` = event id)
 *   GET  /api/documents/<id>/pages/<n>/image   the `pageImage` command, as the image itself (an <img> loads it)
 *   GET  /api/documents/<id>/file   the `documentFile` command: the original, streamed, with Range (documentFileRoute.ts)
 *   GET  /api/export.csv?…   a CSV export as a streamed download (exportRoute.ts)
 *   PUT  /api/uploads/<id>/files?path=…          one file of a browser upload, streamed (uploadRoute.ts)
 *   GET  /…               the renderer (out/renderer); `?token=` on the first load sets the cookie; a page
 *                         load without a valid token gets a page saying how to sign in (signInPage.ts)
 *
 * SSE rather than a WebSocket: events only flow one way, and SSE needs no dependency, passes the
 * cookie like any request and reconnects by itself in the browser.
 *
 * Like the IPC handlers, a route is one call into `core.api` through the contract's envelope
 * (`callCommand`): command names come from the contract, inputs are parsed by the api itself, and
 * errors cross as `{ code, message, retryable }`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PageImageRequest } from '../shared/contract/api.js';
import { callCommand, failureOf } from '../shared/contract/envelope.js';
import { BYTE_ROUTES, isByteCommand, parseDocumentFilePath, parsePageImagePath } from '../shared/contract/http.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import type { DocpipeEvent } from '../shared/contract/events.js';
import type { Core } from '../core/createCore.js';
import {
  baseUrl,
  hasCookie,
  hostHeaderAllowed,
  INSTANCE_ID_PATTERN,
  isLoopbackHost,
  newInstanceId,
  newToken,
  originAllowed,
  readCookie,
  requestToken,
  tokenCookie,
  tokenCookieName,
  tokensEqual,
  wantsHtml,
} from './httpSecurity.js';
import { SIGN_IN_PAGE_CSP, signInPage, type SignInProblem } from './signInPage.js';
import { sendDocumentFile } from './documentFileRoute.js';
import { sendJson } from './jsonAnswer.js';
import { sendStatic } from './staticFiles.js';
import { sendExportCsv } from './exportRoute.js';
import { EXPORT_CSV_PATH } from '../shared/contract/exports.js';
import { handleUploadRoute } from './uploadRoute.js';

/** What the server needs of the core: its API and its event stream, and where browser uploads go (if it takes them). */
export type ServedCore = Pick<Core, 'api' | 'events'> & Partial<Pick<Core, 'uploads'>>;

export interface ServerOptions {
  /** Loopback address to listen on. Default '127.0.0.1'; anything not loopback is refused. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** The secret every API request must carry. Default: 32 random bytes. */
  token?: string;
  /** Names this server's token cookie (docpipe_token_<id>), so servers on other ports keep theirs. Default: random. */
  instanceId?: string;
  /** The built renderer (index.html + assets), usually out/renderer. */
  rendererDir: string;
  /** Largest accepted request body in bytes. Default 1 MiB (inputs are paths and ids, never files). */
  maxBodyBytes?: number;
  /** Interval of the SSE keep-alive comment, ms (proxies and browsers drop silent streams). Default 15 000. */
  heartbeatMs?: number;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:43817 (without the token). */
  url: string;
  port: number;
  token: string;
  instanceId: string;
  /** Ends the event streams, stops listening and closes every connection. */
  close(): Promise<void>;
}

/** HTTP status for an error code: the caller's mistakes are 4xx, everything else is ours (500). */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.INVALID_ARGUMENT:
    case ErrorCode.QUERY_INVALID:
      return 400;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.FILE_NOT_FOUND:
      return 404;
    default:
      return 500;
  }
}

export async function startServer(core: ServedCore, options: ServerOptions): Promise<RunningServer> {
  const givenHost = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(givenHost)) {
    // The token is the only lock; on a network interface it would travel in clear text.
    throw new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `docpipe serve listens on loopback only (127.0.0.1, ::1 or localhost), not "${givenHost}".`,
    );
  }
  // `[::1]` is how an IPv6 address is written in a URL; listen() wants it bare (baseUrl adds the brackets back).
  const host = givenHost.startsWith('[') && givenHost.endsWith(']') ? givenHost.slice(1, -1) : givenHost;
  const token = options.token ?? newToken();
  const instanceId = options.instanceId ?? newInstanceId();
  if (!INSTANCE_ID_PATTERN.test(instanceId))
    throw new AppError(ErrorCode.INVALID_ARGUMENT, `"${instanceId}" is not an instance id (8 to 32 hex digits).`);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, AppError.wrap(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!hostHeaderAllowed(req.headers.host, port)) {
      sendError(
        res,
        new AppError(ErrorCode.INVALID_ARGUMENT, 'This server answers to 127.0.0.1 and localhost only.'),
        421,
      );
      return;
    }
    if (!originAllowed(req.headers.origin, port)) {
      sendError(res, new AppError(ErrorCode.INVALID_ARGUMENT, 'Requests from other sites are refused.'), 403);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!tokensEqual(requestToken(req, url, instanceId), token)) {
        sendError(
          res,
          new AppError(ErrorCode.INVALID_ARGUMENT, 'Missing or wrong token: open the link printed by "docpipe serve".'),
          401,
        );
        return;
      }
      if (await handleUploadRoute(req, res, url, core.uploads)) return;
      if (url.pathname === '/api/events') {
        if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
        openEventStream(req, res);
        return;
      }
      const pageImage = parsePageImagePath(url.pathname, url.searchParams);
      if (pageImage) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
        await sendPageImage(res, pageImage, req.method === 'HEAD', url.searchParams.has('v'));
        return;
      }
      const documentFile = parseDocumentFilePath(url.pathname);
      if (documentFile) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
        await sendDocumentFile(core.api, req, res, documentFile.id, url, httpStatusFor);
        return;
      }
      if (url.pathname === EXPORT_CSV_PATH) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
        await sendExportCsv(core.api, req, res, url);
        return;
      }
      if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
      await handleCommand(req, res, url.pathname.slice('/api/'.length));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
    const given = url.searchParams.get('token');
    if (given !== null) {
      // First page load from the printed link: keep the token in an HttpOnly cookie and drop it from
      // the address bar (history, screenshots, Referer). An old link in a browser signed in since is
      // only dropped from the address: the cookie already does the signing in.
      const signedIn = tokensEqual(readCookie(req.headers.cookie, tokenCookieName(instanceId)), token);
      if (!tokensEqual(given, token) && !signedIn) {
        if (wantsHtml(req)) return sendSignInPage(res, 'wrong', req.method === 'HEAD');
        sendError(
          res,
          new AppError(ErrorCode.INVALID_ARGUMENT, 'Wrong token: open the link printed by "docpipe serve".'),
          401,
        );
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...(tokensEqual(given, token) && { 'Set-Cookie': tokenCookie(token, instanceId) }),
        Location: sameSiteLocation(url),
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    // A page load must be signed in; the scripts and styles it loads are the public build and need not be.
    if (wantsHtml(req) && !tokensEqual(requestToken(req, url, instanceId), token)) {
      // Our cookie with another value (a token replaced since, or a mangled cookie) is a wrong token.
      const ownCookie = hasCookie(req.headers.cookie, tokenCookieName(instanceId));
      return sendSignInPage(res, ownCookie ? 'wrong' : 'missing', req.method === 'HEAD');
    }
    const sent = await sendStatic(options.rendererDir, url.pathname, res, req.method === 'HEAD');
    if (!sent) sendError(res, new AppError(ErrorCode.NOT_FOUND, `Nothing at ${url.pathname}.`));
  }

  async function handleCommand(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (isByteCommand(name)) {
      // Refused rather than sent as base64: a JSON body would hold a third more than the picture, the page
      // would decode it into a blob, and the browser could not cache it; an <img> loads the GET route directly.
      const route = BYTE_ROUTES[name].pattern;
      sendError(
        res,
        new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `${name} answers with bytes, which a JSON body does not carry: GET ${route} instead.`,
        ),
      );
      return;
    }
    // A JSON content type forces a CORS preflight for cross-site pages, which we never answer.
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      sendError(
        res,
        new AppError(ErrorCode.INVALID_ARGUMENT, 'Send the command input as JSON (Content-Type: application/json).'),
        415,
      );
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      // The rest of the body is not read: the answer says the connection closes, and it does once the
      // answer is out, so a client sending gigabytes costs the server nothing more.
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.destroy());
      sendError(res, new AppError(ErrorCode.INVALID_ARGUMENT, `Request body over ${maxBodyBytes} bytes.`), 413);
      return;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : (JSON.parse(body) as unknown);
    } catch {
      sendError(res, new AppError(ErrorCode.INVALID_ARGUMENT, `The body of ${name} is not valid JSON.`));
      return;
    }
    // The api parses `input` with the contract's schema; the server adds no logic of its own.
    const answer = await callCommand(core.api, name, input);
    sendJson(res, answer.ok ? 200 : httpStatusFor(answer.error.code), answer);
  }

  /** The `pageImage` command through the api like any other; only the answer's form is HTTP's own. */
  /** @param versioned the address names the content (`v`, its hash): the picture there never changes. */
  async function sendPageImage(
    res: ServerResponse,
    request: PageImageRequest,
    headOnly: boolean,
    versioned: boolean,
  ): Promise<void> {
    const answer = await callCommand(core.api, 'pageImage', request);
    if (!answer.ok) {
      sendJson(res, pageImageStatusFor(answer.error.code), answer);
      return;
    }
    const image = answer.result;
    res.writeHead(200, {
      'Content-Type': image.contentType,
      'Content-Length': image.bytes.byteLength,
      // The page of a private document: this browser may keep it, nothing in between may.
      'Cache-Control': versioned ? 'private, max-age=31536000, immutable' : 'private, max-age=300',
      'Content-Security-Policy': "default-src 'none'",
    });
    res.end(headOnly ? undefined : image.bytes);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // A comment first, so the client (and tests) know the subscription is live. `retry`: after a restart
    // of docpipe the browser tries again within a second instead of its default three.
    res.write(`: connected\nretry: ${RECONNECT_MS}\n\n`);
    streams.add(res);
    // Followed, not only subscribed: a CLI ingest into this data folder shows in the page as it goes.
    const unsubscribe = core.events.follow((event: DocpipeEvent) => {
      res.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', end);
    res.on('close', end);
  }

  const wantedPort = options.port ?? 0;
  await new Promise<void>((resolveListening, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(listenError(error, host, wantedPort));
    server.once('error', refuse);
    server.listen(wantedPort, host, () => {
      server.off('error', refuse);
      resolveListening();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl(host, port),
    port,
    token,
    instanceId,
    close() {
      closing ??= new Promise<void>((resolveClosed) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.close(() => resolveClosed());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** How long a browser waits before it reconnects its event stream, ms (sent as SSE `retry`). */
const RECONNECT_MS = 1000;

/** Why the server could not listen, as a sentence: a busy port is the usual case, and has its own code. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): AppError {
  if (error.code === 'EADDRINUSE')
    return new AppError(
      ErrorCode.PORT_IN_USE,
      `Port ${port} on ${host} is in use by another program. Choose another with --port N, or leave --port out and docpipe picks a free one.`,
      { cause: error },
    );
  if (error.code === 'EACCES')
    return new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `This user may not listen on port ${port} (ports below 1024 need administrator rights). Choose one from 1024 to 65535 with --port N.`,
      { cause: error },
    );
  if (error.code === 'EADDRNOTAVAIL')
    return new AppError(ErrorCode.INVALID_ARGUMENT, `${host} is not an address of this machine.`, { cause: error });
  return AppError.wrap(error, ErrorCode.INTERNAL, `docpipe could not listen on ${host}:${port}`);
}

/**
 * Where the token-cleaning redirect goes: this server's own path. A path beginning with two slashes
 * (`//evil.example/x`) would be read by the browser as another host, so leading slashes collapse to one.
 */
export function sameSiteLocation(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
}

function sendSignInPage(res: ServerResponse, problem: SignInProblem, headOnly: boolean): void {
  const body = signInPage(problem);
  res.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': SIGN_IN_PAGE_CSP,
  });
  res.end(headOnly ? undefined : body);
}

/** A missing document, page or file is 404; a type without a preview is 415. */
function pageImageStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.FILE_NOT_FOUND:
      return 404;
    case ErrorCode.UNSUPPORTED_TYPE:
      return 415;
    default:
      return httpStatusFor(code);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      resolveBody(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        resolveBody(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, error: AppError, status = httpStatusFor(error.code)): void {
  sendJson(res, status, failureOf(error));
}

function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendError(res, new AppError(ErrorCode.INVALID_ARGUMENT, `Method not allowed; use ${allow}.`), 405);
}
