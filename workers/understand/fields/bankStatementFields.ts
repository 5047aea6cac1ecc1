/** Bank statement rules: labels for holder, period and balances in English and German; IBAN by checksum. */
import type { FieldValue } from '../../../electron/shared/contract/schemas/fieldValue.js';
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

export function bankStatementFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const bankLine = ctx.lines.find((l) => /\b(?:bank|banque|sparkasse|volksbank|credit\s+union|savings)\b/i.test(l.text)) ?? ctx.lines[0];
  if (bankLine) fields.push(field(ctx, 'bank', bankLine.text.trim(), bankLine.text.trim(), 0.5, bankLine.page));
  const holder = ctx.lines.map((l) => /\b(?:account\s+holder|account\s+name|kontoinhaber(?:in)?|titulaire(?:\s+du\s+compte)?|name)\s*:\s*(.+)$/i.exec(l.text)).find(Boolean);
  if (holder) fields.push(field(ctx, 'account_holder', (holder[1] as string).trim(), (holder[1] as string).trim(), 0.75));
  const iban = findIbans(ctx.text)[0];
  if (iban) fields.push(field(ctx, 'iban', iban.raw.trim(), iban.iban, 0.95));
  const periodLine = ctx.lines.find((l) => /\b(?:period|zeitraum|p[ée]riode|from|vom)\b/i.test(l.text) && findDates(l.text, ctx.dateOrder).filter((d) => d.iso).length >= 2);
  if (periodLine) {
    const [start, end] = findDates(periodLine.text, ctx.dateOrder).filter((d) => d.iso);
    if (start && end) {
      fields.push(field(ctx, 'period_start', start.raw, start.iso, 0.8, periodLine.page));
      fields.push(field(ctx, 'period_end', end.raw, end.iso, 0.8, periodLine.page));
    }
  }
  const opening = amountAfter(ctx, /\b(?:opening\s+balance|previous\s+balance|balance\s+brought\s+forward|start(?:ing)?\s+balance|alter\s+kontostand|anfangssaldo|solde\s+(?:pr[ée]c[ée]dent|initial))\b/i);
  const closing = amountAfter(ctx, /\b(?:closing\s+balance|new\s+balance|balance\s+carried\s+forward|end(?:ing)?\s+balance|neuer\s+kontostand|endsaldo|schlusssaldo|nouveau\s+solde|solde\s+final)\b/i);
  if (opening) fields.push(field(ctx, 'opening_balance', opening.raw, opening.value, 0.8, opening.page));
  if (closing) fields.push(field(ctx, 'closing_balance', closing.raw, closing.value, 0.8, closing.page));
  const currency = currenciesIn(ctx.text)[0];
  if (currency) fields.push(field(ctx, 'currency', currency, currency, 0.7));
  return fields;
}
