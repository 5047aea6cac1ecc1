/**
 * Our own BM25F over FTS5's postings (read through fts5vocab, scored in SQL by SearchIndexRepo.bm25f).
 * Why not FTS5's bm25(): it fixes k1 = 1.2 and b = 0.75, scores each column separately (so a word in title
 * and body is not one saturated term), and has no per-term query weights, which relevance feedback needs.
 * Used for natural-language ranking: the any-word fallback, plain queries (IR evaluation), "more like
 * this". All-words queries use FTS5's bm25() in SQL, which is fast on large indexes and ranks well when
 * every word must match anyway.
 */
import type { SearchIndexRepo } from './SearchIndexRepo.js';

export interface Bm25fParams {
  /** Term-frequency saturation. Default 1.8. */
  k1: number;
  /** Length normalisation per column (title, body, field values). Default [0.3, 0.6, 0.5]. */
  b: [number, number, number];
  /** Column weights (title, body, field values). Default [3, 1, 1]. */
  weights: [number, number, number];
  /**
   * Terms found in more than this share of documents are skipped: their IDF is near zero and their
   * posting lists are the longest (the cost of a query grows with them). Default 0.6.
   */
  maxDocumentShare: number;
}

/** Tuned on Cranfield (see CONTEXT.md for the measurements behind each value). */
export const DEFAULT_BM25F: Bm25fParams = { k1: 1.8, b: [0.3, 0.6, 0.5], weights: [3, 1, 1], maxDocumentShare: 0.6 };

export interface WeightedTerm {
  /** An index term (already stemmed by the index's tokenizer). */
  term: string;
  weight: number;
}

export class Bm25fScorer {
  private stats: { documents: number; avgLength: [number, number, number] } | null = null;
  private readonly dfCache = new Map<string, number>();

  constructor(
    private readonly repo: SearchIndexRepo,
    private readonly params: Bm25fParams = DEFAULT_BM25F,
  ) {}

  /** Call after every write: collection statistics are cached between writes. */
  invalidate(): void {
    this.stats = null;
    this.dfCache.clear();
  }

  /** Documents in the index (cached between writes). */
  documents(): number {
    return this.collection().documents;
  }

  private collection() {
    this.stats ??= this.repo.collectionStats();
    return this.stats;
  }

  private df(term: string): number {
    let df = this.dfCache.get(term);
    if (df === undefined) {
      df = this.repo.documentFrequency(term);
      if (this.dfCache.size > 50_000) this.dfCache.clear();
      this.dfCache.set(term, df);
    }
    return df;
  }

  /** BM25's inverse document frequency, floored at a small positive value so no term counts against a document. */
  idf(term: string): number {
    const { documents } = this.collection();
    const df = this.df(term);
    return Math.max(Math.log(1 + (documents - df + 0.5) / (df + 0.5)), 1e-3);
  }

  /**
   * The best `limit` documents containing at least one term, and how many contain one. With `candidates`,
   * only those documents are scored (large collections: see SqliteSearchBackend.anyWord).
   */
  score(terms: WeightedTerm[], limit: number, candidates: number[] | null = null): { ranked: { id: number; score: number }[]; total: number } {
    const { documents, avgLength } = this.collection();
    const { k1, b, weights, maxDocumentShare } = this.params;
    const weighted: WeightedTerm[] = [];
    for (const { term, weight } of terms) {
      const df = this.df(term);
      if (df === 0 || (documents > 50 && df > documents * maxDocumentShare)) continue;
      weighted.push({ term, weight: weight * this.idf(term) });
    }
    return this.repo.bm25f(weighted, { k1, b, weights, avgLength }, limit, candidates);
  }
}
