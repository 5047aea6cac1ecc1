import type { LibraryColumn, LibraryFilter, ReviewStatus } from '../../../shared/contract/library.js';
import type { DocumentState } from '../../../shared/contract/jobs.js';
import type { KeyRole } from '../../../shared/contract/schemas/keyFields.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from '../Database.js';
import { REFRESH_ALL_KEYS } from './keyColumns.js';

/** One row of a library page as stored (the review status computed with the caller's threshold). */
export interface LibraryRowRecord {
  id: number;
  sha256: string | null;
  name: string;
  path: string | null;
  path_count: number;
  mime: string;
  pages: number | null;
  size: number;
  created_at: string;
  state: DocumentState;
  review: ReviewStatus;
  error_code: string | null;
  error_message: string | null;
  doc_type: string | null;
  type_confidence: number | null;
  type_source: 'embedded' | 'llm' | 'user' | null;
  key_date: string | null;
  key_party: string | null;
  key_total: number | null;
  key_currency: string | null;
  lowest_confidence: number | null;
}

/** Documents per (state, type), split by review status: every facet count is a sum over these cells. */
export interface FacetCell {
  state: DocumentState;
  docType: string | null;
  review: ReviewStatus;
  count: number;
}

/** The parts of a filter that the SQL applies (the facet counts leave out the state, type and review parts). */
type Conditions = Pick<LibraryFilter, 'q' | 'minConfidence' | 'maxConfidence' | 'type' | 'state' | 'review'>;

/**
 * How each column sorts, and the index that walk reads (migration 0005): the ORDER BY is written term for
 * term as the index (an expression index serves only the very same expression). Documents without a value
 * come last in both directions; ties go by id in the sort's direction. The index is named (INDEXED BY):
 * left to itself, the planner may take a filter's index and sort every match, which is fast for a few
 * matches and slow for many; the walk costs at most one pass over narrow index entries either way.
 */
const ORDER: Record<LibraryColumn, Record<'asc' | 'desc', { index: string; orderBy: string }>> = {
  added: both('documents_by_added', 'id'),
  name: both('documents_by_name', 'name COLLATE NOCASE', 'id'),
  size: both('documents_by_size', 'size', 'id'),
  state: both('documents_by_state', 'state', 'id'),
  type: nullsLast('type', 'doc_type'),
  date: nullsLast('date', 'key_date'),
  party: nullsLast('party', 'key_party', ' COLLATE NOCASE'),
  total: nullsLast('total', 'key_total'),
  confidence: nullsLast('confidence', 'lowest_confidence'),
};

function both(index: string, ...terms: string[]): Record<'asc' | 'desc', { index: string; orderBy: string }> {
  return {
    asc: { index, orderBy: terms.join(', ') },
    desc: { index, orderBy: terms.map((t) => `${t} DESC`).join(', ') },
  };
}

/** Ascending: the `IS NULL` index puts the empty ones last; descending: the plain one read backwards does. */
function nullsLast(
  name: string,
  column: string,
  collate = '',
): Record<'asc' | 'desc', { index: string; orderBy: string }> {
  return {
    asc: { index: `documents_by_${name}_asc`, orderBy: `${column} IS NULL, ${column}${collate}, id` },
    desc: { index: `documents_by_${name}_desc`, orderBy: `${column}${collate} DESC, id DESC` },
  };
}

/** The review status of a documents row, as documents/documentViews.ts decides it (with @threshold). */
const REVIEW_SQL = `CASE
  WHEN state <> 'completed' OR doc_type IS NULL THEN 'pending'
  WHEN reviewed_at IS NOT NULL THEN 'reviewed'
  WHEN lowest_confidence < @threshold THEN 'needs_review'
  ELSE 'ok' END`;

const REVIEW_CONDITION: Record<ReviewStatus, string> = {
  pending: `(state <> 'completed' OR doc_type IS NULL)`,
  reviewed: `(state = 'completed' AND doc_type IS NOT NULL AND reviewed_at IS NOT NULL)`,
  needs_review: `(state = 'completed' AND doc_type IS NOT NULL AND reviewed_at IS NULL AND lowest_confidence < @threshold)`,
  ok: `(state = 'completed' AND doc_type IS NOT NULL AND reviewed_at IS NULL AND lowest_confidence >= @threshold)`,
};

type Params = Record<string, string | number>;

/**
 * The walk for a sort: with one type chosen, sorting by type is by id (every row has that type), and the
 * planner, not seeing through `doc_type IS NULL`, would sort the whole type again.
 */
function walkOf(
  filter: Conditions,
  sort: LibraryColumn,
  direction: 'asc' | 'desc',
): { index: string; orderBy: string } {
  if (sort === 'type' && filter.type?.length === 1) return ORDER.added[direction];
  return ORDER[sort][direction];
}
/** Statements take named parameters (or none). */
type Statement = BetterSqlite3.Statement<[Params?], unknown>;

/** `%text%` for LIKE, with the pattern characters of the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereClause(filter: Conditions, params: Params): string {
  const parts: string[] = [];
  const list = <T extends string>(name: string, values: readonly T[]) => {
    const names = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    return names.join(', ');
  };
  if (filter.q !== undefined && filter.q.trim() !== '') {
    params.q = containsPattern(filter.q.trim());
    // Paths first (one pass over the locations), rather than a lookup per document.
    parts.push(`id IN (SELECT document_id FROM locations WHERE path LIKE @q ESCAPE '\\')`);
  }
  if (filter.minConfidence !== undefined) {
    params.minConfidence = filter.minConfidence;
    parts.push('lowest_confidence >= @minConfidence');
  }
  if (filter.maxConfidence !== undefined) {
    params.maxConfidence = filter.maxConfidence;
    parts.push('lowest_confidence <= @maxConfidence');
  }
  if (filter.state && filter.state.length > 0) parts.push(`state IN (${list('state', filter.state)})`);
  if (filter.type && filter.type.length > 0) {
    const named = filter.type.filter((t) => t !== 'untyped');
    const any: string[] = [];
    if (named.length > 0) any.push(`doc_type IN (${list('type', named)})`);
    if (named.length < filter.type.length) any.push('doc_type IS NULL');
    parts.push(`(${any.join(' OR ')})`);
  }
  if (filter.review && filter.review.length > 0) {
    parts.push(`(${filter.review.map((r) => REVIEW_CONDITION[r]).join(' OR ')})`);
  }
  return parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
}

/**
 * The library's queries: pages of documents sorted by any column, the facet counts, and the ids a
 * selection by filter stands for. Every column sorted or filtered on is a documents column kept by the
 * triggers of migration 0005, so each query is an index walk or one pass over narrow index entries.
 * Statements are prepared per shape (filters and sort) and kept: a person scrolling asks the same shape
 * again and again.
 */
export class LibraryRepo {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // A bounded cache: filter shapes are few, but a person can combine many.
      if (this.statements.size >= 200) this.statements.clear();
      statement = this.db.prepare<[Params?], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** One page of documents matching `filter`, sorted by `sort` (documents without a value last). */
  page(
    filter: Conditions,
    sort: LibraryColumn,
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
    threshold: number,
  ): LibraryRowRecord[] {
    // The page's ids first (the walk reads index entries only), then the columns of those rows alone: the
    // rows skipped by the offset never cost more than an index entry.
    const ids = this.ids(filter, sort, direction, offset, limit, threshold);
    if (ids.length === 0) return [];
    const rows = this.prepared(
      `SELECT id, sha256, name, path_count, mime, pages, size, created_at, state, ${REVIEW_SQL} AS review,
        error_code, error_message, doc_type, type_confidence, type_source,
        key_date, key_party, key_total, key_currency, lowest_confidence,
        (SELECT min(path) FROM locations l WHERE l.document_id = documents.id) AS path
      FROM documents WHERE id IN (SELECT value FROM json_each(@ids))`,
    ).all({ ids: JSON.stringify(ids), threshold }) as LibraryRowRecord[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is LibraryRowRecord => r !== undefined);
  }

  /** The ids of a page of documents, in the page's order (a range a person selected, a page's rows). */
  ids(
    filter: Conditions,
    sort: LibraryColumn,
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
    threshold: number,
  ): number[] {
    const params: Params = { threshold, limit, offset };
    const where = whereClause(filter, params);
    const { index, orderBy } = walkOf(filter, sort, direction);
    const sql = `SELECT id FROM documents INDEXED BY ${index} ${where} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`;
    return (this.prepared(sql).all(params) as { id: number }[]).map((r) => r.id);
  }

  /** How SQLite runs the walk of `ids` (EXPLAIN QUERY PLAN): tests hold it to one covering index, no sort. */
  explainIds(filter: Conditions, sort: LibraryColumn, direction: 'asc' | 'desc', threshold: number): string[] {
    const params: Params = { threshold, limit: 1, offset: 0 };
    const where = whereClause(filter, params);
    const { index, orderBy } = walkOf(filter, sort, direction);
    const sql = `EXPLAIN QUERY PLAN SELECT id FROM documents INDEXED BY ${index} ${where} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`;
    return (this.db.prepare(sql).all(params) as { detail: string }[]).map((r) => r.detail);
  }

  /** Every id matching `filter` (a bulk action on "all matching"), in id order. */
  allIds(filter: Conditions, threshold: number): number[] {
    const params: Params = { threshold };
    const sql = `SELECT id FROM documents INDEXED BY documents_by_added ${whereClause(filter, params)} ORDER BY id`;
    return (this.prepared(sql).all(params) as { id: number }[]).map((r) => r.id);
  }

  /**
   * Documents per state, type and review status among those matching the text and confidence parts of
   * the filter: one pass (over the facets index when there is no text) gives every count the filter bar
   * shows and the total, whatever state, type and review filters are combined with it.
   */
  facets(filter: Pick<LibraryFilter, 'q' | 'minConfidence' | 'maxConfidence'>, threshold: number): FacetCell[] {
    const params: Params = { threshold };
    const where = whereClause(
      { q: filter.q, minConfidence: filter.minConfidence, maxConfidence: filter.maxConfidence },
      params,
    );
    const sql = `SELECT state, doc_type, count(*) AS n,
        sum(reviewed_at IS NOT NULL) AS reviewed,
        sum(reviewed_at IS NULL AND lowest_confidence < @threshold) AS needs
      FROM documents ${where} GROUP BY state, doc_type`;
    const cells: FacetCell[] = [];
    for (const row of this.prepared(sql).all(params) as {
      state: DocumentState;
      doc_type: string | null;
      n: number;
      reviewed: number;
      needs: number;
    }[]) {
      const docType = row.doc_type;
      if (row.state !== 'completed' || docType === null) {
        cells.push({ state: row.state, docType, review: 'pending', count: row.n });
        continue;
      }
      const ok = row.n - row.reviewed - row.needs;
      for (const [review, count] of [
        ['reviewed', row.reviewed],
        ['needs_review', row.needs],
        ['ok', ok],
      ] as const) {
        if (count > 0) cells.push({ state: row.state, docType, review, count });
      }
    }
    return cells;
  }

  /** Those of `ids` that are documents, in id order. */
  existing(ids: readonly number[]): number[] {
    if (ids.length === 0) return [];
    return (
      this.prepared('SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(@ids)) ORDER BY id').all({
        ids: JSON.stringify(ids),
      }) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Documents in the archive. */
  count(): number {
    return (this.prepared('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  /**
   * Makes `key_fields` say what keyFields.ts says; when it changed (a new store, a new docpipe), every
   * document's key fields are worked out again. Returns whether anything changed.
   */
  syncKeyFields(rows: readonly { docType: string; role: KeyRole; field: string; rank: number }[]): boolean {
    const wanted = rows
      .map((r) => `${r.docType}\t${r.role}\t${r.rank}\t${r.field}`)
      .sort()
      .join('\n');
    const stored = (
      this.db.prepare('SELECT doc_type, role, rank, field FROM key_fields').all() as {
        doc_type: string;
        role: string;
        rank: number;
        field: string;
      }[]
    )
      .map((r) => `${r.doc_type}\t${r.role}\t${r.rank}\t${r.field}`)
      .sort()
      .join('\n');
    if (wanted === stored) return false;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM key_fields').run();
      const insert = this.db.prepare('INSERT INTO key_fields (doc_type, role, field, rank) VALUES (?, ?, ?, ?)');
      for (const r of rows) insert.run(r.docType, r.role, r.field, r.rank);
      this.db.prepare(REFRESH_ALL_KEYS).run();
    })();
    return true;
  }
}
