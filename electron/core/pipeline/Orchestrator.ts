import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { assertNever } from '../../shared/contract/errors.js';
import type { Stage } from '../../shared/contract/jobs.js';
import { documentCompleted } from '../documents/documentLifecycle.js';
import type { Logger } from '../log/logger.js';
import type { ClaimedJob, JobQueue } from '../queue/JobQueue.js';
import type { Store } from '../store/Store.js';
import type { StageDefinition } from './Stage.js';

export interface OrchestratorOptions {
  /** How often to look for due retries and dead lease holders when nothing woke us, ms. */
  pollMs: number;
  /** Stages run in this order; a document is completed when the last one completes. */
  stages: readonly StageDefinition[];
}

/**
 * Runs the stages: for each, claims as many due jobs as it has free slots (so memory stays flat however
 * many files are queued: the backlog lives in SQLite), runs them, and applies their results.
 *
 * A suspect (a job the engine's process died under, JobQueue.claimSuspect) runs alone: once one is
 * due, nothing new is claimed until the jobs in flight are done, then the suspect runs with nothing
 * beside it. If the process dies again, only that job is charged for it.
 */
export class Orchestrator {
  private readonly inFlight = new Map<Stage, Set<Promise<void>>>();
  private readonly aborts = new Set<AbortController>();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private pumping = false;
  private pumpAgain = false;
  /** A suspect running alone: nothing else is claimed meanwhile. */
  private solo: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly queue: JobQueue,
    private readonly options: OrchestratorOptions,
    private readonly log: Logger,
  ) {
    for (const s of options.stages) this.inFlight.set(s.stage, new Set());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.queue.heartbeat();
    const rescued = this.queue.rescue();
    if (rescued > 0) this.log.info({ rescued }, 'took back jobs left running by a process that stopped');
    this.heartbeatTimer = setInterval(() => {
      try {
        this.queue.heartbeat();
        const n = this.queue.rescue();
        if (n > 0) this.log.info({ rescued: n }, 'took back jobs with expired leases');
      } catch (error) {
        this.log.error({ err: error }, 'heartbeat failed');
      }
      this.wake();
    }, this.options.pollMs);
    this.heartbeatTimer.unref();
    this.wake();
  }

  /** Something was enqueued or finished: look for work now. */
  wake(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        if (this.solo) break;
        if (this.queue.hasDueSuspect(this.options.stages.map((s) => s.stage))) {
          // Let what runs finish, claiming nothing new; the suspect starts when nothing else runs.
          if (this.activeJobs === 0) this.runSuspect();
          break;
        }
        for (const stage of this.options.stages) this.fill(stage);
      } while (this.pumpAgain && this.running);
    } catch (error) {
      this.log.error({ err: error }, 'claiming jobs failed');
    } finally {
      this.pumping = false;
    }
    this.scheduleNextDue();
  }

  /** Jobs of this process in flight, all stages. */
  get activeJobs(): number {
    let n = 0;
    for (const set of this.inFlight.values()) n += set.size;
    return n;
  }

  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then puts the rest back in the queue
   * (without counting the attempt) and aborts them; their late results are refused by the lease check.
   */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    const all = [...this.inFlight.values()].flatMap((s) => [...s]);
    if (all.length > 0) {
      await Promise.race([Promise.allSettled(all), new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
    for (const controller of this.aborts) controller.abort();
    this.queue.retireOwner();
  }

  private runSuspect(): void {
    for (const stage of this.options.stages) {
      const job = this.queue.claimSuspect(stage.stage, stage.timeoutMs);
      if (!job) continue;
      this.log.info(
        { jobId: job.id, stage: stage.stage, documentId: job.documentId },
        'running alone a job the process died under',
      );
      const set = this.inFlight.get(stage.stage)!;
      const task = this.execute(stage, job).finally(() => {
        set.delete(task);
        this.solo = null;
        this.wake();
      });
      set.add(task);
      this.solo = task;
      return;
    }
  }

  private fill(stage: StageDefinition): void {
    const set = this.inFlight.get(stage.stage)!;
    const free = stage.concurrency - set.size;
    if (free <= 0) return;
    const jobs = this.queue.claim(stage.stage, free, stage.timeoutMs);
    for (const job of jobs) {
      const task = this.execute(stage, job).finally(() => {
        set.delete(task);
        this.wake();
      });
      set.add(task);
    }
  }

  private async execute(stage: StageDefinition, job: ClaimedJob): Promise<void> {
    const log = this.log.child({
      correlationId: job.correlationId,
      documentId: job.documentId,
      jobId: job.id,
      stage: stage.stage,
    });
    const controller = new AbortController();
    this.aborts.add(controller);
    const started = Date.now();
    try {
      let result;
      try {
        result = await stage.run(job, controller.signal);
      } catch (error) {
        const appError = AppError.wrap(error, ErrorCode.INTERNAL, `${stage.stage} failed`);
        result = { kind: 'retry' as const, error: appError.toJSON() };
      }
      if (controller.signal.aborted) {
        // We were stopped while this ran: the job is someone else's to do after a restart.
        this.queue.snooze(job, 0);
        return;
      }
      switch (result.kind) {
        case 'ok': {
          const done = this.queue.complete(job, () => {
            stage.commit(job, result.value);
            this.advance(stage, job);
          });
          if (!done) log.warn('lease lost before completion; result dropped (another attempt owns the job)');
          else log.info({ ms: Date.now() - started, attempt: job.attempt }, 'stage completed');
          break;
        }
        case 'retry':
        case 'cancel': {
          const error = result.kind === 'cancel' ? { ...result.error, retryable: false } : result.error;
          const outcome = this.queue.fail(job, error);
          log.warn({ code: error.code, attempt: job.attempt, outcome, ms: Date.now() - started }, error.message);
          break;
        }
        case 'snooze':
          this.queue.snooze(job, result.ms);
          log.info({ ms: result.ms, reason: result.reason }, 'stage snoozed');
          break;
        default:
          assertNever(result, 'stage result');
      }
    } catch (error) {
      log.error({ err: error }, 'applying a stage result failed; the lease will expire and the job be retried');
    } finally {
      this.aborts.delete(controller);
    }
  }

  /** Inside the completion transaction: enqueue the next stage, or mark the document completed. */
  private advance(stage: StageDefinition, job: ClaimedJob): void {
    const index = this.options.stages.findIndex((s) => s.stage === stage.stage);
    const next = this.options.stages[index + 1];
    const doc = this.store.documents.get(job.documentId);
    if (!doc) return;
    if (next && doc.sha256) {
      this.queue.enqueue({
        stage: next.stage,
        documentId: job.documentId,
        sha256: doc.sha256,
        correlationId: job.correlationId,
        maxAttempts: next.maxAttempts,
        requeueTerminal: true,
      });
      return;
    }
    if (!this.store.jobs.hasPendingForDocument(job.documentId)) {
      documentCompleted(this.store, job.documentId, job.correlationId, new Date().toISOString());
    }
  }

  /** Sleep until the earliest retry is due (or the poll interval), whichever comes first. */
  private scheduleNextDue(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    let due = Infinity;
    for (const s of this.options.stages) {
      const t = this.queue.nextRunAt(s.stage);
      if (t !== null) due = Math.min(due, t);
    }
    // Work already due but no free slot: a finishing task wakes us, so only the poll interval is needed.
    const untilDue = due - Date.now();
    const delay = untilDue > 0 ? Math.max(10, Math.min(this.options.pollMs, untilDue)) : this.options.pollMs;
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }
}
