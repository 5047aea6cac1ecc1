/** Document types and fields (issue 3): what the understand stage found and what people corrected. */
export default /* sql */ `
ALTER TABLE documents ADD COLUMN doc_type TEXT;
ALTER TABLE documents ADD COLUMN type_confidence REAL;
-- embedded | llm | user: a 'user' type is a correction and is never replaced by a re-run.
ALTER TABLE documents ADD COLUMN type_source TEXT;
ALTER TABLE documents ADD COLUMN type_probabilities TEXT NOT NULL DEFAULT '{}';
-- When a person last confirmed or corrected this document (NULL: never reviewed).
ALTER TABLE documents ADD COLUMN reviewed_at TEXT;
CREATE INDEX documents_type ON documents(doc_type);

-- One row per field and source; the value shown is the user's, else the most confident other source.
CREATE TABLE fields (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('embedded', 'llm', 'user')),
  value       TEXT NOT NULL,
  normalized  TEXT,            -- JSON: string, list of strings, or list of {key, value}
  confidence  REAL NOT NULL,
  page        INTEGER,
  box         TEXT,            -- JSON [left, top, width, height]
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (document_id, name, source)
) STRICT;

-- Every correction a person made, in order: the classifier's training data from this user.
CREATE TABLE corrections (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  sha256      TEXT,
  target      TEXT NOT NULL,   -- 'type' or a field name
  value       TEXT NOT NULL,
  previous    TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX corrections_target ON corrections(target);
`;
