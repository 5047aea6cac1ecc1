/**
 * When a document started and finished processing, for the Pipeline screen's throughput (documents
 * finished per minute) and its estimate of the time left. `documents.updated_at` cannot say it: a
 * correction or a new type changes it too. Documents already finished get the time of their last job's
 * end (else their last update), so the chart of a data folder made before this migration is not empty.
 */
export default /* sql */ `
ALTER TABLE documents ADD COLUMN started_at TEXT;
ALTER TABLE documents ADD COLUMN finished_at TEXT;
UPDATE documents
SET finished_at = coalesce((SELECT max(j.finished_at) FROM jobs j WHERE j.document_id = documents.id), updated_at)
WHERE state IN ('completed', 'failed');
CREATE INDEX documents_finished ON documents(finished_at) WHERE finished_at IS NOT NULL;
`;
