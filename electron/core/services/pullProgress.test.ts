import { describe, expect, it } from 'vitest';
import { phaseOf, PullProgressMeter } from './pullProgress.js';

describe('PullProgressMeter', () => {
  it('adds up the layers seen so far, and measures the speed over the last seconds', () => {
    let now = 0;
    const meter = new PullProgressMeter('qwen2.5:7b', () => now);
    expect(meter.update({ status: 'pulling manifest' })).toMatchObject({
      phase: 'pulling',
      completedBytes: 0,
      totalBytes: 0,
      percent: null,
      bytesPerSecond: null,
    });
    meter.update({ status: 'pulling aaa', digest: 'sha256:aaa', total: 1000 });
    now = 500;
    const half = meter.update({ status: 'pulling aaa', digest: 'sha256:aaa', total: 1000, completed: 500 });
    expect(half).toMatchObject({ completedBytes: 500, totalBytes: 1000, percent: 50, bytesPerSecond: 1000 });
    now = 1000;
    // A second layer is announced: the total grows, so the percentage may step back.
    meter.update({ status: 'pulling aaa', digest: 'sha256:aaa', total: 1000, completed: 1000 });
    const second = meter.update({ status: 'pulling bbb', digest: 'sha256:bbb', total: 1000 });
    expect(second).toMatchObject({ completedBytes: 1000, totalBytes: 2000, percent: 50 });
    now = 5000;
    // Old samples fall out of the window: a stall reads as 0 B/s, not as the average since the start.
    meter.update({ status: 'pulling bbb', digest: 'sha256:bbb', total: 1000, completed: 0 });
    now = 5500;
    expect(
      meter.update({ status: 'pulling bbb', digest: 'sha256:bbb', total: 1000, completed: 0 }).bytesPerSecond,
    ).toBe(0);
    expect(meter.update({ status: 'verifying sha256 digest' }).phase).toBe('verifying');
    expect(meter.update({ status: 'success' })).toMatchObject({ phase: 'success', percent: 100 });
  });

  it('never lets a layer go backwards, and ends as cancelled or failed keeping the bytes', () => {
    const meter = new PullProgressMeter('m', () => 0);
    meter.update({ status: 'pulling a', digest: 'a', total: 100, completed: 60 });
    expect(meter.update({ status: 'pulling a', digest: 'a', total: 100, completed: 10 }).completedBytes).toBe(60);
    expect(meter.end('failed', 'disk full')).toMatchObject({ phase: 'failed', error: 'disk full', completedBytes: 60 });
    expect(meter.current().phase).toBe('failed');
  });

  it('maps Ollama status lines to phases', () => {
    expect(
      [
        'pulling manifest',
        'pulling 8eeb52dfb3bb',
        'verifying sha256 digest',
        'writing manifest',
        'removing any unused layers',
        'success',
      ].map(phaseOf),
    ).toEqual(['pulling', 'pulling', 'verifying', 'writing', 'writing', 'success']);
  });
});
