/**
 * The server a browser test talks to, started one of two ways:
 * - `cli` (the default; DOCPIPE_E2E_SERVER=cli): `docpipe serve --data DIR --port 0 --json` as a child
 *   process, exactly what a user runs; it prints one JSON line { url, token, … } when listening.
 * - `in-process`: createCore + startServer in the test (for what needs the core at hand).
 */
import type { CommandInput, CommandName, CommandOutput } from '../electron/shared/contract/api.js';
import { createCore } from '../electron/core/createCore.js';
import { until } from '../electron/core/testing/until.js';
import { startServer } from '../electron/server/startServer.js';
import { spawnDocpipe, type DocpipeChild } from './docpipeCli.js';

export interface TestServer {
  url: string;
  token: string;
  /** The link `docpipe serve` printed to open (the token rides along once). */
  openUrl: string;
  close(): Promise<void>;
}

export async function startDocpipeServer(
  dataDir: string,
  rendererDir: string,
  mode = process.env.DOCPIPE_E2E_SERVER ?? 'cli',
): Promise<TestServer> {
  if (mode === 'cli') return startCliServer(dataDir);
  const core = await createCore({ dataDir, workers: 1 });
  const server = await startServer(core, { rendererDir, port: 0 });
  return {
    url: server.url,
    token: server.token,
    openUrl: `${server.url}/?token=${server.token}`,
    async close() {
      await server.close();
      await core.dispose({ graceMs: 1000 });
    },
  };
}

export interface CliServerOptions {
  /** Changes to this process's environment for the server (see cliEnv). */
  env?: Record<string, string | undefined>;
  /** `--port`: a number, or null for none (the port kept in the data folder). Default 0 (any free port). */
  port?: number | null;
  /** `--workers`: extraction threads, or null for none given (the settings'). Default 1. */
  workers?: number | null;
  /** More arguments for `serve` (`--broker URL`, …). */
  args?: string[];
  /** How long `serve` may take to print its address, ms. Default 90 000 (from source, on a busy machine). */
  readyTimeoutMs?: number;
}

export interface CliServer extends TestServer {
  /** The whole JSON line serve printed when it listened (url, token, openUrl, workers, …). */
  address: Record<string, unknown>;
  /** The child process and what it wrote. */
  process: DocpipeChild;
  /** A contract command over HTTP with the token, as the renderer asks it; an error answer throws. */
  call<K extends CommandName>(name: K, input?: CommandInput<K>): Promise<CommandOutput<K>>;
}

/** `docpipe serve` as a child process, as a user runs it; resolves once it listens. */
export async function startCliServer(dataDir: string, options: CliServerOptions = {}): Promise<CliServer> {
  const port = options.port === undefined ? 0 : options.port;
  const workers = options.workers === undefined ? 1 : options.workers;
  const served = spawnDocpipe(
    [
      'serve',
      '--data',
      dataDir,
      ...(port === null ? [] : ['--port', String(port)]),
      ...(workers === null ? [] : ['--workers', String(workers)]),
      ...(options.args ?? []),
      '--json',
    ],
    options.env,
  );
  const readyMs = options.readyTimeoutMs ?? 90_000;
  let line: string;
  try {
    line = await until(
      'docpipe serve to print its address',
      () => {
        if (served.child.exitCode !== null) throw new Error(`docpipe serve exited with ${served.child.exitCode}`);
        return served.stdout().includes('\n') && served.stdout().split('\n')[0];
      },
      { timeoutMs: readyMs, everyMs: 100 },
    );
  } catch (error) {
    served.child.kill('SIGKILL');
    throw new Error(`${(error as Error).message} before listening. Its output:\n${served.output().slice(-4000)}`);
  }
  const address = JSON.parse(line) as { url: string; token: string; openUrl: string } & Record<string, unknown>;
  const { url, token, openUrl } = address;
  return {
    url,
    token,
    openUrl,
    address,
    process: served,
    async call(name, input) {
      const response = await fetch(`${url}/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      const body = (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
      return body.result as never;
    },
    async close() {
      if (served.child.exitCode !== null || served.child.signalCode !== null) return;
      served.child.kill('SIGTERM');
      const killer = setTimeout(() => served.child.kill('SIGKILL'), 15_000);
      await served.exited;
      clearTimeout(killer);
    },
  };
}
