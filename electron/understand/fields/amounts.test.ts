import { describe, expect, it } from 'vitest';
import { currenciesIn, findAmounts, joinSpaceGroups, localYen, parseAmount } from './amounts.js';

describe('CJK currency marks', () => {
  it('reads ￥, ₩ before and 円, 元, 원 after an amount; ¥ on a Chinese page is yuan', () => {
    expect(
      findAmounts('￥5,060 / 330,000円 / 760,000元 / 14,430원 / ₩1,000').map((a) => [a.value, a.currency]),
    ).toEqual([
      ['5060.00', 'JPY'],
      ['330000.00', 'JPY'],
      ['760000.00', 'CNY'],
      ['14430.00', 'KRW'],
      ['1000.00', 'KRW'],
    ]);
    expect(localYen('价税合计 ¥1060.00')).toBe('CNY');
    expect(localYen('ご請求金額 ¥330,000')).toBe('JPY');
  });
});

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

  it('reads the typeset minus sign (U+2212)', () => {
    expect(findAmounts('Anfangssaldo −12,34').map((a) => a.value)).toEqual(['-12.34']);
    expect(findAmounts('EUR −2,50').map((a) => a.value)).toEqual(['-2.50']);
    // A range with a typeset dash is still two numbers, the second unsigned.
    expect(findAmounts('pages 10−20').map((a) => a.value)).toEqual(['10.00']);
  });

  it('joins thousands grouped by plain spaces only when the value stands alone after its label', () => {
    expect(findAmounts(joinSpaceGroups(': 27 600.00 kr')).map((a) => a.value)).toEqual(['27600.00']);
    expect(findAmounts(joinSpaceGroups(' 1 234 567,89 €')).map((a) => a.value)).toEqual(['1234567.89']);
    // Typeset text may put a space after the thousands comma.
    expect(findAmounts(joinSpaceGroups(' $1, 034.00')).map((a) => a.value)).toEqual(['1034.00']);
    // In a table row the spaces separate columns.
    expect(joinSpaceGroups('Chairs 4 100 USD 0 % 400 USD')).toBe('Chairs 4 100 USD 0 % 400 USD');
    expect(joinSpaceGroups('2 500.00 1 250.00')).toBe('2 500.00 1 250.00');
  });

  it('reads a minus before the currency symbol as a negative amount, and a hyphenated range as no sign', () => {
    expect(findAmounts('Ending Balance   -$99.57; Payments: -€ 12,00').map((a) => a.value)).toEqual([
      '-99.57',
      '-12.00',
    ]);
    expect(findAmounts('Range 10-$20.00').at(-1)?.value).toBe('20.00');
  });

  it('reads a currency code glued to the number, before or after', () => {
    const found = findAmounts('Cash RM50.00 Card EUR12.50 Wire USD1,234.00 Net 12.50EUR Rs.80.00');
    expect(found.map((a) => [a.raw, a.value, a.currency])).toEqual([
      ['RM50.00', '50.00', 'MYR'],
      ['EUR12.50', '12.50', 'EUR'],
      ['USD1,234.00', '1234.00', 'USD'],
      ['12.50EUR', '12.50', 'EUR'],
      ['Rs.80.00', '80.00', 'INR'],
    ]);
  });

  it('does not read the tail of a word as a currency', () => {
    const found = findAmounts('FORM12.50 PEUR3.00 12.50EURO 4.00CADDY');
    expect(found.map((a) => [a.raw, a.currency])).toEqual([
      ['12.50', null],
      ['4.00', null],
    ]);
  });

  it('ranks currencies by frequency', () => {
    expect(currenciesIn('€ 12,00 and € 3,00 or $ 4.00')).toEqual(['EUR', 'USD']);
    expect(currenciesIn('RM50.00 RM4.00 12.50EUR FORM1.00 EUROPE')).toEqual(['MYR', 'EUR']);
    // Amounts in words name the currency.
    expect(
      currenciesIn('Total 4,725.00\nAmount in words: Rupees Four Thousand Seven Hundred Twenty Five Only'),
    ).toEqual(['INR']);
    expect(currenciesIn('Ringgit Malaysia : Fifty Only')).toEqual(['MYR']);
  });
});
