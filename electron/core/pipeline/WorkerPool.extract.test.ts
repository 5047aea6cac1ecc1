/** createExtractPool end to end: real extraction threads (TS entry via boot.mjs), real fixtures. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractRequest } from '../../shared/contract/extract.js';
import { createExtractPool } from './WorkerPool.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../workers/extract/fixtures/${name}`, import.meta.url));
const request = (name: string, mime: string): ExtractRequest => ({
  path: fixture(name),
  mime,
  sha256: createHash('sha256').update(readFileSync(fixture(name))).digest('hex'),
  limits: DEFAULT_EXTRACT_LIMITS,
  languages: ['eng'],
});

// tesseract.js, so the test also covers its nested worker thread inside a pool thread.
const pool = createExtractPool({ size: 2, ocr: { engine: 'tesseract.js' } });
afterAll(() => pool.dispose());

describe('createExtractPool', () => {
  it('extracts text PDFs, OCRs a scan, and reports file errors as answers, in parallel threads', async () => {
    const [text, scan, encrypted] = await Promise.all([
      pool.extract(request('text.pdf', 'application/pdf'), 60_000),
      pool.extract(request('scanned.pdf', 'application/pdf'), 60_000),
      pool.extract(request('encrypted.pdf', 'application/pdf'), 60_000),
    ]);
    expect(text).toMatchObject({ ok: true, output: { pages: [{ method: 'text', text: expect.stringContaining('Total due: 123.45 EUR') }] } });
    expect(scan).toMatchObject({ ok: true, output: { pages: [{ method: 'ocr', text: expect.stringContaining('TOTAL 98.76') }] } });
    expect(encrypted).toMatchObject({ ok: false, error: { code: ErrorCode.PDF_ENCRYPTED } });
    expect(pool.stats).toMatchObject({ busy: 0, queued: 0 });
    expect(pool.stats.threads).toBeLessThanOrEqual(2);
  });

  it('times out an extraction by stopping its thread, then keeps extracting', async () => {
    // 1 ms is shorter than any OCR: the thread is terminated mid-task (with its tesseract.js thread).
    await expect(pool.extract(request('words.png', 'image/png'), 1)).rejects.toMatchObject({ code: ErrorCode.STAGE_TIMEOUT });
    await expect(pool.extract(request('two-pages.pdf', 'application/pdf'), 60_000)).resolves.toMatchObject({ ok: true, output: { pages: [{ page: 1 }, { page: 2 }] } });
  });
});
