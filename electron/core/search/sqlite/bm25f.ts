/**
 * Our own BM25F over the packed postings (termIndex.ts), scored in JavaScript over typed arrays.
 * Why not FTS5's bm25(): it fixes k1 = 1.2 and b = 0.75, scores each column separately (so a word in title
 * and body is not one saturated term), and has no per-term query weights, which relevance feedback needs.
 * Used for natural-language ranking: plain queries (IR evaluation) and "more like this".
 */
import type { TermIndex } from './termIndex.js';
import { TopK } from './keywordRanking.js';

export interface Bm25fParams {
  /** Term-frequency saturation. Default 1.8. */
  k1: number;
  /** Length normalisation per column (title, body, field values). Default [0.3, 0.75, 0.5]. */
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
export const DEFAULT_BM25F: Bm25fParams = { k1: 1.8, b: [0.3, 0.75, 0.5], weights: [3, 1, 1], maxDocumentShare: 0.6 };

export interface WeightedTerm {
  /** An index term (already stemmed by the index's tokenizer). */
  term: string;
  weight: number;
}

export class Bm25fScorer {
  constructor(
    private readonly index: TermIndex,
    private readonly params: Bm25fParams = DEFAULT_BM25F,
  ) {}

  /** Documents in the index. */
  documents(): number {
    return this.index.table().documents;
  }

  /** BM25's inverse document frequency, floored at a small positive value so no term counts against a document. */
  idf(term: string): number {
    const documents = this.documents();
    const df = this.index.documentFrequency(term);
    return Math.max(Math.log(1 + (documents - df + 0.5) / (df + 0.5)), 1e-3);
  }

  /**
   * The best `limit` documents containing at least one term, and how many contain one. With `candidates`
   * (document ids), only those documents are scored (large collections: see SqliteSearchBackend.anyWord).
   * Per (document, term) the column frequencies are weighted and length-normalised into one
   * pseudo-frequency, saturated with k1, and summed with the term's weight × IDF.
   */
  score(
    terms: WeightedTerm[],
    limit: number,
    candidates: number[] | null = null,
  ): { ranked: { id: number; score: number }[]; total: number } {
    const table = this.index.table();
    const documents = table.documents;
    const { k1, b, weights, maxDocumentShare } = this.params;
    const [a0, a1, a2] = table.avgLength();
    // Candidates as ascending slots: a long postings list is then searched for them (galloping) instead
    // of walked from end to end.
    let wanted: Uint32Array | null = null;
    if (candidates) {
      const found: number[] = [];
      for (const id of candidates) {
        const slot = table.slotOf(id);
        if (slot !== undefined) found.push(slot);
      }
      wanted = Uint32Array.from(found).sort();
    }
    const { scores, flags: seen } = this.index.scratch();
    const touched: number[] = [];
    const { lenTitle, lenBody, lenFields } = table;
    const [w0, w1, w2] = weights;
    const [b0, b1, b2] = b;
    const add = (s: number, tfs: Uint16Array, i: number, w: number) => {
      const x =
        (w0 * tfs[3 * i]!) / (1 - b0 + (b0 * lenTitle[s]!) / a0) +
        (w1 * tfs[3 * i + 1]!) / (1 - b1 + (b1 * lenBody[s]!) / a1) +
        (w2 * tfs[3 * i + 2]!) / (1 - b2 + (b2 * lenFields[s]!) / a2);
      scores[s]! += (w * x) / (k1 + x);
      if (seen[s] === 0) {
        seen[s] = 1;
        touched.push(s);
      }
    };
    for (const { term, weight } of terms) {
      const { slots, tfs } = this.index.postings(term);
      const df = slots.length;
      if (df === 0 || (documents > 50 && df > documents * maxDocumentShare)) continue;
      const w = weight * Math.max(Math.log(1 + (documents - df + 0.5) / (df + 0.5)), 1e-3);
      if (wanted === null) {
        for (let i = 0; i < df; i++) add(slots[i]!, tfs, i, w);
        continue;
      }
      let i = 0;
      for (let c = 0; c < wanted.length && i < df; c++) {
        const target = wanted[c]!;
        if (slots[i]! < target) {
          // Gallop to a bound past the target, then binary search below it.
          let step = 1;
          while (i + step < df && slots[i + step]! < target) step *= 2;
          let lo = i + (step >> 1);
          let hi = Math.min(i + step, df);
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (slots[mid]! < target) lo = mid + 1;
            else hi = mid;
          }
          i = lo;
        }
        if (i < df && slots[i] === target) add(target, tfs, i, w);
      }
    }
    const top = new TopK(limit);
    for (const s of touched) {
      top.offer(table.docId(s), scores[s]!);
      scores[s] = 0;
      seen[s] = 0;
    }
    return { ranked: top.sorted(), total: touched.length };
  }
}
