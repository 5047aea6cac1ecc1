import type { Stage, StageResult } from '../../shared/contract/jobs.js';
import type { ClaimedJob } from '../queue/JobQueue.js';

/**
 * One pipeline stage. `run` does the work outside any transaction (in a worker pool, or awaiting a model
 * server); `commit` writes its result inside the job's completion transaction, so the result, the next
 * job and the events land together or not at all.
 */
export interface StageDefinition<T = unknown> {
  stage: Stage;
  /** Jobs of this stage in flight at once (pool size for CPU stages, model slots for LLM stages). */
  concurrency: number;
  /** Time limit of one job, ms (the lease is this plus a grace period). */
  timeoutMs: number;
  maxAttempts: number;
  run(job: ClaimedJob, signal: AbortSignal): Promise<StageResult<T>>;
  commit(job: ClaimedJob, value: T): void;
}
