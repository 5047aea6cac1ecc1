/**
 * Scale-out against a real RabbitMQ: `docpipe serve --broker … --local-workers 0` and `docpipe worker`
 * processes, all real child processes, on a folder of the dev corpus with a damaged PDF and a poison file.
 * Faults as the broker defines them: a worker killed (-9) in the middle of a task, a broker restart
 * mid-run (`rabbitmqctl stop_app` then `start_app`: every connection drops, the quorum queues keep their
 * messages), and a task that kills every worker that takes it (a fault switch of `docpipe worker`,
 * DOCPIPE_WORKER_DIE_ON_SHA256, standing in for a parser's native crash). A test-only supervisor starts a
 * worker again when it dies, as systemd would. Each run has a virtual host of its own, deleted afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from './storeAudit.js';
import { takeBrokerTurn } from './brokerTurn.js';
import { cliEnv, docpipeBin, repoRoot } from './docpipeCli.js';

const corpus = join(repoRoot, '../shared/corpus');
const DELIVERY_LIMIT = 3;

function rabbitmqctl(...args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('rabbitmqctl', args, { encoding: 'utf8', timeout: 60_000 });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

function whyNot(): string | null {
  if (!existsSync(join(corpus, 'docs'))) return `no corpus at ${corpus}`;
  const status = spawnSync('rabbitmqctl', ['-q', 'status'], { encoding: 'utf8', timeout: 60_000 });
  if (status.error) return 'rabbitmqctl is not installed (apt-get install rabbitmq-server)';
  if (status.status !== 0) return 'no RabbitMQ answers (rabbitmq-server -detached starts one)';
  return null;
}
const skipReason = whyNot();
if (skipReason) console.warn(`scale-out test skipped: ${skipReason}.`);

/** A docpipe child process and its stderr, read as JSON log lines where they are. */
class Docpipe {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: (() => void)[] = [];

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [docpipeBin, ...args], {
      cwd: repoRoot,
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString('utf8');
      this.notify();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.stderr += text;
      partial += text;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Words for a person (the stopping notice): not a log line.
        }
      }
      this.notify();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.notify());
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when `test` holds for what was read so far (checked on every chunk). */
  async until<T>(test: () => T | undefined | false, what: string, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = test();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; stderr:\n${this.stderr.slice(-3000)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  messages(msg: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.msg === msg);
  }
}

const describeBroker = skipReason ? describe.skip : describe;

describeBroker('scale-out on RabbitMQ', () => {
  const root = mkdtempSync(join(tmpdir(), 'docpipe-scaleout-'));
  const vhost = `docpipe-test-${randomBytes(4).toString('hex')}`;
  const brokerUrl = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  const folder = join(root, 'in');
  const dataDir = join(root, 'data');
  const running: Docpipe[] = [];
  let brokerStopped = false;
  let giveTurnBack = () => {};
  /** Set once the test stops its workers (or gives up): the supervisor below starts no more. */
  let stopping = false;

  beforeAll(async () => {
    giveTurnBack = await takeBrokerTurn(150_000);
    expect(rabbitmqctl('add_vhost', vhost).ok).toBe(true);
    expect(rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*').ok).toBe(true);
  }, 180_000);

  afterAll(async () => {
    // After a failure too: a worker killed here must not be started again by the supervisor.
    stopping = true;
    if (brokerStopped) rabbitmqctl('start_app');
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(running.map((p) => p.exited));
    rabbitmqctl('delete_vhost', vhost);
    rmSync(root, { recursive: true, force: true });
    giveTurnBack();
  });

  it(
    'two workers and a coordinator with no threads of its own process a folder through a worker kill -9, a broker restart and a poison task',
    { timeout: 240_000 },
    async () => {
      // Text PDFs, two scans (OCR), a text file, a password-protected PDF from the corpus's bad files, and the poison file (last by name).
      mkdirSync(folder, { recursive: true });
      const invoices = join(corpus, 'docs/invoice/invoice2data');
      const picked = readdirSync(invoices)
        .filter((n) => /\.(pdf|txt)$/i.test(n))
        .sort()
        .slice(0, 9);
      for (const name of picked) copyFileSync(join(invoices, name), join(folder, name));
      for (const name of ['sroie_000.jpg', 'sroie_001.jpg'])
        copyFileSync(join(corpus, 'docs/receipt/sroie', name), join(folder, name));
      copyFileSync(join(corpus, 'bad/paperless/encrypted.pdf'), join(folder, 'encrypted.pdf'));
      const poison = `A note that takes every worker down, ${randomBytes(8).toString('hex')}.\n`;
      writeFileSync(join(folder, 'zz-poison.txt'), poison);
      const poisonSha = createHash('sha256').update(poison).digest('hex');
      const files = readdirSync(folder);

      const coordinator = new Docpipe([
        'serve',
        '--data',
        dataDir,
        '--port',
        '0',
        '--json',
        '--broker',
        brokerUrl,
        '--local-workers',
        '0',
        '--delivery-limit',
        String(DELIVERY_LIMIT),
      ]);
      running.push(coordinator);
      const served = await coordinator.until(() => {
        const line = coordinator.stdout.split('\n')[0];
        return line && coordinator.stdout.includes('\n')
          ? (JSON.parse(line) as { url: string; token: string; workers: { coordinator: string; token: string } })
          : undefined;
      }, 'serve to print its address');
      expect(served.workers.token.length).toBeGreaterThan(20);

      const workerArgs = [
        'worker',
        '--broker',
        brokerUrl,
        '--coordinator',
        served.workers.coordinator,
        '--concurrency',
        '1',
        '--verbose',
      ];
      const workerEnv = { DOCPIPE_WORKER_TOKEN: served.workers.token, DOCPIPE_WORKER_DIE_ON_SHA256: poisonSha };
      const api = async <T>(command: string, input: unknown): Promise<T> => {
        const ask = () =>
          fetch(`${served.url}/api/${command}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(input),
          });
        // A kept-alive connection the server closes as it idles out (5 s) races with its reuse; asked again
        // once on a new one. A coordinator that died would refuse that one too.
        const response = await ask().catch((error: unknown) => {
          if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
          return ask();
        });
        const answer = (await response.json()) as { ok: boolean; result: T };
        expect(answer.ok, JSON.stringify(answer)).toBe(true);
        return answer.result;
      };

      // Worker A alone first: the task it takes is its first, so its thread is still starting when it is killed.
      const a = new Docpipe(workerArgs, workerEnv);
      running.push(a);
      await a.until(() => a.messages('taking tasks').length > 0, 'worker A to take tasks');
      await api('ingest', { paths: [folder] });
      const taken = await a.until(
        () => a.messages('task taken').find((l) => l.fileName !== 'zz-poison.txt'),
        'worker A to take a task',
      );
      a.child.kill('SIGKILL');
      expect((await a.exited).signal).toBe('SIGKILL');
      expect(a.messages('task done').filter((l) => l.taskId === taken.taskId)).toHaveLength(0);

      // Workers B and C, started again whenever they die (the poison task kills them), as a supervisor would.
      const workers: Docpipe[] = [];
      const supervise = (): void => {
        const w = new Docpipe(workerArgs, workerEnv);
        running.push(w);
        workers.push(w);
        void w.exited.then(() => {
          if (!stopping) supervise();
        });
      };
      supervise();
      supervise();
      const allLines = () => workers.flatMap((w) => w.lines);
      const done = () => allLines().filter((l) => l.msg === 'task done');

      // A broker restart once some tasks are done: every connection drops; coordinator and workers come back.
      await workers[0]!.until(() => done().length >= 3, 'three tasks done by B and C');
      expect(rabbitmqctl('stop_app').ok).toBe(true);
      brokerStopped = true;
      expect(rabbitmqctl('start_app').ok).toBe(true);
      brokerStopped = false;

      // Until every document is terminal.
      type Status = {
        documentStates: Record<string, number>;
        jobs: Record<string, number>;
      };
      let status: Status | undefined;
      const deadline = Date.now() + 180_000;
      for (;;) {
        status = await api<Status>('status', {});
        const { queued = 0, processing = 0 } = status.documentStates;
        const { queued: q = 0, running: r = 0, retryable: t = 0 } = status.jobs;
        if (queued + processing + q + r + t === 0) break;
        if (Date.now() > deadline)
          throw new Error(`not terminal: ${JSON.stringify(status)}\n${coordinator.stderr.slice(-2000)}`);
        await new Promise((r2) => setTimeout(r2, 1000));
      }

      // Clean stops: workers and coordinator end with 0.
      stopping = true;
      // Not those the poison killed: the last of them may not have been reaped yet when its task was dead-lettered.
      const killedByPoison = (w: Docpipe) => w.lines.some((l) => String(l.msg).startsWith('fault switch'));
      const alive = workers.filter(
        (w) => w.child.exitCode === null && w.child.signalCode === null && !killedByPoison(w),
      );
      // One the supervisor just started may still be loading: a signal before its handlers would kill it.
      for (const w of alive) await w.until(() => w.messages('worker started').length > 0, 'a worker to start');
      for (const w of alive) w.child.kill('SIGTERM');
      for (const w of alive) expect(await w.exited, w.stderr.slice(-1500)).toEqual({ code: 0, signal: null });
      coordinator.child.kill('SIGTERM');
      expect((await coordinator.exited).code).toBe(0);

      // The store: nothing lost, doubled or stuck, and the only failures are the two bad files.
      const violations = auditStore(
        dataDir,
        files.map((f) => join(folder, f)),
      );
      expect(violations).toEqual({ integrity: [], lost: [], doubled: [], stuck: [] });
      const db = new Database(join(dataDir, 'docpipe.sqlite'), { readonly: true });
      try {
        const docs = db
          .prepare(
            `SELECT d.id, d.state, d.error_code AS code, d.error_message AS message, d.pages,
                    (SELECT COUNT(*) FROM pages p WHERE p.document_id = d.id) AS pageRows,
                    (SELECT MIN(path) FROM locations l WHERE l.document_id = d.id) AS path
               FROM documents d ORDER BY path`,
          )
          .all() as {
          id: number;
          state: string;
          code: string | null;
          message: string | null;
          pages: number | null;
          pageRows: number;
          path: string;
        }[];
        expect(docs).toHaveLength(files.length);
        const byName = new Map(docs.map((d) => [d.path.slice(folder.length + 1), d]));
        const failed = docs.filter((d) => d.state === 'failed').map((d) => d.path.slice(folder.length + 1));
        expect(failed.sort()).toEqual(['encrypted.pdf', 'zz-poison.txt']);
        // The protected PDF failed on its own bytes, as it does locally; only the poison was dead-lettered.
        expect(byName.get('encrypted.pdf')!.code).toBe('PDF_ENCRYPTED');
        expect(byName.get('zz-poison.txt')!.code).toBe('TASK_DEAD_LETTERED');
        expect(byName.get('zz-poison.txt')!.message).toMatch(/dead-lettered/);
        // One result per document: as many page rows as the document says it has, for every completed one.
        for (const d of docs.filter((x) => x.state === 'completed')) expect(d.pageRows, d.path).toBe(d.pages);
        const jobs = db
          .prepare(
            'SELECT document_id AS documentId, stage, state, COUNT(*) AS n FROM jobs GROUP BY document_id, stage',
          )
          .all() as { documentId: number; stage: string; state: string; n: number }[];
        expect(jobs.filter((j) => j.n !== 1)).toEqual([]);
        const poisonJob = db
          .prepare(`SELECT state, errors FROM jobs WHERE document_id = ? AND stage = 'extract'`)
          .get(byName.get('zz-poison.txt')!.id) as { state: string; errors: string };
        expect(poisonJob.state).toBe('discarded');
        expect(poisonJob.errors).toContain('TASK_DEAD_LETTERED');
      } finally {
        db.close();
      }

      // The task worker A died holding went to another worker, redelivered, and its answer was the one committed.
      const redone = done().find((l) => l.taskId === taken.taskId);
      expect(redone, `task ${String(taken.taskId)} was not done by B or C`).toBeDefined();
      expect(Number(redone!.deliveries)).toBeGreaterThanOrEqual(1);
      // The coordinator's lines are in its data folder's log (its stderr has warnings only).
      const coordinatorLog = readFileSync(join(dataDir, 'logs', 'docpipe.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const logged = (msg: string) => coordinatorLog.filter((l) => l.msg === msg);
      expect(logged('remote task answered').filter((l) => l.taskId === taken.taskId)).toHaveLength(1);
      // The poison killed a worker on each delivery until the broker gave up on it.
      const deaths = workers.filter(killedByPoison).length;
      expect(deaths).toBeGreaterThanOrEqual(2);
      expect(logged('the broker dead-lettered a remote task').length).toBeGreaterThanOrEqual(1);
      // The broker restart: the coordinator and a worker connected again.
      expect(logged('connected to the broker').length).toBeGreaterThanOrEqual(2);
      expect(workers.some((w) => w.messages('connected to the broker').length >= 2)).toBe(true);
    },
  );
});
