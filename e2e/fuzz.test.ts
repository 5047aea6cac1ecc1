/**
 * The bounded run of `npm run fuzz` (e2e/fuzzHarness.ts): seeded mutations of generated fixtures and a few
 * hostile files, ingested by a real `docpipe ingest` child process. The engine ends by itself, every case
 * ends completed or failed with a specific code and a sentence, and the store is intact with nothing
 * lost, doubled or stuck. Corpus files are mutated by `npm run fuzz` only (heavier, and optional).
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  fuzzViolations,
  generatedSeeds,
  ingestCases,
  judgeCases,
  writeCases,
  type FuzzCase,
  type FuzzResult,
} from './fuzzHarness.js';

const CASES = 30;
const root = mkdtempSync(join(tmpdir(), 'docpipe-fuzz-test-'));
let result: FuzzResult | undefined;
let cases: FuzzCase[] = [];
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (result) rmSync(result.dataDir, { recursive: true, force: true });
});

it(`${CASES} mutated files through the engine: each ends terminal with a specific code, nothing lost, doubled or stuck`, async () => {
  cases = writeCases(join(root, 'cases'), await generatedSeeds(), [], CASES, 1);
  result = await ingestCases(join(root, 'cases'), cases, { workers: 2, timeoutMs: 240_000 });
  expect(fuzzViolations(result)).toEqual([]);
  // The run judged something: every case has a document, and the mutations made both outcomes.
  expect(result.outcomes.map((o) => o.state).filter((s) => s === 'completed' || s === 'failed')).toHaveLength(CASES);
  expect(new Set(result.outcomes.map((o) => o.state))).toEqual(new Set(['completed', 'failed']));
}, 300_000);

it('the judge notices an unspecific code, a message that is not a sentence, a stuck and a lost file', () => {
  const tampered = join(root, 'tampered');
  cpSync(result!.dataDir, tampered, { recursive: true });
  const failed = result!.outcomes.filter((o) => o.state === 'failed');
  const completed = result!.outcomes.filter((o) => o.state === 'completed');
  const [generic, terse] = failed;
  const [stuck, lost] = completed;
  const db = new Database(join(tampered, 'docpipe.sqlite'));
  const documentOf = (path: string) =>
    (db.prepare('SELECT document_id AS id FROM locations WHERE path = ?').get(path) as { id: number }).id;
  const set = db.prepare('UPDATE documents SET state = ?, error_code = ?, error_message = ? WHERE id = ?');
  set.run('failed', 'EXTRACT_FAILED', 'Something went wrong while reading the file.', documentOf(generic!.path));
  set.run('failed', terse!.code, 'bad', documentOf(terse!.path));
  set.run('processing', null, null, documentOf(stuck!.path));
  db.prepare('DELETE FROM locations WHERE path = ?').run(lost!.path);
  db.close();
  const judged = new Map(judgeCases(tampered, cases).map((o) => [o.path, o.violation]));
  expect(judged.get(generic!.path)).toMatch(/^an unspecific code: EXTRACT_FAILED/);
  expect(judged.get(terse!.path)).toMatch(/without a sentence: "bad"$/);
  expect(judged.get(stuck!.path)).toBe('stuck: processing');
  expect(judged.get(lost!.path)).toBe('lost: no document');
  expect([...judged.values()].filter((v) => v !== null)).toHaveLength(4);
});
