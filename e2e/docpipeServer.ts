/**
 * The server a browser test talks to, started one of two ways:
 * - `cli` (DOCPIPE_E2E_SERVER=cli): `node bin/docpipe.js serve --data DIR --port 0 --json` as a child
 *   process, exactly what a user runs; it prints one JSON line { url, token, … } when listening.
 * - `in-process` (default until `serve` is wired into the CLI): createCore + startServer in the test.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCore } from '../electron/core/createCore.js';
import { startServer } from '../electron/server/startServer.js';

export interface TestServer {
  url: string;
  token: string;
  /** The link `docpipe serve` printed to open (the token rides along once). */
  openUrl: string;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

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
  /**
   * Changes to this process's environment for the server: a value sets a variable, `undefined` removes
   * it (a test of "no Ollama" must not inherit a DOCPIPE_OLLAMA_BIN from the shell).
   */
  env?: Record<string, string | undefined>;
  /** `--port`: a number, or null for none (the port kept in the data folder). Default 0 (any free port). */
  port?: number | null;
  /** How long `serve` may take to print its address, ms. Default 90 000 (from source, on a busy machine). */
  readyTimeoutMs?: number;
}

/** `docpipe serve` as a child process, as a user runs it. */
export function startCliServer(dataDir: string, options: CliServerOptions = {}): Promise<TestServer> {
  const bin = process.env.DOCPIPE_BIN ?? `${repoRoot}bin/docpipe.js`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const port = options.port === undefined ? 0 : options.port;
  const portArgs = port === null ? [] : ['--port', String(port)];
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, ...portArgs, '--workers', '1', '--json'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const readyMs = options.readyTimeoutMs ?? 90_000;
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    // Generous: from source, on a machine busy with other builds, starting takes a while.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`docpipe serve did not print its address within ${readyMs / 1000} s. stderr:\n${stderr}`));
    }, readyMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`docpipe serve exited with ${code} before listening. stderr:\n${stderr}`));
    });
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || !line) return;
      clearTimeout(timer);
      const { url, token, openUrl } = JSON.parse(line) as { url: string; token: string; openUrl: string };
      resolve({
        url,
        token,
        openUrl,
        async close() {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
