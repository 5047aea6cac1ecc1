/**
 * Every value the field rules could propose for an amount or date field (the invoice vendor: vendorCandidates.ts), with what a learned scorer
 * needs to tell the right one from the others: which rule proposed it and how sure the rule was, where it
 * sits on the page, the words on its line and the lines around it (any language: learned as tokens, not
 * listed), its shape and how it ranks among the document's other amounts or dates. The rules become
 * features of a ranking (fieldScorer.ts) instead of final answers.
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import type { DocumentLine } from './documentLines.js';
import type { RuleContext } from './fieldBuilder.js';
import { invoiceVendorEvidence } from './invoiceFields.js';
import type { FieldCandidate } from './scoredCandidate.js';
import { vendorCandidates } from './vendorCandidates.js';
import { foldOrganization } from '../sameValue.js';
import { repairImpossibleDate, repairOcrAmounts, repairOcrDigits, splitGluedCurrency } from './receiptFields.js';

/** The fields the scorer ranks, as `type.field`, with the kind of value each holds. */
export const SCORED_FIELDS = {
  'receipt.total': 'amount',
  'receipt.date': 'date',
  'invoice.total': 'amount',
  'invoice.date': 'date',
  'invoice.vendor': 'organization',
} as const;
export type ScoredField = keyof typeof SCORED_FIELDS;

export type { FieldCandidate };

/** Cue classes the rules use, kept as features: a rule's opinion, weighed by what the data says. */
const CUES: Array<[string, RegExp]> = [
  [
    'total',
    /\b(?:t[o0]t[a4][l1i]?|jumlah|amount|amt|nett|grand|balance|due|payable|summe|gesamt|betrag|montant|totaal|importe|totale|ttc|zu\s*zahlen|te\s*betalen|endbetrag|brutto)\b|合計|合计|总计|합\s*계/iu,
  ],
  ['subtotal', /\b(?:sub\s*-?\s*t[o0]tal|zwischensu\w*|netto|net\s+amount|exc\w*|sous[-\s]?total)\b|小計|小计/iu],
  ['tax', /\b(?:gst|sst|tax|vat|tva|mwst|ust|iva|btw|steuer)\b|消費税|税/iu],
  ['paid', /\b(?:cash|paid|tendered|payment|tunai|bar|gegeben|karte|ec|visa|mastercard|card|kredit)\b/iu],
  ['change', /\b(?:change|baki|kembali\w*|r[üu]ckgeld|wechselgeld|zur[üu]ck|rendu|monnaie)\b/iu],
  ['qty', /\b(?:qty|quantity|items?|stk|st[üu]ck|artikel|x\s*\d)\b|\d\s*[x×]\s*\d/iu],
  ['discount', /\b(?:discount|disc|rabatt|saving|pfand|coupon)\b/iu],
  ['date', /\b(?:date|dated|tarikh|datum|fecha|rechnungsdatum|invoice\s+date)\b/iu],
  ['due', /\b(?:due|f[äa]llig|zahlbar|payable\s+by|[ée]ch[ée]ance)\b/iu],
  ['order', /\b(?:order|bestell|delivery|liefer|shipping|versand|ship)\w*/iu],
  ['phone', /\b(?:tel|fax|phone|h\/?p)\b/iu],
  ['id', /\b(?:no|nr|id|invoice\s*#|receipt\s*#|bon|beleg|trans\w*|ref)\b/iu],
  ['time', /\b\d{1,2}:\d{2}\b/],
  ['currency', /[€$£¥]|\b(?:EUR|USD|GBP|RM|MYR|CHF)\b/u],
];

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Words of a line as tokens (letters only, 2–15 long), plus their first four letters (OCR mangles endings). */
function tokens(text: string): string[] {
  const words = fold(text).match(/\p{L}{2,15}/gu) ?? [];
  const out = new Set<string>();
  for (const w of words) {
    out.add(w);
    if (w.length > 4) out.add(`${w.slice(0, 4)}~`);
  }
  return [...out];
}

function lineContext(lines: readonly DocumentLine[], at: number, features: Map<string, number>): void {
  const add = (name: string, value = 1): void => {
    features.set(name, Math.max(features.get(name) ?? 0, value));
  };
  const here = lines[at]?.text ?? '';
  const above = lines[at - 1]?.text ?? '';
  const below = lines[at + 1]?.text ?? '';
  for (const t of tokens(here)) add(`w:${t}`);
  for (const t of tokens(above)) add(`a:${t}`);
  for (const t of tokens(below)) add(`b:${t}`);
  for (const [name, re] of CUES) {
    if (re.test(here)) add(`cue:${name}`);
    if (re.test(above)) add(`cue-above:${name}`);
    if (re.test(below)) add(`cue-below:${name}`);
  }
  const n = Math.max(1, lines.length);
  const rel = at / n;
  add('pos:y', rel);
  add(`pos:ybin${Math.min(4, Math.floor(rel * 5))}`);
  add(`pos:fromtop${Math.min(at, 6)}`);
  add(`pos:frombottom${Math.min(n - 1 - at, 6)}`);
}

/** Within one value, the strongest evidence over its occurrences; plus how often and where it repeats. */
function addOccurrence(
  into: Map<string, FieldCandidate>,
  key: string,
  make: () => FieldCandidate,
  lines: readonly DocumentLine[],
  at: number,
  extra: Array<[string, number]>,
): void {
  let c = into.get(key);
  if (!c) {
    c = make();
    into.set(key, c);
  }
  lineContext(lines, at, c.features);
  for (const [name, value] of extra) c.features.set(name, Math.max(c.features.get(name) ?? 0, value));
  c.features.set('count', (c.features.get('count') ?? 0) + 1);
  c.features.set('pos:last', Math.max(c.features.get('pos:last') ?? 0, at / Math.max(1, lines.length)));
}

function withRanks(cands: FieldCandidate[], valueOf: (c: FieldCandidate) => number, prefix: string): FieldCandidate[] {
  const order = [...new Set(cands.map(valueOf))].sort((a, b) => b - a);
  const max = order[0] ?? 1;
  for (const c of cands) {
    const rank = order.indexOf(valueOf(c));
    c.features.set(`${prefix}rank${Math.min(rank, 4)}`, 1);
    c.features.set(`${prefix}rankFromLow${Math.min(order.length - 1 - rank, 3)}`, 1);
    if (max > 0 && prefix === 'amt:') c.features.set('amt:ratio', valueOf(c) / max);
    const count = c.features.get('count') ?? 1;
    c.features.delete('count');
    c.features.set(`count${Math.min(count, 3)}`, 1);
  }
  return cands;
}

/**
 * Amounts with cents (totals are written with them); in a document with none, amounts in thousands
 * groups (currencies without cents: "18.000", "1,250,000"). Bare integers are ids, quantities, postcodes.
 */
function amountCandidates(ctx: RuleContext): FieldCandidate[] {
  const byValue = new Map<string, FieldCandidate>();
  const read = ctx.lines.map((line) => {
    const text = splitGluedCurrency(repairOcrAmounts(line.text));
    return { text, amounts: findAmounts(text).filter((a) => a.number > 0 && a.number < 10_000_000) };
  });
  const withCents = read.some((r) => r.amounts.some((a) => /[.,]\d{2}$/.test(a.raw)));
  const shape = withCents ? /[.,]\d{2}$/ : /^\D*\d{1,3}(?:[.,]\d{3})+\D*$/;
  ctx.lines.forEach((line, at) => {
    const text = read[at]?.text ?? '';
    const amounts = (read[at]?.amounts ?? []).filter((a) => shape.test(a.raw));
    amounts.forEach((a, i) => {
      const extra: Array<[string, number]> = [
        ['shape:wholeThousands', withCents ? 0 : 1],
        ['shape:comma', /,\d{2}$/.test(a.raw) ? 1 : 0],
        ['shape:currency', a.currency ? 1 : 0],
        ['shape:lastOnLine', i === amounts.length - 1 ? 1 : 0],
        ['shape:onlyOnLine', amounts.length === 1 ? 1 : 0],
        ['pos:x', text.length ? (a.index + a.raw.length) / text.length : 0],
        ['shape:negative', /-\s*$|^-/.test(a.raw) ? 1 : 0],
      ];
      addOccurrence(
        byValue,
        a.value,
        () => ({ raw: a.raw, normalized: a.value, page: line.page, features: new Map() }),
        ctx.lines,
        at,
        extra,
      );
    });
  });
  return withArithmetic(
    withRanks([...byValue.values()], (c) => Number(c.normalized), 'amt:'),
    read,
  );
}

const cents = (n: number): number => Math.round(n * 100);

/**
 * Checks that hold in any language: the total is two other printed amounts added (subtotal and tax) or
 * one taken from another (cash handed over less change), or the sum of the item prices above it.
 */
function withArithmetic(
  cands: FieldCandidate[],
  read: ReadonlyArray<{ amounts: ReadonlyArray<{ number: number }> }>,
): FieldCandidate[] {
  const values = [...new Set(cands.map((c) => cents(Number(c.normalized))))];
  const set = new Set(values);
  for (const c of cands) {
    const v = cents(Number(c.normalized));
    let sum = false;
    let difference = false;
    for (const a of values) {
      if (a === v) continue;
      if (a < v && set.has(v - a) && v - a !== a) sum = true;
      if (a > v && set.has(a - v) && a - v !== v) difference = true;
    }
    if (sum) c.features.set('rel:sumOfTwo', 1);
    if (difference) c.features.set('rel:differenceOfTwo', 1);
    if (sum && difference) c.features.set('rel:both', 1);
    // The prices above its first line (the last amount of each line) add up to it.
    let running = 0;
    for (const line of read) {
      const last = line.amounts[line.amounts.length - 1];
      if (!last) continue;
      if (cents(last.number) === v && running > 0) {
        if (running === v) c.features.set('rel:sumAbove', 1);
        break;
      }
      running += cents(last.number);
    }
  }
  return cands;
}

// OCR puts spaces and stray quotes inside dates ("23- “06- 2018").
const ocrDate = (text: string): string =>
  repairOcrDigits(text.replace(/_/g, ' ')).replace(/(\d)\s*([-/.])\s*[“"'‘’]?\s*(?=\d)/g, '$1$2');

function dateCandidates(ctx: RuleContext): FieldCandidate[] {
  const byValue = new Map<string, FieldCandidate>();
  let seen = 0;
  ctx.lines.forEach((line, at) => {
    const phone = /\b(?:tel|fax|phone|h\/?p)\b/i.test(line.text);
    const text = phone ? line.text.replace(/\d{2}(?:[.\s]\d{2}){3,}/g, ' ') : line.text;
    const read = ocrDate(text);
    const fixed = repairImpossibleDate(read);
    const found = [
      ...findDates(read, ctx.dateOrder ?? 'dmy').map((d) => ({ d, repaired: false })),
      ...(fixed.repaired ? findDates(fixed.text, ctx.dateOrder ?? 'dmy').map((d) => ({ d, repaired: true })) : []),
    ];
    for (const { d, repaired } of found) {
      if (!d.iso || d.iso.slice(0, 4) > '2035' || d.iso.slice(0, 4) < '1990') continue;
      const iso = d.iso;
      addOccurrence(
        byValue,
        iso,
        () => ({ raw: d.raw, normalized: iso, page: line.page, features: new Map() }),
        ctx.lines,
        at,
        [
          [`date:form-${d.form}`, 1],
          ['date:ambiguous', d.ambiguous ? 1 : 0],
          ['date:repaired', repaired ? 1 : 0],
          [`date:order${Math.min(seen, 3)}`, 1],
        ],
      );
      seen++;
    }
  });
  return withRanks([...byValue.values()], (c) => Date.parse(c.normalized) / 86_400_000, 'date:');
}

/**
 * The candidates for one scored field, the rules' answer among them: its value is marked (and added
 * when the rule computed it rather than read it, e.g. a sum that adds up), with the rule's confidence.
 */
export function fieldCandidates(
  field: ScoredField,
  ctx: RuleContext,
  ruleFields: readonly FieldValue[],
): FieldCandidate[] {
  const name = field.split('.')[1] as string;
  const kind = SCORED_FIELDS[field];
  const cands =
    kind === 'amount'
      ? amountCandidates(ctx)
      : kind === 'date'
        ? dateCandidates(ctx)
        : vendorCandidates(ctx, invoiceVendorEvidence(ctx));
  const rule = ruleFields.find((f) => f.name === name);
  const ruleValue = typeof rule?.normalized === 'string' ? rule.normalized : null;
  const same = (c: FieldCandidate, value: string): boolean =>
    kind === 'organization' ? foldOrganization(c.normalized) === foldOrganization(value) : c.normalized === value;
  if (rule && ruleValue !== null) {
    let mine = cands.find((c) => same(c, ruleValue));
    if (!mine) {
      mine = {
        raw: rule.value,
        normalized: ruleValue,
        page: rule.page ?? 1,
        features: new Map([['rule:computed', 1]]),
      };
      cands.push(mine);
    }
    mine.features.set('rule:chosen', 1);
    mine.features.set('rule:confidence', rule.confidence);
    // The rules' confidence says which of their checks passed (a sum that adds up, a payable label, a
    // guess): in bins, each its own weight.
    mine.features.set(`rule:conf${Math.min(9, Math.floor(rule.confidence * 10))}`, 1);
  }
  if (!rule) for (const c of cands) c.features.set('rule:none', 1);
  return cands;
}
