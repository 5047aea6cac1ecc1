/**
 * Receipt rules, written for noisy OCR of till slips: the shop name is the first name-like line at the
 * top, the total is the largest amount on a total-like line (rounded totals and totals including tax
 * come last and largest), the date is the first readable date.
 */
import type { FieldValue } from '../../../../shared/contract/schemas/fieldValue.js';
import { currenciesIn, findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import { PHONE, normalizePhone } from './identifiers.js';
import { field, ORG_SUFFIX, type RuleContext } from './fieldBuilder.js';

const SHOP_WORD =
  /\b(?:SDN|BHD|S\/B|ENTERPRISE|TRADING|RESTAURANT|RESTORAN|STORE|MART|SHOP|HARDWARE|STATIONERY|BOOK|PHARMACY|CAFE|BAKERY|MARKET|SUPERMARKET|HYPERMARKET|CENTRE|CENTER|KEDAI|GIFT|FOOD|HOTEL|ELECTRICAL|MACHINERY|TRADERS?|HOLDINGS?|SERVICES?|MOTOR|AUTO|PETROL|STATION)\b/i;
const TOTAL_LABEL = /\b(?:total|jumlah|amount|amt|nett|net\s+total|grand|balance|due|payable|summe|gesamt|betrag|montant|totaal|importe)\b/i;
const NOT_TOTAL = /\b(?:sub\s*-?total|subtotal|qty|quantity|items?|discount|disc|saving|service\s+charge|change|tendered|excl\w*|points?)\b|total\s*(?:tax|gst|sst|vat)|^\W*(?:gst|sst|tax|vat)\b/i;

function looksLikeName(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4) return false;
  const upper = text.replace(/[^\p{Lu}]/gu, '').length;
  // Receipts print the shop name in capitals; a lower-case first line is usually handwriting or noise.
  if (/\b(?:jalan|jln|taman|lot|no\.|road|street|floor|darul|ehsan|johor|selangor|kuala|lumpur)\b/i.test(text) && !/\b(?:SDN|BHD|S\/B)\b/.test(text)) return false;
  return upper / letters.length > 0.6 && !/^\W*(?:receipt|tax\s+invoice|invoice|cash\s+bill|official|welcome|date|tel|fax|gst|no\b)/i.test(text.trim());
}

/**
 * Registration numbers after the name "(519537-X)" are not part of it, nor is what OCR adds around it;
 * the legal form is repaired from its usual OCR slips ("SON BILD", "SDN 3HD", "5/B" for SDN BHD, S/B).
 */
function cleanCompany(text: string): string {
  let name = text
    .trim()
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
  return name;
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
  const ocrDate = (text: string): string => text.replace(/(\d)\s*([-/.])\s*[“"'‘’]?\s*(?=\d)/g, '$1$2');
  const dates = lines.flatMap((l) => findDates(ocrDate(l.text), ctx.dateOrder ?? 'dmy').map((d) => ({ d, l })));
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
  const candidates: Array<{ value: string; number: number; raw: string; page: number; strong: boolean }> = [];
  lines.forEach((line, at) => {
    if (!TOTAL_LABEL.test(line.text) || NOT_TOTAL.test(line.text)) return;
    let amounts = findAmounts(line.text.slice(TOTAL_LABEL.exec(line.text)?.index ?? 0)).filter((a) => /[.,]\d{2}$/.test(a.raw));
    if (!amounts.length) {
      const next = lines[at + 1];
      if (next) amounts = findAmounts(next.text).filter((a) => /[.,]\d{2}$/.test(a.raw));
    }
    // Summary tables print "TOTAL: <amount> <tax>": the largest amount on the line is the total.
    const last = amounts.reduce<(typeof amounts)[number] | undefined>((a, b) => (!a || b.number > a.number ? b : a), undefined);
    if (last && last.number > 0 && last.number < 100_000) candidates.push({ value: last.value, number: last.number, raw: last.raw, page: line.page, strong: /\b(?:total|jumlah)\b/i.test(line.text) });
  });
  const allAmounts = findAmounts(ctx.text).filter((a) => /[.,]\d{2}$/.test(a.raw) && a.number > 0 && a.number < 100_000);
  const repeated = (value: string): number => allAmounts.filter((a) => a.value === value).length;
  let total = candidates.length ? candidates.reduce((a, b) => (b.number > a.number ? b : a)) : undefined;
  let totalConfidence = total ? (repeated(total.value) >= 2 ? 0.88 : 0.72) : 0;
  if (!total) {
    // No readable total line: an amount printed twice or more (total, then paid) is the best guess.
    const twice = allAmounts.filter((a) => repeated(a.value) >= 2).sort((a, b) => b.number - a.number)[0];
    if (twice) {
      total = { value: twice.value, number: twice.number, raw: twice.raw, page: lines[0]?.page ?? 1, strong: false };
      totalConfidence = 0.45;
    }
  }
  if (total && /\bround/i.test(ctx.text) && Math.round(total.number * 100) % 5 !== 0) {
    // Cash rounding to 5 cents (Malaysia, Switzerland, ...): the payable total is the rounded one.
    const rounded = (Math.round(total.number * 20) / 20).toFixed(2);
    total = { ...total, value: rounded, number: Number(rounded) };
    totalConfidence = Math.min(totalConfidence, 0.7);
  }
  if (total) fields.push(field(ctx, 'total', total.raw, total.value, totalConfidence, total.page));

  // Tax.
  const taxLine = lines.find((l) => /\b(?:gst|sst|tax|vat|mwst|tva)\b/i.test(l.text) && !/\b(?:id|reg|no|excl|incl\w*\s*$)\b/i.test(l.text) && findAmounts(l.text).some((a) => /[.,]\d{2}$/.test(a.raw)));
  if (taxLine) {
    const amount = findAmounts(taxLine.text).filter((a) => /[.,]\d{2}$/.test(a.raw)).pop();
    if (amount && (!total || amount.number < total.number)) fields.push(field(ctx, 'tax_total', amount.raw, amount.value, 0.55, taxLine.page));
  }

  const currency = currenciesIn(ctx.text)[0];
  if (currency) fields.push(field(ctx, 'currency', currency, currency, 0.8));
  return fields;
}
