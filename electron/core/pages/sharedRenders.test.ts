import { describe, expect, it } from 'vitest';
import { SharedTasks, TaskSlots } from './sharedRenders.js';

/** A task that ends when the test says so, and records how many ran at once. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('TaskSlots', () => {
  it('runs at most its limit at once, the rest in arrival order, and frees a slot on failure too', async () => {
    const slots = new TaskSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 6 }, gate);
    const results = gates.map((g, i) =>
      slots.run(async () => {
        running++;
        most = Math.max(most, running);
        started.push(i);
        await g.opened;
        running--;
        if (i === 1) throw new Error('render failed');
        return i;
      }),
    );
    const settledAll = Promise.allSettled(results);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    for (const g of gates) {
      g.open();
      await new Promise((r) => setImmediate(r));
    }
    const settled = await settledAll;
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    // All slots are free again: two new tasks start at once.
    const later = [gate(), gate()];
    let nowRunning = 0;
    const two = later.map((g) => slots.run(async () => (nowRunning++, await g.opened)));
    await Promise.resolve();
    expect(nowRunning).toBe(2);
    later.forEach((g) => g.open());
    await Promise.all(two);
  });
});

describe('SharedTasks', () => {
  it('gives a request for a key in progress the same promise, and makes it again once settled', async () => {
    const shared = new SharedTasks<object>();
    let made = 0;
    const g = gate();
    const make = async () => {
      made++;
      await g.opened;
      return { picture: made };
    };
    const requests = Array.from({ length: 30 }, () => shared.run('7:abc:1:', make));
    const other = shared.run('7:abc:2:', make);
    expect(made).toBe(2);
    expect(shared.size).toBe(2);
    g.open();
    const answers = await Promise.all(requests);
    expect(new Set(answers).size).toBe(1);
    expect(await other).not.toBe(answers[0]);
    expect(shared.size).toBe(0);
    await shared.run('7:abc:1:', async () => ({ again: true }));
    expect(made).toBe(2);

    const failing = shared.run('x', async () => Promise.reject(new Error('no')));
    await expect(failing).rejects.toThrow('no');
    expect(shared.size).toBe(0);
  });
});
