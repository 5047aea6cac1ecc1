import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const opts = { baseMs: 1000, maxMs: 60_000, jitter: 0.25 };

describe('backoffDelay', () => {
  it('doubles per attempt without jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, opts, mid))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the cap, even for absurd attempt counts', () => {
    for (const attempt of [7, 10, 100, 10_000]) {
      expect(backoffDelay(attempt, opts, () => 1)).toBeLessThanOrEqual(60_000);
      expect(backoffDelay(attempt, opts, () => 0)).toBe(45_000);
    }
  });

  it('spreads delays within the jitter band', () => {
    const values = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, opts);
      expect(d).toBeGreaterThanOrEqual(3000);
      expect(d).toBeLessThanOrEqual(5000);
      values.add(d);
    }
    expect(values.size).toBeGreaterThan(10);
  });

  it('treats attempt 0 or negative as the first', () => {
    expect(backoffDelay(0, opts, () => 0.5)).toBe(1000);
    expect(backoffDelay(-3, opts, () => 0.5)).toBe(1000);
  });
});
