import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { WorkerPool, defaultPoolSize } from './WorkerPool.js';
import type { TestWorkerApi } from '../testing/testWorker.js';

const entry = new URL('../testing/testWorker.ts', import.meta.url);
const pools: WorkerPool<TestWorkerApi>[] = [];
function makePool(options: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}): WorkerPool<TestWorkerApi> {
  const pool = new WorkerPool<TestWorkerApi>({ entry, size: 2, name: 'test', disposeGraceMs: 1000, ...options });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.dispose()));
});

describe('WorkerPool', () => {
  it('runs a task in a TypeScript worker and returns its result', async () => {
    const pool = makePool();
    await expect(pool.run('echo', ['hello'])).resolves.toBe('hello');
  });

  it("takes its entry as a URL, a file URL's text or a path", async () => {
    for (const form of [entry, entry.href, fileURLToPath(entry)]) {
      await expect(makePool({ entry: form, size: 1 }).run('echo', [typeof form])).resolves.toBe(typeof form);
    }
  });

  it('defaults to one thread less than the cores, at least one', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
    expect(defaultPoolSize(1)).toBe(1);
  });

  it('runs queued tasks with at most `size` at once, each thread one task at a time', async () => {
    const pool = makePool({ size: 2 });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => pool.run('sleep', [100])));
    const elapsed = Date.now() - started;
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    expect(Math.max(...results.map((r) => r.overlapping))).toBe(1);
    // At every task start, how many tasks were running: never more than the 2 threads, and 2 at some point.
    const concurrency = results.map((r) => results.filter((o) => o.start <= r.start && o.end > r.start).length);
    expect(Math.max(...concurrency)).toBe(2);
    // 8 tasks of 100 ms on 2 threads: at least 4 rounds.
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(pool.stats).toMatchObject({ busy: 0, queued: 0, threads: 2 });
  });

  it('reports an ordinary rejection without losing the thread', async () => {
    const pool = makePool({ size: 1 });
    const before = await pool.run('threadId', []);
    await expect(pool.run('fail', [])).rejects.toThrow('ordinary failure');
    expect(await pool.run('threadId', [])).toBe(before);
  });

  it('terminates a thread stuck past its timeout, rejects with STAGE_TIMEOUT, and replaces it', async () => {
    const pool = makePool({ size: 1 });
    const first = await pool.run('threadId', []);
    const queued = pool.run('echo', ['after the stuck one']);
    await expect(pool.run('spin', [], { timeoutMs: 300 })).rejects.toMatchObject({
      code: ErrorCode.STAGE_TIMEOUT,
      retryable: true,
    });
    // The echo was queued behind the spinning task (size 1) and runs on the replacement thread.
    await expect(queued).resolves.toBe('after the stuck one');
    expect(await pool.run('threadId', [])).not.toBe(first);
    expect(pool.stats.threads).toBe(1);
  });

  it('reports an uncaught error in a thread as WORKER_CRASHED and keeps working', async () => {
    const pool = makePool({ size: 1 });
    await expect(pool.run('crash', [], { timeoutMs: 10_000 })).rejects.toMatchObject({
      code: ErrorCode.WORKER_CRASHED,
      message: expect.stringContaining('boom in worker'),
    });
    await expect(pool.run('echo', ['still alive'])).resolves.toBe('still alive');
  });

  it('reports process.exit in a thread as WORKER_CRASHED', async () => {
    const pool = makePool({ size: 1 });
    await expect(pool.run('exit', [])).rejects.toMatchObject({
      code: ErrorCode.WORKER_CRASHED,
      message: expect.stringContaining('exit code 7'),
    });
    await expect(pool.run('echo', ['again'])).resolves.toBe('again');
  });

  it('reports a thread over its heap limit as WORKER_CRASHED, or as the pool says (outOfMemory)', async () => {
    const pool = makePool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 32 } });
    await expect(pool.run('allocate', [], { timeoutMs: 30_000 })).rejects.toMatchObject({
      code: ErrorCode.WORKER_CRASHED,
    });
    await expect(pool.run('echo', ['recovered'])).resolves.toBe('recovered');
    const named = makePool({
      size: 1,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
      outOfMemory: (method) =>
        new AppError(ErrorCode.EXTRACT_OUT_OF_MEMORY, `${method} needed more memory`, { retryable: false }),
    });
    await expect(named.run('allocate', [], { timeoutMs: 30_000 })).rejects.toMatchObject({
      code: ErrorCode.EXTRACT_OUT_OF_MEMORY,
      message: 'allocate needed more memory',
      retryable: false,
    });
    await expect(named.run('echo', ['replaced'])).resolves.toBe('replaced');
    // A thread that dies otherwise is still a crash.
    await expect(named.run('exit', [])).rejects.toMatchObject({ code: ErrorCode.WORKER_CRASHED });
  });

  it('refuses tasks past maxQueue with POOL_SATURATED', async () => {
    const pool = makePool({ size: 1, maxQueue: 2 });
    const running = [pool.run('sleep', [200]), pool.run('sleep', [10]), pool.run('sleep', [10])];
    await expect(pool.run('echo', ['one too many'])).rejects.toMatchObject({
      code: ErrorCode.POOL_SATURATED,
      retryable: true,
    });
    await Promise.all(running);
  });

  it('dispose rejects queued tasks, calls the API dispose, and ends every thread', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'pool-test-')), 'disposed');
    const pool = makePool({ size: 1, workerData: { marker } });
    const thread = await pool.run('threadId', []);
    const running = pool.run('sleep', [100]);
    const queued = pool.run('echo', ['never runs']);
    const disposed = pool.dispose();
    await expect(queued).rejects.toMatchObject({ code: ErrorCode.CORE_DISPOSED });
    await expect(running).resolves.toMatchObject({ overlapping: 1 });
    await disposed;
    expect(pool.stats.threads).toBe(0);
    expect(readFileSync(`${marker}.${thread}`, 'utf8')).toBe('disposed');
    await expect(pool.run('echo', ['late'])).rejects.toMatchObject({ code: ErrorCode.CORE_DISPOSED });
    rmSync(dirname(marker), { recursive: true, force: true });
  });

  it('dispose stops a task that outlives the grace period and rejects it with CORE_DISPOSED', async () => {
    const pool = makePool({ size: 1, disposeGraceMs: 200 });
    const stuck = pool.run('spin', [], { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300)); // let the thread start spinning
    await pool.dispose();
    await expect(stuck).rejects.toMatchObject({ code: ErrorCode.CORE_DISPOSED });
    expect(pool.stats.threads).toBe(0);
  });
});
