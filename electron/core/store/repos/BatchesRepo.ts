import type { SqliteDatabase } from '../Database.js';

export class BatchesRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      start: db.prepare<[string, string]>('INSERT OR IGNORE INTO batches (id, started_at) VALUES (?, ?)'),
      finish: db.prepare<[string, string, string]>('UPDATE batches SET finished_at = ?, summary = ? WHERE id = ?'),
      addDocument: db.prepare<[string, number, string]>(
        'INSERT OR IGNORE INTO batch_documents (batch_id, document_id, path) VALUES (?, ?, ?)',
      ),
      counts: db.prepare<[string], { state: string; n: number }>(
        `SELECT d.state AS state, count(*) AS n FROM batch_documents b JOIN documents d ON d.id = b.document_id
         WHERE b.batch_id = ? GROUP BY d.state`,
      ),
      failures: db.prepare<[string], { id: number; path: string; code: string; message: string }>(
        `SELECT d.id, b.path, coalesce(d.error_code, 'INTERNAL') AS code, coalesce(d.error_message, '') AS message
         FROM batch_documents b JOIN documents d ON d.id = b.document_id
         WHERE b.batch_id = ? AND d.state = 'failed' ORDER BY d.id`,
      ),
    };
  }

  start(batchId: string, now: string): void {
    this.stmts.start.run(batchId, now);
  }

  finish(batchId: string, summary: unknown, now: string): void {
    this.stmts.finish.run(now, JSON.stringify(summary), batchId);
  }

  addDocument(batchId: string, documentId: number, path: string): void {
    this.stmts.addDocument.run(batchId, documentId, path);
  }

  stateCounts(batchId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.stmts.counts.all(batchId)) out[row.state] = row.n;
    return out;
  }

  failures(batchId: string): { id: number; path: string; code: string; message: string }[] {
    return this.stmts.failures.all(batchId);
  }
}
