import { describe, expect, it } from 'vitest';
import { leaveOneSourceOutSplits, type SourcedExample } from './losoSplits.js';

describe('leaveOneSourceOutSplits', () => {
  const examples: SourcedExample[] = [
    { source: 'b/receipts', synthetic: false },
    { source: 'a/invoices', synthetic: false },
    { source: 'synthetic:slip_de', synthetic: true },
    { source: 'b/receipts', synthetic: false },
    { source: 'c/forms', synthetic: false },
    { source: 'synthetic:invoice_en', synthetic: true },
    { source: 'a/invoices', synthetic: false },
  ];
  const splits = leaveOneSourceOutSplits(examples);

  it('leaves out each real source once, in name order', () => {
    expect(splits.map((s) => s.source)).toEqual(['a/invoices', 'b/receipts', 'c/forms']);
  });

  it('judges exactly the left-out source and trains on no document of it', () => {
    for (const split of splits) {
      expect(split.test.map((i) => examples[i]?.source)).toEqual(split.test.map(() => split.source));
      expect(split.test).toEqual(examples.flatMap((e, i) => (!e.synthetic && e.source === split.source ? [i] : [])));
      expect(split.train.some((i) => examples[i]?.source === split.source && !examples[i]?.synthetic)).toBe(false);
      expect([...split.train, ...split.test].sort((x, y) => x - y)).toEqual(examples.map((_, i) => i));
    }
  });

  it('always trains on the generated documents and never judges them', () => {
    for (const split of splits) {
      expect(split.train).toEqual(expect.arrayContaining([2, 5]));
      expect(split.test).not.toContain(2);
      expect(split.test).not.toContain(5);
    }
  });

  it('keeps a generated source named like a real one in training', () => {
    const tricky = leaveOneSourceOutSplits([
      { source: 'x', synthetic: false },
      { source: 'x', synthetic: true },
    ]);
    expect(tricky).toEqual([{ source: 'x', train: [1], test: [0] }]);
  });
});
