/**
 * `npm run bench:hostile [-- --small] [--only a.docx,b.pdf] [--seed N] [--workers N]`: writes each hostile
 * file (electron/core/testing/hostileFiles.ts, full size unless --small) into a folder of its own and
 * ingests it with docpipe in a child process with a fresh data folder, one at a time. Prints a table:
 * file, size, what became of it (state and code), seconds, peak RSS of the ingest process (its threads
 * included, child processes such as pdftoppm apart), and whether that is what docpipe means to do.
 * What must hold: every file terminal with a specific code and a sentence, the engine never dies, peak
 * RSS under 1 GB each. Figures, not assertions: a benchmark never fails a build.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FULL_SIZES,
  SMALL_SIZES,
  hostileFileNames,
  writeHostileFiles,
  type HostileFile,
} from '../electron/core/testing/hostileFiles.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(3);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const small = args.includes('--small');
const seed = Number(option('--seed') ?? 1);
const workers = Number(option('--workers') ?? availableParallelism());
const only = option('--only')?.split(',') ?? hostileFileNames();
/** A run longer than this is stopped and reported as hung (the pipeline's own deadlines are far shorter). */
const GUARD_MS = 15 * 60_000;
const RSS_LIMIT_MB = 1024;

function statusKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // exited
  }
}

interface Run {
  ms: number;
  peakMb: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI, sampling the process's own peak (VmHWM: its threads included, children apart) every 20 ms. */
function runMeasured(cliArgs: string[]): Promise<Run> {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'docpipe.js'), ...cliArgs], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const sample = setInterval(() => {
      if (child.pid !== undefined) peakKb = Math.max(peakKb, statusKb(child.pid));
    }, 20);
    const guard = setTimeout(() => child.kill('SIGKILL'), GUARD_MS);
    child.on('close', (code, signal) => {
      clearInterval(sample);
      clearTimeout(guard);
      resolvePromise({ ms: performance.now() - started, peakMb: peakKb / 1024, code, signal, stdout, stderr });
    });
  });
}

interface DocumentView {
  id: number;
  state: string;
  textLength: number;
  error: { code: string; message: string } | null;
}

/** The extraction's warnings (text cut at the budget…): the document.extracted event carries them. */
function extractionWarnings(dataDir: string, documentId: number): string[] {
  const db = new Database(join(dataDir, 'docpipe.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare(`SELECT payload FROM events WHERE type = 'document.extracted' AND document_id = ? ORDER BY id DESC`)
      .get(documentId) as { payload: string } | undefined;
    return row ? ((JSON.parse(row.payload) as { warnings?: string[] }).warnings ?? []) : [];
  } finally {
    db.close();
  }
}

function documentsOf(dataDir: string): Promise<DocumentView[]> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'docpipe.js'), 'docs', '--data', dataDir, '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => {
      try {
        resolvePromise(JSON.parse(out) as DocumentView[]);
      } catch {
        resolvePromise([]);
      }
    });
  });
}

function sizeOf(folder: string): number {
  // Names as bytes: one of the files has a name that is not UTF-8.
  const prefix = Buffer.from(`${folder}/`);
  return readdirSync(folder, { encoding: 'buffer' }).reduce(
    (n, name) => n + statSync(Buffer.concat([prefix, name])).size,
    0,
  );
}

function human(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

interface Row {
  file: HostileFile;
  size: number;
  outcome: string;
  message: string;
  seconds: number;
  peakMb: number;
  died: boolean;
}

function printable(name: string): string {
  return JSON.stringify(name).slice(1, -1);
}

async function main(): Promise<void> {
  const sizes = small ? SMALL_SIZES : FULL_SIZES;
  console.log(
    `bench:hostile  ${small ? 'small' : 'full'} sizes, seed ${seed}, ${workers} workers, ${only.length} files, one ingest each in a fresh data folder`,
  );
  const rows: Row[] = [];
  for (const name of only) {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-hostile-'));
    const folder = join(root, 'files');
    const [file] = await writeHostileFiles(folder, { sizes, seed, only: [name] });
    if (!file) {
      console.log(`  ${name}: no such hostile file (known: ${hostileFileNames().join(', ')})`);
      continue;
    }
    const dataDir = join(root, 'data');
    const run = await runMeasured(['ingest', folder, '--data', dataDir, '--json', '--workers', String(workers)]);
    const died = run.signal !== null || (run.code !== 0 && run.code !== 1);
    const docs = died ? [] : await documentsOf(dataDir);
    const doc = docs[0];
    const outcome = died
      ? `died (${run.signal ?? `exit ${run.code}`})`
      : !doc
        ? 'no document'
        : doc.state === 'failed'
          ? (doc.error?.code ?? 'failed')
          : doc.state;
    const message = died
      ? run.stderr.trim().split('\n').slice(-2).join(' ')
      : (doc?.error?.message ??
        (doc
          ? [`${doc.textLength.toLocaleString('en')} characters.`, ...extractionWarnings(dataDir, doc.id)].join(' ')
          : ''));
    const row: Row = {
      file,
      size: sizeOf(folder),
      outcome,
      message,
      seconds: run.ms / 1000,
      peakMb: run.peakMb,
      died,
    };
    rows.push(row);
    console.log(
      `  ${printable(file.name).slice(0, 40).padEnd(40)} ${outcome.padEnd(22)} ${row.seconds.toFixed(1).padStart(6)} s ${row.peakMb.toFixed(0).padStart(6)} MB`,
    );
    rmSync(root, { recursive: true, force: true });
  }

  console.log('\n| file | what | size | outcome | s | peak RSS MB | as meant |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const meant = r.outcome === r.file.meant ? 'yes' : `no (meant ${r.file.meant})`;
    console.log(
      `| ${printable(r.file.name).slice(0, 48)} | ${r.file.what} | ${human(r.size)} | ${r.outcome} | ${r.seconds.toFixed(1)} | ${r.peakMb.toFixed(0)} | ${meant} |`,
    );
  }
  console.log('\nmessages');
  for (const r of rows) console.log(`  ${printable(r.file.name).slice(0, 48)}: ${r.message.slice(0, 300) || '(none)'}`);
  const over = rows.filter((r) => r.peakMb >= RSS_LIMIT_MB);
  const died = rows.filter((r) => r.died);
  const terminal = rows.filter((r) => r.outcome === 'completed' || /^[A-Z][A-Z0-9_]*$/.test(r.outcome));
  console.log(
    `\nmust hold: terminal ${terminal.length}/${rows.length}; engine died ${died.length}; peak RSS >= ${RSS_LIMIT_MB} MB: ${over.length}${over.length ? ` (${over.map((r) => printable(r.file.name)).join(', ')})` : ''}; max ${Math.max(0, ...rows.map((r) => r.peakMb)).toFixed(0)} MB`,
  );
}

await main();
