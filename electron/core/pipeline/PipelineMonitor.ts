import type { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { STAGES } from '../../shared/contract/jobs.js';
import {
  errorSummary,
  type PipelineBatch,
  type PipelineOverview,
  type PipelineRequest,
  type StageCounts,
} from '../../shared/contract/pipeline.js';
import type { Store } from '../store/Store.js';

const MINUTE_MS = 60_000;
/** The chart's span: the last hour, a bar per minute. */
const CHART_MINUTES = 60;
/** "Lately" for the current rate: documents finished in the last few minutes. */
const RATE_WINDOW_MS = 5 * MINUTE_MS;
/**
 * The shortest span a rate is measured over: two documents finished a second after starting are not
 * 120 documents a minute.
 */
const MIN_RATE_SPAN_MS = 30_000;

/**
 * The pipeline as the Pipeline screen shows it, from the store alone: a reload, another window or a
 * restart of docpipe shows the same numbers (nothing comes from events heard in memory).
 */
export class PipelineMonitor {
  constructor(
    private readonly store: Store,
    /** Clock, injectable for tests. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  overview(request: z.output<typeof PipelineRequest>): PipelineOverview {
    const now = this.now();
    const repo = this.store.pipeline;
    const documents = repo.documentCounts();
    const remaining = documents.queued + documents.processing;
    const perMinute = this.rate(now);
    const failures = repo.failures(request.failures);
    return {
      at: now.toISOString(),
      documents: {
        total: documents.queued + documents.processing + documents.completed + documents.failed,
        ...documents,
      },
      stages: this.stages(),
      throughput: { minutes: this.minutes(now), perMinute: Math.round(perMinute * 10) / 10 },
      remaining,
      etaSeconds: remaining > 0 && perMinute > 0 ? Math.round((remaining / perMinute) * 60) : null,
      failures: {
        total: documents.failed,
        retryable: repo.retryableFailures(),
        items: failures.map((f) => ({
          id: f.id,
          path: f.path ?? '',
          code: AppError.isCode(f.code) ? f.code : ErrorCode.INTERNAL,
          summary: errorSummary(f.code),
          message: f.message,
          at: f.at,
          jobId: f.job_id,
        })),
      },
      batches: repo.recentBatches(request.batches).map((b): PipelineBatch => ({
        id: b.id,
        watch: b.id.startsWith('watch-'),
        startedAt: b.started_at,
        scannedAt: b.scanned_at,
        found: b.found,
        documents: b.documents,
        pending: b.pending,
        completed: b.completed,
        failed: b.failed,
        // Finished once the scan ended and nothing is pending: at the later of the two.
        finishedAt:
          b.scanned_at !== null && b.pending === 0
            ? b.last_finished !== null && b.last_finished > b.scanned_at
              ? b.last_finished
              : b.scanned_at
            : null,
      })),
    };
  }

  private stages(): StageCounts[] {
    const byStage = new Map<string, StageCounts>(
      STAGES.map((stage) => [stage, { stage, queued: 0, running: 0, retrying: 0, done: 0, failed: 0 }]),
    );
    for (const { stage, state, n } of this.store.pipeline.stageCounts()) {
      const counts = byStage.get(stage);
      if (!counts) continue;
      if (state === 'queued') counts.queued += n;
      else if (state === 'running') counts.running += n;
      else if (state === 'retryable') counts.retrying += n;
      else if (state === 'completed') counts.done += n;
      else counts.failed += n;
    }
    return [...byStage.values()];
  }

  /** The last CHART_MINUTES minutes, the current one last, each with the documents finished in it. */
  private minutes(now: Date): PipelineOverview['throughput']['minutes'] {
    const current = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const first = current - (CHART_MINUTES - 1) * MINUTE_MS;
    const counted = new Map(
      this.store.pipeline.finishedByMinute(new Date(first).toISOString()).map((row) => [row.minute, row]),
    );
    return Array.from({ length: CHART_MINUTES }, (_, i) => {
      const at = new Date(first + i * MINUTE_MS).toISOString();
      const row = counted.get(at.slice(0, 16));
      return { at, completed: row?.completed ?? 0, failed: row?.failed ?? 0 };
    });
  }

  /**
   * Documents finished per minute lately: those finished in the last RATE_WINDOW_MS, over the time since
   * the first of them started (or the window's start), so the rate is right from the first minute of a
   * batch and falls to zero a few minutes after the work stops.
   */
  private rate(now: Date): number {
    const windowStart = now.getTime() - RATE_WINDOW_MS;
    const { n, first } = this.store.pipeline.finishedSince(new Date(windowStart).toISOString());
    if (n === 0) return 0;
    const firstMs = first === null ? windowStart : Date.parse(first);
    const span = Math.max(now.getTime() - Math.max(windowStart, firstMs), MIN_RATE_SPAN_MS);
    return n / (span / MINUTE_MS);
  }
}
