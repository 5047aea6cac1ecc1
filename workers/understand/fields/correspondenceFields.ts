/** E-mail (RFC 822 headers) and letter rules (date line, subject line, salutation, letterhead). */
import type { FieldValue } from '../../../electron/shared/contract/schemas/fieldValue.js';
import { findDates, parseRfc2822Date } from './dates.js';
import { field, type RuleContext } from './fieldBuilder.js';

function header(ctx: RuleContext, name: string): { value: string; page: number } | null {
  const re = new RegExp(`^\\s*${name}\\s*:\\s*(.+)$`, 'im');
  for (const line of ctx.lines.slice(0, 80)) {
    const m = re.exec(line.text);
    if (m) return { value: (m[1] as string).trim(), page: line.page };
  }
  return null;
}

export function emailFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  for (const name of ['subject', 'from', 'to']) {
    const h = header(ctx, name);
    if (h) fields.push(field(ctx, name, h.value, h.value, 0.9, h.page));
  }
  const date = header(ctx, 'date') ?? header(ctx, 'sent');
  if (date) {
    const iso = parseRfc2822Date(date.value) ?? findDates(date.value, ctx.dateOrder)[0]?.iso ?? null;
    fields.push(field(ctx, 'date', date.value, iso, iso ? 0.9 : 0.3, date.page));
  }
  return fields;
}

export function letterFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const lines = ctx.lines.map((l) => ({ ...l, text: l.text.trim() }));
  const sender = lines.find((l) => /\p{L}{3}/u.test(l.text) && l.text.length <= 80);
  if (sender) fields.push(field(ctx, 'sender', sender.text, sender.text, 0.4, sender.page));
  const dated = lines.slice(0, 30).flatMap((l) => findDates(l.text, ctx.dateOrder).map((d) => ({ d, l }))).find(({ d }) => d.iso);
  if (dated) fields.push(field(ctx, 'date', dated.d.raw, dated.d.iso, dated.d.ambiguous ? 0.55 : 0.75, dated.l.page));
  const subject = lines.find((l) => /^(?:re|subject|betreff|objet|onderwerp|concerning|ref)\s*[:.]/i.test(l.text));
  if (subject) {
    const value = subject.text.replace(/^[^:.]+[:.]\s*/, '');
    fields.push(field(ctx, 'subject', value, value, 0.75, subject.page));
  }
  const dear = lines.find((l) => /^(?:dear|sehr\s+geehrte[rs]?|liebe[rs]?|cher|chère|madame|monsieur)\b/i.test(l.text));
  const greeted = dear ? dear.text.replace(/^(?:dear|sehr\s+geehrte[rs]?|liebe[rs]?|cher|chère)\s+/i, '').replace(/^(?:mr|mrs|ms|dr|prof|herr|frau)\.?\s+/i, '').replace(/[,:]$/, '') : null;
  // The inside address: a name line above an address line, between the letterhead and the salutation.
  // It names the recipient in full; the salutation confirms it ("Dear Anna," under "Anna Rossi").
  const end = dear ? lines.indexOf(dear) : Math.min(lines.length, 25);
  const inside = lines.slice(1, end).filter((l, i, block) => l !== sender && NAME_LINE.test(l.text) && /\d/.test(block[i + 1]?.text ?? ''));
  const confirmed = greeted ? inside.find((l) => l.text.split(/\s+/).some((w) => greeted.split(/\s+/).includes(w))) : undefined;
  const recipientLine = confirmed ?? (dated ? inside.find((l) => lines.indexOf(l) > lines.indexOf(dated.l)) : undefined);
  if (recipientLine) fields.push(field(ctx, 'recipient', recipientLine.text, recipientLine.text, confirmed ? 0.65 : 0.45, recipientLine.page));
  else if (greeted && greeted.length > 1 && !/^(?:sir|madam|sirs|sir\s+or\s+madam|member|customer|colleagues?)\b/i.test(greeted)) fields.push(field(ctx, 'recipient', greeted, greeted, 0.35, dear?.page ?? null));
  return fields;
}

/** Two to five capitalised words, no digits: how a person or company heads an address block. */
const NAME_LINE = /^(?:(?:Mr|Mrs|Ms|Dr|Prof|Herrn?|Frau)\.?\s+)?\p{Lu}[\p{L}.'’&-]*(?:\s+(?:\p{Lu}[\p{L}.'’&-]*|of|and|&|de|van|von)){1,4}$/u;
