/**
 * Crash-safety trials shared by the test suite (a few trials) and `npm run chaos` (many, seeded, larger
 * folders): run `docpipe ingest` in a real child process, SIGKILL it at a random instant, run the same
 * command again, and compare the store with a run that was never interrupted: the same documents (sha256,
 * paths, states, codes), fields, page text and index rows, both SQLite files intact, and nothing lost,
 * doubled or stuck (e2e/storeAudit.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { auditStore, storeContents, type DocumentContents, type StoreViolations } from './storeAudit.js';

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
  /** Fields, page text and index rows per sha256, read from the SQLite files. */
  contents: DocumentContents[];
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
    contents: storeContents(dataDir),
  };
}

/** Every file under `folder`, as full paths (what the store must hold a location for). */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export interface TrialResult {
  killAfterMs: number;
  /** Whether the process was still running when killed (false: it had already finished). */
  killed: boolean;
  resumed: RunResult;
  after: StoreSnapshot;
  violations: StoreViolations;
  dataDir: string;
}

export async function killTrial(folder: string, killAfterMs: number, extraArgs: string[] = []): Promise<TrialResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-kill-'));
  const first = await runCli(['ingest', folder, '--data', dataDir, '--json', ...extraArgs], { killAfterMs });
  const resumed = await runCli(['ingest', folder, '--data', dataDir, '--json', ...extraArgs]);
  return {
    killAfterMs,
    killed: first.signal === 'SIGKILL',
    resumed,
    after: await snapshot(dataDir),
    violations: auditStore(dataDir, filesUnder(folder)),
    dataDir,
  };
}

/** Which parts of a trial's store differ from the reference's (empty: the same store). */
export function differences(after: StoreSnapshot, reference: StoreSnapshot): string[] {
  const out: string[] = [];
  if (!isDeepStrictEqual(after.jobs, reference.jobs))
    out.push(`jobs ${JSON.stringify(after.jobs)} (reference ${JSON.stringify(reference.jobs)})`);
  if (!isDeepStrictEqual(after.documents, reference.documents)) out.push('documents (sha256, paths, states, codes)');
  const keys = (list: DocumentContents[]) => list.map((d) => d.key).join();
  if (keys(after.contents) !== keys(reference.contents)) out.push('the sha256 set');
  const mine = new Map(after.contents.map((d) => [d.key, d]));
  const parts = ['fields', 'pageText', 'index', 'type', 'state', 'errorCode'] as const;
  for (const part of parts) {
    const differing = reference.contents.filter((d) => !isDeepStrictEqual(mine.get(d.key)?.[part], d[part]));
    if (differing.length)
      out.push(`${part} of ${differing.length} documents (first ${differing[0]!.key.slice(0, 16)})`);
  }
  return out;
}

export async function referenceRun(
  folder: string,
  extraArgs: string[] = [],
): Promise<{ run: RunResult; snapshot: StoreSnapshot; violations: StoreViolations; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-ref-'));
  const run = await runCli(['ingest', folder, '--data', dataDir, '--json', ...extraArgs]);
  if (!existsSync(join(dataDir, 'docpipe.sqlite'))) throw new Error(`reference run failed: ${run.stderr}`);
  return { run, snapshot: await snapshot(dataDir), violations: auditStore(dataDir, filesUnder(folder)), dataDir };
}
