/**
 * Adding documents in the served UI, end to end: `docpipe serve` as a child process, the built renderer
 * in Debian's Chromium. Folders are dropped on the page the way a script can drop them (DragEvents whose
 * DataTransfer holds File objects with their paths in the folder), and picked with the folder picker;
 * the files are uploaded into the data folder's inbox with progress and ingested with their paths as
 * dropped. Typed paths that cannot be used are refused with a sentence and leave no document; a watched
 * folder is paused, resumed and let go. Skipped (with a message) where /usr/bin/chromium is absent; the
 * corpus part also where ../shared/corpus is.
 *
 * Set DOCPIPE_E2E_SCREENSHOT=/tmp/add.png to keep screenshots: the drop overlay (-overlay.png), an upload
 * under way (-uploading.png), its result (-added.png) and the watched folders (-watched.png).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf, prose } from '../electron/core/testing/fixtureFiles.js';
import type { DocumentSummary } from '../electron/shared/contract/documents.js';
import type { WatchedFolder } from '../electron/shared/contract/api.js';
import { dragOver, dropFile, dropIt, recordProgress } from './dropFiles.js';
import { startDocpipeServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

const CORPUS = fileURLToPath(new URL('../../shared/corpus/docs/', import.meta.url));
/** Six documents of five kinds: PDFs with text, a receipt photo (OCR), text, e-mail, Word. */
const CORPUS_PICK = [
  'invoice/invoice2data/QualityHosting.pdf',
  'receipt/sroie/sroie_035.jpg',
  'invoice/invoice2data/oyo.pdf',
  'invoice/invoice2data/Orlen.txt',
  'other/email/email-no-utf8-2008-07-16.062410.eml',
  'other/misc/handbook-1p.docx',
];
const SCREENSHOT = process.env.DOCPIPE_E2E_SCREENSHOT;
const shot = (page: Page, name: string) =>
  SCREENSHOT ? page.screenshot({ path: SCREENSHOT.replace(/(\.png)?$/, `-${name}.png`), fullPage: true }) : undefined;

const hasCorpus = CORPUS_PICK.every((p) => existsSync(join(CORPUS, p)));
if (hasChromium && !hasCorpus)
  console.warn(`The corpus drop is skipped: ${CORPUS} (../shared/corpus) does not have the six documents it drops.`);

/**
 * Runs in the page before its scripts: a stand-in for the desktop app's preload (no Electron binary runs
 * here), so the UI takes its desktop client. Commands go to the real server; a dropped file's disk path
 * is looked up by its name, and the open dialog "chooses" the folder given.
 */
function installDesktopBridge({
  token,
  paths,
  chosen,
}: {
  token: string;
  paths: Record<string, string>;
  chosen: string;
}) {
  const call = async (name: string, input: unknown): Promise<unknown> => {
    const response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    return response.json();
  };
  const api = new Proxy({}, { get: (_target, name) => (input: unknown) => call(String(name), input) });
  (globalThis as unknown as { docpipe: unknown }).docpipe = {
    api,
    events: { subscribe: () => () => undefined },
    pathForFile: (file: { name: string }) => paths[file.name] ?? '',
    choosePaths: async (kind: string) => (kind === 'folders' ? [chosen] : []),
  };
}

describe.skipIf(!hasChromium)('adding documents in the browser', () => {
  let root: string;
  let dataDir: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  /** The engine's answer to a command, asked from the page (its cookie signs the request). */
  async function command<T>(name: string, input: unknown = {}): Promise<T> {
    const answer = await page.evaluate(
      async ({ name, input }) => {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        });
        return (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
      },
      { name, input },
    );
    if (!answer.ok) throw new Error(`${name}: ${answer.error?.message}`);
    return answer.result as T;
  }

  const documents = () => command<DocumentSummary[]>('listDocuments');
  const uploadSentence = () => page.getByTestId('upload-progress').getByRole('status');

  /**
   * Waits until a document is there for every path suffix given and, with `settled`, done or failed
   * (the picker and desktop cases only need them there: what happens next is the pipeline's).
   */
  async function documentsAt(suffixes: string[], { settled = true } = {}): Promise<DocumentSummary[]> {
    let found: DocumentSummary[] = [];
    await expect
      .poll(
        async () => {
          const all = await documents();
          found = all.filter((d) => d.paths.some((p) => suffixes.some((s) => p.endsWith(s))));
          const done = found.filter((d) => !settled || d.state === 'completed' || d.state === 'failed');
          return done.length === found.length ? found.length : -1;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(suffixes.length);
    return found;
  }

  beforeAll(async () => {
    const rendererDir = await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-add-'));
    dataDir = join(root, 'data');
    server = await startDocpipeServer(dataDir, rendererDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${server.url}/?token=${server.token}`);
    await page.getByRole('status', { name: /Engine: Connected/ }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('uploads a dropped folder with progress and a rate, and ingests it with the paths as dropped', async () => {
    const files = [
      dropFile('generated-drop/receipts/2024/coffee.txt', 'Receipt\nCafe Central\nCoffee 3.20 EUR\nTotal 3.20 EUR\n'),
      dropFile(
        'generated-drop/receipts/2024/train.pdf',
        makeTextPdf([['Receipt', 'Deutsche Bahn', 'Ticket Berlin - Hamburg', 'Total 42.00 EUR']]),
      ),
      dropFile(
        'generated-drop/letters/smith.txt',
        `Dear Ms Smith,\n\n${prose(3, 12_000)}\n\nYours sincerely,\nJohn Doe\n`,
      ),
      dropFile('generated-drop/notes.md', `# Notes\n\n${prose(5, 200)}\n`),
      dropFile('generated-drop/Übersicht März.txt', 'Übersicht der Belege für März\n'),
      dropFile('generated-drop/.DS_Store', 'not a document'),
    ];
    // Slow uploads down so the progress has time to show a rate (the throttle is Chromium's own).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 40 * 1024,
    });
    await page.evaluate(recordProgress);

    await page.evaluate(dragOver, files);
    const overlay = page.getByTestId('drop-overlay');
    expect(await overlay.innerText()).toBe('Drop folders or files to add them');
    await shot(page, 'overlay');
    await page.evaluate(dropIt);
    expect(await overlay.count()).toBe(0);
    if (SCREENSHOT) {
      await expect.poll(() => page.locator('.add-upload-bytes').innerText(), { timeout: 30_000 }).toMatch(/left$/);
      await shot(page, 'uploading');
    }

    await expect
      .poll(() => uploadSentence().innerText(), { timeout: 60_000 })
      .toBe('Added generated-drop. 5 files: 5 new.');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const seen = await page.evaluate(() => (globalThis as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen).toContain('Uploading generated-drop: 0 of 5 files.');
    expect(seen.some((t) => /^Uploading generated-drop: [1-4] of 5 files\.$/.test(t))).toBe(true);
    // The byte line showed a rate and the time left while the files went.
    expect(
      seen.some((t) =>
        /^[\d.]+ (B|KB|MB) of [\d.]+ KB · [\d.]+ (B|KB)\/s · (about \d+ (s|min)|less than a second) left$/.test(t),
      ),
    ).toBe(true);
    expect(await page.getByTestId('upload-progress').innerText()).toMatch(/1 hidden or system file left out/);
    await shot(page, 'added');

    const expected = [
      'generated-drop/receipts/2024/coffee.txt',
      'generated-drop/receipts/2024/train.pdf',
      'generated-drop/letters/smith.txt',
      'generated-drop/notes.md',
      'generated-drop/Übersicht März.txt',
    ];
    const added = await documentsAt(expected.map((p) => `/${p}`));
    const paths = added.flatMap((d) => d.paths);
    const uploadFolder = paths[0]!.slice(0, paths[0]!.indexOf('/generated-drop/'));
    expect(uploadFolder).toMatch(new RegExp(`^${join(dataDir, 'inbox')}/\\d{8}-\\d{6}-[0-9a-f]{8}$`));
    expect(paths.sort()).toEqual(expected.map((p) => `${uploadFolder}/${p}`).sort());
    expect(added.every((d) => d.state === 'completed')).toBe(true);
    expect(readFileSync(`${uploadFolder}/generated-drop/receipts/2024/coffee.txt`, 'utf8')).toContain('Cafe Central');

    // The same folder dropped again under another name: no new document, and the panel says why.
    const before = (await documents()).length;
    await page.evaluate(
      dragOver,
      files.map((f) => ({ ...f, path: f.path.replace('generated-drop', 'generated-again') })),
    );
    await page.evaluate(dropIt);
    await expect
      .poll(() => uploadSentence().innerText(), { timeout: 30_000 })
      .toBe('Added generated-again. 5 files: 5 already in the archive.');
    expect((await documents()).length).toBe(before);
  });

  it.skipIf(!hasCorpus)('uploads a dropped folder of corpus documents of six kinds', async () => {
    const files = CORPUS_PICK.map((p) => dropFile(`corpus-sample/${p}`, readFileSync(join(CORPUS, p))));
    await page.evaluate(dragOver, files);
    await page.evaluate(dropIt);
    await expect
      .poll(() => uploadSentence().innerText(), { timeout: 60_000 })
      .toMatch(/^Added corpus-sample\. 6 files: /);
    const added = await documentsAt(CORPUS_PICK.map((p) => `/corpus-sample/${p}`));
    // Each kind was read: text for every one of them (by OCR for the photo).
    for (const doc of added) expect(doc.state, doc.paths[0]).toBe('completed');
    expect(added.filter((d) => d.ocr).map((d) => d.paths[0]?.split('/').pop())).toEqual(['sroie_035.jpg']);
  });

  it('uploads a folder chosen with the folder picker', async () => {
    const picked = join(root, 'picked-folder');
    mkdirSync(join(picked, 'sub'), { recursive: true });
    writeFileSync(join(picked, 'one.txt'), 'The first picked note, about the garden.');
    writeFileSync(join(picked, 'sub', 'two.txt'), 'The second picked note, about the roof.');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await (await chooser).setFiles(picked);
    await expect
      .poll(() => uploadSentence().innerText(), { timeout: 30_000 })
      .toBe('Added picked-folder. 2 files: 2 new.');
    await documentsAt(['/picked-folder/one.txt', '/picked-folder/sub/two.txt'], { settled: false });
  });

  it('refuses a typed path that does not exist or is relative, with a sentence, and stores nothing', async () => {
    const before = (await documents()).length;
    await page.getByText('Type a path (advanced)').click();
    const field = page.getByLabel('Folder or file path');
    const missing = join(root, 'no-such-folder');
    await field.fill(missing);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const alert = page.getByRole('region', { name: 'Add documents' }).getByRole('alert');
    await expect
      .poll(() => alert.innerText())
      .toBe(`There is no file or folder at ${missing}. Check the spelling (names are case-sensitive) and try again.`);
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill('inbox');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => alert.innerText()).toMatch(/^“inbox” is a relative path, and docpipe cannot know/);
    expect((await documents()).length).toBe(before);
    expect(await command<WatchedFolder[]>('watchedFolders')).toEqual([]);
  });

  it('watches a typed folder, pauses it (also after a reload), resumes it and stops watching it', async () => {
    const folder = join(root, 'watched');
    mkdirSync(folder);
    writeFileSync(join(folder, 'minutes.txt'), 'Minutes of the meeting: the roof gets repaired in May.');
    const field = page.getByLabel('Folder or file path');
    await field.fill(folder);
    await page.getByLabel('Keep watching for new files').check();
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const list = page.getByRole('list', { name: 'Watched folders' });
    const row = list.locator('li').filter({ hasText: folder });
    await expect.poll(() => row.innerText()).toMatch(/Watching\s*1 document · last scanned just now/);

    await row.getByRole('button', { name: `Pause watching ${folder}` }).click();
    await expect.poll(() => row.innerText()).toMatch(/Paused/);
    await page.reload();
    await expect.poll(() => row.innerText()).toMatch(/Paused\s*1 document/);
    expect(await command<WatchedFolder[]>('watchedFolders')).toMatchObject([{ path: folder, paused: true }]);
    await shot(page, 'watched');

    writeFileSync(join(folder, 'later.txt'), 'Written while the folder was paused: the invoice for the roof.');
    await row.getByRole('button', { name: `Resume watching ${folder}` }).click();
    await expect.poll(() => row.innerText()).toMatch(/Watching\s*2 documents/);

    await row.getByRole('button', { name: `Stop watching ${folder}` }).click();
    await expect.poll(() => list.count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Watched folders' }).innerText()).toMatch(/None yet/);
    expect(await command<WatchedFolder[]>('watchedFolders')).toEqual([]);
    // Its documents stay in the archive.
    await documentsAt(['/watched/minutes.txt', '/watched/later.txt'], { settled: false });
  });

  it('in the desktop app, reads dropped and chosen folders where they are (no upload)', async () => {
    const dropped = join(root, 'desktop-dropped');
    const chosen = join(root, 'desktop-chosen');
    mkdirSync(dropped);
    mkdirSync(chosen);
    writeFileSync(join(dropped, 'lease.txt'), 'Lease agreement between Ada and Bob for the flat in Hamburg.');
    writeFileSync(join(chosen, 'policy.txt'), 'Insurance policy number 778-21 for the house, yearly premium 320 EUR.');
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    try {
      await desktop.addInitScript(installDesktopBridge, {
        token: server.token,
        paths: { 'desktop-dropped': dropped },
        chosen,
      });
      await desktop.goto(`${server.url}/?token=${server.token}`);
      const panel = desktop.getByRole('region', { name: 'Add documents' });
      await panel.waitFor();
      // The desktop app offers to watch what it adds (its folders stay where they are).
      expect(await panel.getByLabel('Keep watching for new files').isVisible()).toBe(true);

      // A dropped folder: a File named like the folder, whose disk path the preload knows.
      await desktop.evaluate(dragOver, [dropFile('desktop-dropped', '')]);
      await desktop.evaluate(dropIt);
      await expect.poll(() => panel.getByRole('status').innerText()).toBe(`Added ${dropped}: 1 file: 1 new.`);

      await panel.getByRole('button', { name: 'Choose folder…' }).click();
      await expect.poll(() => panel.getByRole('status').innerText()).toBe(`Added ${chosen}: 1 file: 1 new.`);
      const added = await documentsAt(['/desktop-dropped/lease.txt', '/desktop-chosen/policy.txt'], { settled: false });
      // Read where they are: the paths are the folders' own, nothing went to the inbox.
      expect(added.flatMap((d) => d.paths).sort()).toEqual([join(chosen, 'policy.txt'), join(dropped, 'lease.txt')]);
    } finally {
      await desktop.close();
    }
  });
});
