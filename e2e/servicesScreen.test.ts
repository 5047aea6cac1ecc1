/**
 * The Services & models screen end to end: `docpipe serve` as a child process supervising the Ollama
 * stand-in (electron/core/testing/ollama-standin), the built renderer, Debian's Chromium through
 * playwright-core. Skipped (with a message) where /usr/bin/chromium is absent.
 *
 * DOCPIPE_OLLAMA_HOST points at a port nothing listens on, so an Ollama running on this machine is not
 * taken as an external server. Screenshots go to DOCPIPE_E2E_SCREENSHOTS (default: a temp folder, whose
 * path is printed).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const STANDIN = join(repoRoot, 'electron/core/testing/ollama-standin/ollama');
// Where docpipe would find a bundled Ollama: with one there, "no binary" cannot be staged.
const BUNDLED_OLLAMA = join(
  repoRoot,
  'resources/bin',
  `${process.platform}-${process.arch}`,
  process.platform === 'win32' ? 'ollama.exe' : 'ollama',
);
const TEXT_MODEL = 'qwen2.5:7b-instruct';
const EMBED_MODEL = 'nomic-embed-text';

const screenshots = process.env.DOCPIPE_E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'docpipe-services-shots-'));
mkdirSync(screenshots, { recursive: true });

/** A loopback port nothing listens on (it was free a moment ago, and nothing here takes it). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Page errors and console errors, which a working screen has none of. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, name), fullPage: true });
}

describe.skipIf(!hasChromium)('Services & models screen, with a supervised Ollama', () => {
  let root: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-services-'));
    server = await startCliServer(join(root, 'data'), {
      env: {
        DOCPIPE_OLLAMA_BIN: STANDIN,
        DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${await closedPort()}`,
        // The text model is there, the embedding model is not; a pull takes about 4 s; a loaded model
        // sits 40 % in (pretend) GPU memory.
        OLLAMA_STANDIN_MODELS: TEXT_MODEL,
        OLLAMA_STANDIN_PULL_MS: '4000',
        OLLAMA_STANDIN_VRAM_FRACTION: '0.4',
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = collectErrors(page);
    console.log(`services screen screenshots: ${screenshots}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('opens from the header badge and shows Ollama ready on a loopback address', async () => {
    await page.goto(`${server.url}/?token=${server.token}`);
    // No GPU tool on a test machine and the text model not loaded yet: the LLM can only run on the CPU.
    const badge = page.getByRole('button', { name: /^LLM on CPU\. Open Services & models$/ });
    await badge.waitFor({ timeout: 20_000 });
    await badge.click();
    const tab = page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Services & models' });
    expect(await tab.getAttribute('aria-current')).toBe('page');

    const state = page.getByTestId('service-state-ollama');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    expect(await state.innerText()).toBe('ready');
    expect(await page.getByTestId('service-url-ollama').innerText()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.getByTestId(`standing-${TEXT_MODEL}`).innerText()).toMatch(/on the server/);
    expect(await page.getByTestId(`standing-${EMBED_MODEL}`).innerText()).toBe('not downloaded');
    expect(await page.getByTestId('gpu-summary').innerText()).toMatch(/No GPU found/);
  });

  it('downloads the missing embedding model after a yes, with a moving progress bar', async () => {
    await page.getByRole('button', { name: `Download ${EMBED_MODEL}`, exact: true }).click();
    const question = page.getByRole('group', { name: `Download ${EMBED_MODEL}?` });
    expect(await question.innerText()).toMatch(/about 274 MB/);
    // The agreement's own button has the focus: Enter answers yes.
    expect(await question.locator(':focus').innerText()).toBe('Download');
    await shoot(page, 'services-agreement-1440.png');
    await question.getByRole('button', { name: 'Download', exact: true }).click();

    const bar = page.getByRole('progressbar', { name: `Downloading ${EMBED_MODEL}` });
    await bar.waitFor();
    const seen: number[] = [];
    let shot = false;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await bar.count()) > 0) {
      const now = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
      const value = now === null ? null : Number(now);
      if (value !== null && value !== seen.at(-1)) seen.push(value);
      if (!shot && value !== null && value > 0 && value < 100) {
        await shoot(page, 'services-downloading-1440.png');
        shot = true;
      }
      await page.waitForTimeout(100);
    }
    // It rose at least twice, and never went back.
    expect(seen.length, `aria-valuenow seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(3);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(await bar.count()).toBe(0);

    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: `${EMBED_MODEL} is downloaded.` })
          .count(),
      )
      .toBe(1);
    const installed = page.getByRole('table', { name: 'On the model server' });
    await expect
      .poll(() => installed.locator(`tr[data-model="${EMBED_MODEL}:latest"]`).count(), { timeout: 10_000 })
      .toBe(1);
    expect(await installed.locator(`tr[data-model="${EMBED_MODEL}:latest"]`).innerText()).toMatch(
      /215 MB[\s\S]*F16[\s\S]*embedding/,
    );
    expect(await page.getByTestId(`standing-${EMBED_MODEL}`).innerText()).toMatch(/on the server/);
  });

  it('shows where the loaded embedding model sits: partly on the GPU', async () => {
    // Search loads the new model to learn its vector length; the screen looks again every 10 s.
    const placement = page.getByTestId('placement').filter({ hasText: EMBED_MODEL });
    await expect.poll(() => placement.count(), { timeout: 25_000 }).toBe(1);
    expect(await placement.innerText()).toMatch(/partly on the GPU \(40 %\)/);
    await expect
      .poll(() => page.getByRole('region', { name: 'Search', exact: true }).innerText())
      .toMatch(/by meaning/);
    await shoot(page, 'services-1440.png');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shoot(page, 'services-1024.png');
    // The stylesheet follows the system's dark mode; the screen's colours come from its variables.
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, 'services-dark-1024.png');
    expect(errors).toEqual([]);
  });

  it('deletes a model after a yes, and cancels a download', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const installed = page.getByRole('table', { name: 'On the model server' });
    const row = installed.locator(`tr[data-model="${EMBED_MODEL}:latest"]`);
    await row.getByRole('button', { name: `Delete ${EMBED_MODEL}:latest` }).click();
    await row
      .getByRole('group', { name: `Delete ${EMBED_MODEL}:latest?` })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId(`standing-${EMBED_MODEL}`).innerText()).toBe('not downloaded');

    await page.getByRole('button', { name: `Download ${EMBED_MODEL}`, exact: true }).click();
    await page
      .getByRole('group', { name: `Download ${EMBED_MODEL}?` })
      .getByRole('button', { name: 'Download', exact: true })
      .click();
    await page.getByRole('progressbar', { name: `Downloading ${EMBED_MODEL}` }).waitFor();
    await page.getByRole('button', { name: `Cancel the download of ${EMBED_MODEL}` }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: `The download of ${EMBED_MODEL} was cancelled.` })
            .count(),
        { timeout: 10_000 },
      )
      .toBe(1);
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(await page.getByTestId(`standing-${EMBED_MODEL}`).innerText()).toBe('not downloaded');
    expect(await page.getByRole('button', { name: `Download ${EMBED_MODEL} again` }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium || existsSync(BUNDLED_OLLAMA))('Services & models screen, without Ollama', () => {
  let root: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-no-ollama-'));
    server = await startCliServer(join(root, 'data'), {
      env: {
        DOCPIPE_OLLAMA_BIN: undefined,
        DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${await closedPort()}`,
      },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('says there is no Ollama, and how to add one', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = collectErrors(page);
    await page.goto(`${server.url}/?token=${server.token}`);
    await page
      .getByRole('button', { name: /^LLM: off \(no model server\)\. Open Services & models$/ })
      .click({ timeout: 20_000 });

    const state = page.getByTestId('service-state-ollama');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 20_000 }).toBe('absent');
    const card = page.getByRole('article', { name: 'Ollama' });
    const text = await card.innerText();
    expect(text).toMatch(/No Ollama found/);
    expect(text).toContain('DOCPIPE_OLLAMA_BIN');
    expect(text).toContain('npm run fetch-runtimes -- --from DIR');
    // The status's own sentence: where docpipe looked.
    expect(text).toMatch(/Ollama is not installed with docpipe\. Put the ollama program at .*resources/);
    expect(await page.getByTestId(`standing-${EMBED_MODEL}`).innerText()).toMatch(/unknown/);
    expect(await page.getByRole('button', { name: `Download ${EMBED_MODEL}`, exact: true }).count()).toBe(0);
    await shoot(page, 'services-absent-1440.png');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shoot(page, 'services-absent-1024.png');
    expect(errors).toEqual([]);
    await page.close();
  });
});
