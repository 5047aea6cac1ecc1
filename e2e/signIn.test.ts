/**
 * Signing in to `docpipe serve` as a person meets it: the printed link, a restart of serve under an open
 * tab, a wrong link, and two docpipes on two data folders in one browser. `docpipe serve` runs as a child
 * process (no --port: the address kept in the data folder), Debian's Chromium through playwright-core.
 *
 * Set DOCPIPE_E2E_SCREENSHOT=/tmp/some.png to keep screenshots of the tab while the engine is away
 * (-reconnecting.png) and of the sign-in page (-sign-in.png).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServeRecord } from '../electron/server/servedAddress.js';
import { startCliServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { LIBRARY_ROWS } from './selectors.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

/** A folder of `count` small letters, each a document of its own (no two folders hold the same bytes). */
function letters(folder: string, count: number): string {
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++)
    writeFileSync(
      join(folder, `letter-${i}.txt`),
      `Dear customer ${i},\n\nThank you for your order ${basename(folder)}-${i} of 2 May 2024.\n\nYours sincerely,\nAcme Ltd\n`,
    );
  return folder;
}

async function callApi(server: TestServer, command: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}/api/${command}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(input),
  });
  const answer = (await response.json()) as { ok: boolean; result?: unknown };
  if (!answer.ok) throw new Error(`${command}: ${JSON.stringify(answer)}`);
  return answer.result;
}

/** Ingests a folder through the API and waits until every document is completed. */
async function ingest(server: TestServer, folder: string, count: number): Promise<void> {
  await callApi(server, 'ingest', { paths: [folder] });
  await expect
    .poll(
      async () =>
        ((await callApi(server, 'listDocuments', {})) as { state: string }[]).filter((d) => d.state === 'completed')
          .length,
      { timeout: 30_000 },
    )
    .toBe(count);
}

/** The API as the browser calls it for the page: with the cookies it holds, no token of its own. */
async function browserApiStatus(page: Page, base: string): Promise<{ status: number; documents: unknown }> {
  const response = await page.context().request.post(`${base}/api/status`, {
    headers: { 'Content-Type': 'application/json' },
    data: '{}',
  });
  const answer = (await response.json()) as { result?: { documents?: unknown } };
  return { status: response.status(), documents: answer.result?.documents };
}

const engineState = (page: Page, label: RegExp) => page.getByRole('status', { name: label }).count();

describe.skipIf(!hasChromium)('signing in to docpipe serve', () => {
  let root: string;
  let dataA: string;
  let dataB: string;
  let server: TestServer | null = null;
  let other: TestServer | null = null;
  let browser: Browser;
  const screenshot = process.env.DOCPIPE_E2E_SCREENSHOT;

  beforeAll(async () => {
    await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-sign-in-'));
    dataA = join(root, 'data-a');
    dataB = join(root, 'data-b');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await other?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the open tab says reconnecting while serve is away, and is back in the same archive, signed in, after a restart', async () => {
    server = await startCliServer(dataA, { port: null });
    await ingest(server, letters(join(root, 'letters-a'), 3), 3);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(server.openUrl);
    await expect.poll(() => engineState(page, /^Engine: Connected$/)).toBe(1);
    await expect.poll(() => page.locator(LIBRARY_ROWS).count()).toBe(3);
    const firstLink = server.openUrl;

    await server.close();
    server = null;
    await expect.poll(() => engineState(page, /^Engine: Reconnecting to the engine/), { timeout: 15_000 }).toBe(1);
    expect(await page.getByText('It stopped answering').count()).toBe(1);
    // What was shown stays: not emptied, and not "No documents yet".
    expect(await page.locator(LIBRARY_ROWS).count()).toBe(3);
    expect(await page.getByText('No documents yet').count()).toBe(0);
    if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-reconnecting.png') });

    // Started again on the same data folder, without --port: the same link, and the tab is back by itself.
    server = await startCliServer(dataA, { port: null });
    expect(server.openUrl).toBe(firstLink);
    await expect.poll(() => engineState(page, /^Engine: Connected$/), { timeout: 30_000 }).toBe(1);
    expect(await page.getByText('It stopped answering').count()).toBe(0);
    expect(await browserApiStatus(page, server.url)).toEqual({ status: 200, documents: 3 });

    // The archive changed while the tab watched from afar: the snapshot follows, and so does a reload.
    await ingest(server, letters(join(root, 'letters-a2'), 1), 4);
    await expect.poll(() => page.locator(LIBRARY_ROWS).count()).toBe(4);
    await page.reload();
    await expect.poll(() => engineState(page, /^Engine: Connected$/)).toBe(1);
    await expect.poll(() => page.locator(LIBRARY_ROWS).count()).toBe(4);
    await context.close();
    // Three starts of docpipe serve as a child process.
  }, 180_000);

  it('a page load with a wrong, missing or mangled token gets a page saying how to sign in', async () => {
    if (!server) throw new Error('the first test left no server running');
    const context = await browser.newContext();
    const page = await context.newPage();
    const wrong = await page.goto(`${server.url}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
    await page.getByRole('heading', { name: 'This link does not sign in to docpipe' }).waitFor();
    expect(await page.locator('body').innerText()).toContain('docpipe url');
    if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-sign-in.png') });

    const missing = await page.goto(`${server.url}/documents`);
    expect(missing?.status()).toBe(401);
    await page.getByRole('heading', { name: 'This browser is not signed in to docpipe' }).waitFor();

    const { instanceId } = readServeRecord(dataA) ?? {};
    await context.addCookies([{ name: `docpipe_token_${instanceId}`, value: '%E0%A4%A', url: server.url }]);
    const mangled = await page.goto(`${server.url}/`);
    expect(mangled?.status()).toBe(401);
    await page.getByRole('heading', { name: 'This link does not sign in to docpipe' }).waitFor();
    expect(await browserApiStatus(page, server.url)).toMatchObject({ status: 401 });
    await context.close();
  });

  it('keeps two docpipes on two data folders signed in, side by side in one browser', async () => {
    if (!server) throw new Error('the first test left no server running');
    other = await startCliServer(dataB, { port: null });
    await ingest(other, letters(join(root, 'letters-b'), 2), 2);
    expect(other.url).not.toBe(server.url);

    const context = await browser.newContext();
    const pageA = await context.newPage();
    const pageB = await context.newPage();
    await pageA.goto(server.openUrl);
    await pageB.goto(other.openUrl);
    // Each signed in after the other: loaded again, without the token, both still are.
    await pageA.goto(server.url);
    await pageB.goto(other.url);
    await expect.poll(() => pageA.locator(LIBRARY_ROWS).count()).toBe(4);
    await expect.poll(() => pageB.locator(LIBRARY_ROWS).count()).toBe(2);
    expect(await browserApiStatus(pageA, server.url)).toEqual({ status: 200, documents: 4 });
    expect(await browserApiStatus(pageB, other.url)).toEqual({ status: 200, documents: 2 });
    const names = (await context.cookies()).map((c) => c.name).sort();
    expect(names).toEqual(
      [
        `docpipe_token_${readServeRecord(dataA)?.instanceId}`,
        `docpipe_token_${readServeRecord(dataB)?.instanceId}`,
      ].sort(),
    );
    await context.close();
  });
});
