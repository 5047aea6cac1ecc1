import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf, prose, writeFile } from '../electron/core/testing/fixtureFiles.js';
import {
  differences,
  filesUnder,
  killTrial,
  referenceRun,
  runCli,
  snapshot,
  type StoreSnapshot,
} from './killRecovery.js';
import { auditStore, type StoreViolations } from './storeAudit.js';

const NONE: StoreViolations = { integrity: [], lost: [], doubled: [], stuck: [] };

let folder: string;
let reference: StoreSnapshot;
let referenceMs: number;
let referenceViolations: StoreViolations;
let referenceData: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'docpipe-killdocs-'));
  for (let i = 0; i < 24; i++) {
    const pages = Array.from({ length: 6 }, (_, p) => [
      `Document ${i} page ${p + 1}`,
      prose(i * 10 + p + 1, 60),
      prose(i * 10 + p + 2, 60),
    ]);
    writeFile(join(folder, `pdf/doc-${i}.pdf`), makeTextPdf(pages));
  }
  for (let i = 0; i < 12; i++) writeFile(join(folder, `text/note-${i}.txt`), `Note ${i}\n${prose(500 + i, 200)}`);
  writeFile(join(folder, 'text/dup-of-note-0.txt'), `Note 0\n${prose(500, 200)}`);
  writeFile(join(folder, 'bad/broken.pdf'), '%PDF-1.7\nnot really a pdf');
  const ref = await referenceRun(folder, ['--workers', '1']);
  expect(ref.run.code).toBe(1); // the broken PDF fails: exit code 1 with a summary
  reference = ref.snapshot;
  referenceMs = ref.run.ms;
  referenceViolations = ref.violations;
  referenceData = ref.dataDir;
}, 120_000);

// A failed trial's data folder stays for a look (its path is in the failure); the rest go.
afterAll(() => [folder, referenceData].forEach((dir) => dir && rmSync(dir, { recursive: true, force: true })));

describe('kill -9 at a random instant, then the same command again', () => {
  it('the reference run is what we expect', () => {
    expect(reference.documents).toHaveLength(37);
    // Three stages (extract, understand, index) per document; the broken PDF's extract job is discarded.
    expect(reference.jobs).toMatchObject({ queued: 0, running: 0, retryable: 0, discarded: 1, completed: 36 * 3 });
    expect(referenceViolations).toEqual(NONE);
    // The comparison has something to compare: page text for every document, the index for the completed.
    expect(reference.contents.filter((d) => d.index !== null)).toHaveLength(36);
  });

  it('the comparison and the audit notice a changed page, a changed field, a lost file and a stuck job', async () => {
    const tampered = mkdtempSync(join(tmpdir(), 'docpipe-tampered-'));
    cpSync(referenceData, tampered, { recursive: true });
    const db = new Database(join(tampered, 'docpipe.sqlite'));
    db.prepare(
      `UPDATE pages SET text = text || ' changed' WHERE document_id = (SELECT MIN(document_id) FROM pages)`,
    ).run();
    db.prepare(`UPDATE fields SET value = value || '0' WHERE rowid = (SELECT MIN(rowid) FROM fields)`).run();
    db.prepare(`DELETE FROM locations WHERE path LIKE '%/text/note-3.txt'`).run();
    db.prepare(`UPDATE jobs SET state = 'running' WHERE id = (SELECT MAX(id) FROM jobs)`).run();
    db.close();
    const differs = differences(await snapshot(tampered), reference);
    expect(differs).toEqual(
      expect.arrayContaining([expect.stringMatching(/^pageText of 1 /), expect.stringMatching(/^fields of 1 /)]),
    );
    const violations = auditStore(tampered, filesUnder(folder));
    expect(violations.lost).toEqual([expect.stringMatching(/note-3\.txt: no document$/)]);
    expect(violations.stuck).toEqual([expect.stringMatching(/^job \d+ .*: (running|queued|retryable)$/)]);
    rmSync(tampered, { recursive: true, force: true });
  });

  // Kill instants spread over the reference run's duration (startup included), randomised within each slice.
  for (const [i, slice] of [0.15, 0.45, 0.75].entries()) {
    it(`trial ${i + 1}: same final store, nothing doubled, nothing left running or queued`, async () => {
      const killAfterMs = Math.round(referenceMs * (slice + Math.random() * 0.2));
      const trial = await killTrial(folder, killAfterMs, ['--workers', '1']);
      expect(trial.resumed.code, `${trial.dataDir}: ${trial.resumed.stderr}`).toBe(1);
      const result = JSON.parse(trial.resumed.stdout) as { completed: number; discarded: number; pending: number };
      expect(result).toMatchObject({ completed: 36, discarded: 1, pending: 0 });
      expect(trial.after.documents, trial.dataDir).toEqual(reference.documents);
      expect(trial.after.jobs, trial.dataDir).toEqual(reference.jobs);
      // Fields, page text and index rows per sha256; both SQLite files intact; nothing lost, doubled or stuck.
      expect(differences(trial.after, reference), trial.dataDir).toEqual([]);
      expect(trial.violations, trial.dataDir).toEqual(NONE);
      rmSync(trial.dataDir, { recursive: true, force: true });
    });
  }
});

describe('SIGTERM', () => {
  it('stops cleanly: nothing left running, the summary says what is pending, and the next run finishes the rest', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-term-'));
    // A signal at an instant inside the uninterrupted run's duration, as a user pressing Ctrl-C would.
    const run = runCli(['ingest', folder, '--data', dataDir, '--json', '--workers', '1'], {
      signal: 'SIGTERM',
      killAfterMs: Math.round(referenceMs * 0.4),
    });
    const stopped = await run;
    expect(stopped.signal, `after ${stopped.ms} ms: ${stopped.stderr}`).toBeNull(); // the signal was handled: it exited by itself
    const summary = JSON.parse(stopped.stdout) as { pending: number; completed: number };
    expect(summary.pending + summary.completed).toBeGreaterThan(0);
    const mid = await snapshot(dataDir);
    expect(mid.jobs.running).toBe(0);
    const resumed = await runCli(['ingest', folder, '--data', dataDir, '--json', '--workers', '1']);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ completed: 36, discarded: 1, pending: 0 });
    expect((await snapshot(dataDir)).documents).toEqual(reference.documents);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
