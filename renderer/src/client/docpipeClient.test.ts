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

const completed: DocpipeEvent = { id: 7, at: '2026-01-01T00:00:00Z', correlationId: 'b1', documentId: 3, type: 'document.completed' };

describe('HTTP client', () => {
  it('posts every contract command as JSON and unwraps results and error codes', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const body = url.endsWith('/getDocument') ? { ok: false, error: { code: 'NOT_FOUND', message: 'No document 9.' } } : { ok: true, result: { documents: 2 } };
      return new Response(JSON.stringify(body), { status: url.endsWith('/getDocument') ? 404 : 200 });
    }) as unknown as typeof fetch;
    const client = createHttpClient({ fetch: fetchStub, token: 'T', EventSource: FakeEventSource as unknown as typeof EventSource });

    expect(Object.keys(client.api).sort()).toEqual([...commandNames].sort());
    expect(await client.api.status({})).toEqual({ documents: 2 });
    expect(calls[0]?.url).toBe('/api/status');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer T');

    const error = await client.api.getDocument({ ref: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect(client.pathForFile).toBeNull();
    expect(client.pageImageUrl(4, 2)).toBe('/api/documents/4/pages/2/image?token=T');
    expect(createHttpClient({ baseUrl: 'http://127.0.0.1:9' }).pageImageUrl(4, 1)).toBe('http://127.0.0.1:9/api/documents/4/pages/1/image');
  });

  it('refuses an answer that is not the envelope, saying which HTTP status came back', async () => {
    const client = createHttpClient({ fetch: (async () => new Response('{"hello":1}', { status: 502 })) as unknown as typeof fetch });
    await expect(client.api.status({})).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/HTTP 502 without a result/) });
  });

  it('reports a server that is gone as a sentence, not a TypeError', async () => {
    const client = createHttpClient({ fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch });
    await expect(client.api.status({})).rejects.toThrow(/not reachable.*docpipe serve/);
  });

  it('delivers parsed events, drops malformed ones and reports the connection', () => {
    const client = createHttpClient({ token: 'T', EventSource: FakeEventSource as unknown as typeof EventSource });
    const events: DocpipeEvent[] = [];
    const states: ConnectionState[] = [];
    const stop = client.subscribe((e) => events.push(e), (s) => states.push(s));
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
});

describe('Electron client', () => {
  it('calls the preload bridge and unwraps its results the same way', async () => {
    const invoked: string[] = [];
    const api = Object.fromEntries(
      commandNames.map((name) => [name, async () => (invoked.push(name), name === 'status' ? { ok: true, result: { documents: 1 } } : { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'bad' } })]),
    ) as unknown as BridgeApi;
    let push: ((e: DocpipeEvent) => void) | null = null;
    const bridge: DocpipeBridge = { api, events: { subscribe: (l) => ((push = l), () => (push = null)) }, pathForFile: () => '/home/me/a.pdf' };
    const client = createElectronClient(bridge);
    expect(await client.api.status({})).toEqual({ documents: 1 });
    await expect(client.api.ingest({ paths: ['x'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const events: DocpipeEvent[] = [];
    client.subscribe((e) => events.push(e));
    push!(completed);
    expect(events).toEqual([completed]);
    expect(client.pathForFile?.({} as File)).toBe('/home/me/a.pdf');
    // No images over IPC yet: the review screen falls back to the page's text.
    expect(client.pageImageUrl(1, 1)).toBeNull();
    expect(invoked).toEqual(['status', 'ingest']);
  });
});
