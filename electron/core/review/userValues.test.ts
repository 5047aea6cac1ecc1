import { describe, expect, it } from 'vitest';
import { fieldSpec } from '../../shared/contract/schemas/documentTypes.js';
import { normalizeUserValue } from './userValues.js';

const total = fieldSpec('invoice', 'total')!;
const vatRate = fieldSpec('invoice', 'vat_rate')!;

describe('values a person types as corrections', () => {
  it('reads amounts as written: currency, grouping, a sign or parentheses at an edge', () => {
    expect(normalizeUserValue(total, '1,234.56')).toBe('1234.56');
    expect(normalizeUserValue(total, 'EUR 12.50')).toBe('12.50');
    expect(normalizeUserValue(total, '12,50 €')).toBe('12.50');
    expect(normalizeUserValue(total, '-12.50')).toBe('-12.50');
    expect(normalizeUserValue(total, '(12.50)')).toBe('-12.50');
    expect(normalizeUserValue(total, '12.50-')).toBe('-12.50');
    expect(normalizeUserValue(total, '1 234,56')).toBe('1234.56');
    expect(normalizeUserValue(vatRate, '19 %')).toBe('19.00');
  });

  it('refuses a formula or a sign in the middle instead of storing its digits run together', () => {
    for (const written of ['=1+1', '1+1', '1-1', '2*3', '--5', '1.2.3']) {
      expect(() => normalizeUserValue(total, written), written).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(/^"[^"]+" is not an amount \(write it like 1234.56 or -12.50\) for total\.$/),
        }),
      );
    }
    expect(() => normalizeUserValue(vatRate, '10+9%')).toThrow(/is not a percentage for vat_rate/);
  });
});
