/** E-mail (RFC 822 headers) and letter rules (date line, subject line, salutation, letterhead). */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { findDates, parseRfc2822Date } from './dates.js';
import { field, ORG_SUFFIX, type RuleContext } from './fieldBuilder.js';
import { CLOSING, FORM_OF_ADDRESS, SALUTATION } from './letterWords.js';

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
  // A memo names both ends on its FROM and TO lines.
  const memoLine = (label: RegExp): { value: string; page: number | null } | null => {
    const line = lines.slice(0, 15).find((l) => label.test(l.text));
    const value = line?.text.replace(label, '').trim();
    return line && value ? { value, page: line.page } : null;
  };
  const memoFrom = memoLine(/^from\s*:\s*/i);
  const memoTo = memoLine(/^to\s*:\s*/i);
  // Otherwise the letterhead's first line (its first part: "Acme GmbH · Hauptstraße 4 · Kleinburg"), unless
  // the letter opens with its salutation, a date or a heading: then the name signed under the closing.
  const first = lines.find((l) => /\p{L}{3}/u.test(l.text) && l.text.length <= 80);
  const opensWithoutLetterhead =
    !first ||
    SALUTATION.test(first.text) ||
    /^(?:memo(?:randum)?|letter|notice|re\b|subject\b)/i.test(first.text) ||
    findDates(first.text).length > 0;
  const signed = signature(lines);
  if (memoFrom) fields.push(field(ctx, 'sender', memoFrom.value, memoFrom.value, 0.7, memoFrom.page));
  else if (first && !opensWithoutLetterhead) {
    const name = first.text.split(/\s+[·|•]\s+/)[0] as string;
    fields.push(field(ctx, 'sender', name, name, signed && name.includes(signed.text) ? 0.6 : 0.4, first.page));
  } else if (signed) fields.push(field(ctx, 'sender', signed.text, signed.text, 0.5, signed.page));
  const sender = first;
  // The letter's date: beside or under its "Datum" / "Date" label (alone, or ending a reference row),
  // else the first date that is not the date of the letter it answers ("Ihr Schreiben vom 08.08.2012",
  // or "Uw brief van" over "13 januari 1988").
  const head = lines.slice(0, 30);
  const datesOf = (l: (typeof lines)[number]) =>
    findDates(l.text, ctx.dateOrder)
      .filter((d) => d.iso)
      .map((d) => ({ d, l }));
  const labelsDateBelow = (text: string): boolean =>
    DATE_LABEL_ALONE.test(text) || (REFERENCE_ROW.test(text) && DATE_LABEL_LAST.test(text));
  const replyLabelAlone = (text: string): boolean => REPLY_TO.test(text) && text.replace(REPLY_TO, '').trim() === '';
  const labelledDate = head.flatMap((l, i) =>
    DATE_LABEL.test(l.text) || (i > 0 && labelsDateBelow(head[i - 1]!.text)) ? datesOf(l).slice(-1) : [],
  )[0];
  const dated =
    labelledDate ??
    head.flatMap((l, i) =>
      REPLY_TO.test(l.text) || (i > 0 && replyLabelAlone(head[i - 1]!.text)) ? [] : datesOf(l),
    )[0];
  if (dated) fields.push(field(ctx, 'date', dated.d.raw, dated.d.iso, dated.d.ambiguous ? 0.55 : 0.75, dated.l.page));
  const dear = lines.find((l) => SALUTATION.test(l.text));
  const subject = lines.find((l) =>
    /^(?:re|subject|betreff|objet|onderwerp|asunto|oggetto|concerning|ref)\s*[:.]/i.test(l.text),
  );
  // A DIN letter's subject has no label: it stands between the date (or reference line) and the salutation.
  const beforeDear = dear ? lines[lines.indexOf(dear) - 1] : undefined;
  const beforeSubject = beforeDear ? lines[lines.indexOf(beforeDear) - 1] : undefined;
  const dinSubject =
    !subject &&
    beforeDear &&
    beforeSubject &&
    findDates(beforeSubject.text).length > 0 &&
    findDates(beforeDear.text).length === 0 &&
    /\p{L}{3}/u.test(beforeDear.text) &&
    beforeDear.text.length <= 120
      ? beforeDear
      : undefined;
  if (subject) {
    const value = subject.text.replace(/^[^:.]+[:.]\s*/, '');
    fields.push(field(ctx, 'subject', value, value, 0.75, subject.page));
  } else if (dinSubject) fields.push(field(ctx, 'subject', dinSubject.text, dinSubject.text, 0.5, dinSubject.page));
  // The name the greeting uses: what follows the greeting word and a form of address ("Dear Ms Rossi," → "Rossi").
  const greeted = dear
    ? dear.text
        .replace(SALUTATION, '')
        .trim()
        .replace(/^(?:mr|mrs|ms|dr|prof|herr|frau|heer|mevrouw|meneer|sr|sra|signor[a]?|pan[i]?)\.?\s+/i, '')
        .replace(/[,:]$/, '')
    : null;
  // The inside address: a name line above an address line, between the letterhead and the salutation.
  // It names the recipient in full; the salutation confirms it ("Dear Anna," under "Anna Rossi").
  const end = dear ? lines.indexOf(dear) : Math.min(lines.length, 25);
  // (A name, then perhaps a job title and a company, then the street or PO box with its number.)
  const inside = lines
    .slice(1, end)
    .filter(
      (l, i, block) =>
        l !== sender &&
        NAME_LINE.test(l.text) &&
        !REFERENCE_ROW.test(l.text) &&
        block.slice(i + 1, i + 4).some((b) => /\d/.test(b.text)),
    );
  const confirmed = greeted
    ? inside.find((l) => l.text.split(/\s+/).some((w) => greeted.split(/\s+/).includes(w)))
    : undefined;
  // Continental envelopes put the form of address on a line of its own over the name ("Herrn" / "Max Muster").
  const addressed = lines
    .slice(1, end)
    .find(
      (l, i, block) =>
        FORM_OF_ADDRESS.test(l.text) &&
        block[i + 1] &&
        /\p{Lu}/u.test(block[i + 1]!.text) &&
        !/\d/.test(block[i + 1]!.text),
    );
  const addressedName = addressed ? lines[lines.indexOf(addressed) + 1] : undefined;
  // A window envelope's return line ("Uni Regensburg · 93040 Regensburg") stands right over the recipient.
  const returnLine = lines.slice(0, 10).find((l) => /\S\s+[·•|]\s+\S/u.test(l.text) && /\d{4}/.test(l.text));
  const underReturn = returnLine ? inside.find((l) => lines.indexOf(l) > lines.indexOf(returnLine)) : undefined;
  const recipientLine =
    confirmed ??
    addressedName ??
    underReturn ??
    (dated ? inside.find((l) => lines.indexOf(l) > lines.indexOf(dated.l)) : undefined);
  if (memoTo) fields.push(field(ctx, 'recipient', memoTo.value, memoTo.value, 0.7, memoTo.page));
  else if (recipientLine)
    fields.push(
      field(ctx, 'recipient', recipientLine.text, recipientLine.text, confirmed ? 0.65 : 0.45, recipientLine.page),
    );
  else if (
    greeted &&
    greeted.length > 1 &&
    /^\p{Lu}/u.test(greeted) &&
    !/^(?:sir|madam|sirs|sir\s+or\s+madam|member|customer|colleagues?|damen|herren|interessent|madame|monsieur|messieurs|se[ñn]or|se[ñn]ores|signori|ditta|cliente)\b/iu.test(
      greeted,
    )
  )
    fields.push(field(ctx, 'recipient', greeted, greeted, 0.35, dear?.page ?? null));
  return fields;
}

/** A label of the date of the letter being answered: that date is not this letter's. */
const REPLY_TO =
  /\b(?:ihr(?:e)?\s+(?:schreiben|nachricht|brief)\s+vom|uw\s+(?:brief|schrijven)\s+(?:van|d\.?d\.?)|votre\s+(?:courrier|lettre)\s+du|su\s+carta\s+del|vs\.?\s+lettera\s+del|your\s+letter\s+(?:of|dated))\b/iu;
const DATE_WORD = String.raw`(?:datum|date|fecha|data)`;
/** This letter's own date label, with the date on the same line. */
const DATE_LABEL = new RegExp(String.raw`^${DATE_WORD}\s*[:.]?\s+\S`, 'iu');
/** The label alone on its line, or closing a reference row ("Ihr Zeichen … Datum"): the date stands below. */
const DATE_LABEL_ALONE = new RegExp(String.raw`^${DATE_WORD}\s*:?$`, 'iu');
const DATE_LABEL_LAST = new RegExp(String.raw`\b${DATE_WORD}\s*$`, 'iu');
/** The reference row of a business letter: its labels are no names. */
const REFERENCE_ROW =
  /\b(?:ihr(?:e)?\s+zeichen|unser\s+zeichen|mein\s+zeichen|ihr(?:e)?\s+(?:schreiben|nachricht)\s+vom|uw\s+kenmerk|ons\s+kenmerk|uw\s+brief\s+van|vos\s+r[ée]f|nos\s+r[ée]f|su\s+referencia|nuestra\s+referencia|vs\.?\s+rif|ns\.?\s+rif|your\s+ref(?:erence)?|our\s+ref(?:erence)?)\b/iu;

/** The name signed under the last closing ("Kind regards," / "Jordan Lee"), within the next four lines. */
function signature(
  lines: ReadonlyArray<{ text: string; page: number | null }>,
): { text: string; page: number | null } | null {
  let at = -1;
  lines.forEach((l, i) => {
    if (CLOSING.test(l.text)) at = i;
  });
  if (at < 0) return null;
  for (const l of lines.slice(at + 1, at + 5)) {
    const text = l.text.replace(/^(?:i\.\s?A\.|i\.\s?V\.|p\.\s?p\.)\s+/i, '');
    if (NAME_LINE.test(text) && !ORG_SUFFIX.test(text)) return { text, page: l.page };
  }
  return null;
}

/** Two to five capitalised words, no digits: how a person or company heads an address block. */
const NAME_LINE =
  /^(?:(?:Mr|Mrs|Ms|Dr|Prof|Herrn?|Frau)\.?\s+)?\p{Lu}[\p{L}.'’&-]*(?:\s+(?:\p{Lu}[\p{L}.'’&-]*|of|and|&|de|van|von)){1,4}$/u;
