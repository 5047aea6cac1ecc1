import type { JobAttemptError, JobState, Stage } from '../../../shared/contract/jobs.js';
import type { SqliteDatabase } from '../Database.js';

export interface JobRow {
  id: number;
  stage: Stage;
  document_id: number;
  idempotency_key: string;
  state: JobState;
  attempt: number;
  max_attempts: number;
  run_at: number;
  lease_token: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  correlation_id: string | null;
  payload: string;
  errors: string;
}

export interface NewJob {
  stage: Stage;
  documentId: number;
  idempotencyKey: string;
  maxAttempts: number;
  runAt: number;
  correlationId: string | null;
  payload: unknown;
}

const COLUMNS = `id, stage, document_id, idempotency_key, state, attempt, max_attempts, run_at, lease_token, lease_owner,
  lease_expires_at, correlation_id, payload, errors`;

/**
 * A suspect: a job whose last attempt ended with the engine's process dying under it (see
 * JobQueue.claimSuspect). Its history's last entry says so; 1 or 0.
 */
const SUSPECT = `coalesce(json_extract(errors, '$[#-1].code') = 'CRASHED_ENGINE', 0)`;

/** The queue's SQL. Transitions are guarded by the lease token so a stale worker can never overwrite. */
export class JobsRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare<[string, number, string, number, number, string | null, string, string, string]>(
        `INSERT INTO jobs (stage, document_id, idempotency_key, state, max_attempts, run_at, correlation_id, payload, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      ),
      // Re-running a stage for content it already finished (re-processing): the same row goes back to
      // the queue, so there is still exactly one job per content and stage.
      insertOrRequeue: db.prepare<[string, number, string, number, number, string | null, string, string, string]>(
        `INSERT INTO jobs (stage, document_id, idempotency_key, state, max_attempts, run_at, correlation_id, payload, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)
         ON CONFLICT (idempotency_key) DO UPDATE SET state = 'queued', attempt = 0, run_at = excluded.run_at,
           correlation_id = excluded.correlation_id, updated_at = excluded.updated_at, finished_at = NULL
         WHERE jobs.state IN ('completed', 'discarded')`,
      ),
      claim: db.prepare<
        [
          {
            token: string;
            nowMs: number;
            expires: number;
            now: string;
            owner: string;
            stage: string;
            limit: number;
            suspects: number;
          },
        ],
        JobRow
      >(
        `UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_token = @token || '-' || id, lease_owner = @owner,
           lease_expires_at = @expires, updated_at = @now
         WHERE id IN (SELECT id FROM jobs WHERE stage = @stage AND state IN ('queued', 'retryable') AND run_at <= @nowMs
                        AND (${SUSPECT}) = @suspects
                      ORDER BY run_at, id LIMIT @limit)
         RETURNING ${COLUMNS}`,
      ),
      dueSuspect: db.prepare<[string, number], { id: number }>(
        `SELECT id FROM jobs WHERE stage = ? AND state IN ('queued', 'retryable') AND run_at <= ? AND ${SUSPECT} LIMIT 1`,
      ),
      get: db.prepare<[number], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`),
      byKey: db.prepare<[string], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE idempotency_key = ?`),
      complete: db.prepare<[{ now: string; id: number; token: string }]>(
        `UPDATE jobs SET state = 'completed', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
           updated_at = @now, finished_at = @now WHERE id = @id AND state = 'running' AND lease_token = @token`,
      ),
      retry: db.prepare<[{ runAt: number; errors: string; now: string; id: number; token: string; giveBack: number }]>(
        `UPDATE jobs SET state = 'retryable', run_at = @runAt, errors = @errors, lease_token = NULL, lease_owner = NULL,
           lease_expires_at = NULL, updated_at = @now, attempt = attempt - @giveBack
         WHERE id = @id AND state = 'running' AND lease_token = @token`,
      ),
      discard: db.prepare<[{ errors: string; now: string; id: number; token: string }]>(
        `UPDATE jobs SET state = 'discarded', errors = @errors, lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
           updated_at = @now, finished_at = @now WHERE id = @id AND state = 'running' AND lease_token = @token`,
      ),
      expired: db.prepare<[number], JobRow>(
        `SELECT ${COLUMNS} FROM jobs WHERE state = 'running' AND lease_expires_at < ?`,
      ),
      runningOwners: db.prepare<[], { lease_owner: string }>(
        `SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL`,
      ),
      runningOf: db.prepare<[string], JobRow>(
        `SELECT ${COLUMNS} FROM jobs WHERE state = 'running' AND lease_owner = ?`,
      ),
      counts: db.prepare<[], { state: JobState; n: number }>('SELECT state, count(*) AS n FROM jobs GROUP BY state'),
      byDocument: db.prepare<[number], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE document_id = ? ORDER BY id`),
      requeue: db.prepare<[{ runAt: number; now: string; id: number }]>(
        `UPDATE jobs SET state = 'queued', attempt = 0, run_at = @runAt, updated_at = @now, finished_at = NULL
         WHERE id = @id AND state IN ('discarded', 'completed')`,
      ),
      discardedIds: db.prepare<[], { id: number }>(`SELECT id FROM jobs WHERE state = 'discarded' ORDER BY id`),
      nextRunAt: db.prepare<[string], { t: number | null }>(
        `SELECT min(run_at) AS t FROM jobs WHERE stage = ? AND state IN ('queued', 'retryable')`,
      ),
      pendingForDocument: db.prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM jobs WHERE document_id = ? AND state NOT IN ('completed', 'discarded')`,
      ),
    };
  }

  /**
   * Inserts a job unless one with the same idempotency key exists (then, with `requeueTerminal`, a
   * completed or discarded one goes back to the queue). Returns the row id when something changed, else null.
   */
  insert(job: NewJob, now: string, requeueTerminal = false): number | null {
    const info = (requeueTerminal ? this.stmts.insertOrRequeue : this.stmts.insert).run(
      job.stage,
      job.documentId,
      job.idempotencyKey,
      job.maxAttempts,
      job.runAt,
      job.correlationId,
      JSON.stringify(job.payload ?? {}),
      now,
      now,
    );
    return info.changes === 1 ? Number(info.lastInsertRowid) : null;
  }

  /**
   * Atomically leases up to `limit` due jobs of a stage, suspects only or none of them (see SUSPECT).
   * Each gets its own token (`<token>-<id>`).
   */
  claim(
    stage: Stage,
    limit: number,
    suspects: boolean,
    opts: { nowMs: number; leaseMs: number; token: string; owner: string; now: string },
  ): JobRow[] {
    return this.stmts.claim.all({
      suspects: suspects ? 1 : 0,
      token: opts.token,
      nowMs: opts.nowMs,
      expires: opts.nowMs + opts.leaseMs,
      now: opts.now,
      owner: opts.owner,
      stage,
      limit,
    });
  }

  /** Whether a suspect (see SUSPECT) of one of these stages is due at `nowMs`. */
  hasDueSuspect(stages: readonly Stage[], nowMs: number): boolean {
    return stages.some((stage) => this.stmts.dueSuspect.get(stage, nowMs) !== undefined);
  }

  get(id: number): JobRow | undefined {
    return this.stmts.get.get(id);
  }

  getByKey(key: string): JobRow | undefined {
    return this.stmts.byKey.get(key);
  }

  /** false when the lease was lost (rescued and claimed by someone else, or retried by a user). */
  complete(id: number, token: string, now: string): boolean {
    return this.stmts.complete.run({ now, id, token }).changes === 1;
  }

  /** Back to the queue at `runAt`. `countAttempt` false for a snooze (the attempt is given back). */
  retry(
    id: number,
    token: string,
    errors: readonly JobAttemptError[],
    runAt: number,
    now: string,
    countAttempt = true,
  ): boolean {
    return (
      this.stmts.retry.run({ runAt, errors: JSON.stringify(errors), now, id, token, giveBack: countAttempt ? 0 : 1 })
        .changes === 1
    );
  }

  discard(id: number, token: string, errors: readonly JobAttemptError[], now: string): boolean {
    return this.stmts.discard.run({ errors: JSON.stringify(errors), now, id, token }).changes === 1;
  }

  listExpired(nowMs: number): JobRow[] {
    return this.stmts.expired.all(nowMs);
  }

  runningOwners(): string[] {
    return this.stmts.runningOwners.all().map((r) => r.lease_owner);
  }

  listRunningOf(owner: string): JobRow[] {
    return this.stmts.runningOf.all(owner);
  }

  counts(): Record<JobState, number> {
    const out: Record<JobState, number> = { queued: 0, running: 0, retryable: 0, completed: 0, discarded: 0 };
    for (const row of this.stmts.counts.all()) out[row.state] = row.n;
    return out;
  }

  listForDocument(documentId: number): JobRow[] {
    return this.stmts.byDocument.all(documentId);
  }

  /** A user's retry: a discarded (or completed, for re-processing) job goes back to the queue with fresh attempts. */
  requeue(id: number, runAt: number, now: string): boolean {
    return this.stmts.requeue.run({ runAt, now, id }).changes === 1;
  }

  listDiscardedIds(): number[] {
    return this.stmts.discardedIds.all().map((r) => r.id);
  }

  nextRunAt(stage: Stage): number | null {
    return this.stmts.nextRunAt.get(stage)?.t ?? null;
  }

  hasPendingForDocument(documentId: number): boolean {
    return (this.stmts.pendingForDocument.get(documentId)?.n ?? 0) > 0;
  }
}

export function parseErrors(json: string): JobAttemptError[] {
  return JSON.parse(json) as JobAttemptError[];
}
