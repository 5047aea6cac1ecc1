/** The first schema: documents, their locations, page text, the job queue, events, watched folders. */
export default /* sql */ `
CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  -- sha256 of the content; NULL for a file that could not be read or was over the size limit
  -- (such a "placeholder" document has exactly one location and no jobs).
  sha256        TEXT UNIQUE,
  mime          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  pages         INTEGER,
  text_length   INTEGER NOT NULL DEFAULT 0,
  ocr           INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0, 1)),
  state         TEXT NOT NULL CHECK (state IN ('queued', 'processing', 'completed', 'failed')),
  error_code    TEXT,
  error_message TEXT,
  attachments   TEXT NOT NULL DEFAULT '[]',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX documents_state ON documents(state);

-- Every path where a document's bytes were found. size + mtime let a rescan skip unchanged files.
CREATE TABLE locations (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  size        INTEGER NOT NULL,
  mtime_ms    INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX locations_document ON locations(document_id);

CREATE TABLE pages (
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page           INTEGER NOT NULL,
  text           TEXT NOT NULL,
  method         TEXT NOT NULL CHECK (method IN ('text', 'ocr')),
  ocr_confidence REAL,
  width          REAL,
  height         REAL,
  -- JSON array of [text, left, top, width, height, confidence?]: compact, read only by the review screen.
  words          TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (document_id, page)
) STRICT;

-- The durable queue. See electron/shared/contract/jobs.ts for the state machine.
CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  stage            TEXT NOT NULL,
  document_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  -- content hash + stage: a rescan or a restart can never enqueue the same work twice.
  idempotency_key  TEXT NOT NULL UNIQUE,
  state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'retryable', 'completed', 'discarded')),
  attempt          INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  run_at           INTEGER NOT NULL,
  lease_token      TEXT,
  lease_owner      TEXT,
  lease_expires_at INTEGER,
  correlation_id   TEXT,
  payload          TEXT NOT NULL DEFAULT '{}',
  errors           TEXT NOT NULL DEFAULT '[]',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  finished_at      TEXT
) STRICT;
CREATE INDEX jobs_claimable ON jobs(stage, run_at, id) WHERE state IN ('queued', 'retryable');
CREATE INDEX jobs_running ON jobs(lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_document ON jobs(document_id);
CREATE INDEX jobs_state ON jobs(state);

CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  type           TEXT NOT NULL,
  at             TEXT NOT NULL,
  correlation_id TEXT,
  document_id    INTEGER,
  payload        TEXT NOT NULL
) STRICT;
CREATE INDEX events_correlation ON events(correlation_id);

-- Which documents an ingest batch touched, so its progress can be counted.
CREATE TABLE batch_documents (
  batch_id    TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  PRIMARY KEY (batch_id, document_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE batches (
  id          TEXT PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  summary     TEXT
) STRICT;

CREATE TABLE watched_folders (
  path     TEXT PRIMARY KEY,
  added_at TEXT NOT NULL
) STRICT;

-- Processes that hold job leases: lets a restart rescue the jobs of a killed process at once instead of
-- waiting for their leases to expire.
CREATE TABLE owners (
  id           TEXT PRIMARY KEY,
  host         TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
) STRICT;
`;
