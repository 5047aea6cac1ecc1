/**
 * The UI end to end: the real server over a real core in a temp data folder, the built renderer, and
 * Debian's Chromium driven by playwright-core. Skipped (with a message) where /usr/bin/chromium is absent.
 * DOCPIPE_E2E_SERVER=cli runs `docpipe serve` as a child process instead of in-process (docpipeServer.ts).
 *
 * Set DOCPIPE_E2E_SCREENSHOT=/tmp/some.png to keep screenshots of the documents screen, a document
 * (-document.png) and the review screen after corrections (-review.png).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../electron/core/testing/fixtureFiles.js';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { LIBRARY_ROWS } from './selectors.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

/** The library's document rows (the grid's header row has no data-id). */
const ROWS = LIBRARY_ROWS;
if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

describe.skipIf(!hasChromium)('docpipe UI in a browser', () => {
  let root: string;
  let files: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-'));
    files = join(root, 'inbox');
    mkdirSync(files);
    writeFileSync(join(files, 'invoice-2024-001.txt'), 'INVOICE 2024-001\nACME Tools Ltd\nTotal due: 1,250.00 EUR\n');
    writeFileSync(join(files, 'meeting-notes.txt'), 'Meeting notes\n- ship the pipeline\n- review the search screen\n');
    // For search and review: an invoice whose date is ambiguous (so it waits for review) and a letter.
    writeFileSync(
      join(files, 'invoice-inv-1.txt'),
      'INVOICE\nInvoice number: INV-1\nDate: 03/04/2024\nACME Tools Ltd\nBilled to: Foo Corp\nNet: 100.00\nVAT 20%: 20.00\nTotal: 120.00 EUR\n',
    );
    writeFileSync(
      join(files, 'letter-smith.txt'),
      'Dear Ms Smith,\n\nThank you for your letter of 2 May 2024. We are pleased to confirm the meeting.\n\nYours sincerely,\nJohn Doe\nAcme Ltd\n',
    );
    // Looks like a PDF to the sniffer, cannot be parsed: the failed row must show its code and message.
    writeFileSync(join(files, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf\n');

    server = await startDocpipeServer(join(root, 'data'), rendererDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('ingests a folder typed into the path field and shows completed and failed documents', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await page.goto(`${server.url}/?token=${server.token}`);
    // The token moved into the HttpOnly cookie and out of the address bar.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await expect.poll(() => page.getByRole('status', { name: /Engine: Connected/ }).count()).toBe(1);

    // Typing a path is the advanced way (once opened, it stays open, also after a reload).
    await page.getByText('Type a path (advanced)').click();
    await page.getByLabel('Folder or file path').fill(files);
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const rows = page.locator(ROWS);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(5);
    await expect.poll(() => page.locator(`${ROWS}[data-state="completed"]`).count(), { timeout: 30_000 }).toBe(4);
    await expect.poll(() => page.locator(`${ROWS}[data-state="failed"]`).count(), { timeout: 30_000 }).toBe(1);

    const failed = page.locator(`${ROWS}[data-state="failed"]`);
    expect(await failed.locator('.library-problem').innerText()).toMatch(/^broken\.pdf is not a readable PDF/);
    expect(await failed.locator('.library-problem').getAttribute('title')).toMatch(/PDF_CORRUPT/);
    expect(await failed.getByRole('button', { name: 'Retry broken.pdf' }).isVisible()).toBe(true);
    expect(await page.getByTestId('document-count').innerText()).toBe('5');
    // In documents, not jobs (each document had three, one per stage).
    await expect
      .poll(() =>
        page
          .locator('dl[aria-label="Documents by state"] dd')
          .allInnerTexts()
          .then((t) => t.join(' ')),
      )
      .toMatch(/^0 0 4 1$/);

    const screenshot = process.env.DOCPIPE_E2E_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('opens a document and shows its text by page', async () => {
    await page.getByRole('button', { name: 'invoice-2024-001.txt' }).click();
    const heading = page.getByRole('heading', { name: 'invoice-2024-001.txt', level: 2 });
    await heading.waitFor();
    const firstPage = page.getByRole('article', { name: 'Page 1' });
    expect(await firstPage.innerText()).toContain('Total due: 1,250.00 EUR');
    const screenshot = process.env.DOCPIPE_E2E_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-document.png'), fullPage: true });

    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Documents', exact: true, level: 2 }).waitFor();
  });

  it('puts a failed document back in the queue with its retry button', async () => {
    await page.getByRole('button', { name: 'Retry broken.pdf' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /broken\.pdf is back in the queue/ })
          .count(),
      )
      .toBe(1);
    // It fails again (the bytes are still broken) and comes back as failed with the same message.
    await expect.poll(() => page.locator(`${ROWS}[data-state="failed"]`).count(), { timeout: 30_000 }).toBe(1);
  });

  it('searches by a word, highlights it in the snippet and opens the hit', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Search' }).click();
    await expect
      .poll(() => page.getByTestId('search-health').innerText())
      .toMatch(/(lexical|hybrid).*\d+ documents indexed/i);
    const box = page.getByRole('searchbox', { name: 'Search documents' });
    await box.fill('pleased');
    await box.press('Enter');
    const hit = page.locator('.hit').filter({ has: page.getByRole('button', { name: 'letter-smith.txt' }) });
    await hit.waitFor();
    // Polled: the list may still show the hits of a query typed a moment earlier ("p", "ple"…).
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    expect(await hit.locator('mark').allInnerTexts()).toEqual(['pleased']);

    await hit.getByRole('button', { name: 'letter-smith.txt' }).click();
    await page.getByRole('heading', { name: 'letter-smith.txt', level: 2 }).waitFor();
    // The document has its own address; the browser's Back returns to the hits, Forward to the document.
    expect(new URL(page.url()).hash).toMatch(/^#\/documents\/\d+$/);
    await page.goBack();
    await hit.waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'letter-smith.txt', level: 2 }).waitFor();
    await page.getByRole('button', { name: '← Back' }).click();
    await hit.waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/search/);
  });

  it('shows why a query is invalid, inline', async () => {
    const box = page.getByRole('searchbox', { name: 'Search documents' });
    await box.fill('total>');
    await box.press('Enter');
    await expect
      .poll(() =>
        page
          .getByRole('alert')
          .filter({ hasText: /Missing value after total>/ })
          .count(),
      )
      .toBe(1);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.hit').count()).toBe(0);
  });

  it('corrects a type and a field in review, and the corrections persist after a reload', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Review' }).click();
    await page
      .getByRole('list', { name: /Documents to review/ })
      .getByRole('button', { name: /invoice-inv-1\.txt/ })
      .click();
    await page.getByRole('heading', { name: 'invoice-inv-1.txt', level: 2 }).waitFor();

    const typeForm = page.getByRole('form', { name: 'Document type' });
    await typeForm.getByRole('combobox').selectOption('letter');
    await typeForm.getByRole('button', { name: 'Set type' }).click();
    await expect.poll(() => typeForm.locator('.badge-source').innerText()).toMatch(/user/i);
    // Letter fields replace invoice fields; back to invoice, as a person changing their mind would.
    await page.getByRole('form', { name: 'subject' }).waitFor();
    await typeForm.getByRole('combobox').selectOption('invoice');
    await typeForm.getByRole('button', { name: 'Set type' }).click();
    const dateForm = page.getByRole('form', { name: 'date', exact: true });
    await page.getByRole('form', { name: 'invoice number' }).waitFor();

    await dateForm.getByRole('textbox').fill('05/06/2024');
    await dateForm.getByRole('textbox').press('Enter');
    await expect.poll(() => dateForm.getByRole('alert').innerText()).toMatch(/YYYY-MM-DD/);
    await dateForm.getByRole('textbox').fill('2024-06-05');
    await dateForm.getByRole('textbox').press('Enter');
    await expect.poll(() => dateForm.locator('.badge-source').innerText()).toMatch(/user/i);
    expect(await dateForm.getByRole('alert').count()).toBe(0);

    const numberForm = page.getByRole('form', { name: 'invoice number' });
    await numberForm.getByRole('textbox').fill('INV-42');
    await numberForm.getByRole('textbox').press('Enter');
    await expect.poll(() => numberForm.locator('.badge-source').innerText()).toMatch(/user/i);
    const screenshot = process.env.DOCPIPE_E2E_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-review.png'), fullPage: true });

    // Saving a field settles that field; with the date and the number corrected nothing uncertain is
    // left, so the engine counts the document reviewed (without that, "Confirm document" would be needed).
    const queue = page.getByRole('list', { name: /Documents to review/ });
    await expect
      .poll(() => queue.getByRole('button', { name: /invoice-inv-1\.txt/ }).innerText())
      .toMatch(/invoice\s*done/);
    expect(await page.getByTestId('review-status').innerText()).toBe('Reviewed.');
    // Shortcuts, from outside any input: j/k move to another document, Enter confirms it.
    const pageHeading = page.locator('#review-page-heading');
    await pageHeading.click();
    await page.keyboard.press('j');
    if ((await pageHeading.innerText()) === 'invoice-inv-1.txt') await page.keyboard.press('k');
    await expect.poll(() => pageHeading.innerText()).not.toBe('invoice-inv-1.txt');
    const left = async () =>
      Number((await page.locator('.review-queue .panel-head').innerText()).match(/(\d+) left/)?.[1]);
    const before = await left();
    await page.keyboard.press('Enter');
    await expect.poll(left).toBe(before - 1);

    // A reload stays where the window was (the address says so); the corrections are in the list.
    await page.reload();
    await page.locator('#review-page-heading').waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/review/);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Documents' }).click();
    const row = page.locator(ROWS).filter({ has: page.getByRole('button', { name: 'invoice-inv-1.txt' }) });
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(/invoice\s*set by you/);
    // Every uncertain value was corrected in review.
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toMatch(/reviewed/);
    await row.getByRole('button', { name: 'invoice-inv-1.txt' }).click();
    const fields = page.getByRole('table', { name: 'Fields' });
    await fields.waitFor();
    expect(await fields.locator('tr[data-field="invoice_number"]').innerText()).toMatch(/INV-42[\s\S]*user/i);
    expect(await fields.locator('tr[data-field="date"]').innerText()).toMatch(/2024-06-05[\s\S]*user/i);
  });

  it('exports the invoices to CSV with a BOM from the Export screen, with the corrected value in it', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Export…' }).click();
    await page.getByRole('heading', { name: 'Export to CSV' }).waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('invoice');
    await page.getByLabel('Start with a byte order mark, so Excel reads accents right').check();
    const count = page.getByTestId('export-count');
    await expect.poll(() => count.innerText()).toMatch(/^\d+ documents? will be exported\.$/);
    const rows = Number((await count.innerText()).match(/\d+/)?.[0]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('invoice_number');
    expect(csv).toContain('INV-42');
    expect(csv.trim().split(/\r?\n/)).toHaveLength(rows + 1);
  });

  it('shows the page of a PDF in review with a box around a located field', async () => {
    // A PDF with a text layer and an ambiguous date, so it waits for review with located fields.
    const pdf = join(root, 'scans', 'invoice-pdf-9.pdf');
    mkdirSync(join(root, 'scans'));
    writeFileSync(
      pdf,
      makeTextPdf([
        [
          'INVOICE',
          'Invoice number: INV-9',
          'Date: 03/04/2024',
          'ACME Tools Ltd',
          'Net: 100.00',
          'VAT 20%: 20.00',
          'Total: 120.00 EUR',
        ],
      ]),
    );
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByLabel('Folder or file path').fill(pdf);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = page.locator(ROWS).filter({ has: page.getByRole('button', { name: 'invoice-pdf-9.pdf' }) });
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Review' }).click();
    await page
      .getByRole('list', { name: /Documents to review/ })
      .getByRole('button', { name: /invoice-pdf-9\.pdf/ })
      .click();
    await page.getByRole('heading', { name: 'invoice-pdf-9.pdf', level: 2 }).waitFor();
    // pdf.js draws the page in the viewer.
    const picture = page.locator('.viewer-page[data-page="1"]');
    await picture.locator('canvas[data-rendered="true"]').waitFor({ timeout: 20_000 });

    // Selecting a located field draws its box, emphasised, within the page.
    await page.getByRole('form', { name: 'invoice number' }).getByRole('textbox').focus();
    const box = picture.locator('.viewer-box-active[data-field="invoice_number"]');
    await box.waitFor();
    expect(await box.getAttribute('title')).toMatch(/^invoice number: INV-9/);
    const [boxRect, imgRect] = await Promise.all([box.boundingBox(), picture.boundingBox()]);
    expect(boxRect!.width).toBeGreaterThan(0);
    expect(boxRect!.x).toBeGreaterThanOrEqual(imgRect!.x);
    expect(boxRect!.y + boxRect!.height).toBeLessThanOrEqual(imgRect!.y + imgRect!.height);
    const screenshot = process.env.DOCPIPE_E2E_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-preview.png'), fullPage: true });
  });
  it('opens the review of the document in the address, whatever the queue had selected before', async () => {
    // The queue's selection (the PDF above) stays in the store; the address names another document.
    const id = await page.evaluate(async () => {
      const response = await fetch('/api/listDocuments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      const docs = ((await response.json()) as { result: { id: number; paths: string[] }[] }).result;
      return docs.find((d) => d.paths[0]?.endsWith('invoice-inv-1.txt'))!.id;
    });
    await page.goto(`${server.url}/#/documents/${id}`);
    await page.getByRole('heading', { name: 'invoice-inv-1.txt', level: 2 }).waitFor();
    await page.goto(`${server.url}/#/review/${id}`);
    await page.locator('#review-page-heading', { hasText: 'invoice-inv-1.txt' }).waitFor();
    // It stays there: the old selection does not pull the screen back (which used to swing between the two
    // documents without end, the page never idle again).
    await page.waitForLoadState('networkidle');
    expect(await page.locator('#review-page-heading').innerText()).toBe('invoice-inv-1.txt');
    expect(new URL(page.url()).hash).toBe(`#/review/${id}`);
  });
});
