/**
 * The Pipeline, Export and Search screens end to end: `docpipe serve` as a child process over a temp data
 * folder, the built renderer, and Debian's Chromium driven by playwright-core. Skipped (with a message)
 * where /usr/bin/chromium is absent.
 *
 * Set DOCPIPE_E2E_SCREENSHOT=/tmp/some.png to keep screenshots of the pipeline (-pipeline.png) and export
 * (-export.png) screens.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

/** Invoices and letters in number, so the pipeline is busy for a while; one file that fails. */
const INVOICES = 60;
const LETTERS = 40;

function screenshot(page: Page, suffix: string): Promise<unknown> {
  const base = process.env.DOCPIPE_E2E_SCREENSHOT;
  return base
    ? page.screenshot({ path: base.replace(/(\.png)?$/, `-${suffix}.png`), fullPage: true })
    : Promise.resolve();
}

describe.skipIf(!hasChromium)('pipeline, export and search in a browser', () => {
  let root: string;
  let files: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const nav = () => page.getByRole('navigation', { name: 'Screens' });

  async function api(command: string, input: unknown): Promise<unknown> {
    const response = await fetch(`${server.url}/api/${command}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    return response.json();
  }

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-flow-'));
    files = join(root, 'inbox');
    mkdirSync(files);
    for (let i = 1; i <= INVOICES; i++)
      writeFileSync(
        join(files, `invoice-${i}.txt`),
        `INVOICE\nInvoice number: INV-${1000 + i}\nDate: 2024-05-${String((i % 28) + 1).padStart(2, '0')}\nACME Tools Ltd\nNet: ${i}.00\nVAT 20%: ${(i * 0.2).toFixed(2)}\nTotal: ${(i * 1.2).toFixed(2)} EUR\nPayment received with thanks.\n`,
      );
    for (let i = 1; i <= LETTERS; i++)
      writeFileSync(
        join(files, `letter-${i}.txt`),
        `Dear Ms Smith,\n\nThank you for your letter of ${i} May 2024. We are pleased to confirm meeting number ${i}.\n\nYours sincerely,\nJohn Doe\n`,
      );
    writeFileSync(join(files, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf\n');

    server = await startDocpipeServer(join(root, 'data'), rendererDir, 'cli');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    // Building the renderer and starting serve from source take a while on a busy machine.
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shows the pipeline moving with a rate during an ingest, announces the end of the batch, and survives a reload', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/?token=${server.token}`);
    await expect.poll(() => page.getByRole('status', { name: /Engine: Connected/ }).count()).toBe(1);
    await nav().getByRole('link', { name: 'Pipeline' }).click();
    expect(new URL(page.url()).hash).toBe('#/pipeline');
    await page.getByRole('heading', { name: 'Pipeline', level: 2 }).waitFor();

    expect(await api('ingest', { paths: [files] })).toMatchObject({
      ok: true,
      result: { found: INVOICES + LETTERS + 1 },
    });

    // While documents are still to go, some have finished: a rate in documents per minute, and a time left.
    const rate = page.getByTestId('pipeline-rate');
    const remaining = page.getByTestId('pipeline-remaining');
    await expect
      .poll(async () => Number(await rate.innerText()) > 0 && Number(await remaining.innerText()) > 0, {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(true);
    expect(await page.getByTestId('pipeline-eta').innerText()).toMatch(/under a minute|about \d+ (min|h)/);
    await screenshot(page, 'pipeline');

    // The batch ends: said in the window, with the counts in documents.
    const finished = page.getByTestId('batch-finished');
    await expect.poll(() => finished.count(), { timeout: 120_000 }).toBe(1);
    expect(await finished.innerText()).toMatch(
      new RegExp(`Batch finished: ${INVOICES + LETTERS + 1} documents, ${INVOICES + LETTERS} done, 1 failed\\.`),
    );
    await expect.poll(() => remaining.innerText()).toBe('0');
    const stages = page.getByRole('table', { name: 'Stages' });
    expect(await stages.locator('tr[data-stage="index"]').innerText()).toMatch(
      new RegExp(`\\b${INVOICES + LETTERS}\\b`),
    );
    const failure = page.locator('.failure[data-code="PDF_CORRUPT"]');
    expect(await failure.innerText()).toMatch(/broken\.pdf[\s\S]*damaged PDF/);
    expect(await failure.getByRole('button', { name: 'Retry broken.pdf' }).isVisible()).toBe(true);

    // A reload reads it all again from the store: same counts, the chart's bars, the batch as finished.
    const documents = await page.getByTestId('pipeline-documents').innerText();
    await page.reload();
    await page.getByRole('heading', { name: 'Pipeline', level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/pipeline');
    await expect.poll(() => page.getByTestId('pipeline-documents').innerText()).toBe(documents);
    expect(Number(await rate.innerText())).toBeGreaterThan(0);
    expect(await page.locator('.throughput-chart rect.bar-done').count()).toBeGreaterThan(0);
    expect(
      await page.getByRole('img', { name: /Documents finished per minute/ }).getAttribute('aria-describedby'),
    ).toBeTruthy();
    expect(await page.locator('tr[data-batch][data-finished="true"]').count()).toBe(1);
    // Not announced again after a reload.
    expect(await finished.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 240_000);

  it('previews an export and downloads the CSV the browser saves', async () => {
    await nav().getByRole('link', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export to CSV' }).waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('invoice');
    const count = page.getByTestId('export-count');
    await expect
      .poll(() => count.innerText(), { timeout: 30_000 })
      .toMatch(new RegExp(`^${INVOICES} documents will be exported; the first 20 are shown\\.$`));
    const preview = page.getByRole('table', { name: 'Preview' });
    expect(await preview.locator('thead').textContent()).toMatch(/invoice_number[\s\S]*total_confidence/);
    expect(await preview.locator('tbody tr').count()).toBe(20);
    // The choices are in the address: a reload keeps them.
    await page.getByRole('checkbox', { name: 'due date' }).uncheck();
    await page.getByLabel('Start with a byte order mark, so Excel reads accents right').check();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/export\?type=invoice&fields=[\w%]+&bom=1$/);
    await page.reload();
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(new RegExp(`^${INVOICES} documents`));
    expect(await page.getByRole('checkbox', { name: 'due date' }).isChecked()).toBe(false);
    await screenshot(page, 'export');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^docpipe-invoice-\d{4}-\d\d-\d\d\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFFid,paths,type,type_confidence,review_status,invoice_number,')).toBe(true);
    expect(text).not.toContain('due_date');
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(INVOICES + 1);
    expect(text).toContain('INV-1007');

    // The library's selection arrives as route parameters.
    const completed = (await api('listDocuments', { state: 'completed', limit: 3 })) as { result: { id: number }[] };
    const ids = completed.result.map((d) => d.id).join(',');
    await page.goto(`${server.url}/#/export?ids=${ids}&state=completed`);
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(/^3 documents will be exported\.$/);
    expect(await page.getByText('Only the 3 documents selected in the library.').isVisible()).toBe(true);
  });

  it('goes to the search box with / and Ctrl+K, keeps the query in the address, and runs a "did you mean"', async () => {
    await nav().getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { name: 'Pipeline', level: 2 }).click();
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search documents' });
    await expect
      .poll(() =>
        box.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement),
      )
      .toBe(true);
    expect(new URL(page.url()).hash).toMatch(/^#\/search/);
    // A slash typed in the box is a slash.
    await box.fill('');
    await page.keyboard.type('a/b');
    expect(await box.inputValue()).toBe('a/b');

    await box.fill('invocie');
    await box.press('Enter');
    const suggestion = page.getByRole('link', { name: 'invoice' });
    await suggestion.waitFor();
    expect(await page.locator('.did-you-mean').innerText()).toBe('Did you mean invoice?');
    expect(await page.locator('.did-you-mean strong').innerText()).toBe('invoice');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/search?q=invocie');
    await suggestion.click();
    await expect.poll(() => box.inputValue()).toBe('invoice');
    await expect.poll(() => page.locator('.hit').count()).toBe(20);
    expect(await page.locator('.did-you-mean').count()).toBe(0);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/search?q=invoice');
    // Back returns to the previous query's results, not to its keystrokes.
    await page.goBack();
    await expect.poll(() => box.inputValue()).toBe('invocie');
    await page.goForward();
    await expect.poll(() => box.inputValue()).toBe('invoice');
    // At once, while the first search is still on its way: the address still wins.
    await page.goBack();
    await page.goForward();
    await expect.poll(() => box.inputValue()).toBe('invoice');
    await expect.poll(() => page.locator('.hit').count()).toBe(20);

    // Ctrl+K from a text field of another screen.
    await nav().getByRole('link', { name: 'Export' }).click();
    await page.getByLabel('Search', { exact: true }).focus();
    await page.keyboard.press('Control+k');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/search?q=invoice');
    await expect
      .poll(() =>
        box.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement),
      )
      .toBe(true);
  });
});
