import { describe, expect, it } from 'vitest';
import type { PipelineBatch, PipelineOverview } from '../../../electron/shared/contract/pipeline.js';
import { createPipelineStore, describeFinished, type Notifier } from './pipelineStore.js';

function batch(id: string, change: Partial<PipelineBatch>): PipelineBatch {
  return {
    id,
    watch: false,
    startedAt: '2026-12-07T10:00:00.000Z',
    scannedAt: '2026-12-07T10:00:05.000Z',
    found: 3,
    documents: 3,
    pending: 0,
    completed: 3,
    failed: 0,
    finishedAt: '2026-12-07T10:01:00.000Z',
    ...change,
  };
}

function overview(at: string, batches: PipelineBatch[]): PipelineOverview {
  return {
    at,
    documents: { total: 0, queued: 0, processing: 0, completed: 0, failed: 0 },
    stages: [],
    throughput: { minutes: [], perMinute: 0 },
    remaining: 0,
    etaSeconds: null,
    failures: { total: 0, retryable: 0, items: [] },
    batches,
  };
}

function fixture(hidden: boolean, permission: ReturnType<Notifier['permission']>) {
  const answers: PipelineOverview[] = [];
  const shown: string[] = [];
  const asked: string[] = [];
  const notifier: Notifier = {
    permission: () => permission,
    request: async () => (asked.push('asked'), 'granted'),
    hidden: () => hidden,
    show: (_title, body) => void shown.push(body),
  };
  const store = createPipelineStore(
    {
      api: {
        pipeline: async () => answers.shift()!,
        retryJobs: async () => ({ retried: 2 }),
      },
      subscribe: () => () => undefined,
    },
    notifier,
  );
  return { store, answers, shown, asked };
}

describe('pipeline store', () => {
  it('announces a batch that finishes while the window watches, not one that had finished before', async () => {
    const { store, answers, shown } = fixture(true, 'granted');
    answers.push(
      overview('2026-12-07T10:02:00.000Z', [
        batch('old', {}),
        batch('b1', { pending: 2, completed: 1, finishedAt: null }),
      ]),
      overview('2026-12-07T10:03:00.000Z', [batch('old', {}), batch('b1', { completed: 2, failed: 1 })]),
      overview('2026-12-07T10:04:00.000Z', [batch('old', {}), batch('b1', { completed: 2, failed: 1 })]),
    );
    await store.getState().load();
    expect(store.getState().finished).toBeNull();
    await store.getState().load();
    expect(store.getState().finished).toEqual({ id: 'b1', text: 'Batch finished: 3 documents, 2 done, 1 failed.' });
    // Hidden window, permission given: the system notification too.
    expect(shown).toEqual(['Batch finished: 3 documents, 2 done, 1 failed.']);
    store.getState().dismissFinished();
    await store.getState().load();
    expect(store.getState().finished).toBeNull();
    expect(shown).toHaveLength(1);
  });

  it('announces a batch started and finished between two looks, and only in the window when it is visible', async () => {
    const { store, answers, shown } = fixture(false, 'granted');
    answers.push(
      overview('2026-12-07T10:02:00.000Z', []),
      overview('2026-12-07T10:03:00.000Z', [
        batch('quick', { startedAt: '2026-12-07T10:02:30.000Z', documents: 1, completed: 1 }),
      ]),
    );
    await store.getState().load();
    await store.getState().load();
    expect(store.getState().finished?.text).toBe('Batch finished: 1 document, 1 done.');
    expect(shown).toEqual([]);
  });

  it('asks for notifications only when told to, and retries all failures', async () => {
    const { store, answers, asked } = fixture(false, 'default');
    expect(store.getState().notifications).toBe('default');
    expect(asked).toEqual([]);
    await store.getState().enableNotifications();
    expect(asked).toEqual(['asked']);
    expect(store.getState().notifications).toBe('granted');
    answers.push(overview('2026-12-07T10:02:00.000Z', []));
    await store.getState().retryAll();
    expect(store.getState().message).toBe('2 documents back in the queue.');
    expect(describeFinished(batch('x', { documents: 1, completed: 1 }))).toBe('Batch finished: 1 document, 1 done.');
  });
});
