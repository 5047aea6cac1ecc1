import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { findFreeLoopbackPort } from './loopbackPort.js';
import type { ServiceLog } from './ManagedProcess.js';
import {
  bundledOllamaPath,
  OllamaService,
  ollamaBaseUrl,
  ollamaTuning,
  resolveOllamaBinary,
  type OllamaServiceSettingsInput,
} from './ollamaService.js';
import { processAlive, waitFor } from './processTree.js';
import type { PullProgress, ServiceStatus } from '../../shared/contract/services.js';

const STANDIN = fileURLToPath(new URL('../testing/ollama-standin/ollama', import.meta.url));
const quietLog: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-ollama-svc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An address where no Ollama answers, so that the service starts its own. */
async function nobodyHome(): Promise<string> {
  return `http://127.0.0.1:${await findFreeLoopbackPort()}`;
}

interface Setup {
  env?: Record<string, string | undefined>;
  settings?: OllamaServiceSettingsInput;
  resourcesDir?: string;
}

async function service(
  setup: Setup = {},
): Promise<{ ollama: OllamaService; states: ServiceStatus[]; dataDir: string }> {
  const dataDir = tempDir();
  const states: ServiceStatus[] = [];
  const ollama = new OllamaService({
    dataDir,
    resourcesDir: setup.resourcesDir ?? tempDir(),
    env: setup.env ?? { DOCPIPE_OLLAMA_BIN: STANDIN, PATH, HOME: dataDir },
    settings: { host: await nobodyHome(), ...setup.settings },
    log: quietLog,
    onState: (s) => states.push(s),
    supervision: {
      restartBackoff: { baseMs: 20, maxMs: 100, jitter: 0 },
      crashLoop: { maxCrashes: 3, windowMs: 60_000 },
      stopGraceMs: 3000,
      readiness: { intervalMs: 25 },
    },
  });
  cleanups.push(() => ollama.stop());
  return { ollama, states, dataDir };
}

describe('OllamaService with the stand-in ollama', () => {
  it('starts its own server on a loopback port with a private environment, and stops it', async () => {
    // Variables of docpipe's own environment do not reach the server (the stand-in fails when this one
    // does), while the person's OLLAMA_* tuning does (the switch itself is one).
    const { ollama, dataDir } = await service({
      env: {
        DOCPIPE_OLLAMA_BIN: STANDIN,
        PATH,
        HOME: tempDir(),
        OLLAMA_STANDIN_FAIL_IF_ENV: 'DOCPIPE_PRIVATE_PROBE',
        DOCPIPE_PRIVATE_PROBE: 'secret',
      },
    });
    const ready = await ollama.start();
    expect(ready).toMatchObject({
      name: 'ollama',
      state: 'ready',
      restarts: 0,
      command: STANDIN,
      logFile: join(dataDir, 'logs', 'ollama.log'),
    });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.url).toBe(ollama.url());
    expect(processAlive(ready.pid!)).toBe(true);
    expect(existsSync(join(dataDir, 'ollama', 'models'))).toBe(true);
    await ollama.stop();
    expect(ollama.status().state).toBe('stopped');
    expect(ollama.url()).toBeNull();
    expect(await waitFor(() => !processAlive(ready.pid!), 10_000)).toBe(true);
  });

  it('starts the server again after kill -9, with a new pid and one restart', async () => {
    const { ollama, states } = await service();
    const first = await ollama.start();
    process.kill(first.pid!, 'SIGKILL');
    expect(await waitFor(() => states.some((s) => s.state === 'ready' && s.pid !== first.pid), 20_000)).toBe(true);
    const again = ollama.status();
    expect(again).toMatchObject({ state: 'ready', restarts: 1 });
    expect(again.pid).not.toBe(first.pid);
    expect(states.find((s) => s.state === 'restarting')?.reason).toMatch(
      /^ollama was ended by SIGKILL; starting it again in/,
    );
    expect((await ollama.listModels()).length).toBe(0);
  });

  it('gives up on a server that exits at once, after the crash-loop limit, with its error in the reason', async () => {
    const { ollama, states } = await service({ settings: { extraEnv: { OLLAMA_STANDIN_EXIT_AT_ONCE: '1' } } });
    const failed = await ollama.start();
    expect(failed.state).toBe('failed');
    expect(states.filter((s) => s.state === 'restarting')).toHaveLength(2);
    expect(failed.reason).toContain('ollama exited with code 1; it stopped 3 times within 60 s, so docpipe gave up.');
    expect(failed.reason).toContain('OLLAMA_STANDIN_EXIT_AT_ONCE=1');
    await expect(ollama.listModels()).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
  });

  it('pulls a model with moving progress into the data folder, lists it, shows where it runs, and deletes it', async () => {
    const { ollama, dataDir } = await service({
      settings: { keepAlive: '-1', extraEnv: { OLLAMA_STANDIN_PULL_MS: '1200', OLLAMA_STANDIN_VRAM_FRACTION: '0.4' } },
    });
    await ollama.start();
    const progress: PullProgress[] = [];
    const result = await ollama.pullModel('qwen2.5:7b-instruct', {
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 50,
    });
    expect(result).toMatchObject({ model: 'qwen2.5:7b-instruct', phase: 'success', percent: 100, error: null });
    const downloading = progress.filter((p) => p.phase === 'pulling' && p.completedBytes > 0);
    expect(downloading.length).toBeGreaterThan(2);
    const bytes = downloading.map((p) => p.completedBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)!).toBeGreaterThan(bytes[0]!);
    expect(downloading.some((p) => p.percent !== null && p.percent > 0 && p.percent < 100)).toBe(true);
    expect(downloading.some((p) => (p.bytesPerSecond ?? 0) > 0)).toBe(true);
    expect(progress.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['pulling', 'verifying', 'writing', 'success']),
    );
    expect(readdirSync(join(dataDir, 'ollama', 'models', 'manifests', 'registry.ollama.ai', 'library'))).toEqual([
      'qwen2.5',
    ]);

    const listed = await ollama.listModels();
    expect(listed).toEqual([
      expect.objectContaining({ name: 'qwen2.5:7b-instruct', parameterSize: '7B', quantization: 'Q4_K_M' }),
    ]);

    await new Ollama({ host: ollama.url()! }).chat({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: 'hello' }],
    });
    const [placement] = await ollama.loadedModels();
    expect(placement).toMatchObject({
      model: 'qwen2.5:7b-instruct',
      where: 'partial',
      verdict: 'partly on the GPU (40 %)',
    });

    await ollama.deleteModel('qwen2.5:7b-instruct');
    expect(await ollama.listModels()).toEqual([]);
    await expect(ollama.deleteModel('qwen2.5:7b-instruct')).rejects.toMatchObject({ code: 'LLM_MODEL_MISSING' });
  });

  it('cancels a pull on request or through a signal, and reports a failed pull', async () => {
    const { ollama } = await service({ settings: { extraEnv: { OLLAMA_STANDIN_PULL_MS: '20000' } } });
    await ollama.start();
    let cancelAnswered: boolean | null = null;
    const cancelled = await ollama.pullModel('qwen2.5:7b', {
      onProgress: (p) => {
        if (p.completedBytes > 0 && cancelAnswered === null) cancelAnswered = ollama.cancelPull('qwen2.5:7b');
      },
    });
    expect(cancelAnswered).toBe(true);
    expect(cancelled).toMatchObject({ phase: 'cancelled', status: 'cancelled' });
    expect(cancelled.completedBytes).toBeGreaterThan(0);
    expect(ollama.cancelPull('qwen2.5:7b')).toBe(false);

    const controller = new AbortController();
    const viaSignal = await ollama.pullModel('llama3.2:3b', {
      signal: controller.signal,
      onProgress: (p) => p.completedBytes > 0 && controller.abort(),
    });
    expect(viaSignal.phase).toBe('cancelled');
    expect(await ollama.listModels()).toEqual([]);

    const failed = await ollama.pullModel('no-such-model');
    expect(failed).toMatchObject({
      phase: 'failed',
      error: 'Downloading no-such-model failed: pull model manifest: file does not exist',
    });
  });

  it('uses an Ollama that already answers at the configured address, and leaves it running', async () => {
    const port = await findFreeLoopbackPort();
    const theirs = spawn(STANDIN, ['serve'], {
      env: {
        PATH,
        OLLAMA_HOST: `127.0.0.1:${port}`,
        OLLAMA_MODELS: tempDir(),
        OLLAMA_STANDIN_MODELS: 'nomic-embed-text',
      },
      stdio: 'ignore',
    });
    cleanups.push(() => void theirs.kill('SIGKILL'));
    expect(
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/api/version`).catch(() => null))?.ok === true,
        15_000,
      ),
    ).toBe(true);

    const { ollama } = await service({ settings: { host: `:${port}` } });
    const status = await ollama.start();
    expect(status).toMatchObject({
      state: 'external',
      pid: null,
      port: null,
      url: `http://127.0.0.1:${port}`,
      command: null,
    });
    expect(status.reason).toContain('Ollama 0.12.0-docpipe-standin already answers at');
    expect((await ollama.listModels()).map((m) => m.name)).toEqual(['nomic-embed-text:latest']);
    await ollama.stop();
    expect(processAlive(theirs.pid!)).toBe(true);
  });

  it('runs the bundled copy from resources/bin/<platform>-<arch>/', async () => {
    const resourcesDir = tempDir();
    const bundled = bundledOllamaPath(resourcesDir, process.platform, process.arch);
    mkdirSync(dirname(bundled), { recursive: true });
    symlinkSync(STANDIN, bundled);
    const { ollama } = await service({ resourcesDir, env: { PATH } });
    expect(await ollama.start()).toMatchObject({ state: 'ready', command: bundled });
  });

  it('is absent, saying where to put the program, when there is none', async () => {
    const resourcesDir = tempDir();
    const { ollama } = await service({ resourcesDir, env: { PATH } });
    const status = await ollama.start();
    expect(status.state).toBe('absent');
    expect(status.reason).toContain(
      `Put the ollama program at ${bundledOllamaPath(resourcesDir, process.platform, process.arch)}, or set DOCPIPE_OLLAMA_BIN to its path`,
    );
    expect(ollama.url()).toBeNull();
    const refused = await ollama.pullModel('x').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(
      /^Cannot pull a model: Ollama is absent\. Ollama is not installed with docpipe\./,
    );
  });
});

describe('finding the ollama program', () => {
  const only =
    (...paths: string[]) =>
    (path: string) =>
      paths.includes(path);
  const base = {
    resourcesDir: '/app/resources',
    platform: 'linux' as const,
    arch: 'x64',
    host: 'http://127.0.0.1:11434',
  };

  it('takes DOCPIPE_OLLAMA_BIN, then the setting, then the bundled copy', () => {
    const bundled = '/app/resources/bin/linux-x64/ollama';
    const all = only('/opt/ollama', '/home/me/ollama', bundled);
    expect(
      resolveOllamaBinary({
        ...base,
        env: { DOCPIPE_OLLAMA_BIN: '/opt/ollama' },
        settingPath: '/home/me/ollama',
        isExecutable: all,
      }),
    ).toEqual({ kind: 'found', path: '/opt/ollama', source: 'environment' });
    expect(resolveOllamaBinary({ ...base, env: {}, settingPath: '/home/me/ollama', isExecutable: all })).toEqual({
      kind: 'found',
      path: '/home/me/ollama',
      source: 'settings',
    });
    expect(resolveOllamaBinary({ ...base, env: {}, isExecutable: all })).toEqual({
      kind: 'found',
      path: bundled,
      source: 'bundled',
    });
    expect(bundledOllamaPath('C:\\docpipe\\resources', 'win32', 'x64')).toMatch(/win32-x64[\\/]ollama\.exe$/);
  });

  it('reports a configured path that holds no program instead of skipping it', () => {
    const none = only();
    const fromEnv = resolveOllamaBinary({ ...base, env: { DOCPIPE_OLLAMA_BIN: '/nope/ollama' }, isExecutable: none });
    expect(fromEnv).toEqual({
      kind: 'absent',
      reason:
        'DOCPIPE_OLLAMA_BIN is set to /nope/ollama, but there is no program there. Correct the path or unset the variable.',
    });
    const fromSetting = resolveOllamaBinary({ ...base, env: {}, settingPath: '/nope/ollama', isExecutable: none });
    expect(fromSetting.kind === 'absent' && fromSetting.reason).toContain('chosen in the settings (/nope/ollama)');
  });

  it('reads every OLLAMA_HOST form', () => {
    expect(ollamaBaseUrl('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434');
    expect(ollamaBaseUrl('127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(ollamaBaseUrl(':9999')).toBe('http://127.0.0.1:9999');
    expect(ollamaBaseUrl('gpu-box')).toBe('http://gpu-box:11434');
    expect(ollamaBaseUrl('https://ollama.example.org/')).toBe('https://ollama.example.org');
  });
});

describe('ollamaTuning', () => {
  it("passes the person's OLLAMA_* settings on, but not what docpipe sets itself", () => {
    expect(
      ollamaTuning({
        OLLAMA_FLASH_ATTENTION: '1',
        OLLAMA_HOST: '0.0.0.0:1',
        OLLAMA_MODELS: '/x',
        PATH: '/bin',
        AWS_SECRET_ACCESS_KEY: 'k',
      }),
    ).toEqual({ OLLAMA_FLASH_ATTENTION: '1' });
  });
});
