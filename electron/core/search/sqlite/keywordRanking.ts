/**
 * Keyword queries (words and prefixes, all words required or any word) answered from packed postings in
 * JavaScript: matches, total, type facets and the best `limit` hits in one pass over the clauses'
 * postings. FTS5 answered these in C, but paid about a microsecond per match for its bm25() auxiliary
 * function and another for the docs row behind the type facets, so a common word (tens of thousands of
 * matches) cost 100+ ms at 100k documents; here a match costs a few nanoseconds.
 *
 * Every match is visited anyway: the total and the facets count all of them, which is why top-k early
 * termination (MaxScore, WAND) would not save anything here.
 *
 * Scores reproduce FTS5's bm25() with column weights (k1 1.2, b 0.75 on the document's total token count,
 * per-column frequencies weighted before saturation), so rankings match the SQL path they replace.
 * Filters (type, field values, numbers, dates) are evaluated on DocTable with the same semantics as
 * SearchIndexRepo.compileFilters; `path:` and phrases stay on the SQL path (they need FTS5 positions and
 * the path table).
 */
import type { Clause, FieldClause, FieldValue, RangeClause } from '../../../shared/search/query.js';
import type { DocTable } from './docTable.js';
import type { TermPostings } from './packedPostings.js';
import { foldText } from './SearchIndexRepo.js';

const FTS5_K1 = 1.2;
const FTS5_B = 0.75;
/** Upper bound for an ISO date prefix (as in SearchIndexRepo): `2023-06` covers every day of June. */
const AFTER_PREFIX = '\uffff';
const ISO_PREFIX = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Which slots pass the query's filters; `facet` ignores the positive type: clauses (facets show other types). */
export interface SlotFilter {
  facet: (slot: number) => boolean;
  /** Positive type: clauses (any of them), as type indexes; null when there are none. */
  types: Set<number> | null;
}

/** True when every filter clause can be evaluated in memory (no `path:`). */
export function filtersInMemory(clauses: Clause[]): boolean {
  return clauses.every((c) => c.kind !== 'path');
}

export function compileSlotFilter(clauses: Clause[], table: DocTable): SlotFilter {
  const tests: ((slot: number) => boolean)[] = [];
  const positiveTypes = clauses
    .filter((c) => c.kind === 'type' && !c.negated)
    .map((c) => (c.kind === 'type' ? c.value : ''));
  const types = positiveTypes.length === 0 ? null : new Set(positiveTypes.flatMap((t) => table.typeId(t) ?? []));
  for (const c of clauses) {
    if (c.kind === 'type' && c.negated) {
      const id = table.typeId(c.value);
      if (id !== undefined) tests.push((slot) => table.typeIndex[slot] !== id);
    } else if (c.kind === 'field' || c.kind === 'range') {
      // Tested per slot met (the matches), not over the whole column: a filter's cost follows the words.
      const column = table.field(c.name);
      const test = valueTest(c);
      tests.push(c.negated ? (slot) => !column.some(slot, test) : (slot) => column.some(slot, test));
    } else if (c.kind === 'path') {
      throw new Error('path: filters are evaluated in SQL (see filtersInMemory)');
    }
  }
  const facet = (slot: number) => {
    for (const test of tests) if (!test(slot)) return false;
    return true;
  };
  return { facet, types };
}

/**
 * SQLite's comparison of an affinity-less value (`+column`) with a bound parameter, as a sign; NaN when the
 * value is NULL (no comparison holds). Numbers sort before text; text compares by code units (binary
 * collation on UTF-8 orders the same for the characters field values hold, and U+FFFF stands for "after
 * any text" exactly as in SQL).
 */
function compare(a: FieldValue | null, b: FieldValue): number {
  if (a === null) return NaN;
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

type CompareOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

/** Whether a comparison sign satisfies `op` (false for NaN: NULL never passes). */
function satisfies(d: number, op: CompareOp): boolean {
  switch (op) {
    case 'eq':
      return d === 0;
    case 'gt':
      return d > 0;
    case 'gte':
      return d >= 0;
    case 'lt':
      return d < 0;
    case 'lte':
      return d <= 0;
  }
}

/** A test on one stored value (text and number columns of doc_fields), without allocation per call. */
function valueTest(c: FieldClause | RangeClause): (text: string | null, num: number | null) => boolean {
  if (c.kind === 'range') {
    const numeric = typeof c.from === 'number' || typeof c.to === 'number';
    const { from } = c;
    const upper = c.to === null ? null : typeof c.to === 'number' ? c.to : `${c.to}${AFTER_PREFIX}`;
    return (text, num) => {
      const v = numeric ? num : text;
      return (from === null || compare(v, from) >= 0) && (upper === null || compare(v, upper) <= 0);
    };
  }
  const v = c.value;
  const op = c.op;
  if (typeof v === 'number') return (_text, num) => satisfies(compare(num, v), op);
  if (ISO_PREFIX.test(v)) {
    const end = `${v}${AFTER_PREFIX}`;
    switch (op) {
      case 'eq':
        return (text) => compare(text, v) >= 0 && compare(text, end) <= 0;
      case 'gt':
      case 'lte':
        return (text) => satisfies(compare(text, end), op);
      case 'gte':
      case 'lt':
        return (text) => satisfies(compare(text, v), op);
    }
  }
  const needle = foldText(v);
  return (text) => text !== null && text.includes(needle);
}

export interface KeywordResult {
  /** Best first (ties by document id), at most `limit`. */
  ranked: { id: number; score: number }[];
  /** Matches passing all filters. */
  total: number;
  /** Matches per type, ignoring the positive type: clauses. */
  facets: Record<string, number>;
}

/**
 * Documents matching all clauses (`all`) or any (`any`), minus `excluded` slots, through `filter`; scored
 * as FTS5's bm25() with column `weights` would score the same expression.
 */
export function rankKeywords(
  table: DocTable,
  /** Zeroed per-slot accumulators (TermIndex.scratch), left zeroed. */
  scratch: { scores: Float64Array; flags: Uint8Array },
  clauses: TermPostings[],
  mode: 'all' | 'any',
  excluded: TermPostings[],
  filter: SlotFilter,
  weights: [number, number, number],
  limit: number,
): KeywordResult {
  const empty: KeywordResult = { ranked: [], total: 0, facets: {} };
  if (clauses.length === 0 || (mode === 'all' && clauses.some((c) => c.slots.length === 0))) return empty;
  const documents = table.documents;
  const [a0, a1, a2] = table.avgLength();
  const avgTokens = a0 + a1 + a2;
  const { scores, flags: hits } = scratch;
  const { lenTitle, lenBody, lenFields } = table;
  const [w0, w1, w2] = weights;
  for (const { slots, tfs } of clauses) {
    const df = slots.length;
    const idf = Math.log((documents - df + 0.5) / (df + 0.5));
    const weight = (idf > 0 ? idf : 1e-6) * (FTS5_K1 + 1);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      const f = w0 * tfs[3 * i]! + w1 * tfs[3 * i + 1]! + w2 * tfs[3 * i + 2]!;
      const tokens = lenTitle[s]! + lenBody[s]! + lenFields[s]!;
      scores[s]! += (weight * f) / (f + FTS5_K1 * (1 - FTS5_B + (FTS5_B * tokens) / avgTokens));
      hits[s]!++;
    }
  }
  // Exclusions: mark excluded slots so the pass below skips them.
  for (const { slots } of excluded) for (let i = 0; i < slots.length; i++) hits[slots[i]!] = 0;

  // Walk the candidates: for all-words, the rarest clause's postings (every match is in it); for any-word,
  // every clause's postings, each slot once (its hit count is cleared when it is first taken).
  const need = mode === 'all' ? clauses.length : 1;
  const walk = mode === 'all' ? [clauses.reduce((a, b) => (b.slots.length < a.slots.length ? b : a))] : clauses;
  const facetCounts = new Int32Array(table.typeNames.length);
  const top = new TopK(limit);
  let total = 0;
  for (const { slots } of walk) {
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (hits[s]! < need) continue;
      hits[s] = 0;
      if (!filter.facet(s)) continue;
      const type = table.typeIndex[s]!;
      facetCounts[type]!++;
      if (filter.types !== null && !filter.types.has(type)) continue;
      total++;
      top.offer(table.docId(s), scores[s]!);
    }
  }
  // Leave the accumulators zeroed for the next pass.
  for (const { slots } of clauses) {
    for (let i = 0; i < slots.length; i++) {
      scores[slots[i]!] = 0;
      hits[slots[i]!] = 0;
    }
  }
  const facets: Record<string, number> = {};
  facetCounts.forEach((count, type) => {
    const name = table.typeNames[type];
    if (count > 0 && name !== null && name !== undefined) facets[name] = count;
  });
  return { ranked: top.sorted(), total, facets };
}

/** The best `k` (score descending, then id ascending) of a stream, in a bounded min-heap. */
export class TopK {
  private readonly ids: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** True when `a` ranks below `b`. */
  private worse(i: number, j: number): boolean {
    const d = this.scores[i]! - this.scores[j]!;
    return d < 0 || (d === 0 && this.ids[i]! > this.ids[j]!);
  }

  offer(id: number, score: number): void {
    if (this.k <= 0) return;
    const size = this.ids.length;
    if (size < this.k) {
      this.ids.push(id);
      this.scores.push(score);
      this.up(size);
      return;
    }
    const rootScore = this.scores[0]!;
    if (score < rootScore || (score === rootScore && id > this.ids[0]!)) return;
    this.ids[0] = id;
    this.scores[0] = score;
    this.down(0);
  }

  sorted(): { id: number; score: number }[] {
    return this.ids.map((id, i) => ({ id, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private swap(i: number, j: number): void {
    [this.ids[i], this.ids[j]] = [this.ids[j]!, this.ids[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.worse(l, m)) m = l;
      if (r < n && this.worse(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
