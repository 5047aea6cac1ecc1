/**
 * The one place in the renderer that touches a transport. In the desktop app the preload has put the
 * contract on `window.docpipe` (IPC); in a browser (`docpipe serve`) the same commands go over HTTP and
 * events come over Server-Sent Events. Everything else in the UI sees only `DocpipeClient`.
 *
 * Both transports answer in the contract's envelope (shared/contract/envelope.ts); `unwrapResult` turns
 * the error half back into an AppError so screens can key on `code`. HTTP bodies and events are parsed
 * with the contract's schemas: what arrives over a socket is untrusted until it parses.
 */
import { commandNames, type Api, type CommandName } from '../../../electron/shared/contract/api.js';
import { parseCommandResult, unwrapResult, type CommandResult } from '../../../electron/shared/contract/envelope.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { DocpipeBridge } from '../../../electron/preload/bridge.js';

export type ConnectionState = 'connecting' | 'live' | 'offline';

export interface DocpipeClient {
  /** The engine's API, typed from the contract. Rejects with AppError (with its `code`). */
  api: Api;
  /**
   * Events as they happen. `onConnection` reports the event stream's state; on every 'live' the caller
   * should reload its snapshot, since events missed while disconnected are not replayed.
   */
  subscribe(listener: (event: DocpipeEvent) => void, onConnection?: (state: ConnectionState) => void): () => void;
  /** The disk path of a dropped File, in the desktop app only (null in a browser: no such thing there). */
  pathForFile: ((file: File) => string) | null;
  /**
   * The address of a page's picture for an <img> (the review screen draws field boxes on it); null where
   * the transport has none: the desktop app's IPC carries no images yet, so the page's text is shown.
   */
  pageImageUrl(documentId: number, page: number): string | null;
  transport: 'electron' | 'http';
}

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

export function createElectronClient(bridge: DocpipeBridge): DocpipeClient {
  return {
    transport: 'electron',
    api: buildApi((name, input) => (bridge.api[name] as (i: unknown) => Promise<CommandResult<unknown>>)(input)),
    subscribe(listener, onConnection) {
      // IPC is up as long as the window exists.
      onConnection?.('live');
      return bridge.events.subscribe((raw) => {
        const event = parseEvent(raw);
        if (event) listener(event);
      });
    },
    pathForFile: (file) => bridge.pathForFile(file),
    // Images over IPC would need a custom protocol; until then the review screen shows text only.
    pageImageUrl: () => null,
  };
}

export interface HttpClientOptions {
  /** Origin of the server; default: the page's own. */
  baseUrl?: string;
  /** Sent as a Bearer token. Default: none, the HttpOnly cookie set on the first page load does it. */
  token?: string | null;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export function createHttpClient(options: HttpClientOptions = {}): DocpipeClient {
  const base = options.baseUrl ?? '';
  const token = options.token ?? null;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function call(name: CommandName, input: unknown): Promise<CommandResult<unknown>> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input),
      });
    } catch (error) {
      throw new AppError(ErrorCode.INTERNAL, `docpipe is not reachable (${error instanceof Error ? error.message : String(error)}). Is "docpipe serve" still running?`);
    }
    const answer = parseCommandResult(await response.json().catch(() => null));
    if (answer) return answer;
    throw new AppError(ErrorCode.INTERNAL, `docpipe answered HTTP ${response.status} without a result.`);
  }

  return {
    transport: 'http',
    api: buildApi(call),
    subscribe(listener, onConnection) {
      const EventSourceImpl = options.EventSource ?? EventSource;
      onConnection?.('connecting');
      const source = new EventSourceImpl(`${base}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`);
      source.onopen = () => onConnection?.('live');
      // EventSource reconnects by itself; 'offline' until it does.
      source.onerror = () => onConnection?.(source.readyState === EventSourceImpl.CLOSED ? 'offline' : 'connecting');
      source.onmessage = (message: MessageEvent<string>) => {
        let raw: unknown;
        try {
          raw = JSON.parse(message.data);
        } catch {
          return;
        }
        const event = parseEvent(raw);
        if (event) listener(event);
      };
      return () => source.close();
    },
    pathForFile: null,
    pageImageUrl(documentId, page) {
      // An <img> cannot send a header: the HttpOnly cookie authorises it, or the token from the address.
      const query = token ? `?token=${encodeURIComponent(token)}` : '';
      return `${base}/api/documents/${documentId}/pages/${page}/image${query}`;
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
