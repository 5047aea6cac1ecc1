/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see its document and window.
/**
 * A person's first hour with docpipe, in one spec: `docpipe serve` as a child process, the built renderer
 * in Debian's Chromium. A folder of corpus documents is dropped on the page and uploaded with progress and
 * a rate; the Pipeline screen shows the documents going through with theirs; a search finds the invoice,
 * which opens in the page viewer, is paged through and zoomed; a field is corrected in review; the CSV the
 * browser downloads has the corrected value. Skipped (with a message) without /usr/bin/chromium or without
 * ../shared/corpus.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../electron/shared/contract/documents.js';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { dragOver, dropFile, dropIt, recordProgress } from './dropFiles.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/docs/', import.meta.url));
/** Two invoices (the first has two pages), a till slip as text and a four-page contract. */
const PICK = [
  'invoice/invoice2data/QualityHosting.pdf',
  'invoice/invoice2data/oyo.pdf',
  'invoice/invoice2data/Orlen.txt',
  'contract/cuad/LOGANSROADHOUSEINC_03_27_1998-EX-10.17-SPONSORSHIP_AGREEMENT.pdf',
];
const hasCorpus = PICK.every((p) => existsSync(join(CORPUS, p)));
if (!hasChromium) console.warn(`e2e journey skipped: ${NO_CHROMIUM}.`);
else if (!hasCorpus) console.warn(`e2e journey skipped: ${CORPUS} (../shared/corpus) lacks the documents it drops.`);

/** The value the person writes in review, which the CSV must then carry. */
const CORRECTED_VENDOR = 'QualityHosting AG, Gelnhausen';

describe.skipIf(!hasChromium || !hasCorpus)('a first hour with docpipe, in the browser', () => {
  let root: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-journey-'));
    server = await startDocpipeServer(join(root, 'data'), rendererDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?token=${server.token}`);
    await page.getByRole('status', { name: /Engine: Connected/ }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const nav = () => page.getByRole('navigation', { name: 'Screens' });
  const drawn = (n: number) => page.locator(`.viewer-page[data-page="${n}"] canvas[data-rendered="true"]`);
  const zoom = async () => Number((await page.getByTestId('viewer-zoom').innerText()).replace('%', ''));

  it('drops a folder, follows it through, finds, reads, corrects and exports', async () => {
    // 1. The folder is dropped on the window; the upload is slowed so that its progress shows a rate.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const upload = async (bytesPerSecond: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: bytesPerSecond,
      });
    await upload(200 * 1024);
    await page.evaluate(recordProgress);
    const files = PICK.map((p) => dropFile(`my-documents/${p}`, readFileSync(join(CORPUS, p))));
    await page.evaluate(dragOver, files);
    await page.evaluate(dropIt);
    const sentence = page.getByTestId('upload-progress').getByRole('status');
    await expect
      .poll(() => sentence.innerText(), { timeout: 90_000 })
      .toBe(`Added my-documents. ${PICK.length} files: ${PICK.length} new.`);
    await upload(-1);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen).toContain(`Uploading my-documents: 0 of ${PICK.length} files.`);
    expect(seen.some((t) => /^[\d.]+ (B|KB|MB) of [\d.]+ (KB|MB) · [\d.]+ (B|KB|MB)\/s · .+ left$/.test(t))).toBe(true);

    // 2. The Pipeline screen: documents by stage, a rate in documents per minute, the batch announced.
    await nav().getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { name: 'Pipeline', level: 2 }).waitFor();
    await expect
      .poll(() => page.getByTestId('batch-finished').innerText(), { timeout: 180_000 })
      .toMatch(new RegExp(`Batch finished: ${PICK.length} documents, ${PICK.length} done`));
    expect(Number(await page.getByTestId('pipeline-rate').innerText())).toBeGreaterThan(0);
    expect(await page.getByTestId('pipeline-remaining').innerText()).toBe('0');
    expect(await page.getByRole('table', { name: 'Stages' }).locator('tr[data-stage="index"]').innerText()).toMatch(
      new RegExp(`\\b${PICK.length}\\b`),
    );

    // 3. Search, from anywhere with "/", and open the hit.
    await page.getByRole('heading', { name: 'Pipeline', level: 2 }).click();
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search documents' });
    await box.fill('Gelnhausen');
    await box.press('Enter');
    const hit = page.locator('.hit').filter({ has: page.getByRole('button', { name: 'QualityHosting.pdf' }) });
    await hit.waitFor({ timeout: 30_000 });
    expect(await hit.locator('mark').first().innerText()).toMatch(/Gelnhausen/i);
    await hit.getByRole('button', { name: 'QualityHosting.pdf' }).click();
    await page.getByRole('heading', { name: 'QualityHosting.pdf', level: 2 }).waitFor();
    const id = Number(/^#\/documents\/(\d+)$/.exec(new URL(page.url()).hash)?.[1]);
    expect(id).toBeGreaterThan(0);

    // 4. The original in the page viewer: both pages, paged through, zoomed.
    await drawn(1).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('viewer-page-count').innerText()).toBe('of 2');
    await page.locator('.viewer-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageDown');
    const pageField = page.getByRole('toolbar', { name: 'Page viewer' }).getByRole('textbox', { name: 'Page' });
    await expect.poll(() => pageField.inputValue()).toBe('2');
    await drawn(2).waitFor();
    const before = await zoom();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(zoom).toBeGreaterThan(before);

    // 5. Review: the vendor corrected inline, Enter saves it.
    const detail = await page.evaluate(async (ref) => {
      const response = await fetch('/api/getDocument', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ref }),
      });
      return ((await response.json()) as { result: DocumentSummary }).result;
    }, id);
    expect(detail.type).toBe('invoice');
    await page.goto(`${server.url}/#/review/${id}`);
    await page.getByRole('heading', { name: 'QualityHosting.pdf', level: 2 }).waitFor();
    const vendorForm = page.getByRole('form', { name: 'vendor', exact: true });
    await vendorForm.getByRole('textbox').fill(CORRECTED_VENDOR);
    await vendorForm.getByRole('textbox').press('Enter');
    await expect.poll(() => vendorForm.locator('.badge-source').innerText()).toMatch(/user/i);

    // 6. Export the invoices: the browser downloads the CSV, with the corrected vendor in it.
    await nav().getByRole('link', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export to CSV' }).waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('invoice');
    await expect.poll(() => page.getByTestId('export-count').innerText(), { timeout: 30_000 }).toMatch(/^\d+ document/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const vendorColumn = header!.split(',').indexOf('vendor');
    expect(vendorColumn).toBeGreaterThan(0);
    const row = rows.find((r) => r.startsWith(`${id},`));
    expect(row).toContain(`"${CORRECTED_VENDOR}"`);
    expect(errors).toEqual([]);
  }, 420_000);
});
