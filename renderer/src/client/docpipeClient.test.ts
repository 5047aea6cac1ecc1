import { describe, expect, it } from 'vitest';
import { commandNames } from '../../../electron/shared/contract/api.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { BridgeApi, DocpipeBridge } from '../../../electron/preload/bridge.js';
import { createElectronClient, createHttpClient, type ConnectionState } from './docpipeClient.js';

/** Stands in for the browser's EventSource: the test pushes messages through `last`. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close() {
    this.closed = true;
  }
}

const completed: DocpipeEvent = {
  id: 7,
  at: '2026-01-01T00:00:00Z',
  correlationId: 'b1',
  documentId: 3,
  type: 'document.completed',
};

describe('HTTP client', () => {
  it('posts every contract command as JSON and unwraps results and error codes', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const body = url.endsWith('/getDocument')
        ? { ok: false, error: { code: 'NOT_FOUND', message: 'No document 9.' } }
        : { ok: true, result: { documents: 2 } };
      return new Response(JSON.stringify(body), { status: url.endsWith('/getDocument') ? 404 : 200 });
    }) as unknown as typeof fetch;
    const client = createHttpClient({
      fetch: fetchStub,
      token: 'T',
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });

    expect(Object.keys(client.api).sort()).toEqual([...commandNames].sort());
    expect(await client.api.status({})).toEqual({ documents: 2 });
    expect(calls[0]?.url).toBe('/api/status');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer T');

    const error = await client.api.getDocument({ ref: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect(client.pathForFile).toBeNull();
  });

  it('links page pictures to the GET route, which the browser loads and caches itself', async () => {
    const client = createHttpClient({
      token: 'T',
      fetch: (async () => Promise.reject(new Error('no fetch for a link'))) as unknown as typeof fetch,
    });
    const link = await client.pageImage(4, 2);
    expect(link.url).toBe('/api/documents/4/pages/2/image?token=T');
    link.release();
    expect((await createHttpClient({ baseUrl: 'http://127.0.0.1:9' }).pageImage(4, 1)).url).toBe(
      'http://127.0.0.1:9/api/documents/4/pages/1/image',
    );
  });

  it('calls pageImage on its GET route, never as a JSON POST, and reads errors from the envelope', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      if (url.includes('/documents/9/'))
        return new Response(
          JSON.stringify({
            ok: false,
            error: { code: 'UNSUPPORTED_TYPE', message: 'No page preview for text/plain documents.' },
          }),
          { status: 415 },
        );
      return new Response(Uint8Array.from([1, 2, 3]), { status: 200, headers: { 'Content-Type': 'image/jpeg' } });
    }) as unknown as typeof fetch;
    const client = createHttpClient({ fetch: fetchStub, token: 'T' });
    const image = await client.api.pageImage({ id: 4, page: 2 });
    expect(image.contentType).toBe('image/jpeg');
    expect([...image.bytes]).toEqual([1, 2, 3]);
    expect(calls[0]?.url).toBe('/api/documents/4/pages/2/image');
    expect(calls[0]?.init.method).toBe('GET');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer T');
    await expect(client.api.pageImage({ id: 9, page: 1 })).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    // A request that cannot be a path is refused before anything is sent.
    await expect(client.api.pageImage({ id: -1, page: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(calls).toHaveLength(2);
  });

  it('refuses an answer that is not the envelope, saying which HTTP status came back', async () => {
    const client = createHttpClient({
      fetch: (async () => new Response('{"hello":1}', { status: 502 })) as unknown as typeof fetch,
    });
    await expect(client.api.status({})).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/HTTP 502 without a result/),
    });
  });

  it('reports a server that is gone as a sentence, not a TypeError', async () => {
    const client = createHttpClient({
      fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch,
    });
    await expect(client.api.status({})).rejects.toThrow(/not reachable.*docpipe serve/);
  });

  it('delivers parsed events, drops malformed ones and reports the connection', () => {
    const client = createHttpClient({ token: 'T', EventSource: FakeEventSource as unknown as typeof EventSource });
    const events: DocpipeEvent[] = [];
    const states: ConnectionState[] = [];
    const stop = client.subscribe(
      (e) => events.push(e),
      (s) => states.push(s),
    );
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/api/events?token=T');
    source.onopen?.();
    source.onmessage?.({ data: JSON.stringify(completed) });
    source.onmessage?.({ data: '{"type":"document.hacked"}' });
    source.onmessage?.({ data: 'not json' });
    stop();
    expect(events).toEqual([completed]);
    expect(states).toEqual(['connecting', 'live']);
    expect(source.closed).toBe(true);
  });

  it('shares one event stream between subscribers, tells a late one it is live, and closes with the last', () => {
    let opened = 0;
    class CountingEventSource extends FakeEventSource {
      constructor(url: string) {
        super(url);
        opened++;
      }
    }
    const client = createHttpClient({ EventSource: CountingEventSource as unknown as typeof EventSource });
    const first: DocpipeEvent[] = [];
    const second: DocpipeEvent[] = [];
    const secondStates: ConnectionState[] = [];
    const stopFirst = client.subscribe((e) => first.push(e));
    const source = FakeEventSource.last!;
    source.onopen?.();
    const stopSecond = client.subscribe(
      (e) => second.push(e),
      (s) => secondStates.push(s),
    );
    expect(opened).toBe(1);
    expect(secondStates).toEqual(['live']);
    source.onmessage?.({ data: JSON.stringify(completed) });
    expect(first).toEqual([completed]);
    expect(second).toEqual([completed]);

    stopFirst();
    expect(source.closed).toBe(false);
    source.onmessage?.({ data: JSON.stringify({ ...completed, id: 8 }) });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
    stopSecond();
    expect(source.closed).toBe(true);
    // A subscriber after that opens a new stream.
    client.subscribe(() => undefined)();
    expect(opened).toBe(2);
  });
});

describe('Electron client', () => {
  it('calls the preload bridge and unwraps its results the same way', async () => {
    const invoked: string[] = [];
    const api = Object.fromEntries(
      commandNames.map((name) => [
        name,
        async () => (
          invoked.push(name),
          name === 'status'
            ? { ok: true, result: { documents: 1 } }
            : { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'bad' } }
        ),
      ]),
    ) as unknown as BridgeApi;
    let push: ((e: DocpipeEvent) => void) | null = null;
    const bridge: DocpipeBridge = {
      api,
      events: { subscribe: (l) => ((push = l), () => (push = null)) },
      pathForFile: () => '/home/me/a.pdf',
      choosePaths: async (kind) => (kind === 'folders' ? ['/home/me/receipts', '/home/me/letters'] : []),
    };
    const client = createElectronClient(bridge);
    expect(await client.api.status({})).toEqual({ documents: 1 });
    await expect(client.api.ingest({ paths: ['x'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const events: DocpipeEvent[] = [];
    client.subscribe((e) => events.push(e));
    push!(completed);
    expect(events).toEqual([completed]);
    expect(client.pathForFile?.({} as File)).toBe('/home/me/a.pdf');
    // The system's dialog is the desktop app's; it reads chosen folders where they are, so nothing is uploaded.
    expect(await client.choosePaths?.('folders')).toEqual(['/home/me/receipts', '/home/me/letters']);
    expect(client.uploadFile ?? null).toBeNull();
    expect(invoked).toEqual(['status', 'ingest']);
  });

  it('makes a page picture from the bytes that come over IPC, and frees it on release', async () => {
    const requests: unknown[] = [];
    const api = Object.fromEntries(
      commandNames.map((name) => [
        name,
        async () => ({ ok: false, error: { code: 'INTERNAL', message: 'unexpected' } }),
      ]),
    ) as unknown as BridgeApi;
    api.pageImage = async (input) => {
      requests.push(input);
      return { ok: true, result: { contentType: 'image/png', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]) } };
    };
    const blobs: Blob[] = [];
    const revoked: string[] = [];
    const objectUrls = {
      create: (blob: Blob) => (blobs.push(blob), `blob:docpipe/${blobs.length}`),
      revoke: (url: string) => void revoked.push(url),
    };
    const client = createElectronClient(
      { api, events: { subscribe: () => () => undefined }, pathForFile: () => '', choosePaths: async () => [] },
      objectUrls,
    );

    const link = await client.pageImage(3, 2);
    expect(requests).toEqual([{ id: 3, page: 2 }]);
    expect(link.url).toBe('blob:docpipe/1');
    expect(blobs[0]?.type).toBe('image/png');
    expect([...new Uint8Array(await blobs[0]!.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(revoked).toEqual([]);
    link.release();
    expect(revoked).toEqual(['blob:docpipe/1']);
  });

  it("rejects with the engine's error code when the page has no picture", async () => {
    const api = Object.fromEntries(
      commandNames.map((name) => [
        name,
        async () => ({
          ok: false,
          error: { code: 'UNSUPPORTED_TYPE', message: 'No page preview for text/plain documents.', retryable: false },
        }),
      ]),
    ) as unknown as BridgeApi;
    const created: Blob[] = [];
    const client = createElectronClient(
      { api, events: { subscribe: () => () => undefined }, pathForFile: () => '', choosePaths: async () => [] },
      { create: (b) => (created.push(b), 'blob:x'), revoke: () => undefined },
    );
    await expect(client.pageImage(1, 1)).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    expect(created).toEqual([]);
  });
});
