import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evaluateSearch } from '../core/search/eval/evaluateSearch.js';
import { SqliteSearchBackend } from '../core/search/sqlite/SqliteSearchBackend.js';
import { UsageError } from './main.js';

/**
 * `docpipe eval-search --collection cranfield|cisi DIR`: indexes a classic IR test collection into a
 * temporary data folder with the embedded backend (no embedding model) and prints nDCG@10, MAP, MRR and
 * query latency.
 */
export async function runEvalSearch(
  args: readonly string[],
  options: { collection?: string | undefined; json: boolean },
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  const collection = options.collection ?? 'cranfield';
  if (collection !== 'cranfield' && collection !== 'cisi') throw new UsageError(`--collection is cranfield or cisi, not "${collection}".`);
  const dir = args[0];
  if (!dir) throw new UsageError('eval-search needs the folder holding the collection files (cran.all.1400, cran.qry, cranqrel; or CISI.ALL, CISI.QRY, CISI.REL).');
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-eval-search-'));
  const backend = new SqliteSearchBackend({ file: join(dataDir, 'search.sqlite') });
  try {
    const result = await evaluateSearch({ collection, dir: resolve(dir), backend });
    if (options.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(
        `${result.collection}: ${result.documents} documents, ${result.queries} queries\n` +
          `nDCG@10 ${result['ndcg@10'].toFixed(4)}   MAP ${result.map.toFixed(4)}   MRR ${result.mrr.toFixed(4)}\n` +
          `latency p50 ${result.p50Ms.toFixed(2)} ms, p95 ${result.p95Ms.toFixed(2)} ms\n`,
      );
    }
    return 0;
  } finally {
    await backend.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
