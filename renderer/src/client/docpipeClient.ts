/**
 * The one place in the renderer that touches a transport. In the desktop app the preload has put the
 * contract on `window.docpipe` (IPC); in a browser (`docpipe serve`) the same commands go over HTTP and
 * events come over Server-Sent Events. Everything else in the UI sees only `DocpipeClient`.
 *
 * Both transports answer in the contract's envelope (shared/contract/envelope.ts); `unwrapResult` turns
 * the error half back into an AppError so screens can key on `code`. HTTP bodies and events are parsed
 * with the contract's schemas: what arrives over a socket is untrusted until it parses.
 */
import {
  commands,
  remoteCommandNames,
  type DocumentFile,
  type RemoteApi,
  type RemoteCommandName,
} from '../../../electron/shared/contract/api.js';
import {
  failureOf,
  parseCommandResult,
  unwrapResult,
  type CommandResult,
} from '../../../electron/shared/contract/envelope.js';
import {
  BYTE_ROUTES,
  documentFilePath,
  isByteCommand,
  pageImagePath,
  type ByteCommandName,
} from '../../../electron/shared/contract/http.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { DocpipeBridge, PathKind, SavedExport } from '../../../electron/preload/bridge.js';
import { exportCsvPath, type ExportRequestInput } from '../../../electron/shared/contract/exports.js';
import { UploadReceipt, uploadFileUrl } from '../../../electron/shared/contract/uploads.js';

/**
 * The event stream's state, which is the UI's link to the engine:
 * - `connecting`: not live yet since the window opened;
 * - `live`: events flow (on every `live` the snapshot is reloaded: events missed meanwhile are not replayed);
 * - `reconnecting`: it was live and the engine went away (docpipe stopped or restarting); trying again;
 * - `signed-out`: the engine answers but refuses this window's token (a token replaced since); trying
 *   again too, so signing in from another tab brings this one back.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'signed-out';
type DocpipeEventListener = (event: DocpipeEvent) => void;
type ConnectionListener = (state: ConnectionState) => void;

export interface DocpipeClient {
  /** The engine's API as a page may call it, typed from the contract. Rejects with AppError (with its `code`). */
  api: RemoteApi;
  /**
   * Events as they happen. `onConnection` reports the event stream's state (ConnectionState); on every
   * 'live' the caller should reload its snapshot, since events missed while disconnected are not replayed.
   */
  subscribe(listener: DocpipeEventListener, onConnection?: ConnectionListener): () => void;
  /** The disk path of a dropped File, in the desktop app only (null in a browser: no such thing there). */
  pathForFile: ((file: File) => string) | null;
  /**
   * A page's picture for an <img> (the review screen draws field boxes on it). In a browser it is the
   * server's GET route (the browser caches it, the token cookie authorises it); in the desktop app the
   * `pageImage` command's bytes come over IPC and become a blob: URL. Rejects with AppError like `api`.
   */
  pageImage(documentId: number, page: number, thumbnail?: ThumbnailOptions): Promise<PageImageLink>;
  /** Where the page viewer gets a document's original file from (see DocumentSource). */
  documentSource(documentId: number): DocumentSource;
  /** The address that downloads the original (a browser's; null in the desktop app, which opens it instead). */
  downloadUrl: ((documentId: number) => string) | null;
  /**
   * The desktop app's own: opens the original in its default application, or shows it in its folder
   * (null in a browser). Rejects with AppError (FILE_NOT_FOUND when the file moved or changed).
   */
  openOriginal: ((documentId: number) => Promise<void>) | null;
  showOriginal: ((documentId: number) => Promise<void>) | null;
  /** How this window saves a CSV export (the API never writes where a page says). */
  exportCsv: ExportSaver;
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

/**
 * How the viewer reads a document's original: a URL the browser fetches (in ranges, so pdf.js loads a
 * large PDF as it is shown), or parts of it over IPC (the desktop page is file://, with no server).
 */
export type DocumentSource =
  { kind: 'url'; url: string } | { kind: 'parts'; read(offset: number, length: number): Promise<DocumentFile> };

/** A page picture at a width (a library thumbnail): rendered once, kept on disk by the engine. */
export interface ThumbnailOptions {
  /** Pixels wide. */
  width: number;
  /**
   * The document's content hash: in a browser the address then names the content, so the browser keeps
   * the picture for good (an id a removed document had may name another document later).
   */
  sha256?: string | null;
}

/**
 * A browser downloads the streamed route (an <a download> link; the cookie authorises it); the desktop
 * app asks where to save in a native dialog and its main process writes there. `none`: a desktop preload
 * without that capability.
 */
export type ExportSaver =
  | { kind: 'download'; url(request: ExportRequestInput): string }
  | { kind: 'dialog'; save(request: ExportRequestInput): Promise<SavedExport | null> }
  | { kind: 'none' };

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

/** Builds the API from the contract's command names: nothing is listed by hand. */
function buildApi(call: (name: RemoteCommandName, input: unknown) => Promise<CommandResult<unknown>>): RemoteApi {
  const api: Partial<Record<RemoteCommandName, (input: unknown) => Promise<unknown>>> = {};
  for (const name of remoteCommandNames)
    api[name] = async (input: unknown) => unwrapResult(await call(name, input ?? {}));
  return api as RemoteApi;
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
    async pageImage(documentId, page, thumbnail) {
      // The page is file:// here, so there is no server to point an <img> at: the bytes come as data.
      const { contentType, bytes } = await api.pageImage({
        id: documentId,
        page,
        ...(thumbnail ? { width: thumbnail.width } : {}),
      });
      const url = objectUrls.create(new Blob([bytes], { type: contentType }));
      return { url, release: () => objectUrls.revoke(url) };
    },
    documentSource: (id) => ({ kind: 'parts', read: (offset, length) => api.documentFile({ id, offset, length }) }),
    downloadUrl: null,
    openOriginal: bridge.originals ? async (id) => void unwrapResult(await bridge.originals!.open(id)) : null,
    showOriginal: bridge.originals ? async (id) => void unwrapResult(await bridge.originals!.show(id)) : null,
    exportCsv: bridge.saveExport
      ? {
          kind: 'dialog',
          save: async (request) => unwrapResult(await bridge.saveExport!(request)),
        }
      : { kind: 'none' },
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
  // A link or pdf.js's fetch cannot always send a header: the cookie authorises them, or the token in the query.
  const tokenQuery = (separator: '?' | '&') => (token ? `${separator}token=${encodeURIComponent(token)}` : '');

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

  async function call(name: RemoteCommandName, input: unknown): Promise<CommandResult<unknown>> {
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
    const route = BYTE_ROUTES[name] as {
      path(input: unknown): string;
      headers?(input: unknown): Record<string, string>;
      output(answer: { headers: Headers; bytes: Uint8Array<ArrayBuffer> }): unknown;
    };
    const response = await send(`${base}${route.path(request.data)}`, {
      method: 'GET',
      headers: { ...authorization, ...route.headers?.(request.data) },
    });
    if (!response.ok) return readAnswer(response);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { ok: true, result: route.output({ headers: response.headers, bytes }) };
  }

  /** Why the event stream was refused: the engine is away, or it answers and refuses the token. */
  async function probe(): Promise<ProbeOutcome> {
    try {
      const response = await doFetch(`${base}/api/status`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...authorization },
        body: '{}',
      });
      return response.status === 401 ? 'refused' : 'answers';
    } catch {
      return 'unreachable';
    }
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
    probe,
  );

  return {
    transport: 'http',
    api: buildApi(call),
    subscribe: events.subscribe,
    pathForFile: null,
    choosePaths: null,
    uploadFile,
    async pageImage(documentId, page, thumbnail) {
      // An <img> cannot send a header: the HttpOnly cookie authorises it, or the token from the address.
      const query = new URLSearchParams();
      if (thumbnail) query.set('width', String(thumbnail.width));
      if (thumbnail?.sha256) query.set('v', thumbnail.sha256.slice(0, 16));
      if (token) query.set('token', token);
      const path = pageImagePath({ id: documentId, page });
      return { url: `${base}${path}${query.toString() ? `?${query.toString()}` : ''}`, release: () => undefined };
    },
    documentSource: (id) => ({ kind: 'url', url: `${base}${documentFilePath({ id })}${tokenQuery('?')}` }),
    downloadUrl: (id) => `${base}${documentFilePath({ id }, { download: true })}${tokenQuery('&')}`,
    openOriginal: null,
    showOriginal: null,
    exportCsv: {
      kind: 'download',
      url: (request) => {
        const path = `${base}${exportCsvPath(request)}`;
        return token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path;
      },
    },
  };
}

type ProbeOutcome = 'answers' | 'refused' | 'unreachable';

/** Waits between tries of a stream the browser gave up on, ms: doubled each time up to the cap. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 10_000;

/**
 * One EventSource for every subscriber of a window (the app's snapshot, the services screen…): a browser
 * allows few connections per server, and each stream holds one open for good. It opens with the first
 * subscriber and closes with the last; a late subscriber is told the state the stream is in.
 *
 * The browser reconnects a dropped stream by itself, but gives up (CLOSED) when an answer is not a stream,
 * such as the 401 of a token replaced since; then `probe` tells a refused token from an engine that is away,
 * and the stream is opened again after a while, until the window is signed in and the engine back.
 */
function sharedEventStream(
  url: string,
  eventSourceClass: () => typeof EventSource,
  probe: () => Promise<ProbeOutcome>,
): Pick<DocpipeClient, 'subscribe'> {
  const subscribers = new Set<{ listener: DocpipeEventListener; onConnection: ConnectionListener | undefined }>();
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let wasLive = false;
  let connection: ConnectionState = 'connecting';
  const report = (state: ConnectionState) => {
    if (state === connection) return;
    connection = state;
    for (const s of subscribers) s.onConnection?.(state);
  };
  const away = (): ConnectionState => (wasLive ? 'reconnecting' : 'connecting');

  async function giveUpAndRetry(): Promise<void> {
    const outcome = await probe();
    if (subscribers.size === 0 || source || retry) return;
    report(outcome === 'refused' ? 'signed-out' : away());
    retry = setTimeout(
      () => {
        retry = null;
        if (subscribers.size > 0) source = start();
      },
      Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures++),
    );
  }

  function start(): EventSource {
    const EventSourceImpl = eventSourceClass();
    const opened = new EventSourceImpl(url);
    opened.onopen = () => {
      failures = 0;
      wasLive = true;
      report('live');
    };
    opened.onerror = () => {
      // CONNECTING: the browser is trying again by itself (the `retry` the server sent).
      if (opened.readyState !== EventSourceImpl.CLOSED) return report(away());
      opened.close();
      if (source === opened) source = null;
      void giveUpAndRetry();
    };
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
      if (!source && !retry) {
        // The first subscriber (again): a fresh stream, whatever the last one went through.
        connection = 'connecting';
        wasLive = false;
        failures = 0;
        source = start();
      }
      onConnection?.(connection);
      return () => {
        if (!subscribers.delete(subscriber) || subscribers.size > 0) return;
        source?.close();
        source = null;
        if (retry) clearTimeout(retry);
        retry = null;
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
