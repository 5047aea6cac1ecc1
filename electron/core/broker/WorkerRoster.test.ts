import { describe, expect, it } from 'vitest';
import type { WorkerHeartbeat } from './brokerProtocol.js';
import { WorkerRoster } from './WorkerRoster.js';

const beat = (workerId: string, extract: number, intervalMs = 1000): WorkerHeartbeat => ({
  workerId,
  host: 'h',
  pid: 1,
  slots: { extract },
  busy: 0,
  intervalMs,
});

describe('WorkerRoster', () => {
  it('sums the slots of the live workers and says when they change', () => {
    let now = 0;
    const roster = new WorkerRoster(() => now);
    expect(roster.heard(beat('a', 2))).toBe(true);
    expect(roster.heard(beat('b', 3))).toBe(true);
    expect(roster.slots('extract')).toBe(5);
    now = 500;
    expect(roster.heard(beat('a', 2))).toBe(false);
    expect(roster.heard(beat('a', 4))).toBe(true);
    expect(roster.slots('extract')).toBe(7);
  });

  it('forgets a worker silent for three of its intervals (a kill -9 says no goodbye)', () => {
    let now = 0;
    const roster = new WorkerRoster(() => now);
    roster.heard(beat('a', 2, 1000));
    roster.heard(beat('b', 2, 5000));
    now = 3000;
    expect(roster.expire()).toBe(false);
    now = 3001;
    expect(roster.expire()).toBe(true);
    expect(roster.list().map((e) => e.heartbeat.workerId)).toEqual(['b']);
    expect(roster.slots('extract')).toBe(2);
  });

  it('drops a worker at once when it says goodbye with zero slots', () => {
    const roster = new WorkerRoster(() => 0);
    roster.heard(beat('a', 2));
    expect(roster.heard(beat('a', 0))).toBe(true);
    expect(roster.slots('extract')).toBe(0);
    expect(roster.heard(beat('z', 0))).toBe(false);
  });
});
