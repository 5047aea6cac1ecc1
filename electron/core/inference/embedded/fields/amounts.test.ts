import { describe, expect, it } from 'vitest';
import { currenciesIn, findAmounts, parseAmount } from './amounts.js';

describe('parseAmount', () => {
  it.each([
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['1 234,56', '1234.56'],
    ["1'234.50", '1234.50'],
    ['1,000', '1000.00'],
    ['4.11', '4.11'],
    ['119', '119.00'],
    ['(12.50)', '-12.50'],
    ['-8,07', '-8.07'],
    ['1.234.567', '1234567.00'],
  ])('%s → %s', (written, value) => {
    expect(parseAmount(written)?.value).toBe(value);
  });

  it('refuses what is not a number', () => {
    expect(parseAmount('12.34.56,7,8')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
  });
});

describe('findAmounts', () => {
  it('attaches currencies and skips dates, times, ids and percentages', () => {
    const found = findAmounts('Total $ 279.84 on 25/12/2018 at 8:13 INV-2023 VAT 19% Gesamt 1.589,80 EUR RM 9.00');
    expect(found.map((a) => [a.value, a.currency])).toEqual([
      ['279.84', 'USD'],
      ['1589.80', 'EUR'],
      ['9.00', 'MYR'],
    ]);
  });

  it('ranks currencies by frequency', () => {
    expect(currenciesIn('€ 12,00 and € 3,00 or $ 4.00')).toEqual(['EUR', 'USD']);
  });
});
