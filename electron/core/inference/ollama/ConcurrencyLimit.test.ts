import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './ConcurrencyLimit.js';

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i;
    };
    expect(await Promise.all([0, 1, 2, 3, 4].map((i) => limit.run(task(i))))).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(limit.inFlight).toBe(0);
  });

  it('frees the slot when a task throws, and lets an aborted waiter leave the queue', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    let release: () => void = () => {};
    const holder = limit.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiter = limit.run(async () => 'never', controller.signal);
    expect(limit.queued).toBe(1);
    controller.abort(new Error('stopped'));
    await expect(waiter).rejects.toThrow('stopped');
    expect(limit.queued).toBe(0);
    release();
    await holder;
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
