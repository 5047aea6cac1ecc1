/**
 * The library's key-field columns of a documents row (migration 0005): `key_date`, `key_party`,
 * `key_total`, `key_currency` (the type's key fields, `key_fields`, filled from
 * shared/contract/schemas/keyFields.ts when the store opens), each the value the document shows: a
 * person's, else the most confident one (as FieldsRepo.effectiveFields picks it). A date is ISO when it
 * could be read, else as written; a total only when it could be read as a number. `lowest_confidence`:
 * the lowest confidence of the type and of the fields nobody corrected (what the review status is decided
 * by, documents/documentViews.ts `uncertainties`); NULL before the document has a type.
 *
 * The repositories that write their inputs (FieldsRepo: fields; DocumentsRepo: the type) run REFRESH_KEYS
 * once per write, in the writer's transaction, rather than triggers per field row: the understand stage
 * replaces a document's fields row by row, and each row's trigger would rewrite the row's many indexes.
 * A row is only written when a value changed.
 */
import type { SqliteDatabase } from '../Database.js';

/** The value one role's field shows: the first field of the role with a value, a person's value first. */
function keyValue(role: string, expression: string): string {
  return `(SELECT ${expression} FROM key_fields k JOIN fields f ON f.document_id = documents.id AND f.name = k.field
    WHERE k.doc_type = documents.doc_type AND k.role = '${role}'
    ORDER BY k.rank, f.source = 'user' DESC, f.confidence DESC, f.source = 'llm' DESC LIMIT 1)`;
}

const NORMALIZED_TEXT = `CASE WHEN json_type(f.normalized) = 'text' THEN f.normalized ->> '$' END`;

const KEY_COLUMNS = '(key_date, key_party, key_total, key_currency, lowest_confidence)';

const KEY_VALUES = `(SELECT
    ${keyValue('date', `coalesce(${NORMALIZED_TEXT}, nullif(trim(f.value), ''))`)},
    ${keyValue('party', `nullif(trim(f.value), '')`)},
    ${keyValue('total', `CAST(${NORMALIZED_TEXT} AS REAL)`)},
    ${keyValue('currency', `coalesce(${NORMALIZED_TEXT}, nullif(trim(f.value), ''))`)},
    CASE WHEN documents.doc_type IS NULL THEN NULL ELSE min(
      CASE WHEN documents.type_source IS NOT 'user' AND documents.type_confidence IS NOT NULL
        THEN documents.type_confidence ELSE 1.0 END,
      coalesce((SELECT min(c) FROM (
        SELECT max(confidence) AS c FROM fields WHERE document_id = documents.id
        GROUP BY name HAVING max(source = 'user') = 0)), 1.0)) END)`;

/** One document's key columns (@id), written only when one of them changed. */
export const REFRESH_KEYS = `UPDATE documents SET ${KEY_COLUMNS} = ${KEY_VALUES}
  WHERE id = @id AND ${KEY_COLUMNS} IS NOT ${KEY_VALUES}`;

/** Every document's key columns (when `key_fields` changed: a new store, or keyFields.ts names other fields). */
export const REFRESH_ALL_KEYS = `UPDATE documents SET ${KEY_COLUMNS} = ${KEY_VALUES} WHERE ${KEY_COLUMNS} IS NOT ${KEY_VALUES}`;

/** The refresh of one document, prepared on `db`. */
export function keyRefresher(db: SqliteDatabase): (documentId: number) => void {
  const statement = db.prepare<[{ id: number }]>(REFRESH_KEYS);
  return (id) => {
    statement.run({ id });
  };
}
