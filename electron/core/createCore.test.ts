import { mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocpipeEvent } from '../shared/contract/events.js';
import { createCore, type Core } from './createCore.js';
import { makeMsg } from '../../workers/extract/fixtures/makeMsg.js';
import { makeTextPdf, prose, writeFile } from './testing/fixtureFiles.js';

let root: string;
let docsDir: string;
let core: Core;
const events: DocpipeEvent[] = [];

async function ingestAndWait(paths: string[]) {
  const summary = await core.api.ingest({ paths });
  for (let i = 0; i < 600; i++) {
    const progress = await core.api.batchProgress({ batchId: summary.batchId });
    if (progress.pending === 0) return { summary, progress };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('batch did not finish');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-core-'));
  docsDir = join(root, 'docs');
  writeFile(join(docsDir, 'notes.txt'), `Meeting notes\n${prose(1, 80)}`);
  writeFile(join(docsDir, 'sub', 'copy-of-notes.txt'), `Meeting notes\n${prose(1, 80)}`); // same bytes
  writeFile(join(docsDir, 'readme.md'), '# Readme\n\nSome *markdown* text.');
  writeFile(
    join(docsDir, 'page.html'),
    '<html><head><script>alert(1)</script></head><body><p>Hello <b>web</b> page</p></body></html>',
  );
  writeFile(
    join(docsDir, 'report.pdf'),
    makeTextPdf([
      ['Quarterly report', prose(2, 20)],
      ['Second page', prose(3, 20)],
    ]),
  );
  writeFile(join(docsDir, 'empty.txt'), '');
  writeFile(join(docsDir, 'blob.bin'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)));
  writeFile(join(docsDir, 'broken.pdf'), '%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage');
  writeFile(join(docsDir, 'huge.txt'), 'x'.repeat(5000));
  writeFile(
    join(docsDir, 'mail.msg'),
    Buffer.from(
      makeMsg({
        subject: 'Quarterly numbers',
        senderName: 'Ann Example',
        senderEmail: 'ann@example.org',
        displayTo: 'Bob',
        body: 'Bob, the numbers are attached.',
      }),
    ),
  );
  writeFile(join(docsDir, '.hidden.txt'), 'hidden');
  writeFile(join(docsDir, 'node_modules', 'dep.txt'), 'ignored');
  core = await createCore({
    dataDir: join(root, 'data'),
    workers: 1,
    ingest: { maxFileBytes: 4096 },
    queue: { pollMs: 100 },
  });
  core.events.subscribe((e) => events.push(e));
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('createCore: ingest and extract', () => {
  it('ingests a folder: dedupes by content, skips hidden and ignored files, fails bad files with reasons', async () => {
    const { summary, progress } = await ingestAndWait([docsDir]);
    expect(summary).toMatchObject({ found: 10, new: 8, duplicates: 1, unchanged: 0, failed: 1 });
    expect(progress.pending).toBe(0);

    const docs = await core.api.listDocuments({});
    const byName = (name: string) => docs.find((d) => d.paths.some((p) => p.endsWith(`/${name}`)));
    expect(byName('notes.txt')?.paths).toHaveLength(2);
    expect(byName('notes.txt')).toMatchObject({ state: 'completed', mime: 'text/plain', pages: 1, ocr: false });
    expect(byName('notes.txt')!.textLength).toBeGreaterThan(100);
    expect(byName('report.pdf')).toMatchObject({ state: 'completed', mime: 'application/pdf', pages: 2 });
    expect(byName('mail.msg')).toMatchObject({ state: 'completed', mime: 'application/vnd.ms-outlook', pages: 1 });
    expect(byName('empty.txt')).toMatchObject({ state: 'failed', error: { code: 'FILE_EMPTY' } });
    expect(byName('blob.bin')).toMatchObject({ state: 'failed', error: { code: 'UNSUPPORTED_TYPE' } });
    expect(byName('broken.pdf')).toMatchObject({ state: 'failed', error: { code: 'PDF_CORRUPT' } });
    expect(byName('huge.txt')).toMatchObject({ state: 'failed', sha256: null, error: { code: 'FILE_TOO_LARGE' } });
    expect(byName('.hidden.txt')).toBeUndefined();
    expect(byName('dep.txt')).toBeUndefined();
    // Each message names the file, so a user can tell which one it is about.
    for (const d of docs.filter((x) => x.state === 'failed')) {
      expect(d.error?.message).toContain(d.paths[0]!.split('/').pop());
    }

    const html = await core.api.getDocument({ ref: byName('page.html')!.id });
    expect(html.pageTexts[0]?.text).toContain('Hello web page');
    expect(html.pageTexts[0]?.text).not.toContain('alert');
    const pdf = await core.api.getDocument({ ref: join(docsDir, 'report.pdf') });
    expect(pdf.pageTexts.map((p) => p.page)).toEqual([1, 2]);
    expect(pdf.pageTexts[1]?.text).toContain('Second page');

    // Every fact of the batch carries its correlation id and a document id.
    const batchEvents = events.filter((e) => e.correlationId === summary.batchId);
    expect(batchEvents.filter((e) => e.type === 'document.discovered')).toHaveLength(9);
    expect(batchEvents.filter((e) => e.type === 'document.extracted').length).toBe(5);
    expect(batchEvents.every((e) => typeof e.documentId === 'number')).toBe(true);
  });

  it('a second scan of an unchanged folder does no work', async () => {
    const before = await core.api.status({});
    const { summary } = await ingestAndWait([docsDir]);
    expect(summary).toMatchObject({ found: 10, new: 0, changed: 0, duplicates: 0, unchanged: 10, failed: 0 });
    const after = await core.api.status({});
    expect(after.jobs).toEqual(before.jobs);
    expect(after.documents).toBe(before.documents);
  });

  it('a changed file becomes new content; a deleted file leaves the store', async () => {
    const readme = join(docsDir, 'readme.md');
    writeFileSync(readme, '# Readme\n\nRewritten text about contracts.');
    utimesSync(readme, new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(docsDir, 'page.html'));
    const { summary } = await ingestAndWait([docsDir]);
    expect(summary).toMatchObject({ found: 9, changed: 1, new: 0 });
    const docs = await core.api.listDocuments({});
    expect(docs.some((d) => d.paths.some((p) => p.endsWith('page.html')))).toBe(false);
    const updated = await core.api.getDocument({ ref: readme });
    expect(updated.state).toBe('completed');
    expect(updated.pageTexts[0]?.text).toContain('Rewritten');
    expect(events.some((e) => e.type === 'document.removed' && e.path.endsWith('page.html'))).toBe(true);
  });

  it('a discarded job can be retried by command; a file fixed meanwhile then completes', async () => {
    const broken = await core.api.getDocument({ ref: join(docsDir, 'broken.pdf') });
    const job = broken.jobs[0]!;
    expect(job.state).toBe('discarded');
    expect(job.errors[0]?.code).toBe('PDF_CORRUPT');
    const { retried } = await core.api.retryJobs({ jobId: job.id });
    expect(retried).toBe(1);
    for (let i = 0; i < 200 && (await core.api.getDocument({ ref: broken.id })).state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await core.api.getDocument({ ref: broken.id });
    expect(again.state).toBe('failed');
    expect(again.jobs[0]?.errors).toHaveLength(2);
  });

  it('refuses malformed API input with a clear error', async () => {
    await expect(core.api.ingest({ paths: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(core.api.getDocument({ ref: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
