/**
 * Receipt rules, written for noisy OCR of till slips: the shop name is the first name-like line at the
 * top, the total is the amount on a total-like line that something independent confirms (see
 * receiptTotal), the date is the first readable date (on a date-labelled line if there is one).
 */
import type { FieldValue } from '../../../../shared/contract/schemas/fieldValue.js';
import { currenciesIn, findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import { PHONE, normalizePhone } from './identifiers.js';
import type { DocumentLine } from './documentLines.js';
import { field, ORG_SUFFIX, type RuleContext } from './fieldBuilder.js';

const SHOP_WORD =
  /\b(?:SDN|BHD|S\/B|ENTERPRISE|TRADING|RESTAURANT|RESTORAN|STORE|MART|SHOP|HARDWARE|STATIONERY|BOOK|PHARMACY|CAFE|BAKERY|MARKET|SUPERMARKET|HYPERMARKET|CENTRE|CENTER|KEDAI|GIFT|FOOD|HOTEL|ELECTRICAL|MACHINERY|TRADERS?|HOLDINGS?|SERVICES?|MOTOR|AUTO|PETROL|STATION)\b/i;
// "T0TAL", "TOTA1", "Tota|": OCR slips of the one word every till prints.
const TOTAL_LABEL = /\b(?:t[o0]t[a4][l1i|]|jumlah|amount|amt|nett|net\s+total|grand|balance|due|payable|summe|gesamt|betrag|montant|totaal|importe)\b/i;
const NOT_TOTAL =
  /\b(?:sub\s*-?\s*t[o0]tal|subtotal|qty|quantity|items?|discount|disc|saving|service\s+charge|change|tendered|exc\w*|points?)\b|t[o0]tal\s*(?:tax|gst|sst|vat)|^\W*(?:gst|sst|tax|vat)\b/i;
/** Labels that only the payable total carries (a plain "Total" may be a subtotal or a tax summary). */
const FINAL_TOTAL = /\b(?:payable|grand\s*t[o0]tal|nett?\s*t[o0]tal|t[o0]tal\s*(?:amount|due|payable)|amount\s*due|balance\s*due|jumlah)\b|\binc\w*\.?\s*(?:of\s+)?(?:gst|sst|tax|vat)/i;
/** Lines that carry the amount before tax, the tax, the cash handed over and the change. */
const SUBTOTAL_LINE = /\b(?:sub\s*-?\s*t[o0]tal|subtotal|exc\w*\s+(?:gst|sst|tax|vat)|gross\s+(?:amount|total))\b/i;
const TAX_LINE = /\b(?:gst|sst|tax|vat)\b/i;
const PAID_LINE = /\b(?:cash|paid|tendered|payment|tunai)\b/i;
const CHANGE_LINE = /\b(?:change|baki)\b/i;

function looksLikeName(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4) return false;
  const upper = text.replace(/[^\p{Lu}]/gu, '').length;
  // Receipts print the shop name in capitals; a lower-case first line is usually handwriting or noise.
  if (/\b(?:jalan|jln|taman|lot|no\.|road|street|floor|darul|ehsan|johor|selangor|kuala|lumpur|bandar|lorong|persiaran|kampung)\b/i.test(text) && !/\b(?:SDN|BHD|S\/B)\b/.test(text)) return false;
  // An item line ("CAFE CREME 12.00 2 24.00"), a registration number, or a slip's own title.
  if (/\d[.,]\d{2}\b|\breg\.?\s*no\b/i.test(text) || /\b(?:tax\s+invoice|invoice|receipt|cash\s+bill|voucher|points)\b/i.test(text)) return false;
  return upper / letters.length > 0.6 && !/^\W*(?:receipt|tax\s+invoice|invoice|cash\s+bill|official|welcome|date|tel|fax|gst|no\b)/i.test(text.trim());
}

/**
 * Registration numbers after the name "(519537-X)" are not part of it, nor is what OCR adds around it;
 * the legal form is repaired from its usual OCR slips ("SON BILD", "SDN 3HD", "5/B" for SDN BHD, S/B).
 */
function cleanCompany(text: string): string {
  let name = text
    .replace(/_/g, ' ')
    .trim()
    .replace(/^(?:(?:simplified\s+)?tax\s+invoice|receipt|cash\s+bill)\s+/i, '')
    // OCR debris before the name: a long run of digits ("000002 BAIFU"; "99 SPEED MART" keeps its 99), a lower-case fragment ("rOSTVD BEMED").
    .replace(/^(?:\d{4,}|\p{Ll}\S*)\s+(?=\p{Lu}{2})/u, '')
    .replace(/^[^\p{L}\d]+/u, '')
    .replace(/^#\d+\s+/, '')
    .replace(/\s*\((?=[^)]*\d)[^)]*\)?\s*$/, '')
    .replace(/\bS[DO0I1]N\b(\.?)\s*[B83E][HIEL]{0,2}[LI]?[DO0)](\.?)(?![\p{L}])/gu, 'SDN$1 BHD$2')
    .replace(/\b(?:5|S)\/(?:B|8|2)\b/g, 'S/B')
    .replace(/\s{2,}/g, ' ')
    .trim();
  // Nothing after the legal form belongs to the name.
  const end = /\b(?:SDN\.?\s*BHD\.?|S\/B|BHD\.?)(?![\p{L}])/u.exec(name);
  if (end) name = name.slice(0, end.index + end[0].length);
  // A name in capitals followed by OCR debris with lower-case letters ("YONG CEN ENTERPRISE Fo a").
  if (/^[^\p{Ll}]{4,}/u.test(name)) name = name.replace(/(?:\s+(?!(?:Sdn|Bhd|Co|Ltd|Inc)\b)\S*\p{Ll}\S*){1,3}$/u, '');
  return name.trim();
}

/**
 * OCR splits "79.35" into "79. 35". A number never ends in a separator, so a separator, one space and
 * two digits are joined back.
 */
export function repairOcrAmounts(text: string): string {
  return text.replace(/(\d)([.,]) (\d{2})(?![\d.,])/g, '$1$2$3');
}

/** Letters OCR puts for digits: O/Q/D for 0, I/l/| for 1, Z for 2, S for 5, B for 8. */
const DIGIT_FOR: Record<string, string> = { O: '0', o: '0', Q: '0', D: '0', I: '1', l: '1', '|': '1', Z: '2', S: '5', B: '8' };
const DATE_SHAPE = /(?<![\p{L}\d])[\dOoQDIl|ZSB]{1,2}\s?[-/.]\s?(?:[\dOoQDIl|ZSB]{1,2}|[A-Za-z]{3})\s?[-/.]\s?[\dOoQDIl|ZSB]{2,4}(?![\p{L}\d])/gu;

/**
 * Repairs letters inside date-shaped tokens ("O23/06/2017" stays wrong, "Q1-Nov-2017" and "1O/O3/2018"
 * are read). Only tokens that already hold at least three digits are touched, so words stay words.
 */
export function repairOcrDigits(text: string): string {
  return text.replace(DATE_SHAPE, (token) => {
    if ((token.match(/\d/g) ?? []).length < 3) return token;
    const parts = token.split(/([-/.]\s?)/);
    return parts.map((p) => (/^[A-Za-z]{3}$/.test(p) && !/^[OoQDIlZSB\d]+$/.test(p) ? p : p.replace(/[OoQDIl|ZSB]/g, (c) => DIGIT_FOR[c] ?? c))).join('');
  });
}

/** Amounts with two decimals (till slips always print cents), positive and plausible for one purchase. */
function tillAmounts(text: string): ReturnType<typeof findAmounts> {
  return findAmounts(repairOcrAmounts(text)).filter((a) => /[.,]\d{2}$/.test(a.raw) && a.number > 0 && a.number < 100_000);
}

const cents = (n: number): number => Math.round(n * 100);

/** Two amounts in cents written with the same number of digits that differ in exactly one of them. */
function oneDigitApart(a: number, b: number): boolean {
  const x = String(a);
  const y = String(b);
  if (x.length !== y.length || x === y) return false;
  let differences = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differences++;
  return differences === 1;
}

export interface ReceiptTotal {
  raw: string;
  value: string;
  page: number;
  confidence: number;
}

/**
 * The payable total. Candidates are the amounts on total-like lines. OCR misreads digits ("9.00" as
 * "9.60"), so a candidate is trusted more when something independent confirms it: the subtotal plus
 * tax (plus rounding) adds up to it, the cash paid minus the change equals it, or the same amount is
 * printed again elsewhere (the till repeats the total as the amount paid or in an "inclusive" line).
 * Order: the largest candidate that adds up (or, failing that, a sum that adds up when a total line is
 * one misread digit away from it); then one on a "payable"-type line; then the largest printed twice;
 * then the largest (totals including tax and rounded totals come last and largest).
 */
export function receiptTotal(lines: readonly DocumentLine[], text: string): ReceiptTotal | null {
  const candidates: Array<{ value: string; number: number; raw: string; page: number; line: number }> = [];
  lines.forEach((line, at) => {
    if (!TOTAL_LABEL.test(line.text) || NOT_TOTAL.test(line.text)) return;
    let amounts = tillAmounts(line.text.slice(TOTAL_LABEL.exec(line.text)?.index ?? 0));
    let from = at;
    if (!amounts.length) {
      const next = lines[at + 1];
      if (next) {
        amounts = tillAmounts(next.text);
        from = at + 1;
      }
    }
    // Summary tables print "TOTAL: <amount> <tax>": the largest amount on the line is the total.
    const largest = amounts.reduce<(typeof amounts)[number] | undefined>((a, b) => (!a || b.number > a.number ? b : a), undefined);
    if (largest) candidates.push({ value: largest.value, number: largest.number, raw: largest.raw, page: line.page, line: from });
  });

  const lastAmount = (re: RegExp, exclude?: RegExp): number[] =>
    lines.flatMap((l) => (re.test(l.text) && !(exclude?.test(l.text) ?? false) ? tillAmounts(l.text).slice(-1).map((a) => a.number) : []));
  const roundingLine = lines.find((l) => /\br[o0]und/i.test(l.text));
  const rounding = roundingLine ? findAmounts(repairOcrAmounts(roundingLine.text)).filter((a) => /[.,]\d{2}$/.test(a.raw) && Math.abs(a.number) < 0.1).pop() : undefined;
  const confirmations = new Set<number>();
  const services = [0, ...lastAmount(/\bservice\s+charge|\bsvc\b|\bs\/c\b/i)];
  for (const sub of lastAmount(SUBTOTAL_LINE)) {
    for (const tax of lastAmount(TAX_LINE, /\b(?:reg|id|no|incl\w*|summary|code)\b|%\s*\S+\s+\S+\s*$/i)) {
      if (tax >= sub) continue;
      for (const service of services) {
        if (service >= sub) continue;
        confirmations.add(cents(sub + service + tax));
        if (rounding) confirmations.add(cents(sub + service + tax + rounding.number));
      }
    }
  }
  for (const paid of lastAmount(PAID_LINE, CHANGE_LINE)) for (const change of lastAmount(CHANGE_LINE)) if (paid > change) confirmations.add(cents(paid - change));
  // A sum that adds up and is printed somewhere (as the cash paid, say) is the total even when the
  // total line itself is unreadable.
  lines.forEach((line, at) => {
    for (const a of tillAmounts(line.text)) {
      if (confirmations.has(cents(a.number)) && !candidates.some((c) => c.value === a.value)) candidates.push({ value: a.value, number: a.number, raw: a.raw, page: line.page, line: at });
    }
  });
  const everywhere = tillAmounts(text);
  const printedTwice = (c: (typeof candidates)[number]): boolean =>
    lines.some((l, at) => at !== c.line && tillAmounts(l.text).some((a) => a.value === c.value)) || everywhere.filter((a) => a.value === c.value).length >= 2;
  const largest = <T extends { number: number }>(xs: readonly T[]): T | undefined => xs.reduce<T | undefined>((a, b) => (!a || b.number > a.number ? b : a), undefined);

  let repairedDigit = false;
  let added = largest(candidates.filter((c) => confirmations.has(cents(c.number))));
  if (!added) {
    // A sum that adds up and a total line one misread digit away from it ("345.95" for 343.95): the sum.
    const near = [...confirmations].filter((sum) => sum > 0 && candidates.some((c) => oneDigitApart(cents(c.number), sum)));
    const sum = near.length ? Math.max(...near) : null;
    const at = sum === null ? undefined : candidates.find((c) => oneDigitApart(cents(c.number), sum));
    if (sum !== null && at) {
      added = { ...at, value: (sum / 100).toFixed(2), number: sum / 100 };
      repairedDigit = true;
    }
  }
  const repeated = largest(candidates.filter(printedTwice));
  const final = largest(candidates.filter((c) => FINAL_TOTAL.test(lines[c.line]?.text ?? '') || FINAL_TOTAL.test(lines[c.line - 1]?.text ?? '')));
  let total: { value: string; number: number; raw: string; page: number } | undefined;
  let confidence: number;
  if (added && (!repeated || added.number >= repeated.number) && (!final || added.number >= final.number)) {
    total = added;
    confidence = repairedDigit ? 0.75 : 0.9;
  } else if (final && (!repeated || final.number >= repeated.number)) {
    total = final;
    confidence = repeated === final ? 0.88 : 0.75;
  } else if (repeated) {
    total = repeated;
    confidence = 0.85;
  } else if ((total = largest(candidates))) {
    confidence = 0.65;
  } else {
    // No readable total line: an amount printed twice or more (total, then paid) is the best guess.
    const twice = largest(everywhere.filter((a) => everywhere.filter((b) => b.value === a.value).length >= 2));
    if (!twice) return null;
    total = { value: twice.value, number: twice.number, raw: twice.raw, page: lines[0]?.page ?? 1 };
    confidence = 0.45;
  }
  // Cash rounding to 5 cents (Malaysia, Switzerland, ...): the payable total is the rounded one. A
  // rounding line that reads 0.00 says the total was already payable as printed.
  if (roundingLine && cents(total.number) % 5 !== 0 && (!rounding || rounding.number !== 0)) {
    const rounded = (Math.round(total.number * 20) / 20).toFixed(2);
    total = { ...total, value: rounded, number: Number(rounded) };
    confidence = Math.min(confidence, 0.7);
  }
  return { raw: total.raw, value: total.value, page: total.page, confidence };
}

export function receiptFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const lines = ctx.lines;
  const top = lines.slice(0, 10);

  // Company.
  const withSuffix = top.find((l) => (ORG_SUFFIX.test(l.text) || SHOP_WORD.test(l.text)) && looksLikeName(l.text));
  const firstName = top.find((l) => looksLikeName(l.text));
  const company = withSuffix ?? firstName;
  let companyAt = -1;
  if (company) {
    companyAt = lines.indexOf(company);
    let name = cleanCompany(company.text);
    // A name broken over two lines: "LIAN CHI PU TIAN VEGETARIAN" / "RESTAURANT SDN BHD".
    const previous = lines[companyAt - 1];
    if (withSuffix && name.split(' ').length <= 3 && previous && companyAt <= 4 && looksLikeName(previous.text) && !/\d/.test(previous.text)) {
      name = `${cleanCompany(previous.text)} ${name}`;
    }
    // A name that visibly goes on: "HOME MASTER HARDWARE &" / "ELECTRICAL", "AIK HUAT (SETIA" / "ALAM) SDN BHD".
    const next = lines[companyAt + 1];
    const unclosed = (name.match(/\(/g) ?? []).length > (name.match(/\)/g) ?? []).length;
    if (next && (/[&,-]$/.test(name) || unclosed || /\b(?:AND|OF)$/.test(name)) && looksLikeName(next.text)) {
      name = cleanCompany(`${name} ${next.text}`);
    }
    fields.push(field(ctx, 'company', name, name, withSuffix ? 0.7 : 0.45, company.page));
  }

  // Address: the lines under the company name until a phone, tax id, date or receipt label.
  if (companyAt >= 0) {
    const parts: string[] = [];
    for (const line of lines.slice(companyAt + 1, companyAt + 6)) {
      if (/\b(?:tel|phone|fax|gst|reg|receipt|invoice|date|cashier|no\s*:|www|email)\b/i.test(line.text) || findDates(line.text).length) break;
      if (/\d/.test(line.text) || /\b(?:jalan|jln|taman|street|st\.|road|rd|avenue|lot|no\.?|floor|straße|strasse|rue)\b/i.test(line.text) || parts.length) parts.push(line.text.trim());
    }
    if (parts.length) {
      const address = parts.join(' ').replace(/\s{2,}/g, ' ');
      fields.push(field(ctx, 'address', address, address, 0.4, company?.page ?? null));
    }
  }

  // Phone.
  const phoneLine = lines.find((l) => /\b(?:tel|phone|ph|t)\s*[.:]/i.test(l.text));
  if (phoneLine) {
    const afterLabel = phoneLine.text.slice((/\b(?:tel|phone|ph|t)\s*[.:]/i.exec(phoneLine.text)?.index ?? 0) + 3);
    const m = afterLabel.match(PHONE)?.[0];
    const phone = m ? normalizePhone(m) : null;
    if (m && phone) fields.push(field(ctx, 'phone', m.trim(), phone, 0.75, phoneLine.page));
  }

  // Date and time.
  // OCR puts spaces and stray quotes inside dates ("23- “06- 2018"); a till slip is never dated in the future.
  const ocrDate = (text: string): string => repairOcrDigits(text).replace(/(\d)\s*([-/.])\s*[“"'‘’]?\s*(?=\d)/g, '$1$2');
  // Phone and fax numbers written with dots ("Tel. : 05.22.95.66.66") look like dates.
  const dates = lines
    .map((l) => ({ l, text: /\b(?:tel|fax|phone|h\/?p)\b/i.test(l.text) ? l.text.replace(/\d{2}(?:[.\s]\d{2}){3,}/g, ' ') : l.text }))
    .flatMap(({ l, text }) => findDates(ocrDate(text.replace(/_/g, ' ')), ctx.dateOrder ?? 'dmy').map((d) => ({ d, l })));
  const plausible = dates.filter(({ d }) => d.iso && d.iso.slice(0, 4) <= '2035' && d.iso.slice(0, 4) >= '1990');
  const date = plausible.find(({ l }) => /\b(?:date|dated|tarikh|datum|fecha)\b/i.test(l.text)) ?? plausible[0];
  if (date) {
    const decidedByGuess = date.d.ambiguous && ctx.dateOrderSource !== 'document';
    fields.push(field(ctx, 'date', date.d.raw, date.d.iso, decidedByGuess ? 0.6 : 0.88, date.l.page));
  }
  const timeMatch = lines.map((l) => ({ l, m: /\b([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*([AaPp][Mm])?\b/.exec(l.text) })).find((x) => x.m);
  if (timeMatch?.m) {
    let hour = Number(timeMatch.m[1]);
    const pm = timeMatch.m[4]?.toLowerCase() === 'pm';
    if (pm && hour < 12) hour += 12;
    if (timeMatch.m[4]?.toLowerCase() === 'am' && hour === 12) hour = 0;
    const normalized = `${String(hour).padStart(2, '0')}:${timeMatch.m[2]}${timeMatch.m[3] ? `:${timeMatch.m[3]}` : ''}`;
    fields.push(field(ctx, 'time', timeMatch.m[0].trim(), normalized, 0.8, timeMatch.l.page));
  }

  // Total.
  const total = receiptTotal(lines, ctx.text);
  if (total) fields.push(field(ctx, 'total', total.raw, total.value, total.confidence, total.page));

  // Tax.
  const taxLine = lines.find((l) => /\b(?:gst|sst|tax|vat|mwst|tva)\b/i.test(l.text) && !/\b(?:id|reg|no|excl|incl\w*\s*$)\b/i.test(l.text) && findAmounts(l.text).some((a) => /[.,]\d{2}$/.test(a.raw)));
  if (taxLine) {
    const amount = findAmounts(taxLine.text).filter((a) => /[.,]\d{2}$/.test(a.raw)).pop();
    if (amount && (!total || amount.number < Number(total.value))) fields.push(field(ctx, 'tax_total', amount.raw, amount.value, 0.55, taxLine.page));
  }

  const currency = currenciesIn(ctx.text)[0];
  if (currency) fields.push(field(ctx, 'currency', currency, currency, 0.8));
  return fields;
}
