/**
 * `npm run bench:ingest [-- <folder>] [--workers N]`: ingests a folder with docpipe in a child process
 * (fresh data folder), and runs the native tools (`pdftotext` for PDFs, `tesseract` for images) over the
 * same files with the same parallelism, in the same run. Prints docs/min by stage, peak memory, the
 * engine thread's event-loop delay while it ingests (bench/eventLoopProbe.mjs), and the ratio
 * docpipe / native. Figures, not assertions: benchmarks never fail a build on timing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(3);
const workersArg = args.indexOf('--workers');
const workers = workersArg >= 0 ? Number(args[workersArg + 1]) : availableParallelism();
const folder = resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--workers') ??
    join(repoRoot, '..', 'shared', 'corpus', 'docs'),
);

if (!existsSync(folder)) {
  console.error(`bench:ingest: ${folder} does not exist. Pass a folder: npm run bench:ingest -- <folder>`);
  process.exit(2);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The process and all its descendants (children of every thread, recursively), from /proc. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue; // exited
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(' '))
          if (child.trim()) out.push(Number(child));
      } catch {
        // exited
      }
    }
  }
  return out;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // exited between listing and reading
  }
}

/** When the child logs this line it is about to ingest: the event-loop window opens (SIGUSR2 to the probe). */
interface OpenWindow {
  logFile: string;
  msg: string;
}

/**
 * Runs a command, measuring two peaks: the process's own (VmHWM: its threads included, exact), and
 * the whole tree's (the process plus its child processes, e.g. tesseract and pdftoppm; the sum of
 * their RSS sampled every 50 ms, so a short spike between samples can be missed).
 */
function runMeasured(
  cmd: string,
  cmdArgs: string[],
  options: { env?: NodeJS.ProcessEnv; openWindow?: OpenWindow } = {},
): Promise<{ ms: number; peakRssMb: number; peakTreeMb: number; code: number | null; stdout: string }> {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(cmd, cmdArgs, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let peakKb = 0;
    let peakTreeKb = 0;
    let windowOpened = !options.openWindow;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const sample = setInterval(() => {
      if (child.pid === undefined) return;
      peakKb = Math.max(peakKb, statusKb(child.pid, 'VmHWM'));
      peakTreeKb = Math.max(
        peakTreeKb,
        processTree(child.pid).reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0),
      );
      // Read by this process, not the measured one: the probe does nothing but sample until the signal.
      if (!windowOpened && options.openWindow && logged(options.openWindow)) {
        windowOpened = true;
        child.kill('SIGUSR2');
      }
    }, 50);
    child.on('close', (code) => {
      clearInterval(sample);
      resolvePromise({
        ms: performance.now() - started,
        peakRssMb: peakKb / 1024,
        peakTreeMb: peakTreeKb / 1024,
        code,
        stdout,
      });
    });
  });
}

function logged({ logFile, msg }: OpenWindow): boolean {
  try {
    return readFileSync(logFile, 'utf8').includes(`"msg":${JSON.stringify(msg)}`);
  } catch {
    return false; // not written yet
  }
}

interface EventLoopFigures {
  windowSeconds: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

function readEventLoopFigures(file: string): EventLoopFigures | null {
  try {
    const figures = JSON.parse(readFileSync(file, 'utf8')) as Partial<EventLoopFigures>;
    return typeof figures.p99 === 'number' ? (figures as EventLoopFigures) : null;
  } catch {
    return null;
  }
}

async function nativeBaseline(files: string[]): Promise<{ ms: number; ran: number; skipped: string } | null> {
  const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
  const hasTesseract = spawnSync('tesseract', ['--version']).error === undefined;
  if (!hasPdftotext && !hasTesseract) return null;
  const tasks: string[][] = [];
  for (const f of files) {
    const ext = extname(f).toLowerCase();
    if (ext === '.pdf' && hasPdftotext) tasks.push(['pdftotext', '-layout', f, '-']);
    else if (['.png', '.jpg', '.jpeg', '.tif', '.tiff'].includes(ext) && hasTesseract)
      tasks.push(['tesseract', f, '-', 'tsv']);
  }
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const [cmd, ...rest] = tasks[next++]!;
      await new Promise<void>((r) => {
        const child = spawn(cmd!, rest, { stdio: 'ignore', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
        child.on('close', () => r());
        child.on('error', () => r());
      });
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  const skipped = [!hasPdftotext && 'pdftotext', !hasTesseract && 'tesseract'].filter(Boolean).join(', ');
  return { ms: performance.now() - started, ran: tasks.length, skipped };
}

interface LogLine {
  msg?: string;
  stage?: string;
  ms?: number;
  time?: string;
}

async function main(): Promise<void> {
  const files = listFiles(folder);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  console.log(
    `bench:ingest  folder ${folder}: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${workers} workers`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-bench-'));
  const eventLoopFile = join(dataDir, 'event-loop.json');
  const run = await runMeasured(
    process.execPath,
    [
      '--import',
      new URL('./eventLoopProbe.mjs', import.meta.url).href,
      'bin/docpipe.js',
      'ingest',
      folder,
      '--data',
      dataDir,
      '--json',
      '--workers',
      String(workers),
    ],
    {
      env: { ...process.env, DOCPIPE_BENCH_EVENT_LOOP_FILE: eventLoopFile },
      openWindow: { logFile: join(dataDir, 'logs', 'docpipe.log'), msg: 'core started' },
    },
  );
  const summary = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  const log = readFileSync(join(dataDir, 'logs', 'docpipe.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);

  console.log('\ndocpipe');
  console.log(
    `  whole ingest     ${(run.ms / 1000).toFixed(1)} s, ${((files.length / run.ms) * 60_000).toFixed(0)} docs/min, peak RSS ${run.peakRssMb.toFixed(0)} MB (target <= 400 MB); with child processes (tesseract, pdftoppm) ${run.peakTreeMb.toFixed(0)} MB`,
  );
  console.log(`  summary          ${JSON.stringify(summary)}`);
  const eventLoop = readEventLoopFigures(eventLoopFile);
  console.log(
    eventLoop
      ? `  event loop       engine thread while ingesting (${eventLoop.windowSeconds.toFixed(0)} s, ${eventLoop.samples} samples): delay p50 ${eventLoop.p50.toFixed(1)} ms, p99 ${eventLoop.p99.toFixed(1)} ms, max ${eventLoop.max.toFixed(1)} ms, mean ${eventLoop.mean.toFixed(1)} ms`
      : '  event loop       not measured (the probe wrote no figures)',
  );
  console.log(
    `  load average     ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (1/5/15 min, ${availableParallelism()} cores: other work on the machine slows every figure)`,
  );
  const byStage = new Map<string, number[]>();
  for (const l of log)
    if (l.msg === 'stage completed' && l.stage && typeof l.ms === 'number')
      byStage.set(l.stage, [...(byStage.get(l.stage) ?? []), l.ms]);
  for (const [stage, times] of byStage) {
    times.sort((a, b) => a - b);
    const total = times.reduce((a, b) => a + b, 0);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    console.log(
      `  stage ${stage.padEnd(10)} ${times.length} docs, ${((times.length / (total / workers)) * 60_000).toFixed(0)} docs/min at ${workers} parallel, p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`,
    );
  }

  const native = await nativeBaseline(files);
  if (!native) {
    console.log(
      '\nnative baseline: neither pdftotext nor tesseract is installed (apt-get install poppler-utils tesseract-ocr); no ratio.',
    );
    return;
  }
  console.log(`\nnative (pdftotext + tesseract, ${workers} parallel)`);
  console.log(
    `  ${native.ran} files in ${(native.ms / 1000).toFixed(1)} s${native.skipped ? ` (missing: ${native.skipped})` : ''}`,
  );
  console.log(
    `\nratio docpipe / native: ${(run.ms / native.ms).toFixed(2)}x  (target <= 1.5x; docpipe also hashes, dedupes, sniffs, stores word boxes and runs DOCX/HTML/EML)`,
  );
}

await main();
