// Loaded into the engine process by bench/ingest.bench.ts (`node --import <this file> bin/docpipe.js ingest …`):
// measures the main thread's event-loop delay with perf_hooks.monitorEventLoopDelay, the thread that also
// serves the UI and writes SQLite. Plain JavaScript on purpose: a .ts probe would need docpipe's TS hooks in
// the measured process, which add a thread and memory of their own.
//
// The window opens on SIGUSR2, which the bench sends once the engine has logged 'core started' (the CLI
// calls api.ingest right after), so module loading and model loading are left out in every variant alike.
// At exit the figures (ms) go as JSON to the file named by DOCPIPE_BENCH_EVENT_LOOP_FILE.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.DOCPIPE_BENCH_EVENT_LOOP_FILE;
// Node's default sampling period. The histogram holds the intervals between samples (10.1 ms on an idle
// thread), so the period is taken off: what is left is how late the thread came back to its timers.
const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
let openedAt = null;

if (file) {
  process.on('SIGUSR2', () => {
    if (openedAt !== null) return;
    openedAt = performance.now();
    histogram.enable();
  });
  process.on('exit', () => {
    histogram.disable();
    const ms = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    const figures =
      openedAt === null || histogram.count === 0
        ? { window: null }
        : {
            windowSeconds: (performance.now() - openedAt) / 1000,
            samples: histogram.count,
            p50: ms(histogram.percentile(50)),
            p99: ms(histogram.percentile(99)),
            max: ms(histogram.max),
            mean: ms(histogram.mean),
          };
    writeFileSync(file, `${JSON.stringify(figures)}\n`);
  });
}
