/**
 * `docpipe services`, `models` and `config` as a person runs them: real CLI processes over the Ollama
 * stand-in (electron/core/testing/ollama-standin), which keeps its models under the data folder, so one
 * command sees what the one before it pulled. DOCPIPE_OLLAMA_HOST names a port where nothing listens,
 * so an Ollama running on this machine is never picked up as `external`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { PullProgress, ServicesOverview } from '../electron/shared/contract/services.js';
import { processGroupAlive } from '../electron/core/services/processTree.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const standin = join(repoRoot, 'electron', 'core', 'testing', 'ollama-standin', 'ollama');
const root = mkdtempSync(join(tmpdir(), 'docpipe-cli-services-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A port nothing listens on (taken from the system, then let go). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `node bin/docpipe.js …` with the person's Ollama variables replaced by `env`. */
function docpipe(args: string[], env: Record<string, string>): Promise<Run> {
  const inherited = { ...process.env };
  for (const name of ['DOCPIPE_OLLAMA_BIN', 'DOCPIPE_OLLAMA_HOST', 'DOCPIPE_DATA', 'OLLAMA_HOST', 'OLLAMA_MODELS'])
    delete inherited[name];
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'docpipe.js'), ...args], {
      cwd: repoRoot,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolveRun({ code, stdout, stderr });
    });
  });
}

async function withStandin(): Promise<Record<string, string>> {
  return { DOCPIPE_OLLAMA_BIN: standin, DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${await freePort()}` };
}

function ollamaOf(overview: ServicesOverview) {
  const ollama = overview.services.find((s) => s.name === 'ollama');
  if (!ollama) throw new Error(`no ollama in ${JSON.stringify(overview.services)}`);
  return ollama;
}

describe.skipIf(process.platform === 'win32')('docpipe services, models and config', () => {
  it('services starts its own Ollama, reports it ready, and leaves no server behind when it exits', async () => {
    const run = await docpipe(['services', '--json', '--data', join(root, 'ready')], await withStandin());
    expect(run.code, run.stderr).toBe(0);
    const overview = JSON.parse(run.stdout) as ServicesOverview;
    const ollama = ollamaOf(overview);
    expect(ollama).toMatchObject({ state: 'ready', restarts: 0, reason: null, command: standin });
    expect(ollama.pid).toBeGreaterThan(0);
    expect(ollama.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The link looked at the ready server: the default models are not on it, and it says so.
    expect(overview.llm).toMatchObject({
      active: false,
      vectors: false,
      missing: ['qwen2.5:7b-instruct', 'nomic-embed-text'],
    });
    expect(overview.gpu).not.toBeNull();
    // The server belonged to that command: it stopped with it (its process group too).
    expect(processGroupAlive(ollama.pid!)).toBe(false);
  });

  it('services says Ollama is absent, and why, when no program is found', async () => {
    const env = await withStandin();
    const run = await docpipe(['services', '--json', '--data', join(root, 'absent')], {
      DOCPIPE_OLLAMA_HOST: env.DOCPIPE_OLLAMA_HOST!,
    });
    expect(run.code, run.stderr).toBe(0);
    const overview = JSON.parse(run.stdout) as ServicesOverview;
    const ollama = ollamaOf(overview);
    expect(ollama).toMatchObject({ state: 'absent', pid: null, url: null });
    expect(ollama.reason).toMatch(
      /^Ollama is not installed with docpipe\. .*set DOCPIPE_OLLAMA_BIN to its path.*answers at http:\/\/127\.0\.0\.1:\d+\.$/,
    );
    expect(overview.llm).toMatchObject({ active: false, vectors: false, reason: ollama.reason });

    const text = await docpipe(['services', '--data', join(root, 'absent')], {
      DOCPIPE_OLLAMA_HOST: env.DOCPIPE_OLLAMA_HOST!,
    });
    expect(text.stdout).toMatch(
      /^Services:\n {2}ollama +absent +- +- +0 restarts\n {6}Ollama is not installed with docpipe\./,
    );
    expect(text.stdout).toContain('\nVectors (nomic-embed-text): not in use; search is lexical\n');
  });

  it('models pull downloads a model, and the next command lists it in its role', async () => {
    const data = join(root, 'pull');
    const env = { ...(await withStandin()), OLLAMA_STANDIN_PULL_MS: '1500' };
    const pull = await docpipe(['models', 'pull', 'nomic-embed-text', '--json', '--data', data], env);
    expect(pull.code, pull.stderr).toBe(0);
    expect(JSON.parse(pull.stdout)).toMatchObject({
      model: 'nomic-embed-text',
      phase: 'success',
      error: null,
      percent: 100,
    } satisfies Partial<PullProgress>);
    // Nothing went wrong, so nothing was logged at warn or above.
    expect(pull.stderr).toBe('');

    const list = await docpipe(['models', 'list', '--json', '--data', data], env);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'nomic-embed-text:latest', quantization: 'F16', roles: ['embed'] }),
    ]);

    const failed = await docpipe(['models', 'pull', 'no-such-model', '--data', data], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^Downloading no-such-model failed: /);
  });

  it('a second command uses the Ollama the first one runs on the same data folder, and leaves it running', async () => {
    const data = join(root, 'shared');
    const env = { ...(await withStandin()), OLLAMA_STANDIN_PULL_MS: '8000' };
    const longPull = docpipe(['models', 'pull', 'all-minilm', '--json', '--data', data], env);
    // Once the pull's command has started its server (its pid file, <data>/run/ollama.pid, is there),
    // look from another process; looking earlier could start a second server.
    const pidFile = join(data, 'run', 'ollama.pid');
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(pidFile), 'the pull never started its server').toBe(true);
    const look = await docpipe(['services', '--json', '--data', data], env);
    expect(look.code, look.stderr).toBe(0);
    const overview = JSON.parse(look.stdout) as ServicesOverview;
    expect(ollamaOf(overview)).toMatchObject({ state: 'external', pid: null });
    expect(ollamaOf(overview).reason).toMatch(/^ollama is run by another docpipe \(pid \d+\) on this data folder/);
    // The download in the first process went on after the second one exited.
    const pulled = await longPull;
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ model: 'all-minilm', phase: 'success' });
  });

  it('config set keeps a setting that config get prints, and refuses an unknown key with the known ones', async () => {
    const data = join(root, 'config');
    const set = await docpipe(['config', 'set', 'models.text=llama3.1:8b', 'ollama.numParallel=2', '--data', data], {});
    expect(set).toMatchObject({ code: 0, stdout: 'models.text = llama3.1:8b\nollama.numParallel = 2\n' });
    expect(await docpipe(['config', 'get', 'models.text', '--data', data], {})).toMatchObject({
      code: 0,
      stdout: 'llama3.1:8b\n',
    });
    expect(
      JSON.parse((await docpipe(['config', 'get', 'ollama.numParallel', '--json', '--data', data], {})).stdout),
    ).toBe(2);

    const unknown = await docpipe(['config', 'set', 'models.txt=x', '--data', data], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^There is no setting "models\.txt"\. The settings are: models\.text, /);
  });
});
