/**
 * The one place in the renderer that touches a transport. In the desktop app the preload has put the
 * contract on `window.docpipe` (IPC); in a browser (`docpipe serve`) the same commands go over HTTP and
 * events come over Server-Sent Events. Everything else in the UI sees only `DocpipeClient`.
 *
 * Both transports answer in the contract's envelope (shared/contract/envelope.ts); `unwrapResult` turns
 * the error half back into an AppError so screens can key on `code`. HTTP bodies and events are parsed
 * with the contract's schemas: what arrives over a socket is untrusted until it parses.
 */
import { commandNames, commands, type Api, type CommandName } from '../../../electron/shared/contract/api.js';
import {
  failureOf,
  parseCommandResult,
  unwrapResult,
  type CommandResult,
} from '../../../electron/shared/contract/envelope.js';
import {
  BYTE_ROUTES,
  isByteCommand,
  pageImagePath,
  type ByteCommandName,
} from '../../../electron/shared/contract/http.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import { UploadReceipt, uploadFileUrl } from '../../../electron/shared/contract/uploads.js';
import type { DocpipeBridge, PathKind } from '../../../electron/preload/bridge.js';

export type ConnectionState = 'connecting' | 'live' | 'offline';
type DocpipeEventListener = (event: DocpipeEvent) => void;
type ConnectionListener = (state: ConnectionState) => void;

export interface DocpipeClient {
  /** The engine's API, typed from the contract. Rejects with AppError (with its `code`). */
  api: Api;
  /**
   * Events as they happen. `onConnection` reports the event stream's state; on every 'live' the caller
   * should reload its snapshot, since events missed while disconnected are not replayed.
   */
  subscribe(listener: DocpipeEventListener, onConnection?: ConnectionListener): () => void;
  /** The disk path of a dropped File, in the desktop app only (null in a browser: no such thing there). */
  pathForFile: ((file: File) => string) | null;
  /**
   * A page's picture for an <img> (the review screen draws field boxes on it). In a browser it is the
   * server's GET route (the browser caches it, the token cookie authorises it); in the desktop app the
   * `pageImage` command's bytes come over IPC and become a blob: URL. Rejects with AppError like `api`.
   */
  pageImage(documentId: number, page: number): Promise<PageImageLink>;
  /**
   * The system's open dialog for folders or files (the desktop app, whose engine reads them where they
   * are); absent in a browser, which uploads what a person picks instead.
   */
  choosePaths?: ((kind: PathKind) => Promise<string[]>) | null;
  /**
   * Sends one file of a browser upload (see electron/shared/contract/uploads.ts), reporting the bytes
   * sent so far; rejects with AppError. Absent in the desktop app, whose engine reads files where they are.
   */
  uploadFile?: ((request: UploadFileRequest) => Promise<UploadReceipt>) | null;
  transport: 'electron' | 'http';
}

export interface UploadFileRequest {
  uploadId: string;
  /** Its path relative to what was dropped or picked. */
  path: string;
  body: Blob;
  /** Bytes of the body sent so far. */
  onProgress?(sentBytes: number): void;
  /** Aborting it stops the transfer; the promise then rejects. */
  signal?: AbortSignal;
}

export interface PageImageLink {
  url: string;
  /** Call when the picture is no longer shown: a blob: URL holds its bytes until it is revoked. */
  release(): void;
}

/** Turns bytes into a URL an <img> can load (the browser's URL.createObjectURL, by default). */
export interface ObjectUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

const browserObjectUrls: ObjectUrls = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
};

declare global {
  interface Window {
    docpipe?: DocpipeBridge;
  }
}

/** Builds `Api` from the contract's command names: nothing is listed by hand. */
function buildApi(call: (name: CommandName, input: unknown) => Promise<CommandResult<unknown>>): Api {
  const api: Partial<Record<CommandName, (input: unknown) => Promise<unknown>>> = {};
  for (const name of commandNames) api[name] = async (input: unknown) => unwrapResult(await call(name, input ?? {}));
  return api as Api;
}

function parseEvent(raw: unknown): DocpipeEvent | null {
  const parsed = DocpipeEvent.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function createElectronClient(bridge: DocpipeBridge, objectUrls: ObjectUrls = browserObjectUrls): DocpipeClient {
  const api = buildApi((name, input) => (bridge.api[name] as (i: unknown) => Promise<CommandResult<unknown>>)(input));
  return {
    transport: 'electron',
    api,
    subscribe(listener, onConnection) {
      // IPC is up as long as the window exists.
      onConnection?.('live');
      return bridge.events.subscribe((raw) => {
        const event = parseEvent(raw);
        if (event) listener(event);
      });
    },
    pathForFile: (file) => bridge.pathForFile(file),
    choosePaths: (kind) => bridge.choosePaths(kind),
    uploadFile: null,
    async pageImage(documentId, page) {
      // The page is file:// here, so there is no server to point an <img> at: the bytes come as data.
      const { contentType, bytes } = await api.pageImage({ id: documentId, page });
      const url = objectUrls.create(new Blob([bytes], { type: contentType }));
      return { url, release: () => objectUrls.revoke(url) };
    },
  };
}

export interface HttpClientOptions {
  /** Origin of the server; default: the page's own. */
  baseUrl?: string;
  /** Sent as a Bearer token. Default: none, the HttpOnly cookie set on the first page load does it. */
  token?: string | null;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
  /** For uploads: fetch cannot report how much of a request body is sent, XMLHttpRequest can. */
  XMLHttpRequest?: typeof XMLHttpRequest;
}

export function createHttpClient(options: HttpClientOptions = {}): DocpipeClient {
  const base = options.baseUrl ?? '';
  const token = options.token ?? null;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  const authorization: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { credentials: 'same-origin', ...init });
    } catch (error) {
      throw new AppError(
        ErrorCode.INTERNAL,
        `docpipe is not reachable (${error instanceof Error ? error.message : String(error)}). Is "docpipe serve" still running?`,
      );
    }
  }

  async function readAnswer(response: Response): Promise<CommandResult<unknown>> {
    const answer = parseCommandResult(await response.json().catch(() => null));
    if (answer) return answer;
    throw new AppError(ErrorCode.INTERNAL, `docpipe answered HTTP ${response.status} without a result.`);
  }

  async function call(name: CommandName, input: unknown): Promise<CommandResult<unknown>> {
    if (isByteCommand(name)) return callByteRoute(name, input);
    const response = await send(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authorization },
      body: JSON.stringify(input),
    });
    return readAnswer(response);
  }

  /** A command whose output is bytes, on its GET route (the server refuses it as a JSON POST): the body is the bytes. */
  async function callByteRoute(name: ByteCommandName, input: unknown): Promise<CommandResult<unknown>> {
    // The input becomes a path, so it is checked here first; the api checks it again on the server.
    const request = commands[name].input.safeParse(input);
    if (!request.success)
      return failureOf(
        new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `Invalid arguments for ${name}: ${request.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
        ),
      );
    const response = await send(`${base}${BYTE_ROUTES[name].path(request.data)}`, {
      method: 'GET',
      headers: authorization,
    });
    if (!response.ok) return readAnswer(response);
    return {
      ok: true,
      result: {
        contentType: response.headers.get('Content-Type') ?? 'application/octet-stream',
        bytes: new Uint8Array(await response.arrayBuffer()),
      },
    };
  }

  function uploadFile(request: UploadFileRequest): Promise<UploadReceipt> {
    const XHR = options.XMLHttpRequest ?? XMLHttpRequest;
    return new Promise((resolveUpload, rejectUpload) => {
      const xhr = new XHR();
      const fail = (message: string) => rejectUpload(new AppError(ErrorCode.INTERNAL, message));
      xhr.open('PUT', `${base}${uploadFileUrl(request.uploadId, request.path)}`);
      xhr.withCredentials = true;
      for (const [name, value] of Object.entries(authorization)) xhr.setRequestHeader(name, value);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (event) => request.onProgress?.(event.loaded);
      xhr.onload = () => {
        let raw: unknown = null;
        try {
          raw = JSON.parse(xhr.responseText) as unknown;
        } catch {
          // answered below
        }
        const answer = parseCommandResult(raw);
        if (!answer) return fail(`docpipe answered HTTP ${xhr.status} without a result.`);
        try {
          const receipt = UploadReceipt.safeParse(unwrapResult(answer));
          if (receipt.success) resolveUpload(receipt.data);
          else fail(`docpipe answered the upload of ${request.path} with something else than a receipt.`);
        } catch (error) {
          rejectUpload(error);
        }
      };
      xhr.onerror = () => fail('docpipe is not reachable. Is "docpipe serve" still running?');
      xhr.onabort = () => fail(`The upload of ${request.path} was stopped.`);
      if (request.signal?.aborted) return fail(`The upload of ${request.path} was stopped.`);
      request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(request.body);
    });
  }

  // Looked up when the stream opens, not here: a client that only calls commands needs no EventSource.
  const events = sharedEventStream(
    `${base}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    () => options.EventSource ?? EventSource,
  );

  return {
    transport: 'http',
    api: buildApi(call),
    subscribe: events.subscribe,
    pathForFile: null,
    choosePaths: null,
    uploadFile,
    async pageImage(documentId, page) {
      // An <img> cannot send a header: the HttpOnly cookie authorises it, or the token from the address.
      const query = token ? `?token=${encodeURIComponent(token)}` : '';
      return { url: `${base}${pageImagePath({ id: documentId, page })}${query}`, release: () => undefined };
    },
  };
}

/**
 * One EventSource for every subscriber of a window (the app's snapshot, the services screen…): a browser
 * allows few connections per server, and each stream holds one open for good. It opens with the first
 * subscriber and closes with the last; a late subscriber is told the state the stream is in.
 */
function sharedEventStream(url: string, eventSourceClass: () => typeof EventSource): Pick<DocpipeClient, 'subscribe'> {
  const subscribers = new Set<{ listener: DocpipeEventListener; onConnection: ConnectionListener | undefined }>();
  let source: EventSource | null = null;
  let connection: ConnectionState = 'connecting';
  const report = (state: ConnectionState) => {
    connection = state;
    for (const s of subscribers) s.onConnection?.(state);
  };
  function start(): EventSource {
    const EventSourceImpl = eventSourceClass();
    const opened = new EventSourceImpl(url);
    connection = 'connecting';
    opened.onopen = () => report('live');
    // EventSource reconnects by itself; 'offline' until it does.
    opened.onerror = () => report(opened.readyState === EventSourceImpl.CLOSED ? 'offline' : 'connecting');
    opened.onmessage = (message: MessageEvent<string>) => {
      let raw: unknown;
      try {
        raw = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = parseEvent(raw);
      if (event) for (const s of [...subscribers]) s.listener(event);
    };
    return opened;
  }
  return {
    subscribe(listener, onConnection) {
      const subscriber = { listener, onConnection };
      subscribers.add(subscriber);
      source ??= start();
      onConnection?.(connection);
      return () => {
        if (!subscribers.delete(subscriber) || subscribers.size > 0) return;
        source?.close();
        source = null;
      };
    },
  };
}

/**
 * The client for this window: the preload's bridge when present, else HTTP to the page's origin. A
 * `?token=` left in the address (the server normally trades it for a cookie) is used as a Bearer token.
 */
export function createClient(win: Window = window): DocpipeClient {
  if (win.docpipe) return createElectronClient(win.docpipe);
  const token = new URLSearchParams(win.location.search).get('token');
  return createHttpClient({ token });
}
