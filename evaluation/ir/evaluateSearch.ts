/**
 * IR evaluation of a search backend on a classic test collection: the library behind
 * `docpipe eval-search --collection cranfield|cisi DIR [--json]`. Indexes the collection into a fresh
 * backend (a temporary in-memory SQLite index by default), runs every judged query as plain text
 * (IR queries are prose, not our query language) and reports nDCG@10, MAP (at 1000), MRR and latency.
 */
import type { SearchBackend } from '../../electron/core/search/SearchBackend.js';
import { SqliteSearchBackend } from '../../electron/core/search/sqlite/SqliteSearchBackend.js';
import { loadCollection, searchableQuery, type CollectionName, type TestCollection } from './collections.js';
import { averagePrecision, ndcgAt, percentile, reciprocalRank } from './metrics.js';

export interface SearchEvaluation {
  collection: string;
  documents: number;
  /** Queries evaluated (those with at least one relevant document). */
  queries: number;
  /** Of those, how many were longer than the search API takes and were cut (collections.ts, searchableQuery). */
  cutQueries: number;
  'ndcg@10': number;
  map: number;
  mrr: number;
  p50Ms: number;
  p95Ms: number;
}

export interface EvaluateOptions {
  collection: CollectionName;
  /** Folder with the collection's files as distributed. */
  dir: string;
  /** Backend to evaluate; it is cleared first and not disposed. Default: a new in-memory SQLite backend. */
  backend?: SearchBackend;
  /** Ranking depth for MAP. Default 1000 (trec_eval's). */
  depth?: number;
  /** Search mode. Default 'lexical' (the bar: no embedding model). */
  mode?: 'lexical' | 'hybrid' | 'vector';
}

export async function evaluateSearch(options: EvaluateOptions): Promise<SearchEvaluation> {
  const collection = await loadCollection(options.collection, options.dir);
  return evaluateCollection(collection, options);
}

const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

/** Untimed queries (from document titles, never from the judged queries) run before the timed ones. */
const WARM_UP_QUERIES = 30;

export async function evaluateCollection(
  collection: TestCollection,
  options: Pick<EvaluateOptions, 'backend' | 'depth' | 'mode'> = {},
): Promise<SearchEvaluation> {
  const owned = options.backend === undefined;
  const backend = options.backend ?? new SqliteSearchBackend({ file: ':memory:' });
  const depth = options.depth ?? 1000;
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
    // Steady-state latency, as in a running app: warm the engine (JIT, the in-memory document table) with
    // queries made from document titles, none of them a judged query; they are neither timed nor scored.
    for (const doc of collection.documents.slice(0, WARM_UP_QUERIES)) {
      if (doc.title.trim())
        await backend.search({ query: doc.title, plain: true, limit: 10, mode: options.mode ?? 'lexical' });
    }
    let ndcg = 0;
    let map = 0;
    let mrr = 0;
    let evaluated = 0;
    let cutQueries = 0;
    const latencies: number[] = [];
    for (const query of collection.queries) {
      const gains = collection.judgements.get(query.id);
      if (!gains || gains.size === 0) continue;
      const { text, cut } = searchableQuery(query.text);
      if (cut) cutQueries++;
      // Latency is what a user waits for: the first page of 10 (snippets included). The deep ranking for
      // MAP is a second, untimed request.
      const started = performance.now();
      await backend.search({ query: text, plain: true, limit: 10, mode: options.mode ?? 'lexical' });
      latencies.push(performance.now() - started);
      const result = await backend.search({
        query: text,
        plain: true,
        limit: depth,
        mode: options.mode ?? 'lexical',
        snippets: false,
      });
      const ranking = result.hits.map((h) => h.id);
      ndcg += ndcgAt(ranking, gains, 10);
      map += averagePrecision(ranking, gains);
      mrr += reciprocalRank(ranking, gains);
      evaluated++;
    }
    const n = Math.max(evaluated, 1);
    return {
      collection: collection.name,
      documents: collection.documents.length,
      queries: evaluated,
      cutQueries,
      'ndcg@10': round(ndcg / n),
      map: round(map / n),
      mrr: round(mrr / n),
      p50Ms: round(percentile(latencies, 50), 2),
      p95Ms: round(percentile(latencies, 95), 2),
    };
  } finally {
    if (owned) await backend.dispose();
  }
}
