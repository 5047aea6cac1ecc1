import { describe, expect, it } from 'vitest';
import { anyOf } from './patterns.js';

describe('anyOf', () => {
  it('matches what any of its pieces matches, with their flags', () => {
    const label = anyOf(/\btotal\b/iu, /(?:合計|합계)\s*[:：]?/iu);
    expect(label.flags).toBe('iu');
    expect(label.test('Grand TOTAL: 4.00')).toBe(true);
    expect(label.test('合計：1,200円')).toBe(true);
    expect(label.test('subtotals')).toBe(false);
  });

  it('refuses pieces whose flags differ, since the whole could only have one set', () => {
    expect(() => anyOf(/a/i, /b/iu)).toThrow(/other flags/);
  });
});
