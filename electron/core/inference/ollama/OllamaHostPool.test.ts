/**
 * Several Ollama servers as real child processes (the stand-in, electron/core/testing/ollama-standin):
 * requests spread by in-flight count, a server killed mid-request hands its requests to the other,
 * shows as down, and comes back when it is started again. Replies are held by a file per server
 * (OLLAMA_STANDIN_HOLD_FILE), so what is in flight where is decided by the test, not by timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pagesFromText } from '../../../understand/testing/pagesFromText.js';
import { Settings } from '../../../shared/contract/settings.js';
import { createCore } from '../../createCore.js';
import { settle } from '../../testing/settle.js';
import { testCore } from '../../testing/testCore.js';
import { ModelServerLink } from '../ModelServerLink.js';
import { findFreeLoopbackPort } from '../../services/loopbackPort.js';
import { waitFor } from '../../services/processTree.js';
import { OllamaEmbedder } from './OllamaEmbedder.js';
import { OllamaHostPool } from './OllamaHostPool.js';
import { createOllamaProvider, type OllamaProvider } from './OllamaProvider.js';
import { parseOllamaHost, type OllamaHostSpec } from './ollamaConfig.js';

const STANDIN = fileURLToPath(new URL('../../testing/ollama-standin/ollama', import.meta.url));
const TEXT = 'qwen2.5:7b-instruct';
const EMBED = 'nomic-embed-text';
const INVOICE = 'INVOICE\nInvoice number: 42\nTotal: 100.00 EUR';

interface Standin {
  url: string;
  port: number;
  /** Lets the requests held there (and later ones) be answered. */
  release(): void;
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Model requests the server is answering now, and has answered. */
  counts(): Promise<{ inFlight: number; served: number }>;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function standin(models: string[] = [TEXT, EMBED]): Promise<Standin> {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-hosts-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const port = await findFreeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const hold = join(dir, 'release');
  let child: ChildProcess | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  const kill = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  cleanups.push(kill);
  const start = async () => {
    const running = spawn(STANDIN, ['serve'], {
      env: {
        PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
        OLLAMA_HOST: `127.0.0.1:${port}`,
        OLLAMA_MODELS: join(dir, 'models'),
        OLLAMA_STANDIN_MODELS: models.join(','),
        OLLAMA_STANDIN_HOLD_FILE: hold,
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child = running;
    exited = new Promise((resolve) => running.once('exit', resolve));
    const up = await waitFor(
      async () => running.exitCode !== null || (await fetch(`${url}/api/version`).catch(() => null))?.ok === true,
      15_000,
    );
    if (!up || running.exitCode !== null) throw new Error(`the stand-in at ${url} did not start`);
  };
  await start();
  return {
    url,
    port,
    release: () => writeFileSync(hold, ''),
    kill,
    start,
    counts: async () => (await (await fetch(`${url}/api/standin`)).json()) as { inFlight: number; served: number },
  };
}

function poolOver(servers: Standin[], parallel: number): OllamaHostPool {
  const pool = new OllamaHostPool(
    servers.map((s): OllamaHostSpec => ({ url: s.url, parallel, role: 'remote' })),
    // Rechecks a few ms apart: the test waits for the state, never for a time.
    { recheck: { baseMs: 20, maxMs: 100, jitter: 0 }, relistMs: 0 },
  );
  cleanups.push(() => pool.dispose());
  return pool;
}

const inFlightOf = (pool: OllamaHostPool) => pool.status().map((h) => h.inFlight);
const stateOf = (pool: OllamaHostPool, url: string) => pool.status().find((h) => h.url === url)?.state;
const classify = (provider: OllamaProvider) => provider.classify(pagesFromText(INVOICE));

describe('OllamaHostPool over stand-in servers', () => {
  it('spreads requests by in-flight count, keeps each server to its parallel slots, and queues the rest', async () => {
    const [a, b] = [await standin(), await standin()] as [Standin, Standin];
    const pool = poolOver([a, b], 2);
    const provider = createOllamaProvider({ host: a.url, textModel: TEXT }, { pool });
    const first = Array.from({ length: 4 }, () => classify(provider));
    await expect.poll(async () => [(await a.counts()).inFlight, (await b.counts()).inFlight]).toEqual([2, 2]);
    expect(inFlightOf(pool)).toEqual([2, 2]);
    // A fifth request finds every slot taken: it waits here, not inside a server.
    const fifth = classify(provider);
    b.release();
    expect((await fifth).kind).toBe('ok');
    // B freed its slots first, so the fifth went there; A still holds its two.
    expect((await b.counts()).served).toBe(3);
    expect((await a.counts()).inFlight).toBe(2);
    a.release();
    expect((await Promise.all(first)).every((r) => r.kind === 'ok')).toBe(true);
    expect(await a.counts()).toMatchObject({ inFlight: 0, served: 2 });
  }, 30_000);

  it('takes equally loaded servers in turn', async () => {
    const [a, b] = [await standin(), await standin()] as [Standin, Standin];
    a.release();
    b.release();
    const provider = createOllamaProvider({ host: a.url, textModel: TEXT }, { pool: poolOver([a, b], 1) });
    for (let i = 0; i < 6; i++) expect((await classify(provider)).kind).toBe('ok');
    expect([(await a.counts()).served, (await b.counts()).served]).toEqual([3, 3]);
  }, 30_000);

  it('moves the requests of a killed server to the other, shows it down, and uses it again once it is back', async () => {
    const [a, b] = [await standin(), await standin()] as [Standin, Standin];
    const pool = poolOver([a, b], 2);
    const provider = createOllamaProvider({ host: a.url, textModel: TEXT }, { pool });
    const embedder = new OllamaEmbedder({ host: a.url, embedModel: EMBED, embedBatchSize: 1 }, null, pool);
    const requests = Array.from({ length: 4 }, () => classify(provider));
    await expect.poll(async () => [(await a.counts()).inFlight, (await b.counts()).inFlight]).toEqual([2, 2]);

    await a.kill();
    await expect.poll(() => stateOf(pool, a.url)).toBe('down');
    expect(pool.status().find((h) => h.url === a.url)?.reason).toMatch(/not reachable|ECONNRE/);
    b.release();
    // Every request answered: A's two were sent again to B.
    expect((await Promise.all(requests)).map((r) => r.kind)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect((await b.counts()).served).toBe(4);
    // While A is down nothing is sent there, embeddings included.
    expect(await embedder.embed(['one', 'two'])).toHaveLength(2);
    expect(stateOf(pool, a.url)).toBe('down');

    await a.start();
    a.release();
    await expect.poll(() => stateOf(pool, a.url), { timeout: 10_000 }).toBe('up');
    const again = await Promise.all(Array.from({ length: 4 }, () => classify(provider)));
    expect(again.every((r) => r.kind === 'ok')).toBe(true);
    expect((await a.counts()).served).toBeGreaterThan(0);
  }, 30_000);

  it('skips a server without the model, which stays up; only when no server has it is the model missing', async () => {
    const [a, b] = [await standin([EMBED]), await standin([TEXT, EMBED])] as [Standin, Standin];
    a.release();
    b.release();
    const pool = poolOver([a, b], 1);
    await pool.start();
    expect(pool.status().map((h) => h.state)).toEqual(['up', 'up']);
    const provider = createOllamaProvider({ host: a.url, textModel: TEXT }, { pool });
    // The understand stage runs as many documents at once as the servers with the model have slots.
    expect(pool.capacity(TEXT)).toBe(1);
    expect(pool.capacity(EMBED)).toBe(2);
    for (let i = 0; i < 3; i++) expect((await classify(provider)).kind).toBe('ok');
    expect((await a.counts()).served).toBe(0);
    expect((await b.counts()).served).toBe(3);

    const other = createOllamaProvider({ host: a.url, textModel: 'llama3.1:8b' }, { pool });
    const missing = await classify(other);
    expect(missing).toMatchObject({ kind: 'cancel', error: { code: 'LLM_MODEL_MISSING' } });
    expect(missing.kind === 'cancel' && missing.error.message).toContain('ollama pull llama3.1:8b');
    expect(pool.status().map((h) => h.state)).toEqual(['up', 'up']);
  }, 30_000);

  it('answers LLM_UNAVAILABLE, to be retried, when every server is down', async () => {
    const a = await standin();
    const pool = poolOver([a], 1);
    await a.kill();
    const result = await classify(createOllamaProvider({ host: a.url, textModel: TEXT }, { pool }));
    expect(result).toMatchObject({ kind: 'retry', error: { code: 'LLM_UNAVAILABLE', retryable: true } });
    expect(stateOf(pool, a.url)).toBe('down');
  }, 30_000);
});

describe('the servers in the core', () => {
  it('lists each server named with --ollama in services, a dead one as down', async () => {
    const a = await standin();
    a.release();
    const deadPort = await findFreeLoopbackPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-hosts-core-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const core = await createCore({
      dataDir,
      runPipeline: false,
      llm: { host: a.url, moreHosts: [`127.0.0.1:${deadPort}?parallel=3`] },
    });
    cleanups.push(() => core.dispose());
    const { ollamaHosts } = await core.api.services({});
    expect(ollamaHosts.map((h) => [h.url, h.role, h.state, h.parallel])).toEqual([
      [a.url, 'local', 'up', 1],
      [`http://127.0.0.1:${deadPort}`, 'remote', 'down', 3],
    ]);
    expect(ollamaHosts[0]?.models).toContain(`${EMBED}:latest`);
  }, 30_000);
});

describe('the pipeline over two servers', () => {
  it('understands a folder with requests on both servers, and every document completes', async () => {
    const [a, b] = [await standin(), await standin()] as [Standin, Standin];
    a.release();
    b.release();
    const files = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `invoice-${i}.txt`,
        `INVOICE\nInvoice number: ${100 + i}\nTotal: ${i + 1}0.00 EUR\n`,
      ]),
    );
    const fixture = await testCore(files, {
      config: { llm: { host: a.url, moreHosts: [b.url], textModel: TEXT, embedModel: EMBED } },
    });
    cleanups.push(() => fixture.dispose());
    await fixture.core.api.ingest({ paths: [fixture.docs] });
    await settle(fixture.core);
    const documents = await fixture.core.api.listDocuments({});
    expect(documents.map((d) => d.state)).toEqual(Array(6).fill('completed'));
    const served = [(await a.counts()).served, (await b.counts()).served];
    expect(served.every((n) => n > 0)).toBe(true);
  }, 60_000);
});

describe('the model server link over remote servers', () => {
  it('turns the LLM off while its only server is down and on again when the server is back, by itself', async () => {
    const a = await standin();
    a.release();
    await a.kill();
    const settings = Settings.parse({ ollama: { hosts: [a.url] } });
    const link = new ModelServerLink({
      ollama: null,
      settings: () => settings,
      base: {},
      log: { info: () => undefined, warn: () => undefined },
      onPull: () => undefined,
      onEmbedder: () => undefined,
      pool: { recheck: { baseMs: 20, maxMs: 100, jitter: 0 }, relistMs: 0 },
    });
    cleanups.push(() => link.dispose());
    await link.refresh();
    expect(link.state()).toMatchObject({ llm: false, vectors: false });
    expect(link.hosts()[0]?.state).toBe('down');
    await a.start();
    // Nothing but the server's recheck: the link looks again when it answers.
    await expect.poll(() => link.state().llm, { timeout: 10_000 }).toBe(true);
    expect(link.state().vectors).toBe(true);
    expect((await link.checkHosts())[0]).toMatchObject({ state: 'up', role: 'remote' });
    expect((await classify(link.llm()!.provider)).kind).toBe('ok');
  }, 30_000);
});

describe('parseOllamaHost', () => {
  it('reads OLLAMA_HOST forms and a parallel count, and refuses what is no address', () => {
    const remote = { parallel: 2, role: 'remote' as const };
    expect(parseOllamaHost('gpu1', remote)).toEqual({ url: 'http://gpu1:11434', parallel: 2, role: 'remote' });
    expect(parseOllamaHost(':11500', remote).url).toBe('http://127.0.0.1:11500');
    expect(parseOllamaHost('http://10.0.0.5:8080/?parallel=4', remote)).toEqual({
      url: 'http://10.0.0.5:8080',
      parallel: 4,
      role: 'remote',
    });
    expect(() => parseOllamaHost('http://gpu1:11434?parallel=0', remote)).toThrow(/parallel/);
    expect(() => parseOllamaHost('ftp://gpu1', remote)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
