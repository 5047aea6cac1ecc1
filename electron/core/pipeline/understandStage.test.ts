/**
 * The understand stage when its thread dies (electron/core/testing/crashingUnderstandWorker.ts ends it on
 * a page reading "CRASH"): the job is retried as an extraction whose thread died would be, each attempt
 * recording WORKER_CRASHED, and discarded after the last; other documents are understood meanwhile by
 * the threads that replace it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { createCore, type Core } from '../createCore.js';
import { writeFile } from '../testing/fixtureFiles.js';
import { settle } from '../testing/settle.js';

let root: string;
let core: Core;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-understand-stage-'));
  writeFile(join(root, 'docs', 'crash.txt'), 'CRASH');
  writeFile(
    join(root, 'docs', 'invoice.txt'),
    'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-2024-001\nInvoice date: 2024-03-15\nTotal: 120.00 EUR\n',
  );
  core = await createCore({
    dataDir: join(root, 'data'),
    workers: 1,
    // A file URL's text, as the desktop app passes its bundled entries.
    understandWorkerEntry: new URL('../testing/crashingUnderstandWorker.ts', import.meta.url).href,
    queue: { pollMs: 50, backoffBaseMs: 10, backoffMaxMs: 20 },
    understand: { maxAttempts: 2 },
  });
  await core.api.ingest({ paths: [join(root, 'docs')] });
  await settle(core, 120_000);
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('understand stage', () => {
  it('retries a document whose understanding thread died, then discards it with the reason, and understands the others', async () => {
    const docs = await core.api.listDocuments({});
    const crashed = docs.find((d) => d.paths[0]!.endsWith('crash.txt'))!;
    const understand = (await core.api.getDocument({ ref: crashed.id })).jobs.find((j) => j.stage === 'understand');
    expect(understand).toMatchObject({ state: 'discarded', attempt: 2 });
    expect(understand!.errors.map((e) => e.code)).toEqual([ErrorCode.WORKER_CRASHED, ErrorCode.WORKER_CRASHED]);
    expect(docs.find((d) => d.paths[0]!.endsWith('invoice.txt'))).toMatchObject({
      state: 'completed',
      type: 'invoice',
    });
  });
});
