import { hostname } from 'node:os';
import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode, type AppErrorData } from '../../shared/contract/errors.js';
import type { JobAttemptError, Stage } from '../../shared/contract/jobs.js';
import { documentFailed, documentRequeued, documentsClaimed } from '../documents/documentLifecycle.js';
import type { Store } from '../store/Store.js';
import { parseErrors, type JobRow } from '../store/repos/JobsRepo.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';

/** A job as a stage sees it after claiming: its lease token is what proves ownership. */
export interface ClaimedJob {
  id: number;
  stage: Stage;
  documentId: number;
  attempt: number;
  maxAttempts: number;
  token: string;
  correlationId: string | null;
  payload: unknown;
  errors: JobAttemptError[];
}

export interface EnqueueOptions {
  stage: Stage;
  documentId: number;
  /** The content hash: with the stage it forms the idempotency key. */
  sha256: string;
  correlationId: string | null;
  maxAttempts: number;
  payload?: unknown;
  runAt?: number;
  /** Re-processing: a completed or discarded job of the same content and stage goes back to the queue. */
  requeueTerminal?: boolean;
}

export interface JobQueueOptions {
  backoff?: BackoffOptions;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** A lease a process may hold beyond the stage's own time limit before others may take the job back. */
  leaseGraceMs?: number;
}

/** How many times a job may be taken back from a process that died before it is discarded. */
const MAX_RESCUES = 5;

/**
 * The durable queue over the `jobs` table (state machine: electron/shared/contract/jobs.ts).
 * Every transition is one transaction that also writes the events it implies.
 */
export class JobQueue {
  /** This process's identity as a lease holder: host, pid, start time. */
  readonly owner: string;
  private readonly host = hostname();
  private readonly backoff: BackoffOptions;
  private readonly now: () => number;
  private readonly leaseGraceMs: number;

  constructor(
    private readonly store: Store,
    options: JobQueueOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    this.leaseGraceMs = options.leaseGraceMs ?? 30_000;
    this.owner = `${this.host}:${process.pid}:${this.now()}`;
  }

  /** Registers this process as a lease owner (call periodically: a stale heartbeat marks it dead). */
  heartbeat(): void {
    this.store.owners.heartbeat(this.owner, this.host, process.pid, this.now());
  }

  /** Enqueues unless the same content+stage job exists. Returns the job id, or null when it existed. */
  enqueue(options: EnqueueOptions): number | null {
    return this.store.tx(() =>
      this.store.jobs.insert(
        {
          stage: options.stage,
          documentId: options.documentId,
          idempotencyKey: `${options.sha256}:${options.stage}`,
          maxAttempts: options.maxAttempts,
          runAt: options.runAt ?? this.now(),
          correlationId: options.correlationId,
          payload: options.payload ?? {},
        },
        iso(this.now()),
        options.requeueTerminal ?? false,
      ),
    );
  }

  /**
   * Leases up to `limit` due jobs of `stage` for `leaseMs` (+ grace), and marks their documents processing.
   * Jobs whose process died under them last time (suspects) are not among them: see claimSuspect.
   */
  claim(stage: Stage, limit: number, leaseMs: number): ClaimedJob[] {
    return this.lease(stage, limit, leaseMs, false);
  }

  /**
   * Leases one due suspect of `stage`: a job whose last attempt ended with the engine's process dying
   * (CRASHED_ENGINE). The orchestrator runs it alone, so that if the process dies again, the death is
   * counted against that job only and not against whatever happened to run beside it.
   */
  claimSuspect(stage: Stage, leaseMs: number): ClaimedJob | null {
    return this.lease(stage, 1, leaseMs, true)[0] ?? null;
  }

  /** Whether a suspect (see claimSuspect) of one of these stages is due. */
  hasDueSuspect(stages: readonly Stage[]): boolean {
    return this.store.jobs.hasDueSuspect(stages, this.now());
  }

  private lease(stage: Stage, limit: number, leaseMs: number, suspects: boolean): ClaimedJob[] {
    if (limit <= 0) return [];
    const nowMs = this.now();
    return this.store.tx(() => {
      const rows = this.store.jobs.claim(stage, limit, suspects, {
        nowMs,
        leaseMs: leaseMs + this.leaseGraceMs,
        token: randomUUID(),
        owner: this.owner,
        now: iso(nowMs),
      });
      documentsClaimed(
        this.store,
        rows.map((r) => r.document_id),
        iso(nowMs),
      );
      return rows.map(toClaimed);
    });
  }

  /**
   * Completes the job and runs `commit` (the stage's writes, the next job, events) in the same transaction.
   * Returns false, writing nothing, when the lease was lost meanwhile.
   */
  complete(job: ClaimedJob, commit: () => void): boolean {
    return this.store.tx(() => {
      if (!this.store.jobs.complete(job.id, job.token, iso(this.now()))) return false;
      commit();
      return true;
    });
  }

  /**
   * Records a failed attempt. Retryable errors with attempts left go back to the queue after a backoff;
   * anything else discards the job and fails its document. Returns the new state, or 'lost' without a lease.
   */
  fail(job: ClaimedJob, error: AppErrorData): 'retryable' | 'discarded' | 'lost' {
    const nowMs = this.now();
    const errors = [...job.errors, { ...error, attempt: job.attempt, at: iso(nowMs) }];
    return this.store.tx(() => {
      if (error.retryable && job.attempt < job.maxAttempts) {
        const runAt = nowMs + backoffDelay(job.attempt, this.backoff);
        if (!this.store.jobs.retry(job.id, job.token, errors, runAt, iso(nowMs))) return 'lost';
        this.store.emit({
          type: 'job.retrying',
          jobId: job.id,
          stage: job.stage,
          code: error.code,
          runAt: iso(runAt),
          correlationId: job.correlationId,
          documentId: job.documentId,
        });
        return 'retryable';
      }
      if (!this.store.jobs.discard(job.id, job.token, errors, iso(nowMs))) return 'lost';
      this.discarded(job.id, job.stage, job.documentId, job.correlationId, error, nowMs);
      return 'discarded';
    });
  }

  /** Puts the job back without counting the attempt (the model is still loading, the user stopped the app). */
  snooze(job: ClaimedJob, ms: number): boolean {
    const nowMs = this.now();
    return this.store.tx(() => this.store.jobs.retry(job.id, job.token, job.errors, nowMs + ms, iso(nowMs), false));
  }

  /**
   * Takes back jobs whose holder is gone: leases that expired, and leases of processes on this host that
   * are no longer alive (a `kill -9`), so a restart resumes at once instead of waiting out the lease.
   *
   * How the holder went decides whether the attempt counts. A holder that shut down cleanly removed
   * its row from `owners` (retireOwner): its leftover leases say nothing about the documents, and the
   * attempt is given back. A holder that died with its row still there (a crash, a V8 abort, a kill)
   * may have been killed by the file it was reading: the attempt counts (CRASHED_ENGINE), the job is
   * run alone next time (claimSuspect), and past its attempts it is discarded, so that a file that
   * kills the engine stops every run only that many times. Returns how many jobs were taken back.
   */
  rescue(): number {
    const nowMs = this.now();
    const rows = new Map<number, { row: JobRow; crashed: boolean }>();
    for (const row of this.store.jobs.listExpired(nowMs))
      rows.set(row.id, { row, crashed: row.lease_owner !== null && this.diedUncleanly(row.lease_owner, nowMs) });
    for (const owner of this.store.jobs.runningOwners()) {
      if (owner === this.owner || !this.isDeadOwner(owner, nowMs)) continue;
      const crashed = this.store.owners.get(owner) !== undefined;
      for (const row of this.store.jobs.listRunningOf(owner)) rows.set(row.id, { row, crashed });
    }
    let rescued = 0;
    for (const { row, crashed } of rows.values()) {
      const job = toClaimed(row);
      const taken = crashed ? this.rescueCrashed(job, nowMs) : this.rescueReleased(job, nowMs);
      if (taken) rescued++;
    }
    return rescued;
  }

  /** A holder that stopped cleanly (or only let its lease expire): the attempt is given back. */
  private rescueReleased(job: ClaimedJob, nowMs: number): boolean {
    const error: JobAttemptError = {
      code: ErrorCode.JOB_LEASE_LOST,
      message: 'The process working on this job stopped before finishing it; the job was put back in the queue.',
      retryable: true,
      attempt: job.attempt,
      at: iso(nowMs),
    };
    const errors = [...job.errors, error];
    const rescues = errors.filter((e) => e.code === ErrorCode.JOB_LEASE_LOST).length;
    return this.store.tx(() => {
      if (rescues > MAX_RESCUES) {
        const discardError = {
          ...error,
          retryable: false,
          message: `The process stopped ${rescues} times while working on this document; it was set aside. Retry it with "docpipe jobs retry ${job.id}".`,
        };
        if (!this.store.jobs.discard(job.id, job.token, [...job.errors, { ...discardError }], iso(nowMs))) return false;
        this.discarded(job.id, job.stage, job.documentId, job.correlationId, discardError, nowMs);
        return true;
      }
      // The attempt is given back: a process that stopped cleanly says nothing about the document.
      return this.store.jobs.retry(job.id, job.token, errors, nowMs, iso(nowMs), false);
    });
  }

  /** A holder that died without shutting down: the attempt counts, and past the last one the job is discarded. */
  private rescueCrashed(job: ClaimedJob, nowMs: number): boolean {
    const crashes = job.errors.filter((e) => e.code === ErrorCode.CRASHED_ENGINE).length + 1;
    const name = this.fileNameOf(job.documentId);
    const last = job.attempt >= job.maxAttempts;
    const error: JobAttemptError = {
      code: ErrorCode.CRASHED_ENGINE,
      retryable: !last,
      attempt: job.attempt,
      at: iso(nowMs),
      message: last
        ? `docpipe stopped unexpectedly ${crashes === 1 ? 'once' : `${crashes} times`} while working on ${name} (${job.stage}), its last attempt; it was set aside so that the other files can go on. If the file is needed, retry it with "docpipe jobs retry ${job.id}" after an update.`
        : `docpipe stopped unexpectedly (a crash, or the process was killed) while working on ${name} (${job.stage}); attempt ${job.attempt} of ${job.maxAttempts} counts, and it will be tried again on its own.`,
    };
    const errors = [...job.errors, error];
    return this.store.tx(() => {
      if (!last) return this.store.jobs.retry(job.id, job.token, errors, nowMs, iso(nowMs), true);
      if (!this.store.jobs.discard(job.id, job.token, errors, iso(nowMs))) return false;
      this.discarded(job.id, job.stage, job.documentId, job.correlationId, error, nowMs);
      return true;
    });
  }

  private fileNameOf(documentId: number): string {
    const path = this.store.documents.get(documentId)?.paths[0];
    return path ? basename(path) : `document ${documentId}`;
  }

  /** The lease holder is gone without having retired (still in `owners`, but its process is not alive). */
  private diedUncleanly(owner: string, nowMs: number): boolean {
    return owner !== this.owner && this.isDeadOwner(owner, nowMs) && this.store.owners.get(owner) !== undefined;
  }

  /** A user's retry: discarded jobs go back to the queue with fresh attempts; their failed documents are queued again. */
  retryDiscarded(ids: readonly number[]): number {
    const nowMs = this.now();
    return this.store.tx(() => {
      let n = 0;
      for (const id of ids) {
        const row = this.store.jobs.get(id);
        if (!row || row.state !== 'discarded') continue;
        if (this.store.jobs.requeue(id, nowMs, iso(nowMs))) {
          documentRequeued(this.store, row.document_id, iso(nowMs));
          n++;
        }
      }
      return n;
    });
  }

  /** When the next job of `stage` becomes due (ms epoch), or null when none is waiting. */
  nextRunAt(stage: Stage): number | null {
    return this.store.jobs.nextRunAt(stage);
  }

  /** Called on shutdown: this process holds no leases any more. */
  retireOwner(): void {
    this.store.owners.remove(this.owner);
  }

  private discarded(
    jobId: number,
    stage: Stage,
    documentId: number,
    correlationId: string | null,
    error: AppErrorData,
    nowMs: number,
  ): void {
    this.store.emit({
      type: 'job.discarded',
      jobId,
      stage,
      code: error.code,
      message: error.message,
      correlationId,
      documentId,
    });
    documentFailed(this.store, documentId, error, correlationId, iso(nowMs));
  }

  private isDeadOwner(owner: string, nowMs: number): boolean {
    const [host, pidText] = owner.split(':');
    const pid = Number(pidText);
    if (host !== this.host || !Number.isInteger(pid)) return false; // another machine: only lease expiry decides
    const row = this.store.owners.get(owner);
    if (!row) return true; // retired cleanly, yet still holding leases: nobody will finish them
    if (!isProcessAlive(pid)) return true;
    // A live pid with a long-stale heartbeat is a reused pid, not our owner.
    return nowMs - row.heartbeat_at > 60_000;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toClaimed(row: JobRow): ClaimedJob {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    throw new AppError(ErrorCode.JOB_PAYLOAD_INVALID, `Job ${row.id} has a payload that is not JSON.`);
  }
  return {
    id: row.id,
    stage: row.stage,
    documentId: row.document_id,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    token: row.lease_token ?? '',
    correlationId: row.correlation_id,
    payload,
    errors: parseErrors(row.errors),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
