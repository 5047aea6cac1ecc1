import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { PipelineRequest } from '../../shared/contract/pipeline.js';
import type { Stage } from '../../shared/contract/jobs.js';
import { EventBus } from '../bus/EventBus.js';
import { documentCompleted } from '../documents/documentLifecycle.js';
import { JobQueue } from '../queue/JobQueue.js';
import { migrate, openDatabase } from '../store/Database.js';
import { migrations } from '../store/migrations/index.js';
import { Store } from '../store/Store.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { PipelineMonitor } from './PipelineMonitor.js';

let t: TempStore;
let clock: number;
const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const at = (hhmmss: string) => Date.parse(`2026-12-07T${hhmmss}.000Z`);
const request = PipelineRequest.parse({});

function queue(): JobQueue {
  return new JobQueue(t.store, { now: () => clock, backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 } });
}

function newDocument(sha: string): number {
  return t.store.tx(() => {
    const id = t.store.documents.insert({ sha256: sha, mime: 'application/pdf', size: 1, state: 'queued' }, iso(clock));
    t.store.locations.upsert(`/in/${sha}.pdf`, id, 1, 0, iso(clock));
    t.store.batches.addDocument('b1', id, `/in/${sha}.pdf`);
    return id;
  });
}

/** Runs one stage of a document to the end (claimed now, completed at `doneAt`). */
function runStage(q: JobQueue, id: number, sha: string, stage: Stage, doneAt: number): void {
  q.enqueue({ stage, documentId: id, sha256: sha, correlationId: 'b1', maxAttempts: 3 });
  const [job] = q.claim(stage, 1, 60_000);
  clock = doneAt;
  q.complete(job!, () => undefined);
}

/** A document through every stage, finished at `doneAt`. */
function complete(q: JobQueue, sha: string, doneAt: number): number {
  const id = newDocument(sha);
  for (const stage of ['extract', 'understand', 'index'] as const) runStage(q, id, sha, stage, doneAt);
  documentCompleted(t.store, id, 'b1', iso(doneAt));
  return id;
}

beforeEach(() => {
  t = openTempStore();
  clock = T0;
  t.store.tx(() => t.store.batches.start('b1', iso(T0)));
});

afterEach(() => t.dispose());

describe('pipeline overview', () => {
  it('counts documents (not jobs) per state and per stage, with the throughput of each minute, the rate and the time left', () => {
    const q = queue();
    const done = [
      complete(q, 'd1', at('10:01:10')),
      complete(q, 'd2', at('10:01:40')),
      complete(q, 'd3', at('10:03:05')),
    ];
    clock = T0;
    const encrypted = newDocument('d4');
    q.enqueue({ stage: 'extract', documentId: encrypted, sha256: 'd4', correlationId: 'b1', maxAttempts: 3 });
    const [job4] = q.claim('extract', 1, 60_000);
    clock = at('10:02:30');
    q.fail(job4!, { code: ErrorCode.PDF_ENCRYPTED, message: 'd4.pdf is password-protected.', retryable: false });
    const flaky = newDocument('d5');
    q.enqueue({ stage: 'extract', documentId: flaky, sha256: 'd5', correlationId: 'b1', maxAttempts: 3 });
    const [job5] = q.claim('extract', 1, 60_000);
    q.fail(job5!, { code: ErrorCode.STAGE_TIMEOUT, message: 'Took too long.', retryable: true });
    const waiting = newDocument('d6');
    q.enqueue({ stage: 'extract', documentId: waiting, sha256: 'd6', correlationId: 'b1', maxAttempts: 3 });
    // A file that could not be read at all: a failed placeholder without jobs.
    const unreadable = t.store.tx(() => {
      const id = t.store.documents.insert(
        {
          sha256: null,
          mime: 'application/octet-stream',
          size: 0,
          state: 'failed',
          error: { code: ErrorCode.FILE_UNREADABLE, message: 'x.pdf cannot be read: permission denied.' },
        },
        iso(at('10:03:30')),
      );
      t.store.locations.upsert('/in/x.pdf', id, 0, 0, iso(at('10:03:30')));
      t.store.batches.addDocument('b1', id, '/in/x.pdf');
      return id;
    });
    t.store.tx(() => t.store.batches.finish('b1', { found: 7 }, iso(at('10:00:20'))));

    const now = at('10:04:00');
    const overview = new PipelineMonitor(t.store, () => new Date(now)).overview(request);
    expect(overview.at).toBe(iso(now));
    expect(overview.documents).toEqual({ total: 7, queued: 1, processing: 1, completed: 3, failed: 2 });
    expect(overview.stages).toEqual([
      { stage: 'extract', queued: 1, running: 0, retrying: 1, done: 3, failed: 1 },
      { stage: 'understand', queued: 0, running: 0, retrying: 0, done: 3, failed: 0 },
      { stage: 'index', queued: 0, running: 0, retrying: 0, done: 3, failed: 0 },
    ]);

    const minutes = overview.throughput.minutes;
    expect(minutes).toHaveLength(60);
    expect(minutes[59]).toEqual({ at: iso(at('10:04:00')), completed: 0, failed: 0 });
    expect(minutes[0]!.at).toBe(iso(at('09:05:00')));
    expect(minutes.slice(55)).toEqual([
      { at: iso(at('10:00:00')), completed: 0, failed: 0 },
      { at: iso(at('10:01:00')), completed: 2, failed: 0 },
      { at: iso(at('10:02:00')), completed: 0, failed: 1 },
      { at: iso(at('10:03:00')), completed: 1, failed: 1 },
      { at: iso(at('10:04:00')), completed: 0, failed: 0 },
    ]);
    expect(minutes.slice(0, 55).every((m) => m.completed === 0 && m.failed === 0)).toBe(true);
    // Five documents finished since the first of them started at 10:00: 1.25 a minute.
    expect(overview.throughput.perMinute).toBe(1.3);
    expect(overview.remaining).toBe(2);
    expect(overview.etaSeconds).toBe(96);

    expect(overview.failures).toEqual({
      total: 2,
      retryable: 1,
      items: [
        {
          id: unreadable,
          path: '/in/x.pdf',
          code: 'FILE_UNREADABLE',
          summary: 'file cannot be read',
          message: 'x.pdf cannot be read: permission denied.',
          at: iso(at('10:03:30')),
          jobId: null,
        },
        {
          id: encrypted,
          path: '/in/d4.pdf',
          code: 'PDF_ENCRYPTED',
          summary: 'password-protected PDF',
          message: 'd4.pdf is password-protected.',
          at: iso(at('10:02:30')),
          jobId: job4!.id,
        },
      ],
    });
    expect(overview.batches).toEqual([
      {
        id: 'b1',
        watch: false,
        startedAt: iso(T0),
        scannedAt: iso(at('10:00:20')),
        found: 7,
        documents: 7,
        pending: 2,
        completed: 3,
        failed: 2,
        finishedAt: null,
      },
    ]);
    expect(done).toEqual([1, 2, 3]);

    // Read again from a reopened store (a reload, a restart): the same answer.
    const file = join(t.dir, 'docpipe.sqlite');
    const reopened = new Store(openDatabase({ path: file }), new EventBus());
    try {
      expect(new PipelineMonitor(reopened, () => new Date(now)).overview(request)).toEqual(overview);
    } finally {
      reopened.close();
    }
  });

  it('says a batch finished once scanned and nothing is pending, and forgets the time of a document retried', () => {
    const q = queue();
    complete(q, 'd1', at('10:00:30'));
    clock = T0;
    const failing = newDocument('d2');
    q.enqueue({ stage: 'extract', documentId: failing, sha256: 'd2', correlationId: 'b1', maxAttempts: 1 });
    const [job] = q.claim('extract', 1, 60_000);
    clock = at('10:01:15');
    q.fail(job!, { code: ErrorCode.PDF_CORRUPT, message: 'd2.pdf is damaged.', retryable: false });
    t.store.tx(() => t.store.batches.finish('b1', { found: 2 }, iso(at('10:00:05'))));

    const monitor = new PipelineMonitor(t.store, () => new Date(at('10:02:00')));
    expect(monitor.overview(request).batches[0]).toMatchObject({ pending: 0, finishedAt: iso(at('10:01:15')) });

    // Retried: queued again, so no longer finished, and not a failure any more.
    clock = at('10:01:50');
    expect(q.retryDiscarded([job!.id])).toBe(1);
    const after = monitor.overview(request);
    expect(after.failures.total).toBe(0);
    expect(after.batches[0]).toMatchObject({ pending: 1, finishedAt: null });
    expect(after.throughput.minutes.slice(-3)).toEqual([
      { at: iso(at('10:00:00')), completed: 1, failed: 0 },
      { at: iso(at('10:01:00')), completed: 0, failed: 0 },
      { at: iso(at('10:02:00')), completed: 0, failed: 0 },
    ]);
    expect(after.etaSeconds).toBeGreaterThan(0);

    // Nothing finished for five minutes: nothing is moving, no estimate.
    const idle = new PipelineMonitor(t.store, () => new Date(at('10:20:00'))).overview(request);
    expect(idle.throughput.perMinute).toBe(0);
    expect(idle.etaSeconds).toBeNull();
  });

  it('gives documents finished before the finish times were kept the time of their last job', () => {
    const file = join(t.dir, 'old.sqlite');
    const db = openDatabase({ path: file, migrations: migrations.filter((m) => m.version <= 4) });
    db.exec(`INSERT INTO documents (id, sha256, mime, size, state, created_at, updated_at)
             VALUES (1, 'a', 'text/plain', 1, 'completed', '2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'),
                    (2, 'b', 'text/plain', 1, 'queued', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    db.exec(`INSERT INTO jobs (stage, document_id, idempotency_key, state, max_attempts, run_at, payload, created_at, updated_at, finished_at)
             VALUES ('index', 1, 'a:index', 'completed', 3, 0, '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')`);
    migrate(db, migrations);
    expect(db.prepare('SELECT id, started_at, finished_at FROM documents ORDER BY id').all()).toEqual([
      { id: 1, started_at: null, finished_at: '2026-01-02T00:00:00.000Z' },
      { id: 2, started_at: null, finished_at: null },
    ]);
    db.close();
  });
});
