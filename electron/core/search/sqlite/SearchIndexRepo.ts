/**
 * The SQLite search index's repository: the only place SQL text lives for search. The index is its own
 * database file (derived data; the store is the source of truth), so it owns and versions its schema:
 * on a version or embedding-model change it drops everything and starts empty (`rebuilt` tells the backend
 * to report needsReindex).
 *
 * Layout: `docs` holds the text (FTS5 external content, so snippets need no second copy) and per-column
 * token counts (our BM25F needs them; FTS5 does not expose its own); side tables hold paths and field
 * values for filters; `postings` holds per-column term frequencies for our BM25F (FTS5's own postings are
 * too slow to read through fts5vocab, see analyzer.ts); chunks and the sqlite-vec table hold vectors when
 * an embedder is configured.
 */
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import type { Clause, FieldClause, RangeClause } from '../../../shared/search/query.js';

/** Bump when the schema below changes: an older index file is dropped and rebuilt (reindex). */
export const SCHEMA_VERSION = 6;
const TOKENIZER = "porter unicode61 remove_diacritics 2";

export interface DocRow {
  id: number;
  title: string;
  body: string;
  fieldText: string;
  type: string | null;
  paths: string[];
  fieldsJson: string;
  pagesJson: string | null;
  mtime: number | null;
  lengths: [number, number, number];
  /** Our BM25F postings: term and its frequency in title, body and field values. */
  postings: [string, number, number, number][];
  fieldRows: { name: string; text: string | null; num: number | null }[];
}

export interface ChunkRow {
  docId: number;
  page: number | null;
  text: string;
  vector: Float32Array;
}

export interface StoredDoc {
  id: number;
  type: string | null;
  paths: string[];
  fields: Record<string, string | number | string[] | null>;
  body: string;
  /** [page number, offset of the page's first character in body], when the document came with pages. */
  pages: [number, number][] | null;
}

export interface Filter {
  sql: string;
  params: unknown[];
}

export class SearchIndexRepo {
  readonly db: Database.Database;
  /** True when open() found no index, an older schema or another embedding model, and started empty. */
  readonly rebuilt: boolean;
  readonly vectorDims: number | null;
  private readonly stmts;

  constructor(file: string, embedding: { model: string; dims: number } | null) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('temp_store = MEMORY');
    sqliteVec.load(this.db);
    this.vectorDims = embedding?.dims ?? null;
    this.rebuilt = this.migrate(embedding);
    this.stmts = {
      insertDoc: this.db.prepare(
        `INSERT INTO docs (id, title, body, field_text, type, paths, fields, pages, mtime, len_title, len_body, len_fields)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFts: this.db.prepare('INSERT INTO docs_fts (rowid, title, body, field_text) VALUES (?, ?, ?, ?)'),
      deleteFts: this.db.prepare(
        `INSERT INTO docs_fts (docs_fts, rowid, title, body, field_text)
         SELECT 'delete', id, title, body, field_text FROM docs WHERE id = ?`,
      ),
      deleteDoc: this.db.prepare('DELETE FROM docs WHERE id = ?'),
      insertPath: this.db.prepare('INSERT OR IGNORE INTO doc_paths (path, doc_id) VALUES (?, ?)'),
      deletePaths: this.db.prepare('DELETE FROM doc_paths WHERE doc_id = ?'),
      insertField: this.db.prepare('INSERT INTO doc_fields (doc_id, name, text_value, num_value) VALUES (?, ?, ?, ?)'),
      deleteFields: this.db.prepare('DELETE FROM doc_fields WHERE doc_id = ?'),
      insertChunk: this.db.prepare('INSERT INTO chunks (doc_id, page, text) VALUES (?, ?, ?)'),
      chunkIdsOf: this.db.prepare('SELECT id FROM chunks WHERE doc_id = ?').pluck(),
      deleteChunks: this.db.prepare('DELETE FROM chunks WHERE doc_id = ?'),
      countDocs: this.db.prepare('SELECT count(*) FROM docs').pluck(),
      allIds: this.db.prepare('SELECT id FROM docs ORDER BY id').pluck(),
      stats: this.db.prepare('SELECT count(*), sum(len_title), sum(len_body), sum(len_fields) FROM docs').raw(),
      documentFrequency: this.db.prepare('SELECT count(*) FROM postings WHERE term = ?').pluck(),
      insertPosting: this.db.prepare('INSERT INTO postings (term, doc, tf_title, tf_body, tf_fields) VALUES (?, ?, ?, ?, ?)'),
      deletePostings: this.db.prepare('DELETE FROM postings WHERE doc = ?'),
    };
  }

  private migrate(embedding: { model: string; dims: number } | null): boolean {
    const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_meta'").pluck().get() !== undefined;
    const meta = new Map<string, string>(
      hasMeta ? (this.db.prepare('SELECT key, value FROM search_meta').raw().all() as [string, string][]) : [],
    );
    const wantedModel = embedding ? `${embedding.model}:${embedding.dims}` : '';
    if (meta.get('schema_version') === String(SCHEMA_VERSION) && meta.get('embedding') === wantedModel) return false;

    const rebuild = this.db.transaction(() => {
      const objects = this.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE TABLE %docs_fts_%' AND sql NOT LIKE 'CREATE TABLE \"chunk_vectors_%'")
        .pluck()
        .all() as string[];
      // Virtual tables first: dropping them drops their shadow tables.
      for (const name of ['docs_fts', 'chunk_vectors']) {
        this.db.exec(`DROP TABLE IF EXISTS "${name}"`);
      }
      for (const name of objects) this.db.exec(`DROP TABLE IF EXISTS "${name.replace(/"/g, '""')}"`);
      this.db.exec(`
        CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        -- Small columns first: SQLite reads a row's columns in order, and a long body spills into overflow
        -- pages that scoring (lengths, type) would otherwise have to walk.
        CREATE TABLE docs (
          id INTEGER PRIMARY KEY,
          len_title INTEGER NOT NULL,
          len_body INTEGER NOT NULL,
          len_fields INTEGER NOT NULL,
          type TEXT,
          mtime INTEGER,
          title TEXT NOT NULL,
          field_text TEXT NOT NULL,
          paths TEXT NOT NULL,
          fields TEXT NOT NULL,
          pages TEXT,
          body TEXT NOT NULL
        ) STRICT;
        CREATE INDEX docs_type ON docs (type);
        CREATE INDEX docs_mtime ON docs (mtime);
        CREATE VIRTUAL TABLE docs_fts USING fts5 (
          title, body, field_text,
          content = 'docs', content_rowid = 'id',
          tokenize = '${TOKENIZER}', prefix = '2 3'
        );
        CREATE TABLE postings (
          term TEXT NOT NULL, doc INTEGER NOT NULL,
          tf_title INTEGER NOT NULL, tf_body INTEGER NOT NULL, tf_fields INTEGER NOT NULL,
          PRIMARY KEY (term, doc)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX postings_doc ON postings (doc);
        CREATE TABLE doc_paths (path TEXT NOT NULL, doc_id INTEGER NOT NULL, PRIMARY KEY (path, doc_id)) STRICT, WITHOUT ROWID;
        CREATE INDEX doc_paths_doc ON doc_paths (doc_id);
        CREATE TABLE doc_fields (doc_id INTEGER NOT NULL, name TEXT NOT NULL, text_value TEXT, num_value REAL) STRICT;
        CREATE INDEX doc_fields_doc ON doc_fields (doc_id, name);
        CREATE TABLE chunks (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, page INTEGER, text TEXT NOT NULL) STRICT;
        CREATE INDEX chunks_doc ON chunks (doc_id);
      `);
      if (embedding) {
        if (!Number.isInteger(embedding.dims) || embedding.dims <= 0 || embedding.dims > 8192) {
          throw new Error(`Embedding dimension ${embedding.dims} is not a positive integer up to 8192`);
        }
        this.db.exec(`CREATE VIRTUAL TABLE chunk_vectors USING vec0 (embedding float[${embedding.dims}] distance_metric=cosine)`);
      }
      const setMeta = this.db.prepare('INSERT INTO search_meta (key, value) VALUES (?, ?)');
      setMeta.run('schema_version', String(SCHEMA_VERSION));
      setMeta.run('embedding', wantedModel);
    });
    rebuild();
    return true;
  }

  /**
   * Prepared statements by SQL text. Queries are assembled per request (filters vary), but the same shapes
   * repeat; compiling a CTE-heavy statement costs about a millisecond, more than running it on a small index.
   */
  private readonly statements = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= 256) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  upsert(docs: DocRow[], chunks: ChunkRow[]): void {
    const write = this.db.transaction(() => {
      for (const doc of docs) this.deleteOne(doc.id);
      for (const d of docs) {
        this.stmts.insertDoc.run(d.id, d.title, d.body, d.fieldText, d.type, JSON.stringify(d.paths), d.fieldsJson, d.pagesJson, d.mtime, ...d.lengths);
        this.stmts.insertFts.run(d.id, d.title, d.body, d.fieldText);
        for (const path of d.paths) this.stmts.insertPath.run(path, d.id);
        for (const f of d.fieldRows) this.stmts.insertField.run(d.id, f.name, f.text, f.num);
      }
      // Inserted in key order: a batch's postings land in neighbouring B-tree pages instead of one random
      // page per row, which is most of the indexing cost on a large index.
      const postings: [string, number, number, number, number][] = [];
      for (const d of docs) for (const [term, t, b, f] of d.postings) postings.push([term, d.id, t, b, f]);
      postings.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
      for (const row of postings) this.stmts.insertPosting.run(...row);
      if (chunks.length > 0) {
        const insertVector = this.prepare('INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)');
        for (const c of chunks) {
          const { lastInsertRowid } = this.stmts.insertChunk.run(c.docId, c.page, c.text);
          insertVector.run(BigInt(lastInsertRowid), c.vector);
        }
      }
    });
    write();
  }

  remove(ids: number[]): void {
    const write = this.db.transaction(() => {
      for (const id of ids) this.deleteOne(id);
    });
    write();
  }

  private deleteOne(id: number): void {
    this.stmts.deleteFts.run(id);
    this.stmts.deleteDoc.run(id);
    this.stmts.deletePaths.run(id);
    this.stmts.deleteFields.run(id);
    this.stmts.deletePostings.run(id);
    if (this.vectorDims !== null) {
      const chunkIds = this.stmts.chunkIdsOf.all(id) as number[];
      if (chunkIds.length > 0) {
        const del = this.prepare('DELETE FROM chunk_vectors WHERE rowid = ?');
        for (const cid of chunkIds) del.run(BigInt(cid));
      }
    }
    this.stmts.deleteChunks.run(id);
  }

  clear(): void {
    const write = this.db.transaction(() => {
      this.db.exec(`
        DELETE FROM docs; DELETE FROM doc_paths; DELETE FROM doc_fields; DELETE FROM chunks; DELETE FROM postings;
        INSERT INTO docs_fts (docs_fts) VALUES ('delete-all');
      `);
      if (this.vectorDims !== null) this.db.exec('DELETE FROM chunk_vectors');
    });
    write();
  }

  countDocuments(): number {
    return this.stmts.countDocs.get() as number;
  }

  ids(): number[] {
    return this.stmts.allIds.all() as number[];
  }

  /** Number of documents containing the (analyzed) term. */
  documentFrequency(term: string): number {
    return this.stmts.documentFrequency.get(term) as number;
  }

  /** Documents, and average token counts per column (title, body, field values). */
  collectionStats(): { documents: number; avgLength: [number, number, number] } {
    const [n, t, b, f] = this.stmts.stats.get() as [number, number | null, number | null, number | null];
    const avg = (sum: number | null) => Math.max((sum ?? 0) / Math.max(n, 1), 1);
    return { documents: n, avgLength: [avg(t), avg(b), avg(f)] };
  }

  /**
   * BM25F over our postings, computed in one statement so that no posting crosses into JavaScript:
   * per (document, term) the column frequencies are weighted and length-normalised
   * into one pseudo-frequency, saturated with k1, and summed with the term's weight × IDF.
   * Returns the best `limit` documents and how many documents scored at all.
   */
  bm25f(
    terms: { term: string; weight: number }[],
    p: { k1: number; b: [number, number, number]; weights: [number, number, number]; avgLength: [number, number, number] },
    limit: number,
    candidates: number[] | null = null,
  ): { ranked: { id: number; score: number }[]; total: number } {
    if (terms.length === 0) return { ranked: [], total: 0 };
    const norm = (c: 0 | 1 | 2, len: string) => `(1 - ${p.b[c]} + ${p.b[c]} * ${len} / ${p.avgLength[c]})`;
    // Numbers are interpolated as literals (they are ours, finite, and not user input) so SQLite can fold them.
    const nums = [p.k1, ...p.b, ...p.weights, ...p.avgLength];
    if (!nums.every(Number.isFinite)) throw new Error('BM25F parameters must be finite numbers');
    const sql = `
      WITH q(term, w) AS (SELECT value ->> 0, value ->> 1 FROM json_each(?)),
      pseudo AS (
        SELECT p.doc AS doc, q.w AS w,
               ${p.weights[0]} * p.tf_title / ${norm(0, 'd.len_title')}
             + ${p.weights[1]} * p.tf_body / ${norm(1, 'd.len_body')}
             + ${p.weights[2]} * p.tf_fields / ${norm(2, 'd.len_fields')} AS x
        FROM q CROSS JOIN postings p ON p.term = q.term JOIN docs d ON d.id = p.doc
        ${candidates ? 'WHERE p.doc IN (SELECT value FROM json_each(?))' : ''}
      )
      SELECT doc, sum(w * x / (${p.k1} + x)) AS score, count(*) OVER () AS total
      FROM pseudo GROUP BY doc ORDER BY score DESC, doc LIMIT ?`;
    const params: unknown[] = [JSON.stringify(terms.map((t) => [t.term, t.weight]))];
    if (candidates) params.push(JSON.stringify(candidates));
    const rows = this.prepare(sql).raw().all(...params, limit) as [number, number, number][];
    return { ranked: rows.map(([id, score]) => ({ id, score })), total: rows[0]?.[2] ?? 0 };
  }

  /** SQL conditions on `d` (the docs table) for the query's filter clauses. */
  compileFilters(clauses: Clause[], options: { skipTypes?: boolean } = {}): Filter {
    const parts: string[] = [];
    const params: unknown[] = [];
    const types = clauses.filter((c) => c.kind === 'type' && !c.negated);
    if (types.length > 0 && !options.skipTypes) {
      // Several type: clauses mean any of them (a document has one type, so AND would match nothing).
      parts.push(`d.type IN (${types.map(() => '?').join(', ')})`);
      for (const t of types) params.push(t.kind === 'type' ? t.value : '');
    }
    for (const c of clauses) {
      let cond: string | null = null;
      const local: unknown[] = [];
      switch (c.kind) {
        case 'type':
          if (c.negated) {
            cond = 'd.type IS ?';
            local.push(c.value);
          }
          break;
        case 'path': {
          // A folder prefix: the path itself, or anything under it (both separators, so Windows paths work).
          const p = c.prefix.replace(/[/\\]+$/, '');
          cond = 'd.id IN (SELECT p.doc_id FROM doc_paths p WHERE p.path = ? OR (p.path > ? AND p.path < ?) OR (p.path > ? AND p.path < ?))';
          local.push(p, `${p}/`, `${p}0`, `${p}\\`, `${p}]`);
          break;
        }
        case 'field':
        case 'range':
          ({ cond } = fieldCondition(c, local));
          break;
        case 'term':
        case 'phrase':
          break;
      }
      if (cond !== null) {
        parts.push(c.negated ? `NOT (${cond})` : `(${cond})`);
        params.push(...local);
      }
    }
    return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
  }

  /**
   * Documents matching an FTS5 expression and filters, best first by FTS5's bm25() with column weights.
   * CROSS JOIN keeps FTS5 as the outer loop: otherwise the planner may walk docs by type and run the MATCH
   * once per row (measured: seconds instead of milliseconds at 10k documents).
   */
  matchRanked(match: string | null, exclude: string | null, filter: Filter, weights: [number, number, number], limit: number, offset: number): { id: number; score: number }[] {
    if (match === null) {
      const sql = `SELECT d.id AS id, 0.0 AS score FROM docs d WHERE ${filter.sql} ${excludeSql(exclude)}
                   ORDER BY d.mtime DESC, d.id DESC LIMIT ? OFFSET ?`;
      return this.prepare(sql).all(...filter.params, ...excludeParams(exclude), limit, offset) as { id: number; score: number }[];
    }
    if (filter.sql === '1' && exclude === null) {
      // Nothing to check on docs: rank inside FTS5 alone (no row lookups).
      const sql = 'SELECT rowid AS id, -bm25(docs_fts, ?, ?, ?) AS score FROM docs_fts WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts, ?, ?, ?) LIMIT ? OFFSET ?';
      return this.prepare(sql).all(...weights, match, ...weights, limit, offset) as { id: number; score: number }[];
    }
    const sql = `SELECT d.id AS id, -bm25(docs_fts, ?, ?, ?) AS score
                 FROM docs_fts CROSS JOIN docs d ON d.id = docs_fts.rowid
                 WHERE docs_fts MATCH ? AND ${filter.sql} ${excludeSql(exclude)}
                 ORDER BY bm25(docs_fts, ?, ?, ?) LIMIT ? OFFSET ?`;
    return this.prepare(sql).all(...weights, match, ...filter.params, ...excludeParams(exclude), ...weights, limit, offset) as { id: number; score: number }[];
  }

  /**
   * Matching documents per type (null = untyped), in one pass: the caller derives both the facets and the
   * total from it, instead of a separate count(*) pass over the same matches.
   */
  typeCounts(match: string | null, exclude: string | null, filter: Filter): Map<string | null, number> {
    const sql =
      match === null
        ? `SELECT d.type, count(*) FROM docs d WHERE ${filter.sql} ${excludeSql(exclude)} GROUP BY d.type`
        : `SELECT d.type, count(*) FROM docs_fts CROSS JOIN docs d ON d.id = docs_fts.rowid WHERE docs_fts MATCH ? AND ${filter.sql} ${excludeSql(exclude)} GROUP BY d.type`;
    const params = match === null ? [...filter.params, ...excludeParams(exclude)] : [match, ...filter.params, ...excludeParams(exclude)];
    return new Map(this.prepare(sql).raw().all(...params) as [string | null, number][]);
  }

  /** Which of `ids` pass the filters and exclusions (for rankings computed outside SQL). */
  keepMatching(ids: number[], exclude: string | null, filter: Filter): Set<number> {
    if (ids.length === 0) return new Set();
    const sql = `SELECT d.id FROM docs d WHERE d.id IN (SELECT value FROM json_each(?)) AND ${filter.sql} ${excludeSql(exclude)}`;
    return new Set(this.prepare(sql).pluck().all(JSON.stringify(ids), ...filter.params, ...excludeParams(exclude)) as number[]);
  }

  typeFacetsOf(ids: number[]): Record<string, number> {
    const out: Record<string, number> = {};
    if (ids.length === 0) return out;
    const rows = this.prepare('SELECT type, count(*) FROM docs WHERE id IN (SELECT value FROM json_each(?)) AND type IS NOT NULL GROUP BY type').raw().all(JSON.stringify(ids)) as [string, number][];
    for (const [type, n] of rows) out[type] = n;
    return out;
  }

  /** Best passage per document for an FTS5 expression, with highlight markers. */
  snippets(ids: number[], match: string, start: string, end: string, ellipsis: string): Map<number, string> {
    const out = new Map<number, string>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT rowid, snippet(docs_fts, 1, ?, ?, ?, 24), snippet(docs_fts, -1, ?, ?, ?, 24) FROM docs_fts WHERE docs_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`)
      .raw()
      .all(start, end, ellipsis, start, end, ellipsis, match, JSON.stringify(ids)) as [number, string, string][];
    for (const [id, body, best] of rows) out.set(id, body.includes(start) ? body : best);
    return out;
  }

  getDocs(ids: number[]): Map<number, StoredDoc> {
    const out = new Map<number, StoredDoc>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare('SELECT id, type, paths, fields, body, pages FROM docs WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: number; type: string | null; paths: string; fields: string; body: string; pages: string | null }[];
    for (const r of rows) {
      out.set(r.id, { id: r.id, type: r.type, paths: JSON.parse(r.paths) as string[], fields: JSON.parse(r.fields) as StoredDoc['fields'], body: r.body, pages: r.pages === null ? null : (JSON.parse(r.pages) as [number, number][]) });
    }
    return out;
  }

  /** Title and body of documents (relevance feedback, "more like this"). */
  texts(ids: number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (ids.length === 0) return out;
    const rows = this.prepare("SELECT id, title || ' ' || body FROM docs WHERE id IN (SELECT value FROM json_each(?))").raw().all(JSON.stringify(ids)) as [number, string][];
    for (const [id, text] of rows) out.set(id, text);
    return out;
  }

  /** Nearest chunks to a vector (cosine distance), as (doc, page, distance). */
  nearestChunks(vector: Float32Array, k: number): { docId: number; page: number | null; distance: number }[] {
    if (this.vectorDims === null) return [];
    return this.db
      .prepare(
        `SELECT c.doc_id AS docId, c.page AS page, v.distance AS distance
         FROM (SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ?) v
         JOIN chunks c ON c.id = v.rowid ORDER BY v.distance`,
      )
      .all(vector, k) as { docId: number; page: number | null; distance: number }[];
  }

  /** The stored vectors of a document's chunks ("more like this"). */
  vectorsOf(docId: number): Float32Array[] {
    if (this.vectorDims === null) return [];
    const rows = this.db
      .prepare('SELECT v.embedding FROM chunks c JOIN chunk_vectors v ON v.rowid = c.id WHERE c.doc_id = ?')
      .pluck()
      .all(docId) as Buffer[];
    return rows.map((b) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  }

  close(): void {
    this.db.close();
  }
}

function excludeSql(exclude: string | null): string {
  return exclude === null ? '' : 'AND d.id NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)';
}

function excludeParams(exclude: string | null): unknown[] {
  return exclude === null ? [] : [exclude];
}

/** Upper bound for an ISO date prefix: `2023-06` covers every day of June. */
const AFTER_PREFIX = '\uffff';
const ISO_PREFIX = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function fieldCondition(c: FieldClause | RangeClause, params: unknown[]): { cond: string } {
  // Correlated, but pinned to the (doc_id, name) index: the unary + on the value keeps the planner from
  // walking the (name, value) index once per matching document (measured: seconds at 10k documents), and
  // unlike an uncorrelated IN (...) it does not materialise every document passing the filter (most of
  // them for total>1000) before the words narrow the set.
  const exists = (test: string) => `EXISTS (SELECT 1 FROM doc_fields f WHERE f.doc_id = d.id AND f.name = ? AND ${test})`;
  params.push(c.name);
  if (c.kind === 'range') {
    const numeric = typeof c.from === 'number' || typeof c.to === 'number';
    const tests: string[] = [];
    const col = numeric ? 'f.num_value' : 'f.text_value';
    if (c.from !== null) {
      tests.push(`+${col} >= ?`);
      params.push(c.from);
    }
    if (c.to !== null) {
      tests.push(`+${col} <= ?`);
      params.push(typeof c.to === 'number' ? c.to : `${c.to}${AFTER_PREFIX}`);
    }
    return { cond: exists(tests.join(' AND ')) };
  }
  const v = c.value;
  if (typeof v === 'number') {
    const op = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
    params.push(v);
    return { cond: exists(`+f.num_value ${op} ?`) };
  }
  if (ISO_PREFIX.test(v)) {
    switch (c.op) {
      case 'eq':
        params.push(v, `${v}${AFTER_PREFIX}`);
        return { cond: exists('+f.text_value >= ? AND +f.text_value <= ?') };
      case 'gt':
        params.push(`${v}${AFTER_PREFIX}`);
        return { cond: exists('+f.text_value > ?') };
      case 'gte':
        params.push(v);
        return { cond: exists('+f.text_value >= ?') };
      case 'lt':
        params.push(v);
        return { cond: exists('+f.text_value < ?') };
      case 'lte':
        params.push(`${v}${AFTER_PREFIX}`);
        return { cond: exists('+f.text_value <= ?') };
    }
  }
  // Text equality means "contains": vendor:acme finds "ACME Corp." (values are stored folded).
  params.push(foldText(v));
  return { cond: exists('instr(f.text_value, ?) > 0') };
}

/** Lower-case without accents: how field text values are stored and compared. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}
