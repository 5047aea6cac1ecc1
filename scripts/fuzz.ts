/**
 * `npm run fuzz [-- --cases N] [--seed S] [--workers N] [--corpus DIR]`: seeded mutations of generated
 * fixtures, a few hostile files and the corpus's files (../shared/corpus unless --corpus; skipped with a
 * sentence when absent), all ingested by one real `docpipe ingest` child process (e2e/fuzzHarness.ts;
 * a bounded run is e2e/fuzz.test.ts in `npm test`). Prints a table per seed format and exits 1 on any
 * violation: the engine dying, a case not terminal or failed without a specific code and a sentence,
 * a damaged store, or a file lost, doubled or stuck. A case is replayed with the same --seed and --cases.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  corpusSeeds,
  fuzzViolations,
  generatedSeeds,
  ingestCases,
  summaryTable,
  writeCases,
} from '../e2e/fuzzHarness.js';

const args = process.argv.slice(3);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cases = Number(opt('--cases') ?? 200);
const seed = Number(opt('--seed') ?? 1);
const workers = opt('--workers') ? Number(opt('--workers')) : undefined;
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed) || (workers !== undefined && !(workers >= 1))) {
  console.error(
    'fuzz: --cases and --workers take a whole number from 1, --seed a whole number, e.g. --cases 200 --seed 1.',
  );
  process.exit(2);
}
const corpusRoot = resolve(
  opt('--corpus') ?? join(fileURLToPath(new URL('..', import.meta.url)), '..', 'shared', 'corpus'),
);

const generated = await generatedSeeds();
const corpus = existsSync(corpusRoot) ? corpusSeeds(corpusRoot) : [];
if (corpus.length === 0)
  console.log(`fuzz: the corpus (${corpusRoot}) is absent or empty, so only generated and hostile files are mutated.`);
const folder = mkdtempSync(join(tmpdir(), 'docpipe-fuzz-'));
const written = writeCases(folder, generated, corpus, cases, seed);
console.log(
  `fuzz: ${cases} cases, seed ${seed}, from ${generated.length} generated and ${corpus.length} corpus files, in ${folder}`,
);
const started = Date.now();
const result = await ingestCases(folder, written, { workers, timeoutMs: 30 * 60_000 + cases * 10_000 });
console.log(
  `ingest: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${result.run.signal ?? result.run.code}, data ${result.dataDir}\n`,
);
for (const line of summaryTable(result)) console.log(line);
const violations = fuzzViolations(result);
console.log(
  `\nengine died: ${result.engineDied ? 'yes' : 'no'}; integrity ${result.store.integrity.length ? 'damaged' : 'ok'}; ` +
    `lost ${result.store.lost.length}, doubled ${result.store.doubled.length}, stuck ${result.store.stuck.length}; ` +
    `${violations.length} violations`,
);
for (const v of violations.slice(0, 50)) console.log(`  ${v}`);
// The cases and the store are kept only when something went wrong, to replay and inspect.
if (violations.length === 0) {
  rmSync(folder, { recursive: true, force: true });
  rmSync(result.dataDir, { recursive: true, force: true });
}
process.exit(violations.length ? 1 : 0);
