import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore } from '../../electron/core/createCore.js';
import { compareRankings, formatComparison, type ComparisonReport } from '../ir/compareRankings.js';
import { evaluateSearch, type SearchEvaluation } from '../ir/evaluateSearch.js';
import { loadCollection } from '../ir/collections.js';
import { loadKnownItemCollection } from '../ir/knownItems.js';
import { SqliteSearchBackend } from '../../electron/core/search/sqlite/SqliteSearchBackend.js';
import { UsageError } from '../../electron/cli/flags.js';

/**
 * `docpipe eval-search --collection cranfield|cisi DIR`: indexes a classic IR test collection into a
 * temporary data folder with the embedded backend (no embedding model) and prints nDCG@10, MAP, MRR and
 * query latency, then the same queries on a fresh index beside a plain FTS5 BM25 baseline.
 *
 * `docpipe eval-search --collection known-items --data DIR --labels FILE`: the known-item collection
 * (knownItems.ts) from an already-ingested data folder (read through the API, nothing is processed) and
 * the labels file; ours beside the plain FTS5 BM25 baseline, overall and per labelled class.
 */
export async function runEvalSearch(
  args: readonly string[],
  options: { collection?: string | undefined; json: boolean; data?: string | undefined; labels?: string | undefined },
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  const collection = options.collection ?? 'cranfield';
  if (collection === 'known-items') return runKnownItems(options, io);
  if (collection !== 'cranfield' && collection !== 'cisi')
    throw new UsageError(`--collection is cranfield, cisi or known-items, not "${collection}".`);
  const dir = args[0];
  if (!dir)
    throw new UsageError(
      'eval-search needs the folder holding the collection files (cran.all.1400, cran.qry, cranqrel; or CISI.ALL, CISI.QRY, CISI.REL).',
    );
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-eval-search-'));
  const backend = new SqliteSearchBackend({ file: join(dataDir, 'search.sqlite') });
  let result: SearchEvaluation;
  try {
    result = await evaluateSearch({ collection, dir: resolve(dir), backend });
  } finally {
    await backend.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The baseline beside ours: same documents and queries, a fresh in-memory index of ours (so its figures
  // are the ones above) and a plain FTS5 table.
  const comparison = await compareRankings(await loadCollection(collection, resolve(dir)));
  if (options.json) io.stdout(`${JSON.stringify({ ...result, comparison })}\n`);
  else {
    io.stdout(
      `${result.collection}: ${result.documents} documents, ${result.queries} queries` +
        (result.cutQueries > 0 ? ` (${result.cutQueries} cut to the longest query search takes)` : '') +
        '\n' +
        `nDCG@10 ${result['ndcg@10'].toFixed(4)}   MAP ${result.map.toFixed(4)}   MRR ${result.mrr.toFixed(4)}\n` +
        `latency p50 ${result.p50Ms.toFixed(2)} ms, p95 ${result.p95Ms.toFixed(2)} ms\n\n` +
        formatComparison(comparison),
    );
  }
  return 0;
}

async function runKnownItems(
  options: { json: boolean; data?: string | undefined; labels?: string | undefined },
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  if (!options.data)
    throw new UsageError('eval-search --collection known-items needs --data DIR, an already-ingested data folder.');
  if (!options.labels) throw new UsageError('eval-search --collection known-items needs --labels FILE (labels.jsonl).');
  const core = await createCore({ dataDir: resolve(options.data), runPipeline: false, log: { stderrLevel: 'warn' } });
  let report: ComparisonReport & { droppedQueries: number; queriesByClass: Record<string, number> };
  try {
    const collection = await loadKnownItemCollection(core.api, resolve(options.labels));
    if (collection.documents.length === 0)
      throw new UsageError(`No completed documents in ${options.data}: ingest the labelled corpus first.`);
    // "ours" is the request the IR evaluation makes (plain prose); "ours, search box" is what the app's
    // search box sends (the query language: all words, else any). Both are the shipped settings.
    const comparison = await compareRankings(collection, {
      ours: [
        { name: 'ours', plain: true },
        { name: 'ours, search box', plain: false },
      ],
      details: options.json,
    });
    report = { ...comparison, droppedQueries: collection.droppedQueries, queriesByClass: collection.queriesByClass };
  } finally {
    await core.dispose();
  }
  if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    io.stdout(
      `${formatComparison(report)}\n` +
        `queries made from labels: ${Object.entries(report.queriesByClass)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')}` +
        (report.droppedQueries > 0
          ? `; ${report.droppedQueries} dropped (document not completed in the data folder)`
          : '') +
        '\n',
    );
  }
  return 0;
}
