import type { SqliteDatabase } from '../Database.js';

export interface CorrectionRow {
  id: number;
  document_id: number | null;
  sha256: string | null;
  target: string;
  value: string;
  previous: string | null;
  created_at: string;
}

export class CorrectionsRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      add: db.prepare<[number, string | null, string, string, string | null, string]>(
        'INSERT INTO corrections (document_id, sha256, target, value, previous, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      latestTypes: db.prepare<[], CorrectionRow>(
        `SELECT c.* FROM corrections c
         WHERE c.target = 'type' AND c.document_id IS NOT NULL
           AND c.id = (SELECT max(id) FROM corrections WHERE target = 'type' AND document_id = c.document_id)
         ORDER BY c.id`,
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM corrections'),
      deleteFor: db.prepare<[number]>('DELETE FROM corrections WHERE document_id = ?'),
    };
  }

  add(
    documentId: number,
    sha256: string | null,
    target: string,
    value: string,
    previous: string | null,
    now: string,
  ): void {
    this.stmts.add.run(documentId, sha256, target, value, previous, now);
  }

  /** The last type a person gave each document that still exists: the classifier's extra training data. */
  latestTypeCorrections(): CorrectionRow[] {
    return this.stmts.latestTypes.all();
  }

  /** Forgets what people corrected on a document removed from the archive (it can teach nothing without its pages). */
  deleteForDocument(documentId: number): void {
    this.stmts.deleteFor.run(documentId);
  }

  count(): number {
    return this.stmts.count.get()?.n ?? 0;
  }
}
