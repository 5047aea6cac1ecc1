/**
 * The library end to end: a store of a few hundred generated documents (with their files), `docpipe
 * serve` on it as a child process, the built renderer and Debian's Chromium through playwright-core. It
 * sorts, filters, selects a range, removes two documents after the confirmation, sets a type in bulk,
 * moves with the keyboard, and checks that the table is virtualised (far fewer rows in the page than
 * documents). Skipped (with a message) where /usr/bin/chromium is absent.
 *
 * Screenshots of the library, light and dark, at 1440×900 and 1024×700, go to DOCPIPE_E2E_SCREENSHOTS
 * (default: a temp folder, whose path is printed).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../electron/core/bus/EventBus.js';
import { openDatabase } from '../electron/core/store/Database.js';
import { Store } from '../electron/core/store/Store.js';
import { generateArchive, type GeneratedDocument } from '../electron/core/testing/generatedArchive.js';
import { startCliServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { LIBRARY_ROWS } from './selectors.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

const DOCUMENTS = 300;
/** How long a poll waits: on a loaded machine a filter's answer can take seconds. */
const SOON = { timeout: 15_000 };
const ROWS = LIBRARY_ROWS;
const screenshots = process.env.DOCPIPE_E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'docpipe-library-shots-'));
mkdirSync(screenshots, { recursive: true });

describe.skipIf(!hasChromium)('the library in a browser', () => {
  let root: string;
  let docs: GeneratedDocument[];
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const grid = () => page.getByTestId('library-grid');
  const count = () => page.getByTestId('library-count').innerText();
  const hash = () => decodeURIComponent(new URL(page.url()).hash);
  /** The visible rows' cells of one column, top to bottom. */
  const column = (name: string) => page.locator(`${ROWS} .library-col-${name}`).allInnerTexts();
  const shoot = (name: string) => page.screenshot({ path: join(screenshots, `library-${name}.png`) });

  beforeAll(async () => {
    await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-library-'));
    const store = new Store(openDatabase({ path: join(root, 'data', 'docpipe.sqlite') }), new EventBus());
    try {
      docs = generateArchive(store, { count: DOCUMENTS, seed: 17, filesDir: join(root, 'files') });
    } finally {
      store.close();
    }
    server = await startCliServer(join(root, 'data'), { readyTimeoutMs: 120_000 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/?token=${server.token}`);
    await page
      .getByTestId('library-count')
      .filter({ hasText: `${DOCUMENTS} documents` })
      .waitFor({ timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('draws only the rows on screen, with thumbnails, down to the last row', async () => {
    expect(await grid().getAttribute('aria-rowcount')).toBe(String(DOCUMENTS + 1));
    const inPage = await page.locator(ROWS).count();
    expect(inPage).toBeGreaterThan(5);
    expect(inPage).toBeLessThan(DOCUMENTS / 5);
    // A PDF's first page, loaded once the row stayed on screen.
    const thumb = page.locator(`${ROWS} img.library-thumb`).first();
    await expect
      .poll(
        () =>
          thumb.evaluate((el) => {
            const img = el as unknown as { complete: boolean; naturalWidth: number };
            return img.complete ? img.naturalWidth : 0;
          }),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await shoot('top');

    await grid().evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator(`${ROWS}[aria-rowindex="${DOCUMENTS + 1}"]`).waitFor();
    expect(await page.locator(ROWS).count()).toBeLessThan(DOCUMENTS / 5);
    // Newest first by default: the last row is the first document added.
    expect(await page.locator(`${ROWS}[aria-rowindex="${DOCUMENTS + 1}"]`).getAttribute('data-id')).toBe(
      String(docs[0]!.id),
    );
    await grid().evaluate((el) => (el.scrollTop = 0));
  });

  it('sorts by a column header, and the address keeps the sort', async () => {
    await page.getByRole('columnheader', { name: 'Date' }).getByRole('button').click();
    await expect.poll(hash, SOON).toMatch(/sort=date/);
    expect(await page.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await column('date'))[0], SOON).toMatch(/^20\d\d/);
    const dates = (await column('date')).filter(Boolean);
    expect(dates).toEqual([...dates].sort().reverse());

    await page.getByRole('columnheader', { name: 'Date' }).getByRole('button').click();
    await expect.poll(hash, SOON).toMatch(/sort=date&dir=asc|dir=asc.*sort=date/);
    await expect.poll(async () => (await column('date'))[0], SOON).toMatch(/^201[6-9]/);
    const ascending = (await column('date')).filter(Boolean);
    expect(ascending).toEqual([...ascending].sort());

    await page.reload();
    await expect
      .poll(async () => page.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort'), SOON)
      .toBe('ascending');
  });

  it('filters by type, state and text, and counts in documents', async () => {
    const invoices = docs.filter((d) => d.type === 'invoice').length;
    await page.getByLabel('Type', { exact: true }).selectOption('invoice');
    await expect.poll(count, SOON).toBe(`${invoices} of ${DOCUMENTS} documents`);
    expect(hash()).toMatch(/type=invoice/);
    expect(new Set(await column('type').then((t) => t.map((x) => x.split('\n')[0])))).toEqual(new Set(['invoice']));
    // The state filter's choices count documents among the invoices.
    const completedInvoices = docs.filter((d) => d.type === 'invoice' && d.state === 'completed').length;
    expect(await page.getByLabel('State', { exact: true }).locator('option[value="completed"]').innerText()).toBe(
      `completed (${completedInvoices})`,
    );

    const acme = docs.filter((d) => d.type === 'invoice' && d.path.toLowerCase().includes('acme')).length;
    await page.getByRole('searchbox').fill('acme');
    await expect.poll(count, SOON).toBe(`${acme} of ${DOCUMENTS} documents`);
    for (const name of await page.locator(`${ROWS} .library-name`).allInnerTexts()) expect(name).toMatch(/acme/i);

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(count, SOON).toBe(`${DOCUMENTS} documents`);
    expect(hash()).not.toMatch(/type=|q=/);
  });

  it('selects a range with Shift-click, then removes two documents after saying the files stay', async () => {
    const rows = page.locator(ROWS);
    await rows.nth(0).locator('.library-col-date').click();
    await rows
      .nth(4)
      .locator('.library-col-date')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selected-count').innerText(), SOON).toBe('5 selected');
    expect(await page.locator(`${ROWS}[aria-selected="true"]`).count()).toBe(5);

    // Two of them: one row, then one more with Ctrl.
    await rows.nth(1).locator('.library-col-date').click();
    await rows
      .nth(3)
      .locator('.library-col-date')
      .click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByTestId('selected-count').innerText(), SOON).toBe('2 selected');
    const ids = await page
      .locator(`${ROWS}[aria-selected="true"]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const removed = docs.filter((d) => ids.includes(String(d.id)));
    expect(removed).toHaveLength(2);
    const bytes = removed.map((d) => readFileSync(d.path));

    await page.getByRole('button', { name: 'Remove…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove 2 documents from the archive?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/The files on disk are not touched/);
    await shoot('remove-dialog');
    await dialog.getByRole('button', { name: 'Remove 2 documents' }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /Removed 2 documents/ })
            .count(),
        { timeout: 20_000 },
      )
      .toBe(1);
    await expect.poll(count, { timeout: 10_000 }).toBe(`${DOCUMENTS - 2} documents`);
    for (const id of ids) expect(await page.locator(`${ROWS}[data-id="${id}"]`).count()).toBe(0);
    expect(removed.map((d) => readFileSync(d.path))).toEqual(bytes);
  });

  it('sets the type of a selection at once', async () => {
    await page.getByLabel('State', { exact: true }).selectOption('completed');
    await page.getByLabel('Type', { exact: true }).selectOption('receipt');
    const rows = page.locator(ROWS);
    await expect.poll(async () => (await column('type'))[0], SOON).toMatch(/^receipt/);
    await rows.nth(0).locator('.library-col-date').click();
    await rows
      .nth(2)
      .locator('.library-col-date')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selected-count').innerText(), SOON).toBe('3 selected');
    const ids = await page
      .locator(`${ROWS}[aria-selected="true"]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));

    const bar = page.getByRole('toolbar', { name: 'Selected documents' });
    await bar.getByLabel('Set type to').selectOption('letter');
    await bar.getByRole('button', { name: 'Set type' }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /Type set to letter on 3 documents/ })
            .count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    // They are letters now, set by a person: they leave the receipts, and show as letters.
    await page.getByLabel('Type', { exact: true }).selectOption('letter');
    // Understanding runs again for them (the new type's fields): completed again in a moment.
    for (const id of ids) {
      await expect
        .poll(
          () =>
            page
              .locator(`${ROWS}[data-id="${id}"] .library-col-type`)
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          {
            timeout: 60_000,
          },
        )
        .toMatch(/letter\s*set by you/);
    }
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
  });

  it('moves with the arrows, selects with Space, opens with Enter, and Back returns to the same list', async () => {
    await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await expect.poll(hash, SOON).toMatch(/sort=name/);
    await grid().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    const active = page.locator(`${ROWS}.library-row-active`);
    expect(await active.getAttribute('aria-rowindex')).toBe('4');
    expect(await active.getAttribute('aria-selected')).toBe('true');
    const name = await active.locator('.library-name').innerText();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name, level: 2 }).waitFor();
    expect(hash()).toMatch(/^#\/documents\/\d+$/);
    await page.goBack();
    await page.getByRole('heading', { name: 'Documents', exact: true, level: 2 }).waitFor();
    expect(hash()).toMatch(/sort=name/);
    expect(await page.locator(`${ROWS}.library-row-active .library-name`).innerText()).toBe(name);
    await shoot('sorted-by-name');
  });

  it('looks right in light and dark, wide and narrow, and logs no error', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [
        [1440, 900],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.locator(ROWS).first().waitFor();
        await page.waitForTimeout(300);
        await shoot(`${scheme}-${width}x${height}`);
      }
    }
    console.log(`library screenshots: ${screenshots}`);
    expect(errors).toEqual([]);
  });
});
