/**
 * Read side of the packed postings: the in-memory DocTable, and decoded term postings with an LRU of hot
 * terms (bounded by postings held, not by terms). The backend tells it about its own writes; any write
 * empties the postings cache (a written term's chunks changed) but keeps the DocTable, updated in place.
 */
import { analyze } from './analyzer.js';
import { DocTable } from './docTable.js';
import { decodeChunks, EMPTY_POSTINGS, mergePostings, type TermPostings } from './packedPostings.js';
import type { DocRow, SearchIndexRepo } from './SearchIndexRepo.js';

/** Postings kept decoded across queries (10 bytes each: about 40 MB at the cap). */
const CACHE_POSTINGS = 4_000_000;
/** A prefix expanding to more words than this is left to FTS5 (its prefix index handles it in C). */
export const MAX_PREFIX_TERMS = 256;
/** Feedback documents kept analyzed. */
const ANALYZED_DOCUMENTS = 2_000;

export class TermIndex {
  private docs: DocTable | null = null;
  private readonly cache = new Map<string, TermPostings>();
  private cached = 0;
  /** Analyzed text of recent feedback documents (the same top documents recur across similar queries). */
  private readonly analyzed = new Map<number, string[]>();

  constructor(private readonly repo: SearchIndexRepo) {}

  private scratchScores = new Float64Array(0);
  private scratchFlags = new Uint8Array(0);

  /**
   * Per-slot accumulators for one synchronous scoring pass, all zero. The caller must zero what it touched
   * before returning: reusing them avoids allocating (and the GC accounting of) ~1 MB per pass at 100k slots.
   */
  scratch(): { scores: Float64Array; flags: Uint8Array } {
    const n = this.table().slotCount;
    if (this.scratchScores.length < n) {
      this.scratchScores = new Float64Array(Math.max(n, 2 * this.scratchScores.length));
      this.scratchFlags = new Uint8Array(this.scratchScores.length);
    }
    return { scores: this.scratchScores, flags: this.scratchFlags };
  }

  /** The document table, read from the index on first use. */
  table(): DocTable {
    this.docs ??= new DocTable(this.repo.slotRows(), (name) => this.repo.fieldValues(name));
    return this.docs;
  }

  /** Another connection (another docpipe process on the same data folder) wrote the index: drop what was read. */
  invalidate(): void {
    this.docs = null;
    this.cache.clear();
    this.cached = 0;
    this.analyzed.clear();
  }

  /** After `repo.upsert(rows)` returned `slots`. */
  written(rows: DocRow[], slots: number[]): void {
    for (const r of rows) this.analyzed.delete(r.id);
    this.cache.clear();
    this.cached = 0;
    if (!this.docs) return;
    rows.forEach((r, i) =>
      this.docs!.add({ slot: slots[i]!, id: r.id, lengths: r.lengths, type: r.type }, r.fieldRows),
    );
  }

  removed(ids: number[]): void {
    for (const id of ids) this.analyzed.delete(id);
    this.cache.clear();
    this.cached = 0;
    for (const id of ids) this.docs?.remove(id);
  }

  cleared(): void {
    this.analyzed.clear();
    this.cache.clear();
    this.cached = 0;
    this.docs = null;
  }

  /** Live postings of an index term (already analyzed). */
  postings(term: string): TermPostings {
    const hit = this.cache.get(term);
    if (hit) {
      // Map order is insertion order: re-inserting marks the term most recently used.
      this.cache.delete(term);
      this.cache.set(term, hit);
      return hit;
    }
    const table = this.table();
    const chunks = this.repo.termChunks(term);
    const postings = chunks.length === 0 ? EMPTY_POSTINGS : decodeChunks(chunks, (slot) => table.isLive(slot));
    this.cache.set(term, postings);
    this.cached += postings.slots.length;
    for (const [t, p] of this.cache) {
      if (this.cached <= CACHE_POSTINGS || t === term) break;
      this.cache.delete(t);
      this.cached -= p.slots.length;
    }
    return postings;
  }

  /** Documents' analyzed text (relevance feedback), read and analyzed once while they stay in the cache. */
  analyzedDocuments(
    ids: number[],
    read: (ids: number[]) => Map<number, string>,
    analyzeText: (text: string) => string[],
  ): Map<number, string[]> {
    const out = new Map<number, string[]>();
    const missing = ids.filter((id) => !this.analyzed.has(id));
    const texts = missing.length > 0 ? read(missing) : new Map<number, string>();
    for (const id of ids) {
      let terms = this.analyzed.get(id);
      if (terms === undefined) {
        terms = analyzeText(texts.get(id) ?? '');
        if (this.analyzed.size >= ANALYZED_DOCUMENTS) this.analyzed.delete(this.analyzed.keys().next().value!);
        this.analyzed.set(id, terms);
      }
      out.set(id, terms);
    }
    return out;
  }

  /** Number of live documents containing the term. */
  documentFrequency(term: string): number {
    return this.postings(term).slots.length;
  }

  /**
   * Postings of a query word as a clause: the word analyzed like the index (and, for a prefix, expanded to
   * the indexed words it starts, as FTS5 stems the prefix too). Null when the word does not analyze to one
   * term or the prefix is too broad: the caller lets FTS5 answer.
   */
  clause(text: string, prefix: boolean): TermPostings | null {
    const terms = analyze(text);
    if (terms.length !== 1) return null;
    const term = terms[0]!;
    if (!prefix) return this.postings(term);
    const expanded = this.repo.termsWithPrefix(term, MAX_PREFIX_TERMS + 1);
    if (expanded.length > MAX_PREFIX_TERMS) return null;
    return mergePostings(
      expanded.map((t) => this.postings(t)),
      this.table().slotCount,
    );
  }
}
