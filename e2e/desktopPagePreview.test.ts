/**
 * The desktop app's page preview, short of Electron (no Electron binary runs here): the built renderer in
 * Chromium with a stand-in for the preload's `window.docpipe`, so the UI takes its Electron client. The
 * stand-in answers like the IPC handlers do (the contract's envelope, bytes as a Uint8Array), fetching
 * from a real server underneath. What this checks is the renderer's half: the picture arrives as bytes,
 * becomes a blob: URL the page's CSP allows, and the field boxes sit on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf } from '../electron/core/testing/fixtureFiles.js';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium } from './chromium.js';

/**
 * Runs in the page before its scripts: a `window.docpipe` shaped like the preload's. Commands go to the
 * server (it stands in for main); `pageImage` gets the bytes from the GET route and hands them over as
 * IPC would, so the client must make the picture itself.
 */
function installBridge(token: string): void {
  const auth = { Authorization: `Bearer ${token}` };
  const call = async (name: string, input: unknown): Promise<unknown> => {
    if (name === 'documentFile') {
      // A part of the file, as main answers it over IPC: bytes with the file's facts.
      const { id, offset = 0, length } = input as { id: number; offset?: number; length?: number };
      const range = length === undefined ? `bytes=${offset}-` : `bytes=${offset}-${offset + Math.max(1, length) - 1}`;
      const response = await fetch(`/api/documents/${id}/file`, { headers: { ...auth, Range: range } });
      if (!response.ok) return response.json();
      const total = /\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '')?.[1];
      const bytes = new Uint8Array(await response.arrayBuffer());
      return {
        ok: true,
        result: {
          contentType: response.headers.get('Content-Type'),
          fileName: 'invoice-pdf-7.pdf',
          size: total ? Number(total) : bytes.byteLength,
          sha256: (response.headers.get('ETag') ?? '').replace(/"/g, ''),
          offset,
          bytes,
        },
      };
    }
    if (name === 'pageImage') {
      const { id, page } = input as { id: number; page: number };
      const response = await fetch(`/api/documents/${id}/pages/${page}/image`, { headers: auth });
      if (!response.ok) return response.json();
      return {
        ok: true,
        result: {
          contentType: response.headers.get('Content-Type'),
          bytes: new Uint8Array(await response.arrayBuffer()),
        },
      };
    }
    const response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    return response.json();
  };
  const api = new Proxy({}, { get: (_target, name) => (input: unknown) => call(String(name), input) });
  // globalThis is the page's window here (this file is type-checked without the DOM library).
  (globalThis as unknown as { docpipe: unknown }).docpipe = {
    api,
    events: { subscribe: () => () => undefined },
    pathForFile: () => '',
  };
}

describe.skipIf(!hasChromium)('the review screen with the desktop client', () => {
  let root: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-desktop-'));
    // An ambiguous date sends it to review; the text layer gives its fields boxes.
    const pdf = join(root, 'invoice-pdf-7.pdf');
    writeFileSync(
      pdf,
      makeTextPdf([
        [
          'INVOICE',
          'Invoice number: INV-7',
          'Date: 03/04/2024',
          'ACME Tools Ltd',
          'Net: 100.00',
          'VAT 20%: 20.00',
          'Total: 120.00 EUR',
        ],
      ]),
    );
    server = await startDocpipeServer(join(root, 'data'), rendererDir, 'in-process');
    const post = (name: string, input: unknown) =>
      fetch(`${server.url}/api/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      }).then((r) => r.json() as Promise<{ ok: boolean; result: unknown }>);
    await post('ingest', { paths: [pdf] });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const docs = (await post('listDocuments', {})).result as { state: string }[];
      if (docs.length === 1 && docs[0]?.state === 'completed') break;
      if (Date.now() > deadline) throw new Error(`the PDF was not processed: ${JSON.stringify(docs)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('draws the page from bytes over the bridge, with the field boxes on it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.addInitScript(installBridge, server.token);
    // The served page stands in for the app's file:// one; a page load needs the token (the bridge brings its own).
    await page.goto(server.openUrl);

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Review' }).click();
    await page
      .getByRole('list', { name: /Documents to review/ })
      .getByRole('button', { name: /invoice-pdf-7\.pdf/ })
      .click();
    // The page is drawn by pdf.js from bytes that came through the bridge (no server URL: file:// has none).
    const picture = page.locator('.viewer-page[data-page="1"]');
    await picture.locator('canvas[data-rendered="true"]').waitFor({ timeout: 20_000 });
    // Open and Show in folder are the desktop's; a browser's Download is not offered.
    expect(await page.getByRole('link', { name: 'Download' }).count()).toBe(0);

    await page.getByRole('form', { name: 'invoice number' }).getByRole('textbox').focus();
    const box = picture.locator('.viewer-box-active[data-field="invoice_number"]');
    await box.waitFor();
    const [boxRect, imgRect] = await Promise.all([box.boundingBox(), picture.boundingBox()]);
    expect(boxRect!.width).toBeGreaterThan(0);
    expect(boxRect!.y + boxRect!.height).toBeLessThanOrEqual(imgRect!.y + imgRect!.height);
    // Nothing was refused on the way (a CSP without blob: would show here as a console error).
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
