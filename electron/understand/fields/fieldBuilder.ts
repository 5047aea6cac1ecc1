/**
 * Shared pieces of the per-type rules: label-anchored search, the document's date order, and turning a
 * found value into a FieldValue with its page and box.
 */
import type { ExtractedPage } from '../../shared/contract/extract.js';
import type { FieldValue, NormalizedValue } from '../../shared/contract/schemas/fieldValue.js';
import { decideOrder, orderForLocale, parseDateValue, type DateOrder } from './dates.js';
import { locate, valuesNearLabel, type DocumentLine } from './documentLines.js';

export interface RuleContext {
  pages: readonly ExtractedPage[];
  /** Non-empty lines of the whole document (leading spaces kept: columns matter). */
  lines: DocumentLine[];
  text: string;
  /** Numeric date order decided by the document's own dates, else by the locale, else null. */
  dateOrder: DateOrder | null;
  /** How the order was decided, which bounds the confidence of ambiguous dates. */
  dateOrderSource: 'document' | 'locale' | 'currency' | null;
  /** Mean OCR confidence of OCR pages (1 for text layers): scales every field's confidence. */
  readQuality: number;
}

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DC|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
/** An American address ("Austin, TX 78701"), phone number ("(512) 555-0142") or sales tax line. */
const US_CUE = new RegExp(
  `\\b(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?\\b|\\(\\d{3}\\)\\s?\\d{3}-\\d{4}\\b|\\b[Ss](?:ales|ALES)\\s+[Tt](?:ax|AX)\\b`,
);
/**
 * Tax names, legal forms and bank details of countries that write the day first (the United States has
 * no VAT, plc, sort code or ABN). Not "Ltd": American funds registered offshore are "Ltd." too, and a
 * CUAD filing of theirs dated 4/8/2020 (April 8) was read as 4 August.
 */
const DAY_FIRST_CUE =
  /\b(?:MwSt|USt|TVA|IVA|BTW|VAT|GST|SST|ABN|Sdn\.?\s*Bhd|GmbH|S\.?A\.?R\.?L|B\.V\.|Pty\.?\s*Ltd|plc|sort\s+code)\b/i;

export function ruleContext(
  pages: readonly ExtractedPage[],
  lines: DocumentLine[],
  locale: string | null,
): RuleContext {
  const text = lines.map((l) => l.text).join('\n');
  const fromDocument = decideOrder(text);
  const fromLocale = orderForLocale(locale);
  // A document in dollars with no other cue is most likely American: a weak cue, used last.
  // On OCR text only dollar amounts with cents, at least two of them, count: OCR reads S and 5 as "$"
  // ("GOODS $OLD", "Fax: 03-$5423213", "$9.54" for 59.54), once or so per page.
  const ocr = pages.some((p) => p.method === 'ocr');
  const dollars = ocr ? (text.match(/\$\s?\d[\d,]*\.\d{2}(?!\d)/g) ?? []).length >= 2 : /\$/.test(text);
  // The country shows in other ways too: an American address (state and ZIP), phone number or "sales
  // tax"; European and Commonwealth tax names (MwSt, TVA, IVA, BTW, GST) and legal forms.
  const american = dollars || /\bUSD\b/.test(text) || US_CUE.test(text);
  const dayFirst = /€|£|\bRM\s?\d|\bMYR\b|\bINR\b|₹/.test(text) || DAY_FIRST_CUE.test(text);
  const fromCurrency =
    american && !/€|£|\bRM\s?\d/.test(text) && !(DAY_FIRST_CUE.test(text) && !dollars)
      ? 'mdy'
      : dayFirst
        ? 'dmy'
        : null;
  const ocrPages = pages.filter((p) => p.method === 'ocr' && p.ocrConfidence !== null);
  const readQuality = ocrPages.length
    ? ocrPages.reduce((s, p) => s + (p.ocrConfidence as number), 0) / ocrPages.length
    : 1;
  return {
    pages,
    lines,
    text,
    dateOrder: fromDocument ?? fromLocale ?? fromCurrency,
    dateOrderSource: fromDocument ? 'document' : fromLocale ? 'locale' : fromCurrency ? 'currency' : null,
    readQuality: Math.max(0.5, Math.min(1, readQuality)),
  };
}

export interface Candidate<T = string> {
  /** As written. */
  raw: string;
  normalized: T;
  line: DocumentLine;
  /** Prior strength of the cue that found it (0–1): an exact label beats a position guess. */
  strength: number;
}

/** Values next to or below any match of `label`, parsed by `parse` (null = not a value of this kind). */
export function labeled<T>(
  ctx: RuleContext,
  label: RegExp,
  parse: (text: string) => { raw: string; normalized: T } | null,
  strength: number,
): Array<Candidate<T>> {
  const out: Array<Candidate<T>> = [];
  const global = new RegExp(label.source, label.flags.includes('g') ? label.flags : `${label.flags}g`);
  ctx.lines.forEach((line, at) => {
    for (const m of line.text.matchAll(global)) {
      for (const near of valuesNearLabel(ctx.lines, at, m.index + m[0].length, m.index)) {
        const parsed = parse(near.text);
        if (parsed) out.push({ ...parsed, line: near.line, strength: near.line === line ? strength : strength * 0.9 });
      }
    }
  });
  return out;
}

/** A date parser for `labeled`, using the document's date order. */
export function dateParser(ctx: RuleContext): (text: string) => { raw: string; normalized: string } | null {
  return (text) => {
    const d = parseDateValue(text, ctx.dateOrder);
    return d?.iso ? { raw: d.raw, normalized: d.iso } : null;
  };
}

export function field(
  ctx: RuleContext,
  name: string,
  value: string,
  normalized: NormalizedValue | null,
  confidence: number,
  page: number | null = null,
): FieldValue {
  const where = locate(ctx.pages, value, page);
  return {
    name,
    value,
    normalized,
    confidence: Math.round(Math.max(0, Math.min(1, confidence * ctx.readQuality)) * 1000) / 1000,
    source: 'embedded',
    page: where.page ?? page,
    box: where.box,
  };
}

/** Best candidate by strength, earlier in the document on ties. */
export function best<T>(candidates: ReadonlyArray<Candidate<T>>): Candidate<T> | undefined {
  return [...candidates].sort((a, b) => b.strength - a.strength || a.line.index - b.line.index)[0];
}

/** Legal-form suffixes that mark an organisation name (two-word forms first: "Pty Ltd" is one suffix, not "Pty"). */
export const ORG_SUFFIX =
  /\b(?:P(?:ty|vt)\.?\s*Ltd\.?|Co\.,?\s*Ltd\.?|GmbH(?:\s*&\s*Co\.?\s*KG)?|a\.G\.|e\.V\.|AG|KG|OHG|e\.K\.|UG|Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Company|LLC|L\.L\.C\.|LLP|Ltd\.?|Limited|plc|PLC|S\.A\.?|SA|SARL|S\.A\.R\.L\.|SAS|S\.p\.A\.|S\.r\.l\.|B\.V\.?|BV|N\.V\.|NV|Pty\.?|Pvt\.?|SDN\.?\s*BHD\.?|BHD|Sdn\.?\s*Bhd\.?|A\/S|AB|Oy|spółka akcyjna|S\.L\.)(?![\p{L}])/u;

/** A name with its address after it ends at its legal form: "Nordic Design AB, Storgatan 10, Stockholm" → "Nordic Design AB". */
export function endAtLegalForm(text: string): string {
  const form = ORG_SUFFIX.exec(text);
  return form && /^,\s/.test(text.slice(form.index + form[0].length))
    ? text.slice(0, form.index + form[0].length)
    : text;
}
