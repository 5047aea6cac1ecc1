/**
 * The desktop build's worker threads: `electron-vite build` bundles the main process and, beside it,
 * the extraction worker, the pdf.js render thread and the understanding worker (electron.vite.config.ts).
 * The bundle's relative paths differ from the sources', so this builds it for real and runs those entries
 * in Node (they import nothing from Electron): a text PDF through the bundled extraction thread, a scanned
 * PDF rendered by the bundled pdf.js render thread and OCRed, and an invoice understood by the bundled
 * understanding thread with the shipped model.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createExtractPool,
  createUnderstandPool,
  type ExtractPool,
  type UnderstandPool,
} from '../electron/core/pipeline/WorkerPool.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractResponse } from '../electron/shared/contract/extract.js';
import { MODEL_FILE_NAME } from '../electron/understand/index.js';
import { pagesFromText } from '../electron/understand/testing/pagesFromText.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// Inside the repository, so the bundle's bare imports (pdfjs-dist, comlink…) resolve to node_modules.
const outDir = join(root, 'node_modules', '.cache', `docpipe-bundle-test-${process.pid}`);
const fixture = (name: string): string => join(root, 'workers', 'extract', 'fixtures', name);
let pool: ExtractPool | undefined;
let understandPool: UnderstandPool | undefined;

beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
      'build',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    },
  );
  expect(build.status, build.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await pool?.dispose();
  await understandPool?.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

function extract(p: ExtractPool, path: string): Promise<ExtractResponse> {
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return p.extract(
    { path, mime: 'application/pdf', sha256, limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] },
    60_000,
  );
}

describe('electron-vite bundle', () => {
  it('puts the worker entries beside the main bundle', () => {
    for (const file of ['index.js', 'extract.worker.js', 'pdfRender.worker.js', 'understand.worker.js'])
      expect(existsSync(join(outDir, 'main', file)), file).toBe(true);
  });

  it('extracts and OCRs through the bundled extraction and render threads', async () => {
    pool = createExtractPool({
      size: 1,
      entry: pathToFileURL(join(outDir, 'main', 'extract.worker.js')),
      render: { renderer: 'pdf.js' },
    });
    const text = await extract(pool, fixture('text.pdf'));
    expect(text.ok && text.output.pages[0]?.text).toContain('Invoice number 4711');
    const scanned = await extract(pool, fixture('scanned.pdf'));
    expect(scanned.ok, JSON.stringify(scanned)).toBe(true);
    if (scanned.ok)
      expect(scanned.output.pages[0]).toMatchObject({ method: 'ocr', text: expect.stringContaining('TOTAL 98.76') });
  }, 120_000);

  it('understands through the bundled understanding thread', async () => {
    understandPool = createUnderstandPool({ entry: pathToFileURL(join(outDir, 'main', 'understand.worker.js')) });
    const model = { path: join(root, 'resources', 'models', MODEL_FILE_NAME), stamp: 'bundle-test' };
    const pages = pagesFromText(
      'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-2024-001\nInvoice date: 2024-03-15\nTotal: 120.00 EUR',
    );
    await expect(understandPool.describe(model)).resolves.toMatchObject({ correctionsApplied: 0 });
    const answer = await understandPool.understand({ pages, model });
    expect(answer.type).toBe('invoice');
    expect(answer.fields.find((f) => f.name === 'invoice_number')?.value).toBe('INV-2024-001');
  }, 60_000);
});
