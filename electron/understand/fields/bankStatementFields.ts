/**
 * Bank statement rules: labels for holder, period and balances in English, German and French; IBAN by
 * checksum. An American statement names its holder without a label (the name over the mailing
 * address) and its period as "<date> through <date>": both are read from the top of the first page.
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { currenciesIn, findAmounts } from './amounts.js';
import { findDates } from './dates.js';
import { findIbans } from './identifiers.js';
import { field, type RuleContext } from './fieldBuilder.js';

function amountAfter(ctx: RuleContext, label: RegExp): { raw: string; value: string; page: number } | null {
  for (const line of ctx.lines) {
    const m = label.exec(line.text);
    if (!m) continue;
    const amount = findAmounts(line.text.slice(m.index + m[0].length))[0];
    if (amount) return { raw: amount.raw, value: amount.value, page: line.page };
  }
  return null;
}

const PERSON_NAME =
  /^(?:(?:Mr|Mrs|Ms|Dr|M|Mme|Herr|Frau)\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}\.?)?(?:\s+\p{Lu}[\p{L}'’-]+){1,2}$/u;
/** Headings and bank words that look like names by their capitals. */
const NOT_A_NAME =
  /\b(?:bank|banque|sparkasse|volksbank|credit|union|savings|checking|current|total|premier|gold|platinum|rewards|statement|account|summary|customer|service|information|balance|transactions?|detail|relev[ée]|kontoauszug|page|member|trust|federal|national|box)\b/i;

/** A label of the account's own number or IBAN. */
const ACCOUNT_LABEL = /\b(?:iban|account\s+(?:number|no)|konto(?:nummer)?|compte)\b/i;

export function bankStatementFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  // A bank's name, or else the first line unless it is the statement's own title ("Kontoauszug 12/2014").
  const first = ctx.lines[0];
  const bankLine =
    ctx.lines.find((l) => /\b(?:bank|banque|sparkasse|volksbank|credit\s+union|savings)\b/i.test(l.text)) ??
    (first && !/\b(?:statement|kontoauszug|relev[ée]|extracto|estratto|afschrift|rekeningoverzicht)\b/i.test(first.text)
      ? first
      : undefined);
  if (bankLine) fields.push(field(ctx, 'bank', bankLine.text.trim(), bankLine.text.trim(), 0.5, bankLine.page));
  const holder = ctx.lines
    .map((l) =>
      /\b(?:account\s+holder|account\s+name|kontoinhaber(?:in)?|titulaire(?:\s+du\s+compte)?|name)\s*:\s*(.+)$/i.exec(
        l.text,
      ),
    )
    .find(Boolean);
  if (holder)
    fields.push(field(ctx, 'account_holder', (holder[1] as string).trim(), (holder[1] as string).trim(), 0.75));
  else {
    // Unlabelled: the first line near the top that is a person's name (two to four capitalised words).
    const top = ctx.lines.filter((l) => l.page === ctx.lines[0]?.page).slice(0, 15);
    const name = top.find((l) => l !== bankLine && PERSON_NAME.test(l.text.trim()) && !NOT_A_NAME.test(l.text));
    if (name) fields.push(field(ctx, 'account_holder', name.text.trim(), name.text.trim(), 0.55, name.page));
  }
  // The account's own IBAN stands after an IBAN or account label (beside it, under it, or in a footer),
  // or else at the very top; the ones in the transactions are the other parties' (a typeset German
  // statement whose own IBAN failed its checksum gave a PayPal creditor's instead).
  const labelled = ctx.lines.filter(
    (l, i) => ACCOUNT_LABEL.test(l.text) || (i > 0 && /^\s*iban\s*:?\s*$/i.test(ctx.lines[i - 1]!.text)),
  );
  const firstPage = ctx.lines.filter((l) => l.page === ctx.lines[0]?.page).slice(0, 10);
  const transactions = firstPage.findIndex((l) => /^\s*\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b/.test(l.text));
  const top = transactions < 0 ? firstPage : firstPage.slice(0, transactions);
  const iban = findIbans(labelled.map((l) => l.text).join('\n'))[0] ?? findIbans(top.map((l) => l.text).join('\n'))[0];
  if (iban) fields.push(field(ctx, 'iban', iban.raw.trim(), iban.iban, 0.95));
  const twoDates = (text: string): boolean => findDates(text, ctx.dateOrder).filter((d) => d.iso).length >= 2;
  const periodLine =
    ctx.lines.find((l) => /\b(?:period|zeitraum|p[ée]riode|from|vom|du)\b/i.test(l.text) && twoDates(l.text)) ??
    ctx.lines
      .slice(0, 15)
      .find(
        (l) =>
          /\b(?:through|thru|to|bis|au)\b/i.test(l.text) &&
          twoDates(l.text) &&
          !/\b(?:due|closing|payment)\b/i.test(l.text),
      );
  if (periodLine) {
    const [start, end] = findDates(periodLine.text, ctx.dateOrder).filter((d) => d.iso);
    if (start && end) {
      fields.push(field(ctx, 'period_start', start.raw, start.iso, 0.8, periodLine.page));
      fields.push(field(ctx, 'period_end', end.raw, end.iso, 0.8, periodLine.page));
    }
  } else {
    const range = ctx.lines
      .map((l) => ({ l, period: periodWithoutFirstYear(l.text, ctx) }))
      .find((x) => x.period && /\b(?:period|zeitraum|p[ée]riode|statement|from|vom|du)\b/i.test(x.l.text));
    if (range?.period) {
      fields.push(field(ctx, 'period_start', range.period.start.raw, range.period.start.iso, 0.7, range.l.page));
      fields.push(field(ctx, 'period_end', range.period.end.raw, range.period.end.iso, 0.8, range.l.page));
    }
  }
  const opening = amountAfter(
    ctx,
    /\b(?:opening\s+balance|previous\s+balance|balance\s+brought\s+forward|start(?:ing)?\s+balance|beginning\s+balance|alter\s+kontostand|anfangssaldo|solde\s+(?:pr[ée]c[ée]dent|initial))\b/i,
  );
  const closing = amountAfter(
    ctx,
    /\b(?:closing\s+balance|new\s+balance|balance\s+carried\s+forward|end(?:ing)?\s+balance|neuer\s+kontostand|endsaldo|schlusssaldo|nouveau\s+solde|solde\s+final)\b/i,
  );
  if (opening) fields.push(field(ctx, 'opening_balance', opening.raw, opening.value, 0.8, opening.page));
  if (closing) fields.push(field(ctx, 'closing_balance', closing.raw, closing.value, 0.8, closing.page));
  const currency = currenciesIn(ctx.text)[0];
  if (currency) fields.push(field(ctx, 'currency', currency, currency, 0.7));
  return fields;
}

/**
 * A period whose start leaves out the year the end gives: "01 April to 30 April 2024", "March 1 –
 * March 31, 2024". The start takes the end's year, or the year before when that would put it after
 * the end ("15 December to 14 January 2024").
 */
function periodWithoutFirstYear(
  text: string,
  ctx: RuleContext,
): { start: { raw: string; iso: string }; end: { raw: string; iso: string } } | null {
  const parts = text.split(/\s+(?:to|through|thru|until|bis|au)\s+|\s+[–-]\s+|\s*–\s*/i);
  if (parts.length !== 2) return null;
  const [left, right] = parts as [string, string];
  const end = findDates(right, ctx.dateOrder).find((d) => d.iso);
  if (!end?.iso || findDates(left, ctx.dateOrder).some((d) => d.iso)) return null;
  const fragment = left.replace(/^.*?(?=\d{1,2}\.?\s*\p{L}|\p{L}+\.?\s+\d{1,2}\b)/u, '').trim();
  const year = Number(end.iso.slice(0, 4));
  for (const y of [year, year - 1]) {
    const start = findDates(`${fragment} ${y}`, ctx.dateOrder).find((d) => d.iso);
    if (start?.iso && start.iso <= end.iso)
      return { start: { raw: fragment, iso: start.iso }, end: { raw: end.raw, iso: end.iso } };
  }
  return null;
}
