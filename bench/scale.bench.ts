/**
 * `npm run bench:scale [-- <folder>] [--limit N] [--slots N] [--tasks N] [--round-trip-only]`: the same folder through
 * `docpipe serve` three ways in one run, each on a fresh data folder: its own extraction threads only (the
 * local pool), then `--local-workers 0` with one `docpipe worker`, then with two; docs/min side by side,
 * from the ingest request until every document is terminal. Then the broker's own cost per task: the round
 * trip of an empty task (publish with confirm → a consumer → its answer published with confirm → the
 * coordinator's result consumer), through BrokerCoordinator.dispatch, sequentially, on loopback.
 *
 * Needs a RabbitMQ on 127.0.0.1:5672 (guest/guest) and rabbitmqctl (a vhost per run, deleted after).
 * Figures, not assertions. On one machine, two workers share its cores with the coordinator: the gain of a
 * second worker shows on a second machine; here the figure shows what the broker costs, not what it buys.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection, ConsumerStatus } from 'rabbitmq-client';
import { BrokerCoordinator } from '../electron/core/broker/BrokerCoordinator.js';
import { QUEUES } from '../electron/core/broker/brokerProtocol.js';
import { createLogger } from '../electron/core/log/logger.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(3);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const limit = option('--limit', 24);
const slots = option('--slots', Math.max(1, availableParallelism()));
const emptyTasks = option('--tasks', 300);
const folderArg = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const source = resolve(folderArg ?? join(repoRoot, '..', 'shared', 'corpus', 'docs', 'invoice'));
const sharedNodeModules = realpathSync(join(repoRoot, 'node_modules')) !== join(repoRoot, 'node_modules');
const env = { ...process.env, ...(sharedNodeModules && { DOCPIPE_FROM_SOURCE: '1' }) };

function rabbitmqctl(...argv: string[]): boolean {
  return spawnSync('rabbitmqctl', argv, { encoding: 'utf8', timeout: 60_000 }).status === 0;
}

if (!existsSync(source)) {
  console.error(`bench:scale: ${source} does not exist. Pass a folder: npm run bench:scale -- <folder>`);
  process.exit(2);
}
if (!rabbitmqctl('-q', 'status')) {
  console.error('bench:scale: no RabbitMQ answers here (rabbitmq-server -detached starts one; rabbitmqctl is needed).');
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
  return out.sort();
}

const root = mkdtempSync(join(tmpdir(), 'docpipe-bench-scale-'));
const folder = join(root, 'in');
mkdirSync(folder);
const files = listFiles(source).slice(0, limit);
files.forEach((file, i) => copyFileSync(file, join(folder, `${String(i).padStart(3, '0')}-${basename(file)}`)));

function start(argv: string[], extraEnv: Record<string, string> = {}): { child: ChildProcess; stdout: () => string } {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/docpipe.js'), ...argv], {
    cwd: repoRoot,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return { child, stdout: () => out };
}

async function until<T>(test: () => T | undefined, what: string, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench:scale gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

interface Served {
  url: string;
  token: string;
  workers?: { coordinator: string; token: string };
}

/** One way of running: serve (with or without a broker) and `workers` docpipe workers; docs/min. */
async function runMode(name: string, remoteWorkers: number, brokerUrl: string | null) {
  const dataDir = join(root, `data-${name.replace(/\W+/g, '-')}`);
  const serveArgs = ['serve', '--data', dataDir, '--port', '0', '--json', '--workers', String(slots)];
  if (brokerUrl) serveArgs.push('--broker', brokerUrl, '--local-workers', '0');
  const serve = start(serveArgs);
  const children = [serve.child];
  try {
    const served = await until(() => {
      const line = serve.stdout().split('\n')[0];
      return line && serve.stdout().includes('\n') ? (JSON.parse(line) as Served) : undefined;
    }, 'serve to print its address');
    for (let i = 0; i < remoteWorkers; i++) {
      const w = start(
        [
          'worker',
          '--broker',
          brokerUrl!,
          '--coordinator',
          served.workers!.coordinator,
          '--concurrency',
          String(slots),
        ],
        { DOCPIPE_WORKER_TOKEN: served.workers!.token },
      );
      children.push(w.child);
    }
    const call = async (command: string, input: unknown) => {
      const response = await fetch(`${served.url}/api/${command}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return ((await response.json()) as { result: Record<string, Record<string, number>> }).result;
    };
    // Timed from the ingest request: a worker's start (threads, OCR engine) counts, as it would for a user.
    const started = performance.now();
    await call('ingest', { paths: [folder] });
    let status: Record<string, Record<string, number>>;
    for (;;) {
      status = await call('status', {});
      const d = status.documentStates!;
      if ((d.queued ?? 0) + (d.processing ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const d = status.documentStates!;
    return {
      name,
      seconds,
      docsPerMin: (files.length / seconds) * 60,
      completed: d.completed ?? 0,
      failed: d.failed ?? 0,
    };
  } finally {
    for (const child of children.slice(1)) await stop(child);
    await stop(serve.child);
  }
}

/** The broker's cost per task: empty tasks through dispatch and an answering consumer, one at a time. */
async function roundTrip(
  brokerUrl: string,
): Promise<{ p50: number; p95: number; mean: number; perTaskInParallel: number }> {
  const { log } = createLogger({});
  const coordinator = new BrokerCoordinator({ url: brokerUrl }, log);
  const connection = new Connection({ url: brokerUrl, connectionName: 'docpipe bench echo', noDelay: true });
  const answers = connection.createPublisher({ confirm: true });
  await until(() => (connection.ready ? true : undefined), 'the bench connection', 30_000);
  // The coordinator declares the queues on connecting; the echo consumer waits for them like a worker.
  // An answering consumer that takes `slots` tasks at once, as a worker with that many slots does.
  const startEcho = async (slots: number) => {
    const consumer = connection.createConsumer(
      {
        queue: QUEUES.stage('extract'),
        queueOptions: { queue: QUEUES.stage('extract'), passive: true },
        qos: { prefetchCount: slots },
        concurrency: slots,
      },
      async (message) => {
        await answers.send(
          { routingKey: QUEUES.results, correlationId: message.correlationId, durable: true, headers: message.headers },
          { workerId: 'echo', ms: 0, response: null },
        );
        return ConsumerStatus.ACK;
      },
    );
    consumer.on('error', () => {});
    await new Promise<void>((r) => consumer.once('ready', () => r()));
    return consumer;
  };
  let echo = await startEcho(1);
  const headers = {
    'x-docpipe-stage': 'extract' as const,
    'x-docpipe-document': 0,
    'x-docpipe-job': 0,
    'x-docpipe-sha256': '0'.repeat(64),
    'x-docpipe-batch': '',
  };
  const times: number[] = [];
  for (let i = 0; i < emptyTasks + 20; i++) {
    const t0 = performance.now();
    await coordinator.dispatch('extract', {}, { taskId: randomUUID(), headers, waitMs: 10_000 });
    // The first few warm the channels up.
    if (i >= 20) times.push(performance.now() - t0);
  }
  // The same tasks eight at a time, as a coordinator with several workers sends them: the cost per task
  // when confirms and fsyncs are shared (the echo consumer takes eight at once too).
  // (The broker delivers no more than the prefetch, so the consumer is opened again with eight slots.)
  await echo.close();
  echo = await startEcho(8);
  const parallelStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next++ < emptyTasks)
        await coordinator.dispatch('extract', {}, { taskId: randomUUID(), headers, waitMs: 10_000 });
    }),
  );
  const perTaskInParallel = (performance.now() - parallelStarted) / emptyTasks;
  await echo.close();
  await answers.close();
  await connection.close();
  await coordinator.dispose();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: times.reduce((s, t) => s + t, 0) / times.length, perTaskInParallel };
}

const vhosts: string[] = [];
function freshVhost(): string {
  const vhost = `docpipe-bench-${randomBytes(4).toString('hex')}`;
  if (!rabbitmqctl('add_vhost', vhost) || !rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'))
    throw new Error(`bench:scale could not make the vhost ${vhost}`);
  vhosts.push(vhost);
  return `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
}

try {
  console.log(
    `bench:scale: ${files.length} files from ${source}, ${slots} slot(s) each (threads locally, --concurrency per worker), ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`,
  );
  const rows = args.includes('--round-trip-only')
    ? []
    : [
        await runMode('local pool (serve, no broker)', 0, null),
        await runMode('1 remote worker (--local-workers 0)', 1, freshVhost()),
        await runMode('2 remote workers (--local-workers 0)', 2, freshVhost()),
      ];
  if (rows.length > 0)
    console.log('\n| how | seconds | docs/min | completed | failed | vs local |\n|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.seconds.toFixed(1)} | ${r.docsPerMin.toFixed(1)} | ${r.completed} | ${r.failed} | ${(r.docsPerMin / rows[0]!.docsPerMin).toFixed(2)}x |`,
    );
  const rt = await roundTrip(freshVhost());
  console.log(
    `\nbroker round trip of an empty task (${emptyTasks}, one at a time, loopback): p50 ${rt.p50.toFixed(2)} ms, p95 ${rt.p95.toFixed(2)} ms, mean ${rt.mean.toFixed(2)} ms (target < 5 ms)`,
  );
  console.log(
    `the same, eight in flight: ${rt.perTaskInParallel.toFixed(2)} ms of broker time per task (confirms and fsyncs shared)`,
  );
} finally {
  for (const vhost of vhosts) rabbitmqctl('delete_vhost', vhost);
  rmSync(root, { recursive: true, force: true });
}
