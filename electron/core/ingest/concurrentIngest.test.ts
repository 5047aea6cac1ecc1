import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../createCore.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-concurrent-ingest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ingests of one folder at the same time', () => {
  it('count every file once as new or unchanged, never as a duplicate of itself', async () => {
    const folder = join(root, 'files');
    mkdirSync(folder);
    for (let i = 0; i < 40; i++)
      writeFileSync(join(folder, `note-${i}.txt`), `Note number ${i}: ${'text '.repeat(i + 1)}\n`);
    // Two engines on one data folder, as two docpipe processes would be, and two ingests in one of them.
    const data = join(root, 'data');
    const first = await createCore({ dataDir: data, workers: 1, runPipeline: false });
    const second = await createCore({ dataDir: data, workers: 1, runPipeline: false });
    try {
      const summaries = await Promise.all([
        first.api.ingest({ paths: [folder] }),
        second.api.ingest({ paths: [folder] }),
        first.api.ingest({ paths: [folder] }),
      ]);
      for (const summary of summaries) {
        expect(summary).toMatchObject({ found: 40, duplicates: 0, changed: 0, failed: 0 });
        expect(summary.new + summary.unchanged).toBe(40);
      }
      expect(summaries.reduce((n, s) => n + s.new, 0)).toBe(40);
      expect((await first.api.listDocuments({})).length).toBe(40);
    } finally {
      await second.dispose({ graceMs: 1000 });
      await first.dispose({ graceMs: 1000 });
    }
  });
});
