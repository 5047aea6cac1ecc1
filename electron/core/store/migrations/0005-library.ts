/**
 * The library (issue 17): what the table sorts and filters by, kept on the documents row and indexed, so
 * a page of 100,000 documents sorted by any column is an index walk, never a pass over every document in
 * JavaScript.
 *
 * - `name`, `path_count`: the file name of the first path (paths sorted) and how many paths there are,
 *   kept by triggers on locations (written by ingest, the watcher, removals and cascades alike).
 * - `key_date`, `key_party`, `key_total`, `key_currency`, `lowest_confidence`: the type's key fields and
 *   the lowest confidence, kept by the repositories that write fields and types (repos/keyColumns.ts);
 *   `key_fields` says which field is which role, filled when the store opens (which also fills the
 *   columns of documents stored before this migration).
 *
 * Removed files (`removed_files`): a document removed from the archive is remembered by each path with its
 * size, mtime and hash, so a rescan of a watched folder does not bring it straight back; a changed file
 * (other bytes) is ingested again.
 */
const SEPARATORS = `replace(replace(p, '/', ''), '\\', '')`;

/** Name and path count of one document, from its locations. */
function refreshName(documentId: string): string {
  return `UPDATE documents SET (name, path_count) = (
    SELECT coalesce(substr(p, length(rtrim(p, ${SEPARATORS})) + 1), ''), n
    FROM (SELECT min(path) AS p, count(*) AS n FROM locations WHERE document_id = ${documentId})
  ) WHERE id = ${documentId};`;
}

export default /* sql */ `
ALTER TABLE documents ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN path_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN key_date TEXT;
ALTER TABLE documents ADD COLUMN key_party TEXT;
ALTER TABLE documents ADD COLUMN key_total REAL;
ALTER TABLE documents ADD COLUMN key_currency TEXT;
ALTER TABLE documents ADD COLUMN lowest_confidence REAL;

-- Which field of a type is its date, party, total, currency (rank: tried in order).
CREATE TABLE key_fields (
  doc_type TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('date', 'party', 'total', 'currency')),
  field    TEXT NOT NULL,
  rank     INTEGER NOT NULL,
  PRIMARY KEY (doc_type, role, rank)
) STRICT;

CREATE TABLE removed_files (
  path       TEXT PRIMARY KEY,
  size       INTEGER NOT NULL,
  mtime_ms   INTEGER NOT NULL,
  sha256     TEXT,
  removed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER locations_name_insert AFTER INSERT ON locations BEGIN
  ${refreshName('NEW.document_id')}
END;
CREATE TRIGGER locations_name_update AFTER UPDATE OF path, document_id ON locations BEGIN
  ${refreshName('NEW.document_id')}
  ${refreshName('OLD.document_id')}
END;
CREATE TRIGGER locations_name_delete AFTER DELETE ON locations BEGIN
  ${refreshName('OLD.document_id')}
END;

UPDATE documents SET (name, path_count) = (
  SELECT coalesce(substr(p, length(rtrim(p, ${SEPARATORS})) + 1), ''), n
  FROM (SELECT min(path) AS p, count(*) AS n FROM locations WHERE document_id = documents.id)
);

-- One index per sort column (two for a column that can be empty: documents without a value come last in
-- either direction), each ending with the columns the filters test, so a filtered, sorted page is a walk
-- along one index that never reads the table. LibraryRepo names the index it walks (INDEXED BY).
CREATE INDEX documents_by_added ON documents(id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_name ON documents(name COLLATE NOCASE, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_size ON documents(size, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_state ON documents(state, id, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_type_asc ON documents(doc_type IS NULL, doc_type, id, state, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_type_desc ON documents(doc_type, id, state, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_date_asc ON documents(key_date IS NULL, key_date, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_date_desc ON documents(key_date, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_party_asc
  ON documents(key_party IS NULL, key_party COLLATE NOCASE, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_party_desc
  ON documents(key_party COLLATE NOCASE, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_total_asc ON documents(key_total IS NULL, key_total, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_total_desc ON documents(key_total, id, state, doc_type, reviewed_at, lowest_confidence);
CREATE INDEX documents_by_confidence_asc ON documents(lowest_confidence IS NULL, lowest_confidence, id, state, doc_type, reviewed_at);
CREATE INDEX documents_by_confidence_desc ON documents(lowest_confidence, id, state, doc_type, reviewed_at);
-- The counts by state, type and review status read this index only.
CREATE INDEX documents_facets ON documents(state, doc_type, reviewed_at, lowest_confidence);
-- documents_by_state and documents_by_type_desc begin with their columns: they answer what these did.
DROP INDEX documents_state;
DROP INDEX documents_type;
`;
