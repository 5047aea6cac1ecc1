/**
 * Library benchmark: `npm run bench:library [-- --docs 100000 --baseline 1000 --fresh]`.
 *
 * For each size (the baseline first), a store of generated documents with their files
 * (electron/core/testing/generatedArchive.ts: realistic types, key fields, states; a PDF or text file
 * each) is written straight through the store's repositories, `docpipe serve` is started on it as a child
 * process, and:
 * - the `library` command is timed over HTTP (as the page calls it): the first page with the counts, a
 *   page near the end, a filtered and sorted page, a text filter, the counts alone;
 * - Debian's Chromium (playwright-core) opens the library and measures frame durations in the page
 *   (requestAnimationFrame deltas, and 'long-animation-frame' entries) while the table is scrolled from
 *   top to bottom in steps (as a scrollbar drag does, with pauses where thumbnails load) and by the
 *   wheel, while a filter is typed, and while the sort changes.
 * Prints p50 / p95 / max frame ms and the latencies side by side with the baseline, as ratios. Asserts
 * nothing: the figures depend on the machine and its load (printed). A generated store is kept in the
 * temp folder and used again by the next run (--fresh writes it again).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { EventBus } from '../electron/core/bus/EventBus.js';
import { openDatabase } from '../electron/core/store/Database.js';
import { migrations } from '../electron/core/store/migrations/index.js';
import { Store } from '../electron/core/store/Store.js';
import { generateArchive } from '../electron/core/testing/generatedArchive.js';
import type { CommandInput } from '../electron/shared/contract/api.js';
import { percentile } from '../evaluation/ir/metrics.js';
import { startCliServer, type TestServer } from '../e2e/docpipeServer.js';
import { ensureRendererBuilt } from '../e2e/rendererBuild.js';

const args = process.argv.slice(3);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DOCS = option('docs', 100_000);
const BASELINE = option('baseline', 1000);
const FRESH = args.includes('--fresh');
const CHROMIUM = process.env.DOCPIPE_CHROMIUM ?? '/usr/bin/chromium';
const SEED = 42;
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
// A worktree sharing another checkout's node_modules would serve that checkout's renderer otherwise.
const FROM_SOURCE =
  realpathSync(join(repoRoot, 'node_modules')) !== join(repoRoot, 'node_modules') ? { DOCPIPE_FROM_SOURCE: '1' } : {};

interface Frames {
  /** The page's main thread: CPU time (Chromium's ThreadTime) per frame, and style, layout and script time in all, ms. */
  cpuPerFrame: number;
  style: number;
  layout: number;
  script: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames over 50 ms (rAF deltas). */
  over50: number;
  /** 'long-animation-frame' entries (frames whose work took over 50 ms), and the longest. */
  longFrames: number;
  longest: number;
  count: number;
}

interface Figures {
  docs: number;
  latency: Record<string, { p50: number; p95: number }>;
  frames: Record<string, Frames>;
  generatedMs: number | null;
}

/** A generated store of `count` documents, kept in the temp folder for the next run. */
function archiveFor(count: number): { dataDir: string; generatedMs: number | null } {
  // Named by the schema too: a store written by another version of the migrations is written again.
  const schema = createHash('sha256')
    .update(migrations.map((m) => m.sql).join('\n'))
    .digest('hex')
    .slice(0, 8);
  const root = join(tmpdir(), `docpipe-library-bench-${count}-seed${SEED}-${schema}`);
  const done = join(root, 'complete');
  if (!FRESH && existsSync(done)) return { dataDir: join(root, 'data'), generatedMs: null };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const store = new Store(openDatabase({ path: join(root, 'data', 'docpipe.sqlite') }), new EventBus());
  try {
    generateArchive(store, { count, seed: SEED, filesDir: join(root, 'files') });
  } finally {
    store.close();
  }
  writeFileSync(done, new Date().toISOString());
  return { dataDir: join(root, 'data'), generatedMs: performance.now() - started };
}

async function timeCommand(
  server: TestServer,
  input: CommandInput<'library'>,
  reps: number,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < reps + 3; i++) {
    const t = performance.now();
    const response = await fetch(`${server.url}/api/library`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body: JSON.stringify(input),
    });
    const answer = (await response.json()) as { ok: boolean };
    if (!answer.ok) throw new Error(`library failed: ${JSON.stringify(answer)}`);
    // The first few warm the statement cache and the page cache, as a running app has them warm.
    if (i >= 3) times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Starts recording frames in the page (idempotent); `take` returns and clears what was recorded. */
const RECORDER = `(() => {
  if (window.__bench) return;
  const bench = { deltas: [], long: [] };
  window.__bench = bench;
  let last = performance.now();
  const tick = (t) => { bench.deltas.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) bench.long.push(e.duration); })
      .observe({ type: 'long-animation-frame' });
  } catch { /* not in this browser: the rAF deltas still tell */ }
})()`;

type Metrics = Record<string, number>;

/** Chromium's counters for the page (DevTools protocol `Performance.getMetrics`), durations in seconds. */
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * Frames while `run` runs: wall-clock frame durations (what a person sees; on a loaded machine they
 * include time the page's thread waited for a core) and the main thread's CPU time per frame (what the
 * page itself costs, much less sensitive to the machine's load).
 */
async function measure(page: Page, cdp: CDPSession, run: () => Promise<void>): Promise<Frames> {
  await page.evaluate(RECORDER);
  await page.evaluate('window.__bench.deltas.length = 0; window.__bench.long.length = 0;');
  const before = await metrics(cdp);
  await run();
  const after = await metrics(cdp);
  const spent = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  const { deltas, long } = (await page.evaluate('window.__bench')) as { deltas: number[]; long: number[] };
  // The first delta spans the time before recording restarted.
  const frames = deltas.slice(1);
  return {
    cpuPerFrame: spent('ThreadTime') / Math.max(1, frames.length),
    style: spent('RecalcStyleDuration'),
    layout: spent('LayoutDuration'),
    script: spent('ScriptDuration'),
    p50: percentile(frames, 50),
    p95: percentile(frames, 95),
    max: Math.max(...frames),
    over50: frames.filter((d) => d > 50).length,
    longFrames: long.length,
    longest: long.length ? Math.max(...long) : 0,
    count: frames.length,
  };
}

/** Waits for `n` frames of the page. */
const nextFrames = (page: Page, n: number) =>
  page.evaluate(
    `new Promise((resolve) => { let left = ${n}; const step = () => (--left <= 0 ? resolve() : requestAnimationFrame(step)); requestAnimationFrame(step); })`,
  );

async function run(count: number): Promise<Figures> {
  const { dataDir, generatedMs } = archiveFor(count);
  console.log(
    `\n${count} documents: ${generatedMs === null ? 'store from an earlier run' : `generated in ${(generatedMs / 1000).toFixed(1)} s`} (${dataDir})`,
  );
  const server = await startCliServer(dataDir, { env: FROM_SOURCE, readyTimeoutMs: 300_000 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const latency: Figures['latency'] = {
      'first page + counts': await timeCommand(server, { limit: 100 }, 30),
      'page at 90 %, no counts': await timeCommand(
        server,
        { offset: Math.floor(count * 0.9), limit: 100, counts: false },
        30,
      ),
      'invoices by date + counts': await timeCommand(
        server,
        { filter: { type: ['invoice'] }, sort: 'date', direction: 'desc', offset: Math.floor(count * 0.1), limit: 100 },
        30,
      ),
      'text "acme" + counts': await timeCommand(server, { filter: { q: 'acme' }, sort: 'name', limit: 100 }, 30),
      'needs review, least sure': await timeCommand(
        server,
        { filter: { review: ['needs_review'] }, sort: 'confidence', direction: 'asc', limit: 100 },
        30,
      ),
      'counts only': await timeCommand(server, { limit: 0 }, 30),
    };

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}/?token=${server.token}`);
    const grid = page.getByTestId('library-grid');
    await page.locator('[data-testid="library-grid"] [role="row"][data-id]').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    const frames: Figures['frames'] = {};

    frames['scroll, 400 steps top to bottom'] = await measure(page, cdp, async () => {
      const height = await grid.evaluate((el) => el.scrollHeight - el.clientHeight);
      for (let i = 1; i <= 400; i++) {
        await grid.evaluate((el, top) => (el.scrollTop = top), Math.round((height * i) / 400));
        await nextFrames(page, 2);
        // A pause now and then, long enough for the rows' thumbnails to be asked for and drawn.
        if (i % 50 === 0) await page.waitForTimeout(400);
      }
      await page.locator(`[data-testid="library-grid"] [role="row"][aria-rowindex="${count + 1}"]`).waitFor();
    });

    frames['scroll, wheel 300 × 120 px'] = await measure(page, cdp, async () => {
      await grid.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await page.waitForTimeout(500);
      const box = (await grid.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 300; i++) {
        await page.mouse.wheel(0, 120);
        await nextFrames(page, 1);
      }
    });

    frames['typing a filter'] = await measure(page, cdp, async () => {
      const box = page.getByRole('searchbox');
      await box.click();
      await box.pressSequentially('acme-00', { delay: 120 });
      await page.waitForTimeout(1500);
      await box.fill('');
      await page.waitForTimeout(1500);
    });

    frames['changing the sort'] = await measure(page, cdp, async () => {
      for (const column of ['Date', 'Name', 'Total', 'Confidence', 'From', 'Date']) {
        await page.getByRole('columnheader', { name: column }).getByRole('button').click();
        await page.waitForTimeout(800);
      }
    });
    return { docs: count, latency, frames, generatedMs };
  } finally {
    await browser.close();
    await server.close();
  }
}

const fmt = (n: number) => n.toFixed(1).padStart(7);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM} (apt-get install chromium, or set DOCPIPE_CHROMIUM).`);
  await ensureRendererBuilt();
  console.log(
    `library bench: ${DOCS} documents against ${BASELINE}; ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${new Date().toISOString()}`,
  );
  const base = await run(BASELINE);
  const big = await run(DOCS);

  console.log(
    `\nlibrary command over HTTP, ms               ${String(BASELINE).padStart(7)} p50 / p95   ${String(DOCS).padStart(7)} p50 / p95   p95 ratio`,
  );
  for (const [name, b] of Object.entries(base.latency)) {
    const o = big.latency[name]!;
    console.log(
      `  ${name.padEnd(30)}  ${fmt(b.p50)} ${fmt(b.p95)}       ${fmt(o.p50)} ${fmt(o.p95)}    ${ratio(o.p95, b.p95)}`,
    );
  }
  console.log(
    `\nframes in the browser, ms (rAF deltas; long = 'long-animation-frame' entries; cpu/frame = the page's main thread)\n` +
      `  ${''.padEnd(32)} ${String(BASELINE).padStart(6)}: p50     p95     max >50ms long cpu/frame | ${String(DOCS).padStart(6)}: p50     p95     max >50ms long cpu/frame | cpu ratio`,
  );
  const cells = (f: Frames) =>
    `${fmt(f.p50)} ${fmt(f.p95)} ${fmt(f.max)} ${String(f.over50).padStart(5)} ${String(f.longFrames).padStart(4)} ${fmt(f.cpuPerFrame)}  `;
  for (const [name, b] of Object.entries(base.frames)) {
    const o = big.frames[name]!;
    console.log(`  ${name.padEnd(32)}       ${cells(b)} |        ${cells(o)} | ${ratio(o.cpuPerFrame, b.cpuPerFrame)}`);
  }
  console.log('\nmain thread in all, ms: style / layout / script');
  for (const [name, b] of Object.entries(base.frames)) {
    const o = big.frames[name]!;
    const split = (f: Frames) => `${fmt(f.style)} ${fmt(f.layout)} ${fmt(f.script)}`;
    console.log(
      `  ${name.padEnd(32)} ${String(BASELINE).padStart(6)}: ${split(b)}   ${String(DOCS).padStart(6)}: ${split(o)}`,
    );
  }
  const worst = Math.max(...Object.values(big.frames).map((f) => f.max));
  console.log(
    `\nlongest frame at ${DOCS}: ${worst.toFixed(1)} ms (target: none over ~50 ms); load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

await main();
