import { describe, expect, it } from 'vitest';
import { planUpload, RateMeter, secondsLeft, type PickedFile } from './uploadPlan.js';

const file = (path: string, size = 10): PickedFile => ({ path, file: new Blob([new Uint8Array(size)]) });
const sizeText = (n: number) => `${n} B`;

describe('planning an upload', () => {
  it('sends files with their paths as dropped, and says why others are left out', () => {
    const plan = planUpload(
      [
        file('receipts/2024/a.pdf', 100),
        file('receipts/2024/b.pdf', 200),
        file('receipts/.DS_Store'),
        file('receipts/.git/config'),
        file('receipts/CON.pdf'),
        file('receipts/huge.tif', 5000),
        file('receipts/2024/a.pdf', 100),
      ],
      1000,
      sizeText,
    );
    expect(plan.files.map((f) => f.path)).toEqual(['receipts/2024/a.pdf', 'receipts/2024/b.pdf']);
    expect(plan.bytes).toBe(300);
    expect(plan.ignored).toBe(2);
    expect(plan.skipped).toEqual([
      { path: 'receipts/CON.pdf', reason: '“CON.pdf” is a name Windows keeps for a device.' },
      { path: 'receipts/huge.tif', reason: 'It is 5000 B, over the 1000 B limit for one file.' },
    ]);
  });

  it('sends the checked form of a path (NFC, / separators)', () => {
    const plan = planUpload([file('Cafe\u0301\\menu.pdf')], 1000, sizeText);
    expect(plan.files[0]?.path).toBe('Caf\u00e9/menu.pdf');
  });
});

describe('the rate of an upload', () => {
  it('is measured over the last seconds, not since the start', () => {
    const meter = new RateMeter(5000);
    meter.record(0, 0);
    expect(meter.bytesPerSecond()).toBeNull();
    meter.record(1000, 1_000_000); // 1 MB/s
    expect(meter.bytesPerSecond()).toBe(1_000_000);
    // Then a stall of ten seconds: the rate falls to nothing, where an average since the start would not.
    for (let t = 2000; t <= 11_000; t += 1000) meter.record(t, 1_000_000);
    expect(meter.bytesPerSecond()).toBe(0);
    meter.record(12_000, 3_000_000);
    // Two megabytes in the five seconds since 7 s.
    expect(meter.bytesPerSecond()).toBe(400_000);
  });

  it('tells the time left only once a rate is known', () => {
    expect(secondsLeft(1000, null)).toBeNull();
    expect(secondsLeft(1000, 0)).toBeNull();
    expect(secondsLeft(1000, 250)).toBe(4);
  });
});
