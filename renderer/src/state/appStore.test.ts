import { describe, expect, it, vi } from 'vitest';
import { remoteCommandNames, type RemoteApi } from '../../../electron/shared/contract/api.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { ConnectionState, DocpipeClient } from '../client/docpipeClient.js';
import { createAppStore } from './appStore.js';

function fakeClient() {
  const calls: string[] = [];
  let push: ((e: DocpipeEvent) => void) | null = null;
  let connection: ((s: ConnectionState) => void) | undefined;
  const api = Object.fromEntries(remoteCommandNames.map((name) => [name, async () => ({})])) as unknown as RemoteApi;
  Object.assign(api, {
    status: async () => (
      calls.push('status'),
      { documents: 1, jobs: { queued: 0, running: 0, retryable: 0, completed: 0, discarded: 1 }, watched: [] }
    ),
    listDocuments: async () => (calls.push('listDocuments'), []),
    ingest: async () => (
      calls.push('ingest'),
      { batchId: 'b1', found: 2, new: 2, unchanged: 0, duplicates: 0, changed: 0, failed: 0 }
    ),
    batchProgress: async () => (
      calls.push('batchProgress'),
      { batchId: 'b1', pending: 1, completed: 1, failed: 0, failures: [] }
    ),
    getDocument: async () => {
      calls.push('getDocument');
      return {
        jobs: [
          { id: 5, state: 'discarded' },
          { id: 6, state: 'completed' },
        ],
      };
    },
    retryJobs: async (input: unknown) => (calls.push(`retryJobs ${JSON.stringify(input)}`), { retried: 1 }),
  });
  const client: DocpipeClient = {
    transport: 'http',
    api,
    pathForFile: null,
    pageImage: async () => Promise.reject(new AppError(ErrorCode.UNSUPPORTED_TYPE, 'no pictures here')),
    documentSource: (id) => ({ kind: 'url', url: `/api/documents/${id}/file` }),
    downloadUrl: null,
    openOriginal: null,
    showOriginal: null,
    exportCsv: { kind: 'none' },
    subscribe(listener, onConnection) {
      push = listener;
      connection = onConnection;
      return () => (push = null);
    },
  };
  return { client, calls, push: (e: DocpipeEvent) => push?.(e), connect: (s: ConnectionState) => connection?.(s) };
}

const event = (id: number): DocpipeEvent => ({
  id,
  at: '',
  correlationId: 'b1',
  documentId: 1,
  type: 'document.completed',
});

describe('app store', () => {
  it('ingests, then follows the batch; a burst of events causes one reload', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeClient();
      const store = createAppStore(fake.client);
      const stop = store.getState().connect();
      await store.getState().ingest(['/inbox'], false);
      expect(store.getState().batch?.progress).toMatchObject({ completed: 1, pending: 1 });
      expect(store.getState().notice?.text).toMatch(/2 files found: 2 new/);

      fake.calls.length = 0;
      for (let i = 1; i <= 20; i++) fake.push(event(i));
      await vi.advanceTimersByTimeAsync(250);
      expect(fake.calls.filter((c) => c === 'status')).toHaveLength(1);
      expect(store.getState().activity).toHaveLength(20);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reloads on (re)connection and retries a document through its discarded jobs', async () => {
    const fake = fakeClient();
    const store = createAppStore(fake.client);
    store.getState().connect();
    fake.connect('live');
    await vi.waitFor(() => expect(store.getState().status?.documents).toBe(1));
    expect(store.getState().connection).toBe('live');

    await store.getState().retryDocument(1);
    expect(fake.calls).toContain('retryJobs {"jobId":5}');
    expect(fake.calls).not.toContain('retryJobs {"jobId":6}');
  });

  it('keeps what it showed while the engine is away, and reloads it when the engine is back', async () => {
    const fake = fakeClient();
    let documents = 1;
    Object.assign(fake.client.api, {
      status: async () => (
        fake.calls.push('status'),
        { documents, jobs: { queued: 0, running: 0, retryable: 0, completed: 0, discarded: 0 }, watched: [] }
      ),
    });
    const store = createAppStore(fake.client);
    store.getState().connect();
    fake.connect('live');
    await vi.waitFor(() => expect(store.getState().status?.documents).toBe(1));

    fake.calls.length = 0;
    fake.connect('reconnecting');
    expect(store.getState().connection).toBe('reconnecting');
    expect(store.getState().status?.documents).toBe(1);
    expect(fake.calls).toEqual([]);

    documents = 2;
    fake.connect('live');
    await vi.waitFor(() => expect(store.getState().status?.documents).toBe(2));
    expect(fake.calls).toContain('status');
  });

  it('shows errors with their code', async () => {
    const fake = fakeClient();
    fake.client.api.ingest = async () => {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, 'Invalid arguments for ingest: paths: Too small');
    };
    const store = createAppStore(fake.client);
    await store.getState().ingest([''], false);
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: 'Invalid arguments for ingest: paths: Too small (INVALID_ARGUMENT)',
    });
    expect(store.getState().ingesting).toBe(false);
  });
});
