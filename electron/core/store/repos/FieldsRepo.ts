import type { Box, FieldSource, FieldValue, NormalizedValue } from '../../../shared/contract/schemas/fieldValue.js';
import type { SqliteDatabase } from '../Database.js';
import { keyRefresher } from './keyColumns.js';

interface FieldRow {
  document_id: number;
  name: string;
  source: FieldSource;
  value: string;
  normalized: string | null;
  confidence: number;
  page: number | null;
  box: string | null;
}

function toField(row: FieldRow): FieldValue {
  return {
    name: row.name,
    value: row.value,
    normalized: row.normalized === null ? null : (JSON.parse(row.normalized) as NormalizedValue),
    confidence: row.confidence,
    source: row.source,
    page: row.page,
    box: row.box === null ? null : (JSON.parse(row.box) as Box),
  };
}

const SOURCE_RANK: Record<FieldSource, number> = { user: 2, llm: 1, embedded: 0 };

/**
 * The fields shown for a document: per name, the user's value when there is one, else the most
 * confident machine value.
 */
export function effectiveFields(all: readonly FieldValue[]): FieldValue[] {
  const best = new Map<string, FieldValue>();
  for (const f of all) {
    const current = best.get(f.name);
    if (!current || outranks(f, current)) best.set(f.name, f);
  }
  return [...best.values()];
}

function outranks(a: FieldValue, b: FieldValue): boolean {
  if ((a.source === 'user') !== (b.source === 'user')) return a.source === 'user';
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return SOURCE_RANK[a.source] > SOURCE_RANK[b.source];
}

export class FieldsRepo {
  private readonly stmts;
  /** The document's library columns follow its fields (keyColumns.ts). */
  private readonly refreshKeys: (documentId: number) => void;

  constructor(db: SqliteDatabase) {
    this.refreshKeys = keyRefresher(db);
    this.stmts = {
      deleteMachine: db.prepare<[number, string]>('DELETE FROM fields WHERE document_id = ? AND source = ?'),
      deleteOne: db.prepare<[number, string, string]>(
        'DELETE FROM fields WHERE document_id = ? AND name = ? AND source = ?',
      ),
      deleteExcept: db.prepare<[number, string]>(
        'DELETE FROM fields WHERE document_id = ? AND name NOT IN (SELECT value FROM json_each(?))',
      ),
      upsert: db.prepare<[number, string, string, string, string | null, number, number | null, string | null, string]>(
        `INSERT INTO fields (document_id, name, source, value, normalized, confidence, page, box, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (document_id, name, source) DO UPDATE SET value = excluded.value, normalized = excluded.normalized,
           confidence = excluded.confidence, page = excluded.page, box = excluded.box, updated_at = excluded.updated_at`,
      ),
      list: db.prepare<[number], FieldRow>('SELECT * FROM fields WHERE document_id = ? ORDER BY name, source'),
      listAll: db.prepare<[], FieldRow>('SELECT * FROM fields ORDER BY document_id, name, source'),
    };
  }

  /** Replaces what one machine source found for a document; user rows are never touched here. */
  replaceMachine(
    documentId: number,
    source: Exclude<FieldSource, 'user'>,
    fields: readonly FieldValue[],
    now: string,
  ): void {
    this.stmts.deleteMachine.run(documentId, source);
    for (const f of fields) this.upsert(documentId, { ...f, source }, now);
    this.refreshKeys(documentId);
  }

  /** Removes one source's value of one field (a person's, when their correction is withdrawn). */
  deleteValue(documentId: number, name: string, source: FieldSource): boolean {
    return this.stmts.deleteOne.run(documentId, name, source).changes > 0;
  }

  /** Removes every value (all sources) of the fields not named: another type's fields after a type change. */
  keepOnly(documentId: number, names: readonly string[]): void {
    this.stmts.deleteExcept.run(documentId, JSON.stringify(names));
  }

  write(documentId: number, f: FieldValue, now: string): void {
    this.upsert(documentId, f, now);
    this.refreshKeys(documentId);
  }

  private upsert(documentId: number, f: FieldValue, now: string): void {
    this.stmts.upsert.run(
      documentId,
      f.name,
      f.source,
      f.value,
      f.normalized === null ? null : JSON.stringify(f.normalized),
      f.confidence,
      f.page,
      f.box === null ? null : JSON.stringify(f.box),
      now,
    );
  }

  /** Every stored value of a document, all sources (the review screen shows the candidates). */
  listAll(documentId: number): FieldValue[] {
    return this.stmts.list.all(documentId).map(toField);
  }

  list(documentId: number): FieldValue[] {
    return effectiveFields(this.listAll(documentId));
  }
}
