import type { SqliteDatabase } from '../Database.js';

/** One uncertain item of a document in the review queue; a document has one row per item under the threshold. */
export interface ReviewQueueRow {
  id: number;
  /** JSON array of the document's paths, sorted. */
  paths: string;
  doc_type: string;
  type_confidence: number | null;
  /** The lowest confidence among the type and the fields nobody corrected (also those above the threshold). */
  lowest: number;
  /** 'type' for the document's type, else a field name. */
  item: 'type' | 'field';
  name: string;
  confidence: number;
}

/**
 * The review queue as one query: the rules of documents/documentViews.ts `uncertainties` over every
 * document at once, so a large store is not read document by document into JavaScript.
 *
 * - Only completed documents with a type that nobody has reviewed.
 * - The type counts unless a person set it. A field counts by the value the document shows
 *   (FieldsRepo.effectiveFields): a name with a person's value is left out, otherwise its most confident
 *   machine value counts.
 * - A document is in the queue when any of them is under @below; it is ranked by the lowest of them.
 *
 * The uncertain items come back as rows (type first, then fields by name) rather than as a JSON array,
 * so their confidences reach JavaScript as the stored doubles and print exactly as `uncertainties` prints them.
 *
 * No index of its own: the fields primary key (document_id, name, source) already gives the grouping
 * order. Measured on 20,000 documents with 8 fields each, a partial index over unreviewed completed
 * documents helped only when about half were reviewed (200 -> 153 ms), and cost time when nearly all or
 * none were (25 -> 35 ms, 372 -> 400 ms); the scan of every document it replaces took 0.3-2 s.
 */
const QUEUE_SQL = /* sql */ `
WITH open_documents AS (
  SELECT id, doc_type, type_confidence, type_source FROM documents
  WHERE state = 'completed' AND reviewed_at IS NULL AND doc_type IS NOT NULL
),
items AS MATERIALIZED (
  SELECT d.id AS document_id, 0 AS rank, 'type' AS name, d.type_confidence AS confidence
  FROM open_documents d
  WHERE d.type_source IS NOT 'user' AND d.type_confidence IS NOT NULL
  UNION ALL
  SELECT f.document_id, 1, f.name, max(f.confidence)
  FROM open_documents d JOIN fields f ON f.document_id = d.id
  GROUP BY f.document_id, f.name
  HAVING max(f.source = 'user') = 0
),
queue AS (
  SELECT document_id, min(confidence) AS lowest FROM items
  GROUP BY document_id
  HAVING min(confidence) < @below
  ORDER BY lowest, document_id
  LIMIT @limit
)
SELECT q.document_id AS id, q.lowest, d.doc_type, d.type_confidence,
  CASE i.rank WHEN 0 THEN 'type' ELSE 'field' END AS item, i.name, i.confidence,
  (SELECT json_group_array(path) FROM (SELECT path FROM locations l WHERE l.document_id = q.document_id ORDER BY path)) AS paths
FROM queue q
JOIN documents d ON d.id = q.document_id
JOIN items i ON i.document_id = q.document_id AND i.confidence < @below
ORDER BY q.lowest, q.document_id, i.rank, i.name`;

/**
 * Documents of one type waiting for review (something under @below) whose every uncertain item is at
 * least @above: what "confirm all of them" takes. The same items as the queue's.
 */
const CONFIDENT_OF_TYPE_SQL = /* sql */ `
WITH open_documents AS (
  SELECT id, type_confidence, type_source FROM documents
  WHERE state = 'completed' AND reviewed_at IS NULL AND doc_type = @type
),
items AS (
  SELECT d.id AS document_id, d.type_confidence AS confidence
  FROM open_documents d
  WHERE d.type_source IS NOT 'user' AND d.type_confidence IS NOT NULL
  UNION ALL
  SELECT f.document_id, max(f.confidence)
  FROM open_documents d JOIN fields f ON f.document_id = d.id
  GROUP BY f.document_id, f.name
  HAVING max(f.source = 'user') = 0
)
SELECT document_id AS id FROM items
GROUP BY document_id
HAVING min(confidence) >= @above AND min(confidence) < @below
ORDER BY document_id`;

export class ReviewRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      queue: db.prepare<[{ below: number; limit: number }], ReviewQueueRow>(QUEUE_SQL),
      confidentOfType: db.prepare<[{ type: string; above: number; below: number }], { id: number }>(
        CONFIDENT_OF_TYPE_SQL,
      ),
    };
  }

  /** The `limit` documents most in need of a look, lowest confidence first (ties: oldest document first). */
  queue(below: number, limit: number): ReviewQueueRow[] {
    return this.stmts.queue.all({ below, limit });
  }

  /** Ids of the documents of `type` that need review (something under `below`) with nothing under `above`. */
  confidentOfType(type: string, above: number, below: number): number[] {
    return this.stmts.confidentOfType.all({ type, above, below }).map((r) => r.id);
  }
}
