/**
 * Several Ollama servers on the Services screen: `docpipe serve` runs its own Ollama stand-in and is
 * given a second, remote one (`DOCPIPE_OLLAMA_HOST=<local>,<remote>`), a stand-in process this test
 * starts, kills and starts again. The screen shows each server with its state, requests in flight and
 * models; the remote one goes down when killed and comes back when started again. Debian's Chromium
 * through playwright-core; skipped (with a message) where /usr/bin/chromium is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliServer, type TestServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

if (!hasChromium) console.warn(`e2e skipped: ${NO_CHROMIUM}.`);

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const STANDIN = join(repoRoot, 'electron/core/testing/ollama-standin/ollama');
const screenshots = process.env.DOCPIPE_E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'docpipe-hosts-shots-'));

function freePort(): Promise<number> {
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

/** The remote server: a stand-in on a fixed port, started again on the same one after a kill. */
class RemoteOllama {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly modelsDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(STANDIN, ['serve'], {
      env: {
        PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
        OLLAMA_HOST: `127.0.0.1:${this.port}`,
        OLLAMA_MODELS: this.modelsDir,
        OLLAMA_STANDIN_MODELS: 'qwen2.5:7b-instruct,nomic-embed-text',
      },
      stdio: 'ignore',
    });
    this.child = child;
    for (let i = 0; i < 300; i++) {
      if ((await fetch(`${this.url}/api/version`).catch(() => null))?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the remote stand-in at ${this.url} did not start`);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

describe.skipIf(!hasChromium)('Services screen with a remote Ollama server beside the local one', () => {
  let root: string;
  let remote: RemoteOllama;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    root = mkdtempSync(join(tmpdir(), 'docpipe-e2e-hosts-'));
    remote = new RemoteOllama(await freePort(), join(root, 'remote-models'));
    await remote.start();
    server = await startCliServer(join(root, 'data'), {
      env: {
        DOCPIPE_OLLAMA_BIN: STANDIN,
        // The first address is where docpipe looks for a running local Ollama (nothing there: it runs its
        // own); the second is the remote server.
        DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${await freePort()},${remote.url}`,
        OLLAMA_STANDIN_MODELS: 'qwen2.5:7b-instruct',
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await remote?.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const hostRow = (url: string) => page.getByTestId('ollama-hosts').locator(`li[data-host="${url}"]`);
  const stateOf = (url: string) =>
    hostRow(url)
      .locator('[data-state]')
      .getAttribute('data-state', { timeout: 1000 })
      .catch(() => null);

  it('lists the local and the remote server, each answering, with its models', async () => {
    await page.goto(`${server.url}/?token=${server.token}`);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Services & models' }).click();
    await expect.poll(() => stateOf(remote.url), { timeout: 30_000 }).toBe('up');
    const row = await hostRow(remote.url).innerText();
    expect(row).toMatch(/remote/);
    expect(row).toMatch(/0 in flight, 1 at once per model/);
    expect(row).toMatch(/nomic-embed-text:latest/);
    const local = page.getByTestId('ollama-hosts').locator('li', { hasText: '(local)' });
    expect(await local.locator('[data-state]').getAttribute('data-state')).toBe('up');
    await page.screenshot({ path: join(screenshots, 'services-hosts-1440.png'), fullPage: true });
  }, 60_000);

  /** The screen looks again every 10 s; a reload shows the servers as docpipe sees them now. */
  const freshStateOf = async (url: string) => {
    await page.reload();
    await page.getByTestId('ollama-hosts').waitFor({ timeout: 10_000 });
    return stateOf(url);
  };

  it('shows the remote server down when it is killed, with the reason, and up again when it is back', async () => {
    await remote.kill();
    await expect.poll(() => freshStateOf(remote.url), { timeout: 30_000 }).toBe('down');
    expect(await hostRow(remote.url).innerText()).toMatch(/probe failed|not reachable|ECONNREFUSED/);
    await page.screenshot({ path: join(screenshots, 'services-host-down-1440.png'), fullPage: true });
    await remote.start();
    await expect.poll(() => freshStateOf(remote.url), { timeout: 30_000 }).toBe('up');
    expect(errors).toEqual([]);
  }, 90_000);
});
