/** createExtractPool end to end: real extraction threads (TS entry via boot.mjs), real fixtures. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractRequest } from '../../shared/contract/extract.js';
import { createExtractPool, parseExtractResponse } from './WorkerPool.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../workers/extract/fixtures/${name}`, import.meta.url));
const request = (name: string, mime: string): ExtractRequest => ({
  path: fixture(name),
  mime,
  sha256: createHash('sha256')
    .update(readFileSync(fixture(name)))
    .digest('hex'),
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
    expect(text).toMatchObject({
      ok: true,
      output: { pages: [{ method: 'text', text: expect.stringContaining('Total due: 123.45 EUR') }] },
    });
    expect(scan).toMatchObject({
      ok: true,
      output: { pages: [{ method: 'ocr', text: expect.stringContaining('TOTAL 98.76') }] },
    });
    expect(encrypted).toMatchObject({ ok: false, error: { code: ErrorCode.PDF_ENCRYPTED } });
    expect(pool.stats).toMatchObject({ busy: 0, queued: 0 });
    expect(pool.stats.threads).toBeLessThanOrEqual(2);
  });

  it('times out an extraction by stopping its thread, then keeps extracting', async () => {
    // 1 ms is shorter than any OCR: the thread is terminated mid-task (with its tesseract.js thread).
    await expect(pool.extract(request('words.png', 'image/png'), 1)).rejects.toMatchObject({
      code: ErrorCode.STAGE_TIMEOUT,
    });
    await expect(pool.extract(request('two-pages.pdf', 'application/pdf'), 60_000)).resolves.toMatchObject({
      ok: true,
      output: { pages: [{ page: 1 }, { page: 2 }] },
    });
  });
});

describe('parseExtractResponse', () => {
  const page = (words: unknown) => ({
    ok: true,
    output: {
      pages: [{ page: 1, text: 'Total 5', method: 'text', ocrConfidence: null, width: 100, height: 50, words }],
      attachments: [],
      warnings: [],
    },
  });

  it("keeps a valid page's words as they came (no copy of every word)", () => {
    const words = [
      { text: 'Total', box: [1, 2, 30, 10] },
      { text: '5', box: [40, 2, 8, 10], confidence: 0.9 },
    ];
    const parsed = parseExtractResponse(page(words), '/x.pdf');
    expect(parsed.ok && parsed.output.pages[0]?.words).toBe(words);
  });

  it('refuses words of the wrong shape with INTERNAL and the path', () => {
    for (const words of [
      [{ text: 'Total', box: [1, 2, 30] }],
      [{ text: 5, box: [1, 2, 3, 4] }],
      [{ text: 'x', box: [1, 2, Number.NaN, 4] }],
      [{ text: 'x', box: [1, 2, 3, 4], confidence: '0.9' }],
      'words',
    ]) {
      expect(() => parseExtractResponse(page(words), '/x.pdf')).toThrow(
        expect.objectContaining({ code: ErrorCode.INTERNAL, message: expect.stringContaining('/x.pdf') }),
      );
    }
  });
});
