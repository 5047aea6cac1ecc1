/**
 * RM3-style pseudo-relevance feedback: the top documents of a first ranking are assumed relevant, their
 * frequent distinctive terms are added to the query with smaller weights, and the query is run again.
 * It helps most on short or vague natural-language queries (measured on Cranfield; see eval/CONTEXT.md).
 * Pure: the caller supplies the analyzed feedback documents (stopwords already removed) and an IDF function.
 */
import type { WeightedTerm } from './bm25f.js';

export interface FeedbackParams {
  /** Documents of the first ranking used as feedback. Default 5. */
  documents: number;
  /** Expansion terms added. Default 20. */
  terms: number;
  /** Weight of the original query in the mix (the rest goes to expansion terms). Default 0.6. */
  originalWeight: number;
  /** Exponent of the IDF factor in expansion-term selection (0 = classic RM3, 1 = favour rare terms). Default 0. */
  idfPower: number;
  /** An expansion term must occur in at least this many feedback documents (one document's quirks are not evidence). Default 1. */
  minDocuments: number;
  /**
   * Feedback documents are weighted by score^p: BM25 scores of the top 5 are close together, so a linear
   * weight treats the 5th like the 1st; p = 6 approximates RM3's exp(log-likelihood) weighting. Default 6.
   */
  scorePower: number;
}

export const DEFAULT_FEEDBACK: FeedbackParams = {
  documents: 5,
  terms: 20,
  originalWeight: 0.6,
  idfPower: 0,
  minDocuments: 1,
  scorePower: 6,
};

export function expandQuery(
  original: WeightedTerm[],
  feedback: { terms: string[]; score: number }[],
  idf: (term: string) => number,
  params: FeedbackParams = DEFAULT_FEEDBACK,
): WeightedTerm[] {
  if (feedback.length === 0) return original;
  // Document weights from first-pass scores, normalized to sum to 1 (softmax-free: BM25 scores are already
  // on a comparable scale within one query).
  const totalScore = feedback.reduce((s, d) => s + Math.max(d.score, 0) ** params.scorePower, 0) || 1;
  const expansion = new Map<string, number>();
  const seenIn = new Map<string, number>();
  for (const doc of feedback) {
    if (doc.terms.length === 0) continue;
    const docWeight = Math.max(doc.score, 0) ** params.scorePower / totalScore;
    const counts = new Map<string, number>();
    for (const t of doc.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      if (/^\d+$/.test(t) || t.length < 2) continue;
      seenIn.set(t, (seenIn.get(t) ?? 0) + 1);
      // idf() can cost a postings read: not called when its exponent makes it irrelevant.
      const idfFactor = params.idfPower === 0 ? 1 : idf(t) ** params.idfPower;
      expansion.set(t, (expansion.get(t) ?? 0) + docWeight * (n / doc.terms.length) * idfFactor);
    }
  }
  const top = [...expansion]
    .filter(([t]) => (seenIn.get(t) ?? 0) >= params.minDocuments)
    .sort((a, b) => b[1] - a[1])
    .slice(0, params.terms);
  const expansionTotal = top.reduce((s, [, w]) => s + w, 0) || 1;
  const originalTotal = original.reduce((s, t) => s + t.weight, 0) || 1;

  const mixed = new Map<string, number>();
  for (const t of original)
    mixed.set(t.term, (mixed.get(t.term) ?? 0) + (params.originalWeight * t.weight) / originalTotal);
  for (const [t, w] of top) mixed.set(t, (mixed.get(t) ?? 0) + ((1 - params.originalWeight) * w) / expansionTotal);
  return [...mixed].map(([term, weight]) => ({ term, weight }));
}
