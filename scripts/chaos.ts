/**
 * `npm run chaos [-- --trials N] [--seed S] [--folder DIR] [--workers N]`: kill -9 trials of a real
 * `docpipe ingest` child process (e2e/killRecovery.ts, whose few trials run in every `npm test`). Each
 * trial kills the ingest at a seeded random instant of an undisturbed run's duration, runs the same
 * command again, and compares the store with the undisturbed run's: sha256 set, paths, states, codes,
 * fields, page text and index rows; `PRAGMA integrity_check` of both SQLite files; nothing lost, doubled
 * or stuck. Prints a table and exits 1 on any violation. Default folder: generated PDFs and text (and a
 * broken PDF); pass the corpus for a heavier run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeTextPdf, prose, writeFile } from '../electron/core/testing/fixtureFiles.js';
import { differences, killTrial, referenceRun } from '../e2e/killRecovery.js';
import { countViolations, type StoreViolations } from '../e2e/storeAudit.js';
import { random } from '../workers/extract/testing/mutations.js';

const args = process.argv.slice(3);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const trials = Number(opt('--trials') ?? 10);
const seed = Number(opt('--seed') ?? 1);
const workers = opt('--workers');
if (!Number.isInteger(trials) || trials < 1 || !Number.isInteger(seed)) {
  console.error('chaos: --trials takes a whole number from 1 and --seed a whole number, e.g. --trials 10 --seed 1.');
  process.exit(2);
}
const extraArgs = workers ? ['--workers', workers] : [];

function generatedFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'docpipe-chaos-'));
  for (let i = 0; i < 60; i++) {
    writeFile(
      join(folder, `pdf/doc-${i}.pdf`),
      makeTextPdf(Array.from({ length: 8 }, (_, p) => [`Doc ${i} page ${p}`, prose(i * 31 + p, 120)])),
    );
  }
  for (let i = 0; i < 40; i++) writeFile(join(folder, `txt/n-${i}.txt`), prose(9000 + i, 400));
  writeFile(join(folder, 'txt/dup-of-n-0.txt'), prose(9000, 400));
  writeFile(join(folder, 'bad/broken.pdf'), '%PDF-1.7\nbroken');
  return folder;
}

const summarize = (v: StoreViolations): string =>
  [...v.integrity, ...v.lost, ...v.doubled, ...v.stuck].slice(0, 3).join('; ');

const folder = opt('--folder') ? resolve(opt('--folder')!) : generatedFolder();
console.log(`chaos: ${trials} kill -9 trials, seed ${seed}, on ${folder}`);
const ref = await referenceRun(folder, extraArgs);
const refDocs = ref.snapshot.contents;
console.log(
  `undisturbed run: ${(ref.run.ms / 1000).toFixed(1)} s, ${refDocs.length} documents ` +
    `(${refDocs.filter((d) => d.state === 'completed').length} completed, ${refDocs.filter((d) => d.state === 'failed').length} failed), ` +
    `jobs ${JSON.stringify(ref.snapshot.jobs)}`,
);

interface Row {
  trial: number;
  killAtMs: number;
  midRun: boolean;
  resumedExit: number | null;
  differs: string[];
  violations: StoreViolations;
}
const rows: Row[] = [];
const next = random(seed);
// The instant of each kill is drawn over the undisturbed run's whole duration, startup included.
for (let t = 1; t <= trials; t++) {
  const killAtMs = Math.round(100 + next() * ref.run.ms);
  const trial = await killTrial(folder, killAtMs, extraArgs);
  const row: Row = {
    trial: t,
    killAtMs,
    midRun: trial.killed,
    resumedExit: trial.resumed.code,
    differs: differences(trial.after, ref.snapshot),
    violations: trial.violations,
  };
  rows.push(row);
  const bad = row.differs.length + countViolations(row.violations);
  // A trial's data folder is kept only when it shows a violation (its path is printed).
  if (!bad) rmSync(trial.dataDir, { recursive: true, force: true });
  console.log(
    `trial ${t}: killed at ${killAtMs} ms (${trial.killed ? 'mid-run' : 'after it finished'}) → ${bad ? `VIOLATION: ${[...row.differs, summarize(row.violations)].filter(Boolean).join('; ')} (data: ${trial.dataDir})` : 'same store'}`,
  );
}

console.log('\n| trial | killed at | mid-run | same store | integrity | lost | doubled | stuck |');
console.log('|---|---|---|---|---|---|---|---|');
const cell = (list: string[]) => (list.length ? String(list.length) : '0');
const refRow = ref.violations;
console.log(
  `| undisturbed | – | – | – | ${refRow.integrity.length ? 'damaged' : 'ok'} | ${cell(refRow.lost)} | ${cell(refRow.doubled)} | ${cell(refRow.stuck)} |`,
);
for (const r of rows)
  console.log(
    `| ${r.trial} | ${r.killAtMs} ms | ${r.midRun ? 'yes' : 'no'} | ${r.differs.length ? `no: ${r.differs.join('; ')}` : 'yes'} | ${r.violations.integrity.length ? 'damaged' : 'ok'} | ${cell(r.violations.lost)} | ${cell(r.violations.doubled)} | ${cell(r.violations.stuck)} |`,
  );
const failed = rows.filter((r) => r.differs.length + countViolations(r.violations) > 0).length;
const refBad = countViolations(refRow);
console.log(
  `\n${trials - failed}/${trials} trials kept the same store (${rows.filter((r) => r.midRun).length} killed mid-run); ` +
    `violations: ${failed} trials${refBad ? `, and the undisturbed run itself: ${summarize(refRow)}` : ''}`,
);
process.exit(failed || refBad ? 1 : 0);
