/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they see its document and window.
/**
 * The page viewer and the review screen in Chromium against `docpipe serve`: a three-page PDF made in
 * the test is paged through, zoomed, its field box seen and its original downloaded; in review a field
 * is edited inline (Enter), undone, the type changed (the new type's fields come), and the document
 * confirmed. Skipped (with a message) where /usr/bin/chromium is absent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../electron/core/testing/fixtureFiles.js';
import { FIELD_SPECS } from '../electron/shared/contract/schemas/documentTypes.js';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e viewer skipped: ${NO_CHROMIUM}.`);

const prose = (page: number) =>
  Array.from({ length: 10 }, (_, i) => `Page ${page}, line ${i + 1}: terms and conditions of delivery apply.`);
// An ambiguous date keeps it in review; the text layer gives its fields boxes.
const PDF = makeTextPdf([
  [
    'INVOICE',
    'Invoice number: INV-9',
    'Date: 03/04/2024',
    'ACME Tools Ltd',
    'Net: 100.00',
    'VAT 20%: 20.00',
    'Total: 120.00 EUR',
  ],
  prose(2),
  prose(3),
]);

describe.skipIf(!hasChromium)('the page viewer and review in a browser', () => {
  let root: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let id: number;
  const errors: string[] = [];

  const post = async <T>(name: string, input: unknown): Promise<T> => {
    const response = await fetch(`${server.url}/api/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    const answer = (await response.json()) as { ok: boolean; result: T };
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    return answer.result;
  };

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-viewer-'));
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in', 'invoice-three-pages.pdf'), PDF);
    server = await startDocpipeServer(join(root, 'data'), rendererDir);
    await post('ingest', { paths: [join(root, 'in')] });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const docs = await post<{ id: number; state: string }[]>('listDocuments', {});
      if (docs[0]?.state === 'completed') {
        id = docs[0].id;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the PDF was not processed: ${JSON.stringify(docs)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
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

  const zoom = async () => Number((await page.getByTestId('viewer-zoom').innerText()).replace('%', ''));
  const pageField = () => page.getByRole('toolbar', { name: 'Page viewer' }).getByRole('textbox', { name: 'Page' });
  const drawn = (n: number) => page.locator(`.viewer-page[data-page="${n}"] canvas[data-rendered="true"]`);

  it('opens the document by its address and draws its first page with pdf.js', async () => {
    await page.goto(`${server.url}/#/documents/${id}`);
    await page.getByRole('heading', { name: 'invoice-three-pages.pdf', level: 2 }).waitFor();
    await drawn(1).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('viewer-page-count').innerText()).toBe('of 3');
    expect(await pageField().inputValue()).toBe('1');
    // The rail has a thumbnail per page.
    expect(await page.getByRole('list', { name: 'Pages' }).getByRole('button').count()).toBe(3);
  });

  it('pages through with keys, the page field and the thumbnails', async () => {
    await page.locator('.viewer-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageDown');
    await expect.poll(() => pageField().inputValue()).toBe('2');
    await drawn(2).waitFor();
    await pageField().fill('3');
    await pageField().press('Enter');
    await expect.poll(() => pageField().inputValue()).toBe('3');
    await drawn(3).waitFor();
    await page.locator('.viewer-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await expect.poll(() => pageField().inputValue()).toBe('1');
    await page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: 'Page 2' }).click();
    await expect.poll(() => pageField().inputValue()).toBe('2');
  });

  it('zooms with the buttons, the keys and fit page', async () => {
    const before = await zoom();
    const width = (await page.locator('.viewer-page[data-page="1"]').boundingBox())!.width;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(zoom).toBeGreaterThan(before);
    await expect
      .poll(async () => (await page.locator('.viewer-page[data-page="1"]').boundingBox())!.width)
      .toBeGreaterThan(width);
    const zoomed = await zoom();
    await page.locator('.viewer-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('-');
    await expect.poll(zoom).toBeLessThan(zoomed);
    await page.getByRole('button', { name: 'Fit page' }).click();
    const view = (await page.locator('.viewer-scroll').boundingBox())!;
    await expect
      .poll(async () => (await page.locator('.viewer-page[data-page="1"]').boundingBox())!.height)
      .toBeLessThanOrEqual(view.height);
    await page.getByRole('button', { name: 'Fit width' }).click();
  });

  it("shows a field's box on its page when the field is clicked", async () => {
    await page.getByRole('table', { name: 'Fields' }).getByRole('button', { name: 'invoice number' }).click();
    const box = page.locator('.viewer-page[data-page="1"] .viewer-box-active[data-field="invoice_number"]');
    await box.waitFor();
    expect(await box.getAttribute('title')).toMatch(/^invoice number: INV-9/);
    const [boxRect, pageRect] = await Promise.all([
      box.boundingBox(),
      page.locator('.viewer-page[data-page="1"]').boundingBox(),
    ]);
    expect(boxRect!.width).toBeGreaterThan(0);
    expect(boxRect!.y).toBeGreaterThanOrEqual(pageRect!.y);
    expect(boxRect!.y + boxRect!.height).toBeLessThanOrEqual(pageRect!.y + pageRect!.height);
  });

  it('downloads the original', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('invoice-three-pages.pdf');
    expect(readFileSync(await download.path()).equals(PDF)).toBe(true);
  });

  it('edits a field inline with Enter, undoes it, changes the type and confirms the document', async () => {
    await page.goto(`${server.url}/#/review/${id}`);
    await page.getByRole('heading', { name: 'invoice-three-pages.pdf', level: 2 }).waitFor();
    await drawn(1).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe(`#/review/${id}`);

    const numberForm = page.getByRole('form', { name: 'invoice number' });
    const numberInput = numberForm.getByRole('textbox');
    await numberInput.fill('INV-77');
    await numberInput.press('Enter');
    await expect.poll(() => numberForm.locator('.badge-source').innerText()).toMatch(/user/i);
    // Enter moved on to the next field.
    expect(await numberInput.evaluate((el) => el === document.activeElement)).toBe(false);
    expect(await page.getByTestId('review-status').innerText()).not.toBe('Reviewed.');

    // Escape puts back what is stored.
    await numberInput.fill('typo');
    await numberInput.press('Escape');
    expect(await numberInput.inputValue()).toBe('INV-77');

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => numberInput.inputValue()).toBe('INV-9');
    expect(await numberForm.locator('.badge-source').innerText()).not.toMatch(/user/i);

    const typeForm = page.getByRole('form', { name: 'Document type' });
    await typeForm.getByRole('combobox').selectOption('receipt');
    await typeForm.getByRole('button', { name: 'Set type' }).click();
    const receiptField = FIELD_SPECS.receipt[0]!.name.replace(/_/g, ' ');
    await page.getByRole('form', { name: receiptField, exact: true }).waitFor();
    await expect.poll(() => page.getByRole('form', { name: 'invoice number' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Confirm document' }).click();
    await expect.poll(async () => (await post<{ review: string }>('getDocument', { ref: id })).review).toBe('reviewed');
    const screenshot = process.env.DOCPIPE_E2E_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-viewer-review.png') });
    expect(errors).toEqual([]);
  });
});
