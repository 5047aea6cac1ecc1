import { describe, expect, it, vi } from 'vitest';
import { remoteCommandNames } from '../../../electron/shared/contract/api.js';
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

    expect(Object.keys(client.api).sort()).toEqual([...remoteCommandNames].sort());
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

  it('asks for a part of the original with a Range header, and gives the viewer and downloads its URL', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(Uint8Array.from([5, 6]), {
        status: 206,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Range': 'bytes 10-11/400',
          'Content-Disposition': `inline; filename="R_sum_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf`,
          ETag: '"abc"',
        },
      });
    }) as unknown as typeof fetch;
    const client = createHttpClient({ fetch: fetchStub, token: 'T' });
    const part = await client.api.documentFile({ id: 4, offset: 10, length: 2 });
    expect(calls[0]?.url).toBe('/api/documents/4/file');
    expect((calls[0]?.init.headers as Record<string, string>).Range).toBe('bytes=10-11');
    expect({ ...part, bytes: [...part.bytes] }).toEqual({
      contentType: 'application/pdf',
      fileName: 'Résumé.pdf',
      size: 400,
      sha256: 'abc',
      offset: 10,
      bytes: [5, 6],
    });
    expect(client.documentSource(4)).toEqual({ kind: 'url', url: '/api/documents/4/file?token=T' });
    expect(client.downloadUrl?.(4)).toBe('/api/documents/4/file?download=1&token=T');
    expect(client.openOriginal).toBeNull();
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

describe('HTTP client connection', () => {
  /** The probe's answers, by the status the fetch stub gives (null: the engine is away). */
  function probingClient() {
    const answer: { status: number | null } = { status: 200 };
    const probes: string[] = [];
    const fetchStub = (async (url: string) => {
      probes.push(url);
      if (answer.status === null) throw new TypeError('Failed to fetch');
      return new Response('{}', { status: answer.status });
    }) as unknown as typeof fetch;
    const client = createHttpClient({
      fetch: fetchStub,
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const states: ConnectionState[] = [];
    const stop = client.subscribe(
      () => undefined,
      (s) => states.push(s),
    );
    return { answer, probes, states, stop };
  }

  it('says reconnecting when a live stream drops and the browser tries again, live when it is back', () => {
    const { states, stop, probes } = probingClient();
    const source = FakeEventSource.last!;
    source.onopen?.();
    source.readyState = 0; // CONNECTING: the browser retries by itself
    source.onerror?.();
    source.onerror?.();
    source.onopen?.();
    stop();
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(probes).toEqual([]);
  });

  it('tells a refused token from an engine that is away when the browser gives up, and opens the stream again', async () => {
    vi.useFakeTimers();
    try {
      const { answer, states, stop, probes } = probingClient();
      const first = FakeEventSource.last!;
      first.onopen?.();

      // docpipe went away and the browser closed the stream: reconnecting, and a new stream a moment later.
      answer.status = null;
      first.readyState = FakeEventSource.CLOSED;
      first.onerror?.();
      await vi.advanceTimersByTimeAsync(0);
      expect(first.closed).toBe(true);
      expect(probes).toEqual(['/api/status']);
      expect(states).toEqual(['connecting', 'live', 'reconnecting']);
      await vi.advanceTimersByTimeAsync(1000);
      const second = FakeEventSource.last!;
      expect(second).not.toBe(first);

      // It answers now, but refuses the token (replaced since): signed out, and still trying.
      answer.status = 401;
      second.readyState = FakeEventSource.CLOSED;
      second.onerror?.();
      await vi.advanceTimersByTimeAsync(0);
      expect(states.at(-1)).toBe('signed-out');
      await vi.advanceTimersByTimeAsync(2000);
      const third = FakeEventSource.last!;
      expect(third).not.toBe(second);

      // Signed in from another tab (the cookie is shared): the stream opens, live again.
      third.onopen?.();
      expect(states).toEqual(['connecting', 'live', 'reconnecting', 'signed-out', 'live']);

      // Once nobody listens, nothing is retried any more.
      third.readyState = FakeEventSource.CLOSED;
      third.onerror?.();
      stop();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(FakeEventSource.last).toBe(third);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Electron client', () => {
  it('calls the preload bridge and unwraps its results the same way', async () => {
    const invoked: string[] = [];
    const api = Object.fromEntries(
      remoteCommandNames.map((name) => [
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
      remoteCommandNames.map((name) => [
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
      remoteCommandNames.map((name) => [
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

  it('saves an export through the bridge (the main process asks where), and has no saver without one', async () => {
    const api = {} as BridgeApi;
    const asked: unknown[] = [];
    const client = createElectronClient({
      api,
      events: { subscribe: () => () => undefined },
      pathForFile: () => '',
      choosePaths: async () => [],
      saveExport: async (request) => (asked.push(request), { ok: true, result: { path: '/home/me/x.csv', rows: 3 } }),
    });
    expect(client.exportCsv.kind).toBe('dialog');
    if (client.exportCsv.kind !== 'dialog') return;
    expect(await client.exportCsv.save({ type: 'invoice', bom: true })).toEqual({ path: '/home/me/x.csv', rows: 3 });
    expect(asked).toEqual([{ type: 'invoice', bom: true }]);
    const older = createElectronClient({
      api,
      events: { subscribe: () => () => undefined },
      pathForFile: () => '',
      choosePaths: async () => [],
    });
    expect(older.exportCsv.kind).toBe('none');
  });
});

describe('HTTP client export link', () => {
  it('points at the streamed route with the filters in the query, and the token when it has one', () => {
    const client = createHttpClient({ token: 'T', EventSource: FakeEventSource as unknown as typeof EventSource });
    expect(client.exportCsv.kind).toBe('download');
    if (client.exportCsv.kind !== 'download') return;
    expect(client.exportCsv.url({ type: 'invoice', fields: ['date', 'total'], ids: [3, 5], bom: true })).toBe(
      '/api/export.csv?type=invoice&fields=date%2Ctotal&ids=3%2C5&bom=1&token=T',
    );
    const cookie = createHttpClient({ EventSource: FakeEventSource as unknown as typeof EventSource });
    expect(cookie.exportCsv.kind === 'download' && cookie.exportCsv.url({})).toBe('/api/export.csv');
  });
});
