import type { DocumentState, JobState, Stage } from '../../../shared/contract/jobs.js';
import type { SqliteDatabase } from '../Database.js';

export interface FailureRow {
  id: number;
  path: string | null;
  code: string;
  message: string;
  at: string | null;
  job_id: number | null;
}

export interface BatchRow {
  id: string;
  started_at: string;
  scanned_at: string | null;
  found: number | null;
  documents: number;
  pending: number;
  completed: number;
  failed: number;
  last_finished: string | null;
}

/** What the Pipeline screen reads: counts by stage and state, finish times, failures, recent batches. */
export class PipelineRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      stageCounts: db.prepare<[], { stage: Stage; state: JobState; n: number }>(
        'SELECT stage, state, count(*) AS n FROM jobs GROUP BY stage, state',
      ),
      documentCounts: db.prepare<[], { state: DocumentState; n: number }>(
        'SELECT state, count(*) AS n FROM documents GROUP BY state',
      ),
      // ISO text: the first 16 characters are the minute ("2026-12-07T13:49").
      finishedByMinute: db.prepare<[{ since: string }], { minute: string; completed: number; failed: number }>(
        `SELECT substr(finished_at, 1, 16) AS minute, sum(state = 'completed') AS completed, sum(state = 'failed') AS failed
         FROM documents WHERE finished_at >= @since GROUP BY minute`,
      ),
      finishedSince: db.prepare<[{ since: string }], { n: number; first: string | null }>(
        `SELECT count(*) AS n, min(coalesce(started_at, finished_at)) AS first FROM documents WHERE finished_at >= @since`,
      ),
      failures: db.prepare<[{ limit: number }], FailureRow>(
        `SELECT d.id, (SELECT min(l.path) FROM locations l WHERE l.document_id = d.id) AS path,
           coalesce(d.error_code, 'INTERNAL') AS code, coalesce(d.error_message, '') AS message, d.finished_at AS at,
           (SELECT j.id FROM jobs j WHERE j.document_id = d.id AND j.state = 'discarded' ORDER BY j.id LIMIT 1) AS job_id
         FROM documents d WHERE d.state = 'failed' ORDER BY d.finished_at DESC, d.id DESC LIMIT @limit`,
      ),
      retryableFailures: db.prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM documents d WHERE d.state = 'failed'
           AND EXISTS (SELECT 1 FROM jobs j WHERE j.document_id = d.id AND j.state = 'discarded')`,
      ),
      batches: db.prepare<[{ limit: number }], BatchRow>(
        `WITH recent AS (SELECT id, started_at, finished_at, summary FROM batches ORDER BY started_at DESC, rowid DESC LIMIT @limit)
         SELECT r.id, r.started_at, r.finished_at AS scanned_at, json_extract(r.summary, '$.found') AS found,
           count(d.id) AS documents,
           coalesce(sum(d.state IN ('queued', 'processing')), 0) AS pending,
           coalesce(sum(d.state = 'completed'), 0) AS completed,
           coalesce(sum(d.state = 'failed'), 0) AS failed,
           max(d.finished_at) AS last_finished
         FROM recent r
         LEFT JOIN batch_documents b ON b.batch_id = r.id
         LEFT JOIN documents d ON d.id = b.document_id
         GROUP BY r.id ORDER BY r.started_at DESC`,
      ),
    };
  }

  /** Jobs by stage and state: one job per document and stage, so these are documents. */
  stageCounts(): { stage: Stage; state: JobState; n: number }[] {
    return this.stmts.stageCounts.all();
  }

  documentCounts(): Record<DocumentState, number> {
    const out: Record<DocumentState, number> = { queued: 0, processing: 0, completed: 0, failed: 0 };
    for (const row of this.stmts.documentCounts.all()) out[row.state] = row.n;
    return out;
  }

  /** Documents finished per minute since `since` (ISO), by the minute's first 16 characters. */
  finishedByMinute(since: string): { minute: string; completed: number; failed: number }[] {
    return this.stmts.finishedByMinute.all({ since });
  }

  /** Documents finished since `since`, and when the first of them started. */
  finishedSince(since: string): { n: number; first: string | null } {
    return this.stmts.finishedSince.get({ since }) ?? { n: 0, first: null };
  }

  failures(limit: number): FailureRow[] {
    return this.stmts.failures.all({ limit });
  }

  retryableFailures(): number {
    return this.stmts.retryableFailures.get()?.n ?? 0;
  }

  recentBatches(limit: number): BatchRow[] {
    return this.stmts.batches.all({ limit });
  }
}
