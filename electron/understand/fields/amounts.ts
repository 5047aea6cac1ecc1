/**
 * Amounts and currencies as written on invoices, receipts and statements, in both decimal conventions
 * (1,234.56 and 1.234,56, also 1 234,56 and 1'234.56), with a currency symbol or code on either side.
 */

export interface AmountCandidate {
  raw: string;
  index: number;
  /** Decimal string with `.` and at least two decimals ("1234.50"). */
  value: string;
  number: number;
  /** ISO 4217 when a symbol or code was attached. */
  currency: string | null;
}

const SYMBOLS: Record<string, string> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '￥': 'JPY',
  円: 'JPY',
  元: 'CNY',
  '₩': 'KRW',
  원: 'KRW',
  '₹': 'INR',
  RM: 'MYR',
  Rs: 'INR',
  'Rs.': 'INR',
  Fr: 'CHF',
  zł: 'PLN',
  kr: 'SEK',
};
const CODES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'JPY',
  'CNY',
  'INR',
  'MYR',
  'SGD',
  'AUD',
  'CAD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'IDR',
  'HKD',
  'ZAR',
  'BRL',
  'MXN',
  'TRY',
  'RON',
  'THB',
  'PHP',
  'VND',
  'KRW',
  'AED',
];

/** ISO 4217 code for a symbol or code as written, or null. */
export function currencyCode(token: string): string | null {
  const t = token.trim();
  if (CODES.includes(t.toUpperCase())) return t.toUpperCase();
  if (t === 'EURO' || t.toLowerCase() === 'euro' || t.toLowerCase() === 'euros') return 'EUR';
  return SYMBOLS[t] ?? null;
}

/**
 * Normalises a written number to a decimal string. The last separator is the decimal mark when two
 * digits (or one) follow it; three digits after a lone separator are a thousands group ("1,000" = 1000).
 */
export function parseAmount(written: string): { value: string; number: number } | null {
  let s = written.replace(/[\s'’\u00a0\u202f]/g, '');
  // "−" (U+2212) is the minus typeset documents print.
  const negative = /^\(.*\)$/.test(s) || /^[-−]|[-−]$/u.test(s);
  s = s.replace(/[()+\-−]/gu, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return null;
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  let intPart = s;
  let frac = '';
  if (dots && commas) {
    // Both marks: the later one is the decimal mark, the other groups thousands.
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    if (s.split(decimal).length - 1 !== 1) return null;
    [intPart, frac] = s.split(decimal) as [string, string];
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(intPart)) return null;
    intPart = intPart.split(group).join('');
  } else if (dots + commas === 1) {
    const mark = dots ? '.' : ',';
    const [a, b] = s.split(mark) as [string, string];
    if (b.length === 3 && a.length <= 3 && a !== '0') intPart = a + b;
    else {
      intPart = a;
      frac = b;
    }
  } else if (dots + commas > 1) {
    const mark = dots ? '.' : ',';
    if (!new RegExp(`^\\d{1,3}(\\${mark}\\d{3})+$`).test(s)) return null;
    intPart = s.split(mark).join('');
  }
  if (!/^\d+$/.test(intPart) || (frac && !/^\d{1,4}$/.test(frac))) return null;
  const value = `${negative ? '-' : ''}${String(Number(intPart))}.${frac.padEnd(2, '0')}`;
  return { value, number: Number(value) };
}

/**
 * A code may be glued to its number ("RM50.00", "EUR12.50", "12.50EUR"), so its boundary on the number's
 * side is "no letter" rather than `\b` (a digit is a word character). The outer side keeps `\b`: the tail
 * of a word ("FORM12.50") is not a currency.
 */
const AMOUNT = new RegExp(
  String.raw`(?<pre>US\$|[$€£¥₹￥₩]|\b(?:RM|Rs\.?|${CODES.join('|')}|EURO?)(?![A-Za-z]))?\s?` +
    String.raw`(?<num>[-−]?\(?\d{1,3}(?:[.,'’\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?\)?[-−]?|[-−]?\d+(?:[.,]\d{1,4})?[-−]?)` +
    String.raw`(?!\d|[.,]\d|\s?%|/\d|:\d)\s?(?<post>[$€£円元원]|(?:${CODES.join('|')}|EUR|Euro|€)\b)?`,
  'g',
);

/**
 * A value whose thousands are set apart by a plain space ("Å betale: 27 600.00 kr", "Total 1 234,56 €",
 * or typeset "$1, 034.00") is read whole when it is the only number in the text (what follows a total's
 * label): in a table row the same spaces separate columns, so everywhere else they still split numbers.
 */
export function joinSpaceGroups(text: string): string {
  const m = /^([^\d\n]*?)(\d{1,3}(?:(?: |[,.] )\d{3})+(?:[.,]\d{1,2})?)(?![\d.,]*\d)([^\d\n]*)$/u.exec(text);
  return m ? `${m[1]}${(m[2] as string).replace(/([,.]) /g, '$1').replace(/ /g, '\u00a0')}${m[3]}` : text;
}

/** Amount-looking numbers in a text (dates, percentages and long digit runs are not amounts). */
export function findAmounts(text: string): AmountCandidate[] {
  const out: AmountCandidate[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const num = m.groups?.num as string;
    const start = m.index + m[0].indexOf(num);
    const before = text.slice(Math.max(0, start - 2), start);
    // Part of a date, a time (8:13), an id (INV-2023) or a longer number.
    if (!m.groups?.pre && (/[\p{L}\d/.-]$/u.test(before) || /\d:$/.test(before))) continue;
    const digits = num.replace(/\D/g, '');
    if (digits.length > 12) continue;
    let parsed = parseAmount(num);
    if (!parsed) continue;
    // A minus before the currency symbol ("-$99.57", "- € 12,00") negates the amount.
    if (
      m.groups?.pre &&
      parsed.number > 0 &&
      /(?:^|[\s(:])[-−]\s?$/u.test(text.slice(Math.max(0, m.index - 3), m.index))
    )
      parsed = { value: `-${parsed.value}`, number: -parsed.number };
    const symbol = m.groups?.pre ?? m.groups?.post ?? null;
    out.push({
      raw: m[0].trim(),
      index: m.index,
      value: parsed.value,
      number: parsed.number,
      currency: symbol ? currencyCode(symbol) : null,
    });
  }
  return out;
}

/**
 * The dollar a bare "$" means on this page: Australian, Canadian, New Zealand, Singapore or Hong Kong
 * dollars when the page says so by a prefixed symbol or by the country's business marks (an ABN or a
 * state and postcode; HST or a province and postal code), else null (American, the usual reading).
 */
export function localDollar(text: string): string | null {
  if (/\bUS\$|\bUSD\b/.test(text)) return null;
  if (/\bA\$|\bAU\$|\bABN\b|\b(?:NSW|VIC|QLD|TAS|ACT)\s+\d{4}\b/.test(text)) return 'AUD';
  if (
    /\bC\$|\bCA\$|\b(?:HST|GST\/HST|QST)\b|\b(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE)\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/.test(text)
  )
    return 'CAD';
  if (/\bNZ\$/.test(text)) return 'NZD';
  if (/\bS\$/.test(text)) return 'SGD';
  if (/\bHK\$/.test(text)) return 'HKD';
  return null;
}

/**
 * The currency a "¥" means on this page: Chinese yuan when the page is Chinese (no kana, and 元, 人民币
 * or the words of a Chinese invoice or receipt), else Japanese yen.
 */
export function localYen(text: string): string {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]|円/u.test(text)) return 'JPY';
  return /元|人民币|人民幣|发票|發票|增值税|价税|收据|小票|[\p{Script=Han}]{2}有限公司/u.test(text) ? 'CNY' : 'JPY';
}

/** Currency codes and symbols found in a text, most frequent first. */
export function currenciesIn(text: string): string[] {
  const counts = new Map<string, number>();
  let dollar: string | undefined;
  // Glued to an amount too ("RM50.00", "12.50EUR"), as in findAmounts; never inside a word.
  const re = new RegExp(String.raw`US\$|[$€£₹]|(?<![A-Za-z])(?:RM|${CODES.join('|')})(?![A-Za-z])`, 'g');
  for (const m of text.matchAll(re)) {
    const code = m[0] === '$' ? (dollar ??= localDollar(text) ?? 'USD') : currencyCode(m[0]);
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  // Amounts in words name the currency ("Rupees Four Thousand … Only", "Ringgit Malaysia Fifty").
  for (const m of text.matchAll(CURRENCY_WORDS)) {
    const code = CURRENCY_WORD_CODES[(m[1] as string).toLowerCase().replace(/s$/, '')];
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([code]) => code);
}

const CURRENCY_WORDS = /\b(rupees?|rupiah|ringgit|euros?|yen|yuan|renminbi)\b/gi;
const CURRENCY_WORD_CODES: Record<string, string> = {
  rupee: 'INR',
  rupiah: 'IDR',
  ringgit: 'MYR',
  euro: 'EUR',
  yen: 'JPY',
  yuan: 'CNY',
  renminbi: 'CNY',
};
