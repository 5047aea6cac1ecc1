/**
 * Receipt rules, written for noisy OCR of till slips: the shop name is the first name-like line at the
 * top (see receiptCompany.ts), the total is the amount on a total-like line that something independent
 * confirms (see receiptTotal), the date is the first readable date (on a date-labelled line if there is one).
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { currenciesIn, findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import { PHONE, normalizePhone } from './identifiers.js';
import type { DocumentLine } from './documentLines.js';
import { field, type RuleContext } from './fieldBuilder.js';
import { receiptCompany } from './receiptCompany.js';

// "T0TAL", "TOTA1", "Tota|", "Tota]", "TOTA": OCR slips of the one word every till prints.
const TOTAL_LABEL =
  /\b(?:t[o0]t[a4][l1i]?|jumlah|amount|amt|nett|net\s+total|grand|balance|due|payable|summe|gesamt|betrag|montant|totaal|importe|totale|ttc|zu\s*zahlen|te\s*betalen)\b|\b(?:à|a)\s*p\s?ayer\b|\bt[o0]t[a4][|\]!](?!\w)|合計|合计|总计|應收|应收|실결제\s*금액|합\s*계|총\s*액/iu;
const NOT_TOTAL =
  /\b(?:sub\s*-?\s*t[o0]tal|subtotal|sous[-\s]?t[o0]tal|qty|quantity|items?|discount|disc|saving|service\s+charge|change|kembali(?:an)?|tendered|accepted|received|exc\w*|points?)\b|t[o0]tal\s*(?:tax|gst|sst|vat)|^\W*(?:gst|sst|tax|vat)\b/i;
/**
 * Labels that only the payable total carries (a plain "Total" may be a subtotal or a tax summary). The
 * first set names the amount to pay outright; "including tax" also labels per-rate summaries ("Total 6%
 * supplies (Inc. GST)"), so it is weaker.
 */
const PAYABLE_TOTAL =
  /\b(?:payable|grand\s*t[o0]tal|nett?\s*t[o0]tal|t[o0]tal\s*(?:amount\s*)?(?:due|payable)|amount\s*due|balance\s*due|jumlah|total\s*ttc|zu\s*zahlen|te\s*betalen|total\s*bayar)\b|\b(?:à|a)\s*p\s?ayer\b|应收|應收|실결제\s*금액/iu;
const FINAL_TOTAL = new RegExp(
  `${PAYABLE_TOTAL.source}|\\bt[o0]tal\\s*amount\\b|\\binc\\w*\\.?\\s*(?:of\\s+)?(?:gst|sst|tax|vat)`,
  'i',
);
/** Lines that carry the amount before tax, the tax, the cash handed over and the change. */
const SUBTOTAL_LINE =
  /\b(?:sub\s*-?\s*t[o0]tal[e]?|subtotal|subtotaal|sous[-\s]?total|zwischensu[mr]{1,2}n?e|exc\w*?\s*(?:gst|sst|tax|vat)|gross\s+(?:amount|total))\b|小計|小计|과세물품가액/iu;
// "TotalGST": OCR drops the space.
const TAX_LINE = /(?:\b|total)(?:gst|sst|tax|vat|tva|mwst|ust|iva|btw|ppn)\b|消費税|税额|부\s*가\s*세/iu;
const PAID_LINE =
  /\b(?:cash|paid|tendered|payment|tunai|bayar|accepted|received|bar|gegeben|esp[èe]ces|efectivo|contanti|contant)\b|お預り|お預かり|实收|實收|现金|받은\s*금액|신용카드/iu;
const CHANGE_LINE =
  /\b(?:change|baki|kembali(?:an)?|r[üu]ckgeld|wechselgeld|zur[üu]ck|cambio|vuelto|rendu|monnaie|wisselgeld|resto|troco)\b|お釣り?|おつり|找零|거스름돈/iu;
/** A line that carries its own label: its amount is not the value of a label on the line above. */
const OWN_LABEL = new RegExp(
  `${PAID_LINE.source}|${CHANGE_LINE.source}|${TAX_LINE.source}|${SUBTOTAL_LINE.source}|\\br[o0]und`,
  'i',
);

/**
 * OCR splits "79.35" into "79. 35". A number never ends in a separator, so a separator, one space and
 * two digits are joined back.
 */
export function repairOcrAmounts(text: string): string {
  return text.replace(/(\d)([.,]) (\d{2})(?![\d.,])/g, '$1$2$3');
}

/** Letters OCR puts for digits: O/Q/D for 0, I/l/| for 1, Z for 2, S for 5, B for 8. */
const DIGIT_FOR: Record<string, string> = {
  O: '0',
  o: '0',
  Q: '0',
  D: '0',
  I: '1',
  l: '1',
  '|': '1',
  Z: '2',
  S: '5',
  B: '8',
};
const DATE_SHAPE =
  /(?<![\p{L}\d])[\dOoQDIl|ZSB]{1,2}\s?[-/.]\s?(?:[\dOoQDIl|ZSB]{1,2}|[A-Za-z]{3})\s?[-/.]\s?[\dOoQDIl|ZSB]{2,4}(?![\p{L}\d])/gu;

/**
 * Repairs letters inside date-shaped tokens ("O23/06/2017" stays wrong, "Q1-Nov-2017" and "1O/O3/2018"
 * are read). Only tokens that already hold at least three digits are touched, so words stay words.
 */
export function repairOcrDigits(text: string): string {
  return text.replace(DATE_SHAPE, (token) => {
    if ((token.match(/\d/g) ?? []).length < 3) return token;
    const parts = token.split(/([-/.]\s?)/);
    return parts
      .map((p) =>
        /^[A-Za-z]{3}$/.test(p) && !/^[OoQDIlZSB\d]+$/.test(p)
          ? p
          : p.replace(/[OoQDIl|ZSB]/g, (c) => DIGIT_FOR[c] ?? c),
      )
      .join('');
  });
}

/**
 * A zero OCR read as 6, 8 or 9 in a numeric date: a month of "61", a day of "93" or a year of "2618"
 * cannot be, and the same date with that digit read as 0 can ("05/61/2018" is 05/01/2018, "12-02-2618"
 * is 12-02-2018). Only digits that make the date impossible are touched; the repaired date is a guess.
 */
export function repairImpossibleDate(text: string): { text: string; repaired: boolean } {
  let repaired = false;
  const zero = (part: string, max: number): string => {
    if (Number(part) <= max || !/^[689]\d$/.test(part)) return part;
    repaired = true;
    return `0${part[1]}`;
  };
  const out = text.replace(
    /(?<![\d.])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d.])/g,
    (_m, a: string, sep: string, b: string, year: string) => {
      let y = year;
      if (/^2[689]\d\d$/.test(year) && Number(year) > 2035) {
        y = `20${year.slice(2)}`;
        repaired = true;
      }
      return `${zero(a, 31)}${sep}${zero(b, 31)}${sep}${y}`;
    },
  );
  return { text: out, repaired };
}

/**
 * A currency written against the amount ("RM40.00", "fM1.00" for RM, "EUR12.50") is split from it, so the
 * amount reads; an amount with cents is never the tail of a word.
 */
export function splitGluedCurrency(text: string): string {
  return text.replace(/(\p{L})(?=\d{1,6}[.,]\d{2}(?![\d.,]))/gu, '$1 ');
}

/**
 * Amounts with two decimals (till slips print cents), positive (or zero, for change) and plausible for
 * one purchase. In currencies without cents (rupiah, yen, won, dong) the till prints whole amounts in
 * thousands groups ("18.000", "1,250,000"): `wholeThousands` reads those instead.
 */
function tillAmountsOf(text: string, zeroToo = false, wholeThousands = false): ReturnType<typeof findAmounts> {
  const shape = wholeThousands ? /^\D*\d{1,3}(?:[.,]\d{3})+\D*$/ : /[.,]\d{2}$/;
  return findAmounts(splitGluedCurrency(repairOcrAmounts(text))).filter(
    (a) =>
      shape.test(a.raw) && (a.number > 0 || (zeroToo && a.number === 0)) && a.number < (wholeThousands ? 1e9 : 100_000),
  );
}

/** A slip with no amount in cents and several in thousands groups is priced in a currency without cents. */
function pricedWithoutCents(text: string): boolean {
  return tillAmountsOf(text).length === 0 && tillAmountsOf(text, false, true).length >= 2;
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

/** Two amounts in cents where the shorter is the tail of the longer: OCR lost the leading digits ("7.55" for 27.55). */
function lostLeadingDigits(short: number, long: number): boolean {
  const x = String(short);
  const y = String(long);
  return x.length >= 3 && y.length > x.length && y.endsWith(x);
}

type Candidate = { value: string; number: number; raw: string; page: number; line: number; borrowed?: boolean };

/**
 * The payable total. Candidates are the amounts on total-like lines. OCR misreads digits ("9.00" as
 * "9.60"), so a candidate is trusted more when something independent confirms it: the subtotal plus
 * tax (plus rounding) adds up to it, the cash paid minus the change equals it, or the same amount is
 * printed again elsewhere (the till repeats the total as the amount paid or in an "inclusive" line).
 * Order: a candidate both sums confirm; the largest candidate that adds up (or, failing that, a sum
 * that adds up when a total line is one misread digit away from it or is its tail); then one on a
 * "payable"-type line; then one on an "including tax" line; then the largest printed twice; then the
 * largest (totals including tax and rounded totals come last and largest). With no readable total
 * line: the subtotal, the cash paid when no change is given, an amount printed twice.
 */
export function receiptTotal(lines: readonly DocumentLine[], text: string): ReceiptTotal | null {
  const whole = pricedWithoutCents(text);
  const tillAmounts = (t: string, zeroToo = false): ReturnType<typeof findAmounts> => tillAmountsOf(t, zeroToo, whole);
  const candidates: Candidate[] = [];
  lines.forEach((line, at) => {
    if (!TOTAL_LABEL.test(line.text) || NOT_TOTAL.test(line.text)) return;
    let amounts = tillAmounts(line.text.slice(TOTAL_LABEL.exec(line.text)?.index ?? 0));
    let from = at;
    let borrowed = false;
    if (!amounts.length) {
      const next = lines[at + 1];
      if (next) {
        amounts = tillAmounts(next.text);
        from = at + 1;
        // "TOTAL" then "CASH 50.00": an unreadable total followed by the cash paid. That amount is the
        // total only if something confirms it (or it is one misread digit from a sum that adds up).
        borrowed = OWN_LABEL.test(next.text) || TOTAL_LABEL.test(next.text);
      }
    }
    // Summary tables print "TOTAL: <amount> <tax>": the largest amount on the line is the total.
    const largest = amounts.reduce<(typeof amounts)[number] | undefined>(
      (a, b) => (!a || b.number > a.number ? b : a),
      undefined,
    );
    if (largest)
      candidates.push({
        value: largest.value,
        number: largest.number,
        raw: largest.raw,
        page: line.page,
        line: from,
        borrowed,
      });
  });

  const lastAmount = (re: RegExp, exclude?: RegExp, zeroToo = false): number[] =>
    lines.flatMap((l) =>
      re.test(l.text) && !(exclude?.test(l.text) ?? false)
        ? tillAmounts(l.text, zeroToo)
            .slice(-1)
            .map((a) => a.number)
        : [],
    );
  const roundingLine = lines.find((l) => /\br[o0]und/i.test(l.text));
  const rounding = roundingLine
    ? findAmounts(splitGluedCurrency(repairOcrAmounts(roundingLine.text)))
        .filter((a) => /[.,]\d{2}$/.test(a.raw) && Math.abs(a.number) < 0.1)
        .pop()
    : undefined;
  // Sums that add up, in cents; `bySum` and `byCash` say which of the two independent checks found each.
  const bySum = new Set<number>();
  const byCash = new Set<number>();
  const services = [0, ...lastAmount(/\bservice\s+charge|\bsvc\b|\bs\/c\b/i)];
  const subtotals = lastAmount(SUBTOTAL_LINE);
  for (const sub of subtotals) {
    // Not a per-rate summary ("GST 6% 1.00 17.00": rate, tax, amount); "TVA 20% EUR 28,16" is the tax.
    for (const tax of lastAmount(TAX_LINE, /\b(?:reg|id|no|incl\w*|summary|code)\b|%\s*\S*\d\S*\s+\S*\d\S*\s*$/i)) {
      if (tax >= sub) continue;
      for (const service of services) {
        if (service >= sub) continue;
        bySum.add(cents(sub + service + tax));
        if (rounding) bySum.add(cents(sub + service + tax + rounding.number));
        // A rounding line whose amount OCR lost still says the sum was rounded to 5 cents.
        else if (roundingLine) bySum.add(Math.round((sub + service + tax) * 20) * 5);
      }
    }
  }
  const paidAmounts = lastAmount(PAID_LINE, CHANGE_LINE);
  const changes = lastAmount(CHANGE_LINE, undefined, true);
  // "Change 0.00" says the cash handed over was the total exactly; but the cash amount trivially
  // "confirms" itself, so it only confirms an amount read on (or under) a total line.
  const paidExactly = new Set<number>();
  for (const paid of paidAmounts) {
    for (const change of changes) {
      if (change === 0) paidExactly.add(cents(paid));
      else if (paid > change) byCash.add(cents(paid - change));
    }
  }
  const confirmations = new Set([...bySum, ...byCash]);
  const confirmed = (c: Candidate): boolean => confirmations.has(cents(c.number)) || paidExactly.has(cents(c.number));
  // A sum that adds up and is printed somewhere (as the cash paid, say) is the total even when the
  // total line itself is unreadable.
  lines.forEach((line, at) => {
    for (const a of tillAmounts(line.text)) {
      if (confirmations.has(cents(a.number)) && !candidates.some((c) => c.value === a.value))
        candidates.push({ value: a.value, number: a.number, raw: a.raw, page: line.page, line: at });
    }
  });
  const everywhere = tillAmounts(text);
  const printedTwice = (c: Candidate): boolean =>
    lines.some((l, at) => at !== c.line && tillAmounts(l.text).some((a) => a.value === c.value)) ||
    everywhere.filter((a) => a.value === c.value).length >= 2;
  const largest = <T extends { number: number }>(xs: readonly T[]): T | undefined =>
    xs.reduce<T | undefined>((a, b) => (!a || b.number > a.number ? b : a), undefined);
  const own = candidates.filter((c) => !c.borrowed);
  // The label is on the amount's line, or alone on the line above it ("GST payable: 1.76" labels its own amount only).
  const onLine =
    (re: RegExp) =>
    (c: Candidate): boolean => {
      const above = lines[c.line - 1]?.text ?? '';
      return re.test(lines[c.line]?.text ?? '') || (re.test(above) && !tillAmounts(above).length);
    };

  // The subtotal plus tax and the cash minus the change agreeing on a sum that OCR lost from the total line.
  const agreedSum = (): { value: string; number: number; raw: string; page: number } | undefined => {
    const both = [...bySum].filter((sum) => sum > 0 && (byCash.has(sum) || paidExactly.has(sum)));
    if (!both.length) return undefined;
    const value = (Math.max(...both) / 100).toFixed(2);
    return { value, number: Number(value), raw: value, page: lines[0]?.page ?? 1 };
  };
  let repairedDigit = false;
  // The subtotal plus tax and the cash minus the change agreeing on one printed amount: nothing beats that.
  const twiceConfirmed = largest(
    candidates.filter(
      (c) => bySum.has(cents(c.number)) && (byCash.has(cents(c.number)) || paidExactly.has(cents(c.number))),
    ),
  );
  let added = twiceConfirmed ?? largest(candidates.filter(confirmed));
  if (!added) {
    // A sum that adds up and a total line one misread digit away from it ("345.95" for 343.95), or
    // ending like it ("7.55" for 27.55, the leading digit lost): the sum.
    const close = (c: Candidate, sum: number): boolean =>
      oneDigitApart(cents(c.number), sum) || lostLeadingDigits(cents(c.number), sum);
    const near = [...confirmations].filter((sum) => sum > 0 && candidates.some((c) => close(c, sum)));
    const sum = near.length ? Math.max(...near) : null;
    const at = sum === null ? undefined : candidates.find((c) => close(c, sum));
    if (sum !== null && at) {
      added = { ...at, value: (sum / 100).toFixed(2), number: sum / 100 };
      repairedDigit = true;
    }
  }
  const repeated = largest(own.filter(printedTwice));
  const payable = largest(own.filter(onLine(PAYABLE_TOTAL)));
  const final = largest(own.filter(onLine(FINAL_TOTAL)));
  let total: { value: string; number: number; raw: string; page: number } | undefined;
  let confidence: number;
  if (twiceConfirmed) {
    total = twiceConfirmed;
    confidence = 0.92;
  } else if (
    added &&
    (!repeated || added.number >= repeated.number) &&
    (!final || added.number >= final.number || added.value === payable?.value)
  ) {
    total = added;
    confidence = repairedDigit ? 0.75 : 0.9;
  } else if (payable) {
    // "Total payable" names the amount to pay; per-rate "(Inc. GST)" summaries and repeated subtotals may be larger.
    total = payable;
    confidence = repeated === payable ? 0.88 : 0.8;
  } else if (final && (!repeated || final.number >= repeated.number)) {
    total = final;
    confidence = repeated === final ? 0.88 : 0.75;
  } else if (repeated) {
    total = repeated;
    confidence = 0.85;
  } else if ((total = agreedSum())) {
    confidence = 0.8;
  } else if ((total = largest(own))) {
    confidence = 0.55;
  } else {
    // No readable total line. The subtotal is the total when no tax is added on top; the cash handed
    // over is when no change is given; failing those, an amount printed twice or more (total, then paid).
    const paidExact = changes.every((c) => c === 0) && paidAmounts.length === 1 ? paidAmounts[0] : undefined;
    const subtotal = subtotals.length ? subtotals[subtotals.length - 1] : undefined;
    const twice = largest(everywhere.filter((a) => everywhere.filter((b) => b.value === a.value).length >= 2));
    const guess = subtotal ?? paidExact ?? twice?.number;
    if (guess === undefined) return null;
    const raw = subtotal === undefined && paidExact === undefined && twice ? twice.raw : guess.toFixed(2);
    total = { value: guess.toFixed(2), number: guess, raw, page: lines[0]?.page ?? 1 };
    confidence = subtotal !== undefined ? 0.55 : paidExact !== undefined ? 0.5 : 0.45;
  }
  // Cash rounding to 5 cents (Malaysia, Switzerland, ...): the payable total is the rounded one. A
  // rounding line that reads 0.00 says the total was already payable as printed.
  if (roundingLine && cents(total.number) % 5 !== 0 && (!rounding || rounding.number !== 0)) {
    const rounded = (Math.round(total.number * 20) / 20).toFixed(2);
    total = { ...total, value: rounded, number: Number(rounded) };
    confidence = Math.min(confidence, 0.7);
  }
  // Cash and change that add up to something else: one of the two readings is wrong.
  if (byCash.size && !byCash.has(cents(total.number)) && !bySum.has(cents(total.number)))
    confidence = Math.min(confidence, 0.6);
  // Whole amounts in thousands groups are read with less certainty (ids and phone numbers look alike).
  if (whole) confidence = Math.min(confidence, 0.75);
  return { raw: total.raw, value: total.value, page: total.page, confidence };
}

export function receiptFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const lines = ctx.lines;
  // Company.
  const company = receiptCompany(lines);
  const companyAt = company ? company.lastAt : -1;
  if (company) fields.push(field(ctx, 'company', company.name, company.name, company.confidence, company.line.page));

  // Address: the lines under the company name until a phone, tax id, date or receipt label.
  if (companyAt >= 0) {
    const parts: string[] = [];
    for (const line of lines.slice(companyAt + 1, companyAt + 6)) {
      // …or a tax number, or the first priced item.
      if (
        /\b(?:tel|phone|fax|gst|vat|abn|tva|mwst|ust|uid|reg|receipt|invoice|date|cashier|no\s*:|www|email)\b/i.test(
          line.text,
        ) ||
        /\d[.,]\d{2}(?:\s*[A-Z*]{1,2})?\s*$/.test(line.text) ||
        findDates(line.text).length
      )
        break;
      if (
        /\d/.test(line.text) ||
        /\b(?:jalan|jln|taman|street|st\.|road|rd|avenue|lot|no\.?|floor|straße|strasse|rue)\b/i.test(line.text) ||
        parts.length
      )
        parts.push(line.text.trim());
    }
    if (parts.length) {
      const address = parts.join(' ').replace(/\s{2,}/g, ' ');
      fields.push(field(ctx, 'address', address, address, 0.4, company?.line.page ?? null));
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
  const ocrDate = (text: string): string =>
    repairOcrDigits(text).replace(/(\d)\s*([-/.])\s*[“"'‘’]?\s*(?=\d)/g, '$1$2');
  // Phone and fax numbers written with dots ("Tel. : 05.22.95.66.66") look like dates.
  const datesOf = (repair: boolean) =>
    lines
      .map((l) => ({
        l,
        text: /\b(?:tel|fax|phone|h\/?p)\b/i.test(l.text) ? l.text.replace(/\d{2}(?:[.\s]\d{2}){3,}/g, ' ') : l.text,
      }))
      .flatMap(({ l, text }) => {
        const read = ocrDate(text.replace(/_/g, ' '));
        const fixed = repair ? repairImpossibleDate(read) : { text: read, repaired: false };
        return repair && !fixed.repaired
          ? []
          : findDates(fixed.text, ctx.dateOrder ?? 'dmy').map((d) => ({ d, l, repaired: fixed.repaired }));
      })
      .filter(({ d }) => d.iso && d.iso.slice(0, 4) <= '2035' && d.iso.slice(0, 4) >= '1990');
  const byLabel = <T extends { l: DocumentLine }>(xs: readonly T[]): T | undefined =>
    xs.find(({ l }) => /\b(?:date|dated|tarikh|datum|fecha)\b/i.test(l.text)) ?? xs[0];
  // A readable date first; a date readable only once an impossible digit is taken as 0, after that.
  const date = byLabel(datesOf(false)) ?? byLabel(datesOf(true));
  if (date) {
    const decidedByGuess = date.d.ambiguous && ctx.dateOrderSource !== 'document';
    fields.push(
      field(ctx, 'date', date.d.raw, date.d.iso, date.repaired ? 0.55 : decidedByGuess ? 0.6 : 0.88, date.l.page),
    );
  }
  const timeMatch = lines
    .map((l) => ({ l, m: /\b([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*([AaPp][Mm])?\b/.exec(l.text) }))
    .find((x) => x.m);
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
  const taxLine = lines.find(
    (l) =>
      /\b(?:gst|sst|tax|vat|mwst|tva)\b/i.test(l.text) &&
      !/\b(?:id|reg|no|excl|incl\w*\s*$|before|pre|without)\b/i.test(l.text) &&
      findAmounts(l.text).some((a) => /[.,]\d{2}$/.test(a.raw)),
  );
  if (taxLine) {
    const amount = findAmounts(taxLine.text)
      .filter((a) => /[.,]\d{2}$/.test(a.raw))
      .pop();
    if (amount && (!total || amount.number < Number(total.value)))
      fields.push(field(ctx, 'tax_total', amount.raw, amount.value, 0.55, taxLine.page));
  }

  const currency = currenciesIn(ctx.text)[0];
  if (currency) fields.push(field(ctx, 'currency', currency, currency, 0.8));
  return fields;
}
