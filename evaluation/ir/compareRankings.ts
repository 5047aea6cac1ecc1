/**
 * "Ours vs plain BM25" on one test collection, in one run: the same documents are indexed into our
 * embedded backend (a fresh in-memory SQLite index, no embedding model, lexical mode) and into a plain
 * FTS5 BM25 table (plainBm25.ts); every judged query goes through both; the report puts nDCG@10, MAP,
 * MRR, success@1 and success@10 side by side, overall and per query class when the collection has
 * classes (the known-item collection does: invoice, receipt, contract ...).
 *
 * Nothing here tunes anything: the rankers run with their shipped settings.
 */
import type { SearchBackend } from '../../electron/core/search/SearchBackend.js';
import { SqliteSearchBackend } from '../../electron/core/search/sqlite/SqliteSearchBackend.js';
import { MAX_QUERY_LENGTH } from '../../electron/shared/contract/search.js';
import { searchableQuery, type TestCollection } from './collections.js';
import { averagePrecision, ndcgAt, percentile, reciprocalRank } from './metrics.js';
import { PlainBm25Ranker } from './plainBm25.js';

export interface RankingMetrics {
  'ndcg@10': number;
  map: number;
  mrr: number;
  /** Share of queries with a relevant document at rank 1. */
  'success@1': number;
  /** Share of queries with a relevant document in the first 10. */
  'success@10': number;
}

export interface RankerResult {
  ranker: string;
  metrics: RankingMetrics;
  /** Latency of the deep (ranking-only) request, ms. */
  p50Ms: number;
  p95Ms: number;
  /** Queries the ranker refused (counted as misses). */
  errors: number;
}

export interface ClassResult {
  class: string;
  queries: number;
  rankers: { ranker: string; metrics: RankingMetrics }[];
}

export interface QueryResult {
  id: number;
  class: string | null;
  text: string;
  /** Per ranker: 1-based rank of the first relevant document, null when not in the ranking. */
  firstRelevantRank: Record<string, number | null>;
}

export interface ComparisonReport {
  collection: string;
  documents: number;
  /** Queries evaluated (those with at least one relevant document). */
  queries: number;
  /** Of those, how many were longer than the search API takes and were cut, for every ranker alike. */
  cutQueries: number;
  /** Ranking depth for MAP. */
  depth: number;
  rankers: RankerResult[];
  /** Per query class, in the order the classes first appear; absent when the collection has none. */
  byClass?: ClassResult[];
  /** Per query, when asked for (`details`). */
  perQuery?: QueryResult[];
}

/** One way of ranking: our backend with a request flavour, or the plain baseline. */
export interface OursVariant {
  /** Name in the report, e.g. "ours". */
  name: string;
  /** true: the query is plain prose (what the IR evaluation uses); false: the search box's query language. */
  plain: boolean;
}

export interface CompareOptions {
  /** Ranking depth for MAP. Default 1000. */
  depth?: number;
  /** Our request flavours to evaluate. Default: one, plain text ("ours"). */
  ours?: OursVariant[];
  /** Backend to evaluate (cleared first, not disposed). Default: a new in-memory SQLite backend. */
  backend?: SearchBackend;
  /** Include per-query first-relevant ranks. */
  details?: boolean;
}

export const BASELINE_NAME = 'plain FTS5 BM25';

interface Accumulator {
  ndcg: number;
  ap: number;
  rr: number;
  s1: number;
  s10: number;
  n: number;
}

const empty = (): Accumulator => ({ ndcg: 0, ap: 0, rr: 0, s1: 0, s10: 0, n: 0 });
const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

function add(acc: Accumulator, ranking: number[], gains: Map<number, number>): number | null {
  const first = ranking.findIndex((id) => (gains.get(id) ?? 0) > 0);
  acc.ndcg += ndcgAt(ranking, gains, 10);
  acc.ap += averagePrecision(ranking, gains);
  acc.rr += reciprocalRank(ranking, gains);
  acc.s1 += first === 0 ? 1 : 0;
  acc.s10 += first >= 0 && first < 10 ? 1 : 0;
  acc.n++;
  return first < 0 ? null : first + 1;
}

function metricsOf(acc: Accumulator): RankingMetrics {
  const n = Math.max(acc.n, 1);
  return {
    'ndcg@10': round(acc.ndcg / n),
    map: round(acc.ap / n),
    mrr: round(acc.rr / n),
    'success@1': round(acc.s1 / n),
    'success@10': round(acc.s10 / n),
  };
}

export async function compareRankings(
  collection: TestCollection,
  options: CompareOptions = {},
): Promise<ComparisonReport> {
  const depth = options.depth ?? 1000;
  const variants = options.ours ?? [{ name: 'ours', plain: true }];
  const names = [...variants.map((v) => v.name), BASELINE_NAME];
  const owned = options.backend === undefined;
  const backend = options.backend ?? new SqliteSearchBackend({ file: ':memory:' });
  const baseline = new PlainBm25Ranker();
  try {
    await backend.clear();
    for (let i = 0; i < collection.documents.length; i += 500) {
      await backend.index(
        collection.documents.slice(i, i + 500).map((d) => ({
          id: d.id,
          title: d.title,
          text: d.text,
          paths: [`${collection.name}/${d.id}`],
          type: null,
          fields: {},
        })),
      );
    }
    baseline.index(collection.documents);

    const overall = new Map(names.map((n) => [n, empty()]));
    const byClass = new Map<string, Map<string, Accumulator>>();
    const latencies = new Map<string, number[]>(names.map((n) => [n, []]));
    const errors = new Map<string, number>(names.map((n) => [n, 0]));
    const perQuery: QueryResult[] = [];
    let evaluated = 0;
    let cutQueries = 0;

    for (const query of collection.queries) {
      const gains = collection.judgements.get(query.id);
      if (!gains || gains.size === 0) continue;
      evaluated++;
      const { text, cut } = searchableQuery(query.text);
      if (cut) cutQueries++;
      const cls = collection.queryClasses?.get(query.id) ?? null;
      if (cls !== null && !byClass.has(cls)) byClass.set(cls, new Map(names.map((n) => [n, empty()])));
      const ranks: Record<string, number | null> = {};
      for (const name of names) {
        const variant = variants.find((v) => v.name === name);
        const started = performance.now();
        let ranking: number[] = [];
        try {
          ranking = variant
            ? (
                await backend.search({
                  query: text,
                  plain: variant.plain,
                  limit: depth,
                  mode: 'lexical',
                  snippets: false,
                })
              ).hits.map((h) => h.id)
            : baseline.rank(text, depth);
        } catch {
          // A query the ranker refuses counts as an empty ranking (a miss), and is counted.
          errors.set(name, errors.get(name)! + 1);
        }
        latencies.get(name)!.push(performance.now() - started);
        ranks[name] = add(overall.get(name)!, ranking, gains);
        if (cls !== null) add(byClass.get(cls)!.get(name)!, ranking, gains);
      }
      if (options.details) perQuery.push({ id: query.id, class: cls, text: query.text, firstRelevantRank: ranks });
    }

    const report: ComparisonReport = {
      collection: collection.name,
      documents: collection.documents.length,
      queries: evaluated,
      cutQueries,
      depth,
      rankers: names.map((name) => ({
        ranker: name,
        metrics: metricsOf(overall.get(name)!),
        p50Ms: round(percentile(latencies.get(name)!, 50), 2),
        p95Ms: round(percentile(latencies.get(name)!, 95), 2),
        errors: errors.get(name)!,
      })),
    };
    if (byClass.size > 0) {
      report.byClass = [...byClass].map(([cls, accs]) => ({
        class: cls,
        queries: accs.get(names[0]!)!.n,
        rankers: names.map((name) => ({ ranker: name, metrics: metricsOf(accs.get(name)!) })),
      }));
    }
    if (options.details) report.perQuery = perQuery;
    return report;
  } finally {
    baseline.dispose();
    if (owned) await backend.dispose();
  }
}

const METRICS: (keyof RankingMetrics)[] = ['ndcg@10', 'map', 'mrr', 'success@1', 'success@10'];

/** The report as a text table: one row per ranker, then per class (when there are classes). */
export function formatComparison(report: ComparisonReport): string {
  const width = Math.max(16, ...report.rankers.map((r) => r.ranker.length)) + 2;
  const header = `${''.padEnd(width)}${METRICS.map((m) => m.padStart(11)).join('')}\n`;
  const row = (name: string, m: RankingMetrics) =>
    `${name.padEnd(width)}${METRICS.map((k) => m[k].toFixed(4).padStart(11)).join('')}\n`;
  const cut = report.cutQueries > 0 ? `, ${report.cutQueries} cut to ${MAX_QUERY_LENGTH} characters` : '';
  let out = `${report.collection}: ${report.documents} documents, ${report.queries} queries${cut} (MAP at ${report.depth})\n${header}`;
  for (const r of report.rankers) out += row(r.ranker, r.metrics);
  for (const c of report.byClass ?? []) {
    out += `\n${c.class} (${c.queries} queries)\n`;
    for (const r of c.rankers) out += row(`  ${r.ranker}`, r.metrics);
  }
  return out;
}
