/**
 * Crash-safety trials shared by the test suite (a few trials) and `npm run soak` (many, larger folders):
 * run `docpipe ingest` in a real child process, SIGKILL it at a random instant, run the same command
 * again, and compare the store with a run that was never interrupted.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = join(repoRoot, 'bin', 'docpipe.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI; with `killAfterMs`, sends `signal` (default SIGKILL) after that long, if it is still running. */
export function runCli(
  args: string[],
  options: { killAfterMs?: number; signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer =
      options.killAfterMs === undefined
        ? null
        : setTimeout(() => child.kill(options.signal ?? 'SIGKILL'), options.killAfterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (killer) clearTimeout(killer);
      clearTimeout(guard);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface StoreSnapshot {
  documents: {
    sha256: string | null;
    paths: string[];
    state: string;
    pages: number | null;
    textLength: number;
    errorCode: string | null;
  }[];
  jobs: Record<string, number>;
}

/** What the store holds, in an order-independent form (ids may differ between runs). */
export async function snapshot(dataDir: string): Promise<StoreSnapshot> {
  const docs = await runCli(['docs', '--data', dataDir, '--json']);
  const status = await runCli(['status', '--data', dataDir, '--json']);
  if (docs.code !== 0 || status.code !== 0) throw new Error(`snapshot failed: ${docs.stderr}${status.stderr}`);
  const list = JSON.parse(docs.stdout) as {
    sha256: string | null;
    paths: string[];
    state: string;
    pages: number | null;
    textLength: number;
    error: { code: string } | null;
  }[];
  return {
    documents: list
      .map((d) => ({
        sha256: d.sha256,
        paths: d.paths,
        state: d.state,
        pages: d.pages,
        textLength: d.textLength,
        errorCode: d.error?.code ?? null,
      }))
      .sort((a, b) => (a.paths[0] ?? '').localeCompare(b.paths[0] ?? '')),
    jobs: (JSON.parse(status.stdout) as { jobs: Record<string, number> }).jobs,
  };
}

export interface TrialResult {
  killAfterMs: number;
  /** Whether the process was still running when killed (false: it had already finished). */
  killed: boolean;
  resumed: RunResult;
  after: StoreSnapshot;
}

export async function killTrial(folder: string, killAfterMs: number, extraArgs: string[] = []): Promise<TrialResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-kill-'));
  const first = await runCli(['ingest', folder, '--data', dataDir, '--json', ...extraArgs], { killAfterMs });
  const resumed = await runCli(['ingest', folder, '--data', dataDir, '--json', ...extraArgs]);
  return { killAfterMs, killed: first.signal === 'SIGKILL', resumed, after: await snapshot(dataDir) };
}

export async function referenceRun(
  folder: string,
  extraArgs: string[] = [],
): Promise<{ run: RunResult; snapshot: StoreSnapshot }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-ref-'));
  const run = await runCli(['ingest', folder, '--data', dataDir, '--json', ...extraArgs]);
  if (!existsSync(join(dataDir, 'docpipe.sqlite'))) throw new Error(`reference run failed: ${run.stderr}`);
  return { run, snapshot: await snapshot(dataDir) };
}
