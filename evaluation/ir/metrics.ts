/**
 * Ranking metrics over graded judgements. nDCG uses gain / log2(rank + 1) (linear gains, as trec_eval's
 * ndcg_cut), MAP and MRR treat any gain > 0 as relevant. Queries without any relevant document are
 * skipped by the caller (they have no ideal ranking).
 */
export function ndcgAt(ranking: number[], gains: Map<number, number>, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, i) => {
    dcg += (gains.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...gains.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function averagePrecision(ranking: number[], gains: Map<number, number>): number {
  const relevant = [...gains.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  ranking.forEach((id, i) => {
    if ((gains.get(id) ?? 0) > 0) {
      found++;
      sum += found / (i + 1);
    }
  });
  return sum / relevant;
}

export function reciprocalRank(ranking: number[], gains: Map<number, number>): number {
  const i = ranking.findIndex((id) => (gains.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
