import type { DocumentSummary, ErrorInfo } from '../../../shared/contract/documents.js';

/** A document as stored; the API adds its fields and review status (see documents/documentViews.ts). */
export type DocumentRecord = Omit<DocumentSummary, 'fields' | 'review'> & {
  attachments: string[];
  reviewedAt: string | null;
};
import type { ErrorCode } from '../../../shared/contract/errors.js';
import type { EInvoice } from '../../../shared/contract/extract.js';
import { DOCUMENT_STATES, type DocumentState } from '../../../shared/contract/jobs.js';
import type { SqliteDatabase } from '../Database.js';
import { keyRefresher } from './keyColumns.js';

interface DocumentRow {
  id: number;
  sha256: string | null;
  mime: string;
  size: number;
  pages: number | null;
  text_length: number;
  ocr: number;
  state: DocumentState;
  error_code: string | null;
  error_message: string | null;
  attachments: string;
  paths: string;
  doc_type: string | null;
  type_confidence: number | null;
  type_source: string | null;
  reviewed_at: string | null;
}

export interface NewDocument {
  sha256: string | null;
  mime: string;
  size: number;
  state: DocumentState;
  error?: { code: ErrorCode; message: string } | undefined;
}

const SUMMARY_SELECT = `
  SELECT d.*, (SELECT json_group_array(path) FROM (SELECT path FROM locations l WHERE l.document_id = d.id ORDER BY path)) AS paths
  FROM documents d`;

function toRecord(row: DocumentRow): DocumentRecord {
  const error: ErrorInfo | null =
    row.error_code === null ? null : { code: row.error_code as ErrorCode, message: row.error_message ?? '' };
  return {
    id: row.id,
    sha256: row.sha256,
    paths: JSON.parse(row.paths) as string[],
    mime: row.mime,
    size: row.size,
    pages: row.pages,
    textLength: row.text_length,
    ocr: row.ocr === 1,
    state: row.state,
    error,
    attachments: JSON.parse(row.attachments) as string[],
    type: row.doc_type,
    typeConfidence: row.type_confidence,
    typeSource: row.type_source as DocumentRecord['typeSource'],
    reviewedAt: row.reviewed_at,
  };
}

export class DocumentsRepo {
  private readonly stmts;
  /** The library columns follow the type (keyColumns.ts). */
  private readonly refreshKeys: (documentId: number) => void;

  constructor(private readonly db: SqliteDatabase) {
    this.refreshKeys = keyRefresher(db);
    this.stmts = {
      // A document born finished (a placeholder for a file that could not be read) has finished now.
      insert: db.prepare<
        [
          {
            sha256: string | null;
            mime: string;
            size: number;
            state: string;
            code: string | null;
            message: string | null;
            now: string;
          },
        ]
      >(
        `INSERT INTO documents (sha256, mime, size, state, error_code, error_message, created_at, updated_at, finished_at)
         VALUES (@sha256, @mime, @size, @state, @code, @message, @now, @now,
                 CASE WHEN @state IN ('completed', 'failed') THEN @now END)`,
      ),
      bySha: db.prepare<[string], { id: number; state: DocumentState }>(
        'SELECT id, state FROM documents WHERE sha256 = ?',
      ),
      summary: db.prepare<[number], DocumentRow>(`${SUMMARY_SELECT} WHERE d.id = ?`),
      // The error is set with `failed`, cleared with `queued`, and kept otherwise (@keepError = 1).
      // started_at: when processing began (cleared by a requeue); finished_at: when the document reached
      // completed or failed from another state (a re-index of a completed document keeps its time).
      moveState: db.prepare<
        [
          {
            id: number;
            from: string;
            to: string;
            now: string;
            keepError: number;
            code: string | null;
            message: string | null;
          },
        ]
      >(
        `UPDATE documents SET state = @to, updated_at = @now,
           started_at = CASE @to WHEN 'processing' THEN @now WHEN 'queued' THEN NULL ELSE started_at END,
           finished_at = CASE WHEN @to NOT IN ('completed', 'failed') THEN NULL
                              WHEN state = @to THEN coalesce(finished_at, @now) ELSE @now END,
           error_code = CASE WHEN @keepError THEN error_code ELSE @code END,
           error_message = CASE WHEN @keepError THEN error_message ELSE @message END
         WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
      ),
      setExtracted: db.prepare<[number, number, number, string, string, number]>(
        'UPDATE documents SET pages = ?, text_length = ?, ocr = ?, attachments = ?, updated_at = ? WHERE id = ?',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents'),
      stateCounts: db.prepare<[], { state: string; n: number }>(
        'SELECT state, count(*) AS n FROM documents GROUP BY state',
      ),
      setType: db.prepare<
        [{ id: number; type: string; confidence: number; source: string; probabilities: string; now: string }]
      >(
        `UPDATE documents SET doc_type = @type, type_confidence = @confidence, type_source = @source,
           type_probabilities = @probabilities, updated_at = @now WHERE id = @id`,
      ),
      markReviewed: db.prepare<[string | null, number]>('UPDATE documents SET reviewed_at = ? WHERE id = ?'),
      setEInvoice: db.prepare<[string | null, number]>('UPDATE documents SET e_invoice = ? WHERE id = ?'),
      eInvoice: db.prepare<[number], { e: string | null }>('SELECT e_invoice AS e FROM documents WHERE id = ?'),
      probabilities: db.prepare<[number], { p: string }>('SELECT type_probabilities AS p FROM documents WHERE id = ?'),
      deleteOrphans: db.prepare<[], { id: number }>(
        'DELETE FROM documents WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.document_id = documents.id) RETURNING id',
      ),
      delete: db.prepare<[number]>('DELETE FROM documents WHERE id = ?'),
    };
  }

  insert(doc: NewDocument, now: string): number {
    const info = this.stmts.insert.run({
      sha256: doc.sha256,
      mime: doc.mime,
      size: doc.size,
      state: doc.state,
      code: doc.error?.code ?? null,
      message: doc.error?.message ?? null,
      now,
    });
    return Number(info.lastInsertRowid);
  }

  findBySha(sha256: string): { id: number; state: DocumentState } | undefined {
    return this.stmts.bySha.get(sha256);
  }

  get(id: number): DocumentRecord | undefined {
    const row = this.stmts.summary.get(id);
    return row ? toRecord(row) : undefined;
  }

  list(filter: {
    state?: DocumentState | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  }): DocumentRecord[] {
    const where = filter.state ? 'WHERE d.state = ?' : '';
    const params: (string | number)[] = filter.state ? [filter.state] : [];
    const rows = this.db
      .prepare<(string | number)[], DocumentRow>(`${SUMMARY_SELECT} ${where} ORDER BY d.id LIMIT ? OFFSET ?`)
      .all(...params, filter.limit ?? -1, filter.offset ?? 0);
    return rows.map(toRecord);
  }

  /** A page of documents after `afterId` (keyset pagination: streaming exports never hold all rows). */
  listAfter(afterId: number, limit: number, type?: string, state?: DocumentState): DocumentRecord[] {
    const where = `WHERE d.id > @afterId${type ? ' AND d.doc_type = @type' : ''}${state ? ' AND d.state = @state' : ''}`;
    return this.db
      .prepare<[Record<string, string | number>], DocumentRow>(`${SUMMARY_SELECT} ${where} ORDER BY d.id LIMIT @limit`)
      .all({ afterId, limit, ...(type && { type }), ...(state && { state }) })
      .map(toRecord);
  }

  /** Documents of a type and in a state (either may be left out). */
  countWhere(type?: string, state?: DocumentState): number {
    const where = [type ? 'doc_type = @type' : '', state ? 'state = @state' : ''].filter(Boolean).join(' AND ');
    return (
      this.db
        .prepare<[Record<string, string>], { n: number }>(
          `SELECT count(*) AS n FROM documents ${where ? `WHERE ${where}` : ''}`,
        )
        .get({ ...(type && { type }), ...(state && { state }) })?.n ?? 0
    );
  }

  /**
   * Moves the document to `to` when it stands in one of `from`; returns whether it moved. Only
   * documents/documentLifecycle.ts calls this: the allowed transitions are written there.
   * @param error set with the state (an error), cleared (null), or left as it is (undefined).
   */
  moveState(
    id: number,
    from: readonly DocumentState[],
    to: DocumentState,
    now: string,
    error?: { code: string; message: string } | null,
  ): boolean {
    const keep = error === undefined;
    return (
      this.stmts.moveState.run({
        id,
        from: JSON.stringify(from),
        to,
        now,
        keepError: keep ? 1 : 0,
        code: error?.code ?? null,
        message: error?.message ?? null,
      }).changes > 0
    );
  }

  setExtracted(
    id: number,
    facts: { pages: number; textLength: number; ocr: boolean; attachments: string[] },
    now: string,
  ): void {
    this.stmts.setExtracted.run(
      facts.pages,
      facts.textLength,
      facts.ocr ? 1 : 0,
      JSON.stringify(facts.attachments),
      now,
      id,
    );
  }

  /** Records the document's type; a 'user' type is only ever replaced by another user type. */
  setType(
    id: number,
    facts: {
      type: string;
      confidence: number;
      source: 'embedded' | 'llm' | 'user';
      probabilities: Record<string, number>;
    },
    now: string,
  ): void {
    this.stmts.setType.run({
      id,
      type: facts.type,
      confidence: facts.confidence,
      source: facts.source,
      probabilities: JSON.stringify(facts.probabilities),
      now,
    });
    this.refreshKeys(id);
  }

  /** The e-invoice found with the document's file at its last extraction (null: none). */
  setEInvoice(id: number, eInvoice: EInvoice | null): void {
    this.stmts.setEInvoice.run(eInvoice ? JSON.stringify(eInvoice) : null, id);
  }

  eInvoice(id: number): EInvoice | null {
    const json = this.stmts.eInvoice.get(id)?.e;
    return json ? (JSON.parse(json) as EInvoice) : null;
  }

  markReviewed(id: number, now: string): void {
    this.stmts.markReviewed.run(now, id);
  }

  /** The person's confirmation no longer holds (they changed the type: the new type's fields are unchecked). */
  clearReviewed(id: number): void {
    this.stmts.markReviewed.run(null, id);
  }

  typeProbabilities(id: number): Record<string, number> {
    return JSON.parse(this.stmts.probabilities.get(id)?.p ?? '{}') as Record<string, number>;
  }

  /** Documents by state, every state present (0 where none). */
  stateCounts(): Record<DocumentState, number> {
    const counts = Object.fromEntries(DOCUMENT_STATES.map((s) => [s, 0])) as Record<DocumentState, number>;
    for (const row of this.stmts.stateCounts.all()) if (row.state in counts) counts[row.state as DocumentState] = row.n;
    return counts;
  }

  count(): number {
    return this.stmts.count.get()?.n ?? 0;
  }

  /** Deletes documents that no path points at any more; returns their ids. */
  deleteOrphans(): number[] {
    return this.stmts.deleteOrphans.all().map((r) => r.id);
  }

  delete(id: number): void {
    this.stmts.delete.run(id);
  }
}
