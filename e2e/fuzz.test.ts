/**
 * The bounded run of `npm run fuzz` (e2e/fuzzHarness.ts): seeded mutations of generated fixtures and a few
 * hostile files, ingested by a real `docpipe ingest` child process. The engine ends by itself, every case
 * ends completed or failed with a specific code and a sentence, and the store is intact with nothing
 * lost, doubled or stuck. Corpus files are mutated by `npm run fuzz` only (heavier, and optional).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fuzzViolations, generatedSeeds, ingestCases, writeCases, type FuzzResult } from './fuzzHarness.js';

const CASES = 30;
const root = mkdtempSync(join(tmpdir(), 'docpipe-fuzz-test-'));
let result: FuzzResult | undefined;
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (result) rmSync(result.dataDir, { recursive: true, force: true });
});

it(`${CASES} mutated files through the engine: each ends terminal with a specific code, nothing lost, doubled or stuck`, async () => {
  const cases = writeCases(join(root, 'cases'), await generatedSeeds(), [], CASES, 1);
  result = await ingestCases(join(root, 'cases'), cases, { workers: 2, timeoutMs: 240_000 });
  expect(fuzzViolations(result)).toEqual([]);
  // The run judged something: every case has a document, and the mutations made both outcomes.
  expect(result.outcomes.map((o) => o.state).filter((s) => s === 'completed' || s === 'failed')).toHaveLength(CASES);
  expect(new Set(result.outcomes.map((o) => o.state))).toEqual(new Set(['completed', 'failed']));
}, 300_000);
