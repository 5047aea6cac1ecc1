import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import type { DocpipeEvent } from '../../shared/contract/events.js';
import { EventBus } from '../bus/EventBus.js';
import { openDatabase } from '../store/Database.js';
import { Store } from '../store/Store.js';
import { JobQueue } from './JobQueue.js';

let dir: string;
let store: Store;
let events: DocpipeEvent[];
let clock: number;

function newDocument(sha: string): number {
  return store.tx(() =>
    store.documents.insert(
      { sha256: sha, mime: 'application/pdf', size: 1, state: 'queued' },
      new Date().toISOString(),
    ),
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'docpipe-queue-'));
  const bus = new EventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  store = new Store(openDatabase({ path: join(dir, 'db.sqlite') }), bus);
  clock = 1_000_000;
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const queueAt = () =>
  new JobQueue(store, { now: () => clock, backoff: { baseMs: 1000, maxMs: 10_000, jitter: 0 }, leaseGraceMs: 0 });

describe('JobQueue', () => {
  it('enqueues once per content hash and stage (idempotency key)', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    expect(
      q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: 'b1', maxAttempts: 3 }),
    ).toBeTypeOf('number');
    expect(
      q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: 'b2', maxAttempts: 3 }),
    ).toBeNull();
    expect(store.jobs.counts().queued).toBe(1);
  });

  it('claims with a lease; only the token holder can complete', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 3 });
    const [job] = q.claim('extract', 5, 1000);
    expect(job).toBeDefined();
    expect(q.claim('extract', 5, 1000)).toHaveLength(0);
    expect(store.documents.get(doc)?.state).toBe('processing');
    let committed = false;
    expect(q.complete({ ...job!, token: 'forged' }, () => (committed = true))).toBe(false);
    expect(committed).toBe(false);
    expect(q.complete(job!, () => (committed = true))).toBe(true);
    expect(committed).toBe(true);
    expect(store.jobs.get(job!.id)?.state).toBe('completed');
  });

  it('rolls back the stage writes when the commit throws', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 3 });
    const [job] = q.claim('extract', 1, 1000);
    expect(() =>
      q.complete(job!, () => {
        store.emit({ type: 'document.completed', correlationId: null, documentId: doc });
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(store.jobs.get(job!.id)?.state).toBe('running');
    expect(events.filter((e) => e.type === 'document.completed')).toHaveLength(0);
  });

  it('retries with backoff, counts attempts in the database, then discards with the history kept', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: 'c', maxAttempts: 2 });
    const error = { code: ErrorCode.STAGE_TIMEOUT, message: 'too slow', retryable: true };

    const [first] = q.claim('extract', 1, 1000);
    expect(q.fail(first!, error)).toBe('retryable');
    expect(q.claim('extract', 1, 1000)).toHaveLength(0); // not due yet
    clock += 999;
    expect(q.claim('extract', 1, 1000)).toHaveLength(0);
    clock += 1;
    const [second] = q.claim('extract', 1, 1000);
    expect(second?.attempt).toBe(2);
    expect(q.fail(second!, error)).toBe('discarded');

    const row = store.jobs.get(second!.id)!;
    expect(row.state).toBe('discarded');
    expect(JSON.parse(row.errors)).toHaveLength(2);
    expect(store.documents.get(doc)).toMatchObject({ state: 'failed', error: { code: 'STAGE_TIMEOUT' } });
    expect(events.map((e) => e.type)).toEqual(['job.retrying', 'job.discarded', 'document.failed']);
    expect(events.every((e) => e.correlationId === 'c' && e.documentId === doc)).toBe(true);
  });

  it('discards at once an error that is not retryable (cancel)', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 5 });
    const [job] = q.claim('extract', 1, 1000);
    expect(q.fail(job!, { code: ErrorCode.PDF_ENCRYPTED, message: 'locked', retryable: false })).toBe('discarded');
  });

  it('snooze gives the attempt back', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 1 });
    const [job] = q.claim('extract', 1, 1000);
    expect(q.snooze(job!, 500)).toBe(true);
    clock += 500;
    const [again] = q.claim('extract', 1, 1000);
    expect(again?.attempt).toBe(1);
  });

  it('rescues expired leases, and a stale holder can no longer complete', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 3 });
    const [job] = q.claim('extract', 1, 1000);
    clock += 1001;
    expect(q.rescue()).toBe(1);
    const [again] = q.claim('extract', 1, 1000);
    expect(again?.id).toBe(job!.id);
    expect(q.complete(job!, () => {})).toBe(false);
    expect(q.complete(again!, () => {})).toBe(true);
  });

  it('rescues at once the jobs of a process on this host that is gone', () => {
    const dead = queueAt();
    const doc = newDocument('aa');
    dead.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 3 });
    dead.heartbeat();
    dead.claim('extract', 1, 60_000);
    // Pretend the holder was another pid that no longer exists.
    store.db
      .prepare(`UPDATE jobs SET lease_owner = ? WHERE state = 'running'`)
      .run(`${dead.owner.split(':')[0]}:999999999:1`);
    const alive = queueAt();
    expect(alive.rescue()).toBe(1);
    expect(store.jobs.counts().retryable).toBe(1);
  });

  describe('a process that died under its jobs, against one that stopped cleanly', () => {
    /** Claims the document's extract job as a process `pid` that then goes away, leaving its lease. */
    function leaseAs(pid: number, options: { retired: boolean; maxAttempts?: number }) {
      const q = queueAt();
      const doc = newDocument(`sha-${pid}`);
      q.enqueue({
        stage: 'extract',
        documentId: doc,
        sha256: `sha-${pid}`,
        correlationId: null,
        maxAttempts: options.maxAttempts ?? 3,
      });
      const owner = `${q.owner.split(':')[0]}:${pid}:1`;
      // The holder registered itself as lease owners do; one that stopped cleanly removed its row again.
      store.owners.heartbeat(owner, q.owner.split(':')[0]!, pid, clock);
      const [job] = q.claim('extract', 1, 60_000);
      store.db.prepare(`UPDATE jobs SET lease_owner = ? WHERE id = ?`).run(owner, job!.id);
      if (options.retired) store.owners.remove(owner);
      return { doc, job: job! };
    }
    // Pids far above any real one: no such process is alive.
    const gone = () => 900_000_000 + Math.floor(Math.random() * 1000);

    it('gives the attempt back after a clean stop', () => {
      const { job } = leaseAs(gone(), { retired: true });
      expect(queueAt().rescue()).toBe(1);
      const row = store.jobs.get(job.id)!;
      expect(row).toMatchObject({ state: 'retryable', attempt: 0 });
      expect(JSON.parse(row.errors)).toMatchObject([{ code: ErrorCode.JOB_LEASE_LOST }]);
    });

    it('counts the attempt after a crash, and runs the job alone (claimSuspect) next time', () => {
      const { job } = leaseAs(gone(), { retired: false });
      const q = queueAt();
      expect(q.rescue()).toBe(1);
      const row = store.jobs.get(job.id)!;
      expect(row).toMatchObject({ state: 'retryable', attempt: 1 });
      expect(JSON.parse(row.errors)).toMatchObject([
        { code: ErrorCode.CRASHED_ENGINE, retryable: true, message: expect.stringContaining('attempt 1 of 3 counts') },
      ]);
      expect(q.hasDueSuspect(['extract'])).toBe(true);
      expect(q.claim('extract', 5, 1000)).toEqual([]);
      expect(q.claimSuspect('extract', 1000)).toMatchObject({ id: job.id, attempt: 2 });
      expect(q.hasDueSuspect(['extract'])).toBe(false);
    });

    it('discards the job with CRASHED_ENGINE when the process dies under its last attempt', () => {
      const { doc, job } = leaseAs(gone(), { retired: false, maxAttempts: 1 });
      expect(queueAt().rescue()).toBe(1);
      expect(store.jobs.get(job.id)).toMatchObject({ state: 'discarded' });
      expect(store.documents.get(doc)).toMatchObject({ state: 'failed' });
      const discarded = events.find((e) => e.type === 'job.discarded');
      expect(discarded).toMatchObject({
        code: ErrorCode.CRASHED_ENGINE,
        message: expect.stringContaining('set aside'),
      });
    });

    it('does not count a lease that only expired while its holder is alive (a machine that slept)', () => {
      const q = queueAt();
      q.heartbeat();
      const doc = newDocument('sleepy');
      q.enqueue({ stage: 'extract', documentId: doc, sha256: 'sleepy', correlationId: null, maxAttempts: 3 });
      const [job] = q.claim('extract', 1, 1000);
      clock += 60_000;
      expect(q.rescue()).toBe(1);
      expect(store.jobs.get(job!.id)).toMatchObject({ state: 'retryable', attempt: 0 });
    });
  });

  it('retries discarded jobs on command', () => {
    const q = queueAt();
    const doc = newDocument('aa');
    q.enqueue({ stage: 'extract', documentId: doc, sha256: 'aa', correlationId: null, maxAttempts: 1 });
    const [job] = q.claim('extract', 1, 1000);
    q.fail(job!, { code: ErrorCode.PDF_CORRUPT, message: 'bad', retryable: false });
    expect(q.retryDiscarded(store.jobs.listDiscardedIds())).toBe(1);
    expect(store.documents.get(doc)?.state).toBe('queued');
    expect(q.claim('extract', 1, 1000)[0]?.attempt).toBe(1);
  });
});
