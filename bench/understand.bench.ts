/**
 * `node bin/run-ts.js bench/understand.bench.ts [--data DIR] [--docs N] [--rounds R]`: the understand stage over documents
 * already extracted, run by the real orchestrator and job queue (claim, run, commit to SQLite), once with
 * the understanding on the engine's thread, as it ran before the pool, and once in the understanding
 * pool, alternating, in one run. Prints docs/s and the engine thread's event-loop delay
 * (perf_hooks.monitorEventLoopDelay) and utilisation for each: the figures that say whether the thread
 * that serves the UI and writes SQLite stays responsive while documents are understood.
 *
 * "Inline" is the benchmark's own baseline: the thread's code (createUnderstandApi) called in place,
 * behind the same ModelHost and stage. Production has no such path.
 *
 * Documents: the data folder of an earlier ingest (--data DIR, e.g. the one `npm run bench:ingest` leaves
 * in the temp folder; its database is copied first and the copy is used), or else N files taken evenly
 * across ../shared/corpus/docs and ingested first (not measured). Figures, not assertions.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { EventBus } from '../electron/core/bus/EventBus.js';
import { createCore } from '../electron/core/createCore.js';
import { ModelHost } from '../electron/core/inference/ModelHost.js';
import { createLogger } from '../electron/core/log/logger.js';
import { Orchestrator } from '../electron/core/pipeline/Orchestrator.js';
import type { StageDefinition } from '../electron/core/pipeline/Stage.js';
import { createUnderstandStage } from '../electron/core/pipeline/understandStage.js';
import { createUnderstandPool, type UnderstandService } from '../electron/core/pipeline/WorkerPool.js';
import { JobQueue } from '../electron/core/queue/JobQueue.js';
import { openDatabase } from '../electron/core/store/Database.js';
import { Store } from '../electron/core/store/Store.js';
import { settle } from '../electron/core/testing/settle.js';
import { createUnderstandApi } from '../workers/understand/understandApi.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const resourcesDir = join(repoRoot, 'resources');
const args = process.argv.slice(3);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataArg = option('data');
const docsWanted = Number(option('docs') ?? (dataArg ? Infinity : 60));
const rounds = Number(option('rounds') ?? 2);
const corpus = join(repoRoot, '..', 'shared', 'corpus', 'docs');
// Node's default; the histogram holds intervals between samples, so the period is taken off (see eventLoopProbe.mjs).
const RESOLUTION_MS = 10;

type Mode = 'inline' | 'pool';

interface Figures {
  mode: Mode;
  docs: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  utilisation: number;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** A data folder with extracted documents: a copy of --data's database, or a fresh ingest of N corpus files. */
async function prepare(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-bench-understand-'));
  if (dataArg) {
    for (const file of ['docpipe.sqlite', 'docpipe.sqlite-wal', 'docpipe.sqlite-shm']) {
      if (existsSync(join(dataArg, file))) copyFileSync(join(dataArg, file), join(dataDir, file));
    }
    console.log(`documents: extracted earlier, in ${dataArg} (copied to ${dataDir})`);
    return dataDir;
  }
  if (!existsSync(corpus)) {
    console.error(
      `bench/understand.bench.ts: ${corpus} does not exist. Pass a data folder of an earlier ingest: --data DIR`,
    );
    process.exit(2);
  }
  const all = listFiles(corpus);
  const step = Math.max(1, all.length / docsWanted);
  const files = Array.from({ length: Math.min(docsWanted, all.length) }, (_, i) => all[Math.floor(i * step)]!);
  const started = performance.now();
  const core = await createCore({ dataDir, queue: { pollMs: 100 } });
  try {
    await core.api.ingest({ paths: files });
    await settle(core, 60 * 60_000);
  } finally {
    await core.dispose();
  }
  console.log(
    `documents: ${files.length} files taken evenly across ${corpus}, ingested in ${((performance.now() - started) / 1000).toFixed(0)} s (not measured)`,
  );
  return dataDir;
}

/** Every understand job of the documents again, run by an orchestrator with only that stage. */
async function measure(mode: Mode, dataDir: string): Promise<Figures> {
  const { log, flush } = createLogger({ file: join(dataDir, 'logs', 'bench-understand.log') });
  const bus = new EventBus();
  const store = new Store(openDatabase({ path: join(dataDir, 'docpipe.sqlite') }), bus);
  const queue = new JobQueue(store);
  const service: UnderstandService & { dispose?: () => Promise<void> } =
    mode === 'pool' ? createUnderstandPool() : createUnderstandApi();
  const docs = store.documents
    .list({ state: 'completed' })
    .filter((d) => d.sha256 && store.pages.list(d.id).length > 0)
    .slice(0, docsWanted);
  try {
    const models = new ModelHost(resourcesDir, dataDir, log, service);
    await models.load();
    // Not measured: the thread's start and first reading of the model, and the first compilation of the rules.
    await models.understand(store.pages.list(docs[0]!.id));
    const stage = createUnderstandStage(store, models, log, { timeoutMs: 30_000, maxAttempts: 3 });
    store.tx(() => {
      for (const d of docs)
        queue.enqueue({
          stage: 'understand',
          documentId: d.id,
          sha256: d.sha256!,
          correlationId: `bench-${mode}`,
          maxAttempts: 3,
          requeueTerminal: true,
        });
    });
    let understood = 0;
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    const unsubscribe = bus.subscribe((event) => {
      if (event.type === 'document.understood' && ++understood === docs.length) finished();
    });
    const orchestrator = new Orchestrator(store, queue, { pollMs: 1000, stages: [stage as StageDefinition] }, log);

    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    // The monitor's first tick only takes the time; later ticks record. It must have ticked before the work begins.
    await new Promise((r) => setTimeout(r, 2 * RESOLUTION_MS));
    const utilisationBefore = performance.eventLoopUtilization();
    const started = performance.now();
    orchestrator.start();
    await done;
    const seconds = (performance.now() - started) / 1000;
    const utilisation = performance.eventLoopUtilization(utilisationBefore).utilization;
    // One more turn of the sampling timer: a thread held until now records that hold only when it comes back
    // (jobs that finish without waiting for anything run one after another without returning to the loop).
    await new Promise((r) => setTimeout(r, 2 * RESOLUTION_MS));
    histogram.disable();
    unsubscribe();
    await orchestrator.stop(10_000);
    const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    return {
      mode,
      docs: docs.length,
      seconds,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      utilisation,
    };
  } finally {
    await service.dispose?.();
    flush();
    store.close();
  }
}

function print(f: Figures): void {
  console.log(
    `  ${f.mode.padEnd(7)} ${f.docs} docs in ${f.seconds.toFixed(1)} s, ${(f.docs / f.seconds).toFixed(1)} docs/s; engine thread: event-loop delay p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, mean ${f.mean.toFixed(1)} ms; busy ${(f.utilisation * 100).toFixed(0)} %`,
  );
}

async function main(): Promise<void> {
  const dataDir = await prepare();
  console.log(
    `bench:understand  ${rounds} round(s), inline then pool; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${availableParallelism()} cores)`,
  );
  const all: Figures[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}`);
      for (const mode of ['inline', 'pool'] as const) {
        const figures = await measure(mode, dataDir);
        all.push(figures);
        print(figures);
      }
    }
  } finally {
    if (!dataArg) console.log(`(the ingested data folder stays for another run: --data ${dataDir})`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`worst of ${rounds} round(s) per mode`);
  for (const mode of ['inline', 'pool'] as const) {
    const runs = all.filter((f) => f.mode === mode);
    const worst = (key: 'p50' | 'p99' | 'max' | 'mean' | 'utilisation') => Math.max(...runs.map((f) => f[key]));
    const slowest = runs.reduce((a, b) => (a.docs / a.seconds <= b.docs / b.seconds ? a : b));
    print({
      mode,
      docs: slowest.docs,
      seconds: slowest.seconds,
      p50: worst('p50'),
      p99: worst('p99'),
      max: worst('max'),
      mean: worst('mean'),
      utilisation: worst('utilisation'),
    });
  }
  console.log(
    `load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
