/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see its document and window.
/**
 * Every screen, light and dark, at a large and a small window: written as pictures for a person to look
 * at (DOCPIPE_SCREENSHOTS=DIR, default test-results/screenshots), and checked for what a picture would
 * show wrong: a script error, a screen that does not render, a page wider than the window.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../electron/core/testing/fixtureFiles.js';
import { SCREEN_IDS } from '../renderer/src/state/router.js';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

describe.skipIf(!hasChromium)('screenshots of every screen', () => {
  const outDir = resolve(process.env.DOCPIPE_SCREENSHOTS ?? 'test-results/screenshots');
  let root: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let documentId: number;
  const errors: string[] = [];

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-shots-'));
    const files = join(root, 'files');
    mkdirSync(files);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(
      join(files, 'invoice-2024-017.pdf'),
      makeTextPdf([
        ['INVOICE', 'Invoice number: 2024-017', 'Date: 2024-03-14', 'Northwind Traders Ltd', 'Billed to: Contoso'],
        ['Net: 1,000.00', 'VAT 20%: 200.00', 'Total: 1,200.00 EUR'],
      ]),
    );
    writeFileSync(
      join(files, 'invoice-inv-1.txt'),
      'INVOICE\nInvoice number: INV-1\nDate: 03/04/2024\nACME Tools Ltd\nBilled to: Foo Corp\nTotal: 120.00 EUR\n',
    );
    writeFileSync(
      join(files, 'letter-smith.txt'),
      'Dear Ms Smith,\n\nThank you for your letter of 2 May 2024. We are pleased to confirm.\n\nYours sincerely,\nJohn Doe\n',
    );
    writeFileSync(join(files, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf\n');

    server = await startDocpipeServer(join(root, 'data'), rendererDir);
    const api = async <T>(command: string, input: unknown): Promise<T> => {
      const response = await fetch(`${server.url}/api/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as { ok: boolean; result: T };
      if (!body.ok) throw new Error(`${command} failed: ${JSON.stringify(body)}`);
      return body.result;
    };
    await api('ingest', { paths: [files] });
    // Pictures of a finished archive: wait until nothing is queued or running.
    for (let i = 0; i < 300; i++) {
      const status = await api<{ jobs: { queued: number; running: number; retryable: number } }>('status', {});
      if (status.jobs.queued + status.jobs.running + status.jobs.retryable === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const docs = await api<{ id: number; paths: string[] }[]>('listDocuments', {});
    documentId = docs.find((d) => d.paths[0]?.endsWith('invoice-2024-017.pdf'))?.id ?? docs[0]!.id;

    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/?token=${server.token}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const places = () => [
    ...SCREEN_IDS.map((screen) => ({ name: screen, hash: `#/${screen}` })),
    { name: 'document', hash: `#/documents/${documentId}` },
    { name: 'review-document', hash: `#/review/${documentId}` },
  ];

  for (const scheme of SCHEMES)
    for (const size of SIZES)
      it(`${scheme}, ${size.width}×${size.height}`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(size);
        for (const place of places()) {
          await page.goto(`${server.url}/${place.hash}`);
          await page.locator('main.app-main').waitFor();
          // Whatever the screen loads first (a list, a page picture) has a moment to arrive; a screen that
          // keeps a request open (a PDF read in ranges) is pictured as it is after that moment.
          await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined);
          // A picture of what a person sees once it has loaded: no "Loading…" left, a PDF's first page drawn.
          await expect.poll(() => page.getByText('Loading…').count(), { timeout: 15_000 }).toBe(0);
          if ((await page.locator('.viewer-page').count()) > 0)
            await page.locator('.viewer-page[data-page="1"] canvas[data-rendered="true"]').waitFor({ timeout: 15_000 });
          const file = join(outDir, `${place.name}-${scheme}-${size.width}x${size.height}.png`);
          await page.screenshot({ path: file });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${place.name} is wider than a ${size.width} px window`).toBeLessThanOrEqual(0);
        }
        expect(errors).toEqual([]);
      }, 300_000);
});
