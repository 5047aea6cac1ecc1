/**
 * Invoice rules. Labels in English, German, French, Dutch, Spanish and Italian; totals checked against
 * each other (net + tax = total) and dates against each other (due ≥ issue), which raises or lowers
 * confidence.
 */
import type { FieldValue } from '../../../../shared/contract/schemas/fieldValue.js';
import { currenciesIn, findAmounts, type AmountCandidate } from './amounts.js';
import { findDates } from './dates.js';
import { findIbans, findVatId } from './identifiers.js';
import { best, dateParser, field, labeled, ORG_SUFFIX, type Candidate, type RuleContext } from './fieldBuilder.js';

const L = {
  number:
    /(?<![\p{L}\d])(?:invoice|inv|bill|rechnung|handelsrechnung|rechnungskorrektur|gutschrift|mietrechnung|baurechnung|facture|avoir|factuur|faktura|factura|fattura|receipt|document)(?![\p{L}\d])\s*(?:no\.?|nr\.?|number|num(?:ber|mer)?|#|n°|n[ºo.]\.?|id)?\s*[:#]?(?=\s*[#A-Z0-9])|\b(?:invoice|rechnungs|factuur)(?:nummer|number|nr\.?)\b|^\s*#(?=\s*\S*\d)/iu,
  date: /\b(?:invoice\s+date|date\s+of\s+issue|issue\s+date|date\s+issued|invoice\s+dated|billing\s+date|rechnungsdatum|belegdatum|ausstellungsdatum|date\s+de\s+facturation|date\s+de\s+la\s+facture|factuurdatum|fecha(?:\s+de\s+emisi[oó]n)?|data\s+wystawienia|data|datum|date|vom|dated)\b\s*:?/i,
  due: /\b(?:due\s+date|payment\s+due|date\s+due|pay\s+by|due\s+by|f[äa]llig(?:keitsdatum|\s+am)?|zahlbar\s+bis|zahlungsziel|vervaldatum|date\s+d'[ée]ch[ée]ance|[ée]ch[ée]ance|fecha\s+de\s+vencimiento|termin\s+p[łl]atno[śs]ci|netto\s+bis)\b\s*:?/i,
  total:
    /\b(?:grand\s+total|total\s+amount|invoice\s+total|total\s+(?:incl\.?|including|inc\.?)[^\d\n]{0,20}|total\s+ttc|montant\s+ttc|total(?:\s+\(?[A-Z]{3}\)?)?|gesamtbetrag|gesamtsumme|rechnungsbetrag|rechnungssumme(?!\s+ohne)|bruttosumme|bruttobetrag|endbetrag|brutto|totaal(?:\s+incl\.?\s+btw)?|te\s+betalen|importe\s+total|totale|razem|do\s+zap[łl]aty)\b/i,
  net: /\b(?:sub\s*-?total|net\s+total|total\s+net|net\s+amount|total\s+excl\.?[^\d\n]{0,20}|(?:total|amount)\s+(?:before|excluding|excl\.?|without)\s+(?:tax|vat|gst)|amount\s+untaxed|untaxed\s+amount|total\s+ht|montant\s+ht|nettobetrag|summe\s+netto|netto(?:summe|betrag)?|rechnungssumme\s+ohne\s+ust\.?|gesamtbetrag\s+netto|warenwert|totaal\s+excl\.?\s+btw|base\s+imponible|imponibile|warto[śs][ćc]\s+netto)\b/i,
  tax: /\b(?:total\s+tax|tax\s+total|total\s+vat|vat(?:\s+amount)?|sales\s+tax|tax|gst|hst|mwst\.?|ust\.?|umsatzsteuer|mehrwertsteuer|steuerbetrag(?:\s+in)?|tva|montant\s+tva|btw|iva|imposta|podatek\s+vat)\b/i,
  due_amount:
    /\b(?:amount\s+due|balance\s+due|total\s+due|amount\s+payable|zahlbetrag|zu\s+zahlen(?:der\s+betrag)?|offener\s+betrag|net\s+[àa]\s+payer|reste\s+[àa]\s+payer|te\s+betalen|please\s+pay)\b/i,
  vendor: /\b(?:from:|seller|supplier|vendor|sold\s+by|issued\s+by|verk[äa]ufer|lieferant|rechnungssteller|leistungserbringer|fournisseur|vendeur|[ée]metteur|leverancier|verkoper|proveedor|sprzedawca|fornitore)\b(?:\s*:)?/i,
  buyer: /\b(?:bill(?:ed)?\s+to|invoice\s+to|sold\s+to|customer|client|buyer|k[äa]ufer(?:\/leistungsempf[äa]nger)?|kunde|rechnungsempf[äa]nger|leistungsempf[äa]nger|acheteur|destinataire|factuuradres|klant|cliente|nabywca)\b(?:\s*:)?/i,
  vatId: /\b(?:vat\s*(?:id|reg(?:istration)?)?\.?\s*(?:no\.?|number|#)?|ust\.?-?\s*id\.?-?\s*nr\.?|ust-?idnr\.?|umsatzsteuer-?id(?:entifikationsnummer)?|tva(?:\s+intracom\w*)?|n°\s*tva|btw(?:-?nummer|\s+nr\.?)?|nif|cif|partita\s+iva|p\.?\s*iva|tax\s+id|gstin|nip)\b\s*[:.]?/i,
};

const IDENTIFIER = /^#?\s?([A-Z0-9][A-Z0-9/_.\-]*\d[A-Z0-9/_.\-]*)/i;
const NOT_NUMBER = /^(?:date|datum|page|seite|of|vom|du|from|dated)$/i;

function lastAmount(text: string): AmountCandidate | undefined {
  const amounts = findAmounts(text);
  return amounts[amounts.length - 1];
}

/** Amounts right of a label on the same line (the last one: layout puts the value at the right edge). */
function labeledAmounts(ctx: RuleContext, label: RegExp, exclude: RegExp | null, strength: number): Array<Candidate<string> & { currency: string | null }> {
  const out: Array<Candidate<string> & { currency: string | null }> = [];
  ctx.lines.forEach((line, at) => {
    const m = label.exec(line.text);
    if (!m || (exclude && exclude.test(line.text))) return;
    let amount = lastAmount(line.text.slice(m.index + m[0].length));
    let where = line;
    if (!amount) {
      // Label on one line, value on the next (OCR often splits them).
      const next = ctx.lines[at + 1];
      if (next && findAmounts(next.text).length === 1 && !/[a-z]{4}/i.test(next.text.replace(/\b(?:EUR|USD|GBP|RM)\b/g, ''))) {
        amount = lastAmount(next.text);
        where = next;
      }
    }
    if (amount && Math.abs(amount.number) < 1e9) out.push({ raw: amount.raw, normalized: amount.value, line: where, strength, currency: amount.currency });
  });
  return out;
}

function cents(value: string): number {
  return Math.round(Number(value) * 100);
}

/** Organisation-looking name in a line: the text up to and including a legal-form suffix. */
function orgIn(text: string): string | null {
  const m = ORG_SUFFIX.exec(text);
  if (!m) return null;
  const head = text.slice(0, m.index + m[0].length);
  // The organisation name is the last segment before the suffix that is not an address or a label.
  let segment = head.split(/\s{3,}|[|•●·]|\s-\s|,\s(?=\d)|:\s/).pop()?.trim() ?? '';
  // In a sentence ("All AWS Services are sold by Amazon Web Services, Inc.") the name starts after
  // "by"/"from" ("Au bon moulin SARL" keeps its lower-case words).
  segment = segment.replace(/^.*\b\p{Ll}{3,}\s+(?:by|from|par|von|door)\s+(?=\p{Lu})/u, '');
  return segment.length >= 3 && /\p{L}{2}/u.test(segment) ? segment : null;
}

const NOISE_LINE = /^(?:invoice|rechnung|facture|factuur|tax invoice|original|copy|page|seite|stylesheet|anwendungsempfehlung|www\.|http|tel|fax|phone|e-?mail)/i;

function vendorCandidates(ctx: RuleContext): Array<Candidate<string>> {
  const out: Array<Candidate<string>> = [];
  const firstPage = ctx.lines.filter((l) => l.page === (ctx.lines[0]?.page ?? 1));
  // 1. An explicit seller label at the start of a line or of a column: the first name-like line after it.
  firstPage.forEach((line, at) => {
    const m = L.vendor.exec(line.text);
    if (!m) return;
    const before = line.text.slice(0, m.index);
    if (before.trim() !== '' && !/\s{3,}$/.test(before)) return;
    const column = Math.max(0, m.index - 3);
    const rest = line.text.slice(m.index + m[0].length).replace(/^[ \t]{0,2}/, '').split(/\s{3,}/)[0]?.trim() ?? '';
    const pool = rest ? [{ line, text: rest }] : firstPage.slice(at + 1, at + 5).map((l) => ({ line: l, text: l.text.slice(column).trim().split(/\s{3,}/)[0] ?? '' }));
    pool.forEach((cand, k) => {
      if (out.some((o) => o.strength === 0.85)) return;
      const text = cand.text;
      if (!text || /^(?:globale\s+nummer|nummer|gln|lief|steuer|ust|vat|tax|id)\b/i.test(text) || /^\d/.test(text)) return;
      // A name printed over two lines ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G.").
      const next = pool[k + 1];
      const name = !ORG_SUFFIX.test(text) && next && ORG_SUFFIX.test(next.text) && !/\d/.test(next.text) ? `${text} ${next.text}` : text;
      out.push({ raw: name, normalized: name, line: cand.line, strength: 0.85 });
    });
  });
  // 2. A sender line ("Acme GmbH | Street 1 | 12345 Town") or an organisation name near the top,
  // outside the address block that follows a "Bill to" label (that is the buyer).
  const buyerBlock = new Set<number>();
  firstPage.forEach((line, at) => {
    if (L.buyer.test(line.text)) for (let k = at; k <= at + 5; k++) buyerBlock.add(firstPage[k]?.index ?? -1);
  });
  firstPage.slice(0, 25).forEach((line, i) => {
    if (buyerBlock.has(line.index)) return;
    const first = line.text.trim().split(/\s{3,}/)[0] ?? '';
    const org = orgIn(first) ?? orgIn(line.text.trim());
    // The sender line over the address window (DIN 5008: "Acme AG - Street 4 - 12345 Town") names the seller.
    const senderLine = /^[^|•·]+?\s(?:-|–|\||•|·)\s.*\d.*\s(?:-|–|\||•|·)\s.*\d/.test(line.text.trim()) && org !== null && line.text.trim().startsWith(org);
    if (org && !/\b(?:bill|ship|to|kunde|käufer|client)\b/i.test(line.text.slice(0, 12))) out.push({ raw: org, normalized: org, line, strength: senderLine ? 0.8 : 0.7 - i * 0.01 });
  });
  // 3. Fallback: the first name-like line of the page.
  const firstName = firstPage.slice(0, 6).find((l) => {
    const t = l.text.trim().split(/\s{3,}/)[0] ?? '';
    // Not an address line ("35 RUE du …") nor a number line ("# invoice_number_1").
    // Nor a table's header row ("Description Quantity Unit Price Amount"), nor one short lower-case word (OCR debris: "asus").
    const headerWords = (t.match(/\b(?:description|item|qty|quantity|unit|price|rate|amount|total|tax(?:es)?|disc\.?|vat|menge|preis|betrag|prix|montant)\b/gi) ?? []).length;
    return t.length >= 3 && /\p{L}{3}/u.test(t) && !NOISE_LINE.test(t) && !/\d{3}/.test(t) && !/[:@]/.test(t) && !/^[#\d]/.test(t) && headerWords < 3 && !/^\p{Ll}{1,6}$/u.test(t);
  });
  if (firstName) {
    const t = firstName.text.trim().split(/\s{3,}/)[0] as string;
    out.push({ raw: t, normalized: t, line: firstName, strength: 0.4 });
  }
  return out;
}

function buyerCandidates(ctx: RuleContext): Array<Candidate<string>> {
  const out: Array<Candidate<string>> = [];
  ctx.lines.forEach((line, at) => {
    const m = L.buyer.exec(line.text);
    if (!m || line.page !== ctx.lines[0]?.page) return;
    const rest = line.text.slice(m.index + m[0].length).split(/\s{3,}/)[0]?.trim() ?? '';
    const column = m.index;
    const pool = rest && !/^\d/.test(rest) ? [rest] : ctx.lines.slice(at + 1, at + 5).map((l) => (l.text.slice(Math.max(0, column - 4)).trim().split(/\s{3,}/)[0] ?? '').trim());
    for (const text of pool) {
      if (!text || /^(?:nummer|globale|gln|kunden-?nr|customer\s+(?:no|id)|address|adresse)\b/i.test(text) || /^[\d:]/.test(text)) continue;
      out.push({ raw: text, normalized: text, line, strength: 0.7 });
      break;
    }
  });
  return out;
}

export function invoiceFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const parseDate = dateParser(ctx);

  // Invoice number.
  const numbers = labeled(
    ctx,
    L.number,
    (text) => {
      const m = IDENTIFIER.exec(text.replace(/^[#:\s]+/, '').replace(/^#\s+/, '#'));
      if (!m || NOT_NUMBER.test(m[1] as string)) return null;
      const id = (m[1] as string).replace(/[.\-/]+$/, '');
      // A date is not an invoice number.
      if (findDates(id).length || id.length < 2) return null;
      return { raw: id, normalized: id };
    },
    0.8,
  );
  const number = best(numbers);
  if (number) fields.push(field(ctx, 'invoice_number', number.raw, number.normalized, 0.8, number.line.page));

  // Dates.
  const issueDates = labeled(ctx, L.date, parseDate, 0.85).filter((c) => !L.due.test(c.line.text.slice(0, c.line.text.indexOf(c.raw))));
  const dueDates = labeled(ctx, L.due, parseDate, 0.85);
  let issue = best(issueDates.filter((c) => !/liefer|leistung|delivery|order|bestell|period|zeitraum/i.test(c.line.text.slice(0, c.line.text.indexOf(c.raw)))));
  if (!issue) {
    const first = ctx.lines
      .slice(0, 60)
      .flatMap((line) => findDates(line.text, ctx.dateOrder).map((d) => ({ d, line })))
      .find(({ d }) => d.iso);
    if (first) issue = { raw: first.d.raw, normalized: first.d.iso as string, line: first.line, strength: 0.5 };
  }
  const due = best(dueDates.filter((c) => !issue || c.normalized >= issue.normalized));
  if (issue) {
    let conf = issue.strength;
    if (due && due.normalized >= issue.normalized) conf += 0.05;
    fields.push(field(ctx, 'date', issue.raw, issue.normalized, Math.min(0.95, conf), issue.line.page));
  }
  if (due) fields.push(field(ctx, 'due_date', due.raw, due.normalized, issue ? 0.8 : 0.65, due.line.page));

  // Amounts: candidates per role, then the combination that adds up wins.
  const notTotal = /\b(?:sub\s*-?total|total\s+(?:net|excl|before|ht|qty|items?|weight|discount|tax|vat)|netto|ohne\s+ust|positionssumme|zwischensumme|gesamtbetrag\s+der|total\s+hours)\b/i;
  const totals = labeledAmounts(ctx, L.total, notTotal, 0.7);
  const nets = labeledAmounts(ctx, L.net, null, 0.75);
  const taxes = labeledAmounts(ctx, L.tax, /\b(?:total|brutto|incl|inkl|ttc|summe|subtotal|id|nr|no\.|number|registration|excl)\b/i, 0.6).filter((t) => !/%\s*$/.test(t.raw));
  const dues = labeledAmounts(ctx, L.due_amount, null, 0.75);
  let total: Candidate<string> | undefined = totals.length ? totals.reduce((a, b) => (Number(b.normalized) > Number(a.normalized) ? b : a)) : undefined;
  let net: Candidate<string> | undefined = nets[nets.length - 1];
  let tax: Candidate<string> | undefined = taxes[taxes.length - 1];
  let consistent = false;
  for (const t of totals)
    for (const n of nets)
      for (const x of taxes)
        if (!consistent && Math.abs(cents(n.normalized) + cents(x.normalized) - cents(t.normalized)) <= 1 && cents(t.normalized) > 0) {
          total = t;
          net = n;
          tax = x;
          consistent = true;
        }
  if (!total && dues.length) total = { ...(dues[dues.length - 1] as Candidate<string>), strength: 0.5 };
  const amountDue = dues[dues.length - 1];
  if (total) fields.push(field(ctx, 'total', total.raw, total.normalized, consistent ? 0.93 : totals.length > 1 ? 0.6 : 0.7, total.line.page));
  if (net && (!total || Number(net.normalized) <= Number(total.normalized)))
    fields.push(field(ctx, 'net_total', net.raw, net.normalized, consistent ? 0.9 : 0.6, net.line.page));
  if (tax && (!total || Number(tax.normalized) < Number(total.normalized)))
    fields.push(field(ctx, 'tax_total', tax.raw, tax.normalized, consistent ? 0.9 : 0.5, tax.line.page));
  if (amountDue) fields.push(field(ctx, 'amount_due', amountDue.raw, amountDue.normalized, total && amountDue.normalized === total.normalized ? 0.85 : 0.7, amountDue.line.page));

  // Currency: attached to the total, else the most frequent in the document.
  const attached = [...totals, ...dues].find((c) => c.currency)?.currency ?? null;
  const currency = attached ?? currenciesIn(ctx.text)[0] ?? null;
  if (currency) fields.push(field(ctx, 'currency', currency, currency, attached ? 0.9 : 0.75));

  // VAT rate: a percentage on a tax line.
  const rateLine = ctx.lines.find((l) => L.tax.test(l.text) && /\d{1,2}(?:[.,]\d{1,2})?\s?%/.test(l.text));
  const rate = rateLine ? /(\d{1,2}(?:[.,]\d{1,2})?)\s?%/.exec(rateLine.text) : null;
  if (rate && rateLine) {
    const value = String(Number((rate[1] as string).replace(',', '.')));
    fields.push(field(ctx, 'vat_rate', rate[0], value, 0.7, rateLine.page));
  }

  // IBAN: checksum-validated only.
  const iban = findIbans(ctx.text)[0];
  if (iban) fields.push(field(ctx, 'iban', iban.raw.trim(), iban.iban, 0.95));

  // Vendor VAT id: after a VAT label, else the first VAT-shaped id in the document.
  const vat = labeled(ctx, L.vatId, (text) => {
    const id = findVatId(text);
    return id ? { raw: id, normalized: id } : null;
  }, 0.85);
  const vatId = vat[0]?.normalized ?? findVatId(ctx.text);
  if (vatId) fields.push(field(ctx, 'vendor_tax_id', vatId, vatId, vat[0] ? 0.85 : 0.6));

  // Parties.
  const vendor = best(vendorCandidates(ctx));
  if (vendor) fields.push(field(ctx, 'vendor', vendor.raw, vendor.normalized, vendor.strength, vendor.line.page));
  const buyer = best(buyerCandidates(ctx).filter((b) => !vendor || b.normalized !== vendor.normalized));
  if (buyer) fields.push(field(ctx, 'buyer', buyer.raw, buyer.normalized, 0.6, buyer.line.page));
  return fields;
}

