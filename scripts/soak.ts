/**
 * `npm run soak [-- --trials N] [--folder DIR]`: the long version of the kill -9 test. Each trial kills
 * `docpipe ingest` at a random instant, runs it again, and compares the store with an uninterrupted run.
 * Default folder: a generated one (PDFs and text); pass the corpus for a heavier run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { makeTextPdf, prose, writeFile } from '../electron/core/testing/fixtureFiles.js';
import { killTrial, referenceRun } from '../e2e/killRecovery.js';

const args = process.argv.slice(3);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const trials = Number(opt('--trials') ?? 20);

function generatedFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'docpipe-soak-'));
  for (let i = 0; i < 60; i++) {
    writeFile(
      join(folder, `pdf/doc-${i}.pdf`),
      makeTextPdf(Array.from({ length: 8 }, (_, p) => [`Doc ${i} page ${p}`, prose(i * 31 + p, 120)])),
    );
  }
  for (let i = 0; i < 40; i++) writeFile(join(folder, `txt/n-${i}.txt`), prose(9000 + i, 400));
  writeFile(join(folder, 'bad/broken.pdf'), '%PDF-1.7\nbroken');
  return folder;
}

const folder = opt('--folder') ? resolve(opt('--folder')!) : generatedFolder();
console.log(`soak: ${trials} kill -9 trials on ${folder}`);
const ref = await referenceRun(folder);
console.log(
  `reference run: ${(ref.run.ms / 1000).toFixed(1)} s, ${ref.snapshot.documents.length} documents, jobs ${JSON.stringify(ref.snapshot.jobs)}`,
);

let failures = 0;
for (let t = 1; t <= trials; t++) {
  const killAfterMs = Math.round(300 + Math.random() * ref.run.ms);
  const trial = await killTrial(folder, killAfterMs);
  const same = isDeepStrictEqual(trial.after, ref.snapshot);
  if (!same) failures++;
  console.log(
    `trial ${t}: killed at ${killAfterMs} ms (${trial.killed ? 'mid-run' : 'after it finished'}) → ${same ? 'same store' : 'DIFFERENT store'}`,
  );
  if (!same) console.log(JSON.stringify({ expected: ref.snapshot.jobs, got: trial.after.jobs }));
}
console.log(`${trials - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
