/**
 * The UI end to end: the real server over a real core in a temp data folder, the built renderer, and
 * Debian's Chromium driven by playwright-core. Skipped (with a message) where /usr/bin/chromium is absent.
 * DOCPIPE_E2E_SERVER=cli runs `docpipe serve` as a child process instead of in-process (docpipeServer.ts).
 *
 * Set DOCPIPE_E2E_SCREENSHOT=/tmp/some.png to keep a screenshot of the documents screen.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';

const CHROMIUM = process.env.DOCPIPE_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set DOCPIPE_CHROMIUM).`);

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
    // Looks like a PDF to the sniffer, cannot be parsed: the failed row must show its code and message.
    writeFileSync(join(files, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf\n');

    server = await startDocpipeServer(join(root, 'data'), rendererDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });

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

    await page.getByLabel('Folder or file path').fill(files);
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(() => page.locator('tbody tr[data-state="completed"]').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => page.locator('tbody tr[data-state="failed"]').count(), { timeout: 30_000 }).toBe(1);

    const failed = page.locator('tbody tr[data-state="failed"]');
    expect(await failed.locator('.problem').innerText()).toMatch(/PDF_CORRUPT.*broken\.pdf is not a readable PDF/);
    expect(await failed.getByRole('button', { name: 'Retry broken.pdf' }).isVisible()).toBe(true);
    expect(await page.getByTestId('document-count').innerText()).toBe('3');

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
    await expect.poll(() => page.getByRole('status').filter({ hasText: /job\(s\) back in the queue/ }).count()).toBe(1);
    // It fails again (the bytes are still broken) and comes back as failed with the same message.
    await expect.poll(() => page.locator('tbody tr[data-state="failed"]').count(), { timeout: 30_000 }).toBe(1);
  });
});
