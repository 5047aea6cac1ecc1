/**
 * Invoice rules. Labels in English, German, French, Dutch, Spanish and Italian; totals checked against
 * each other (net + tax = total) and dates against each other (due ≥ issue), which raises or lowers
 * confidence. The seller is decided in invoiceVendor.ts; the buyer here, from a bill-to label, the
 * addressee under the sender line, or (last) the delivery address.
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { currenciesIn, findAmounts, joinSpaceGroups, localDollar, localYen, type AmountCandidate } from './amounts.js';
import { FORM_OF_ADDRESS } from './letterWords.js';
import { findDates, type DateOrder } from './dates.js';
import { findIbans, findVatId } from './identifiers.js';
import { best, dateParser, endAtLegalForm, field, labeled, type Candidate, type RuleContext } from './fieldBuilder.js';
import { vendorEvidence, vendorFromEvidence, type VendorEvidence } from './invoiceVendor.js';
import type { DocumentLine } from './documentLines.js';
import { anyOf } from './patterns.js';

const L = {
  number: anyOf(
    // the document named, then its number's label (no., nr., #, n°, id), in English, German, French, Dutch, Nordic, Spanish and Italian
    /(?<![\p{L}\d])(?:invoice|inv|bill|rechnung|handelsrechnung|rechnungskorrektur|gutschrift|mietrechnung|baurechnung|facture|avoir|factuur|faktura|factura|fattura|receipt|document|beleg)(?![\p{L}\d])[\s-]*(?:no\.?|nr\.?|number|num(?:ber|mer)?|#|n°|n[ºo.]\.?|id)?\s*[:#]?(?=\s*[#A-Z0-9])/iu,
    // the word and its number run together (Rechnungsnummer, factuurnummer)
    /\b(?:invoice|rechnungs|factuur|faktura)(?:nummer|number|nr\.?)\b/iu,
    // a line that starts with "#" before something with a digit
    /^\s*#(?=\s*\S*\d)/iu,
    // Chinese, Japanese and Korean labels, with a full-width colon
    /(?:发票号码|發票號碼|請求(?:書)?番号|伝票番号|청구\s*번호|인보이스\s*번호)\s*[:：]?/iu,
  ),
  date: anyOf(
    // the issue date's label in the European languages, down to a bare "date" or "vom"
    /\b(?:invoice\s+date|date\s+of\s+issue|issue\s+date|date\s+issued|issued(?:\s+on)?(?=\s*:)|invoice\s+dated|billing\s+date|rechnungsdatum|belegdatum|ausstellungsdatum|date\s+de\s+facturation|date\s+de\s+la\s+facture|factuurdatum|fakturadat(?:o|um)|fecha(?:\s+de\s+emisi[oó]n)?|data\s+wystawienia|data|datum|date|vom|dated)\b\s*:?/iu,
    // Chinese, Japanese and Korean labels
    /(?:开票日期|開票日期|請求日|発行日|작성\s*일자|발행\s*일자?|청구\s*일자?)\s*[:：]?/iu,
  ),
  due: anyOf(
    // the due date's label in the European languages; "Due aate", "Due Dale", "Fäl1ig am": one letter misread by OCR still labels it
    /\b(?:due(?=\s*:)|due\s+(?:[a-z]ate|d[a-z]te|da[a-z]e|dat[a-z])|payment\s+due|date\s+due|pay\s+by|due\s+by|(?:remit|payable|please\s+pay)\s+(?:until|by|before)|f[äa](?:l[l1t]|[l1t]l)ig(?:keitsdatum|keit|\s+a[mr]n?)?|zahlbar\b[^.\n\d]{0,30}?\bbis(?:\s+(?:zum|sp[äa]testens))?|(?:(?<=ü)berweisen|zahlen|begleichen)\s+sie\b[^.\n\d]{0,40}?\bbis(?:\s+zum)?|date\s+limite\s+de\s+paiement(?:\s+le)?|zahlungsziel|vervaldatum|date\s+d'[ée]ch[ée]ance|[ée]ch[ée]ance|fecha\s+de\s+vencimiento|termin\s+p[łl]atno[śs]ci|netto\s+bis|forfallsdato|forfaldsdato|f[öo]rfallodatum|f[öo]rfallodag)\b\s*:?/iu,
    // Chinese, Japanese and Korean labels
    /(?:付款期限|お?支払(?:い)?期(?:限|日)|결제\s*기한|납부\s*기한)\s*[:：]?/iu,
  ),
  total: anyOf(
    // the sum to pay, in the European languages
    /\b(?:grand\s+total|total\s+amount|invoice\s+total|total\s+(?:incl\.?|including|inc\.?)[^\d\n]{0,20}|total\s+ttc|montant\s+ttc|total(?:\s+\(?[A-Z]{3}\)?)?|gesamtbetrag|gesamtsumme|rechnungsbetrag|rechnungssumme(?!\s+ohne)|bruttosumme|bruttobetrag|endbetrag|brutto|totaal(?:\s+incl\.?\s+btw)?|te\s+betalen|importe\s+total|totale|razem|do\s+zap[łl]aty|sum\s+[åa]\s+betale|at\s+betale|att\s+betala|totalt|i\s+alt|summa)\b/iu,
    // Norwegian "å betale" (\b does not stand before å): at a line start or after a colon
    /(?<![^\s:])[åÅ]\s+betale\b/iu,
    // Chinese, Japanese and Korean labels, with an optional bracketed unit
    /(?:价税合计|價稅合計|ご?請求金額|合計金額|合計|합계\s*금액|청구\s*금액)(?:[（(][^）)\n]{0,6}[）)])?\s*[:：]?/iu,
  ),
  net: anyOf(
    // "net" alone, before a colon or a currency and an amount
    /\bnet(?=\s*:|\s*[£$€₹]\s*\d)/iu,
    // the sum before tax, in the European languages
    /\b(?:sub\s*-?total|net\s+total|taxable\s+(?:value|amount)|total\s+net|net\s+amount|total\s+excl\.?[^\d\n]{0,20}|(?:total|amount)\s+(?:before|excluding|excl\.?|without)\s+(?:tax|vat|gst)|amount\s+untaxed|untaxed\s+amount|total\s+ht|montant\s+ht|nettobetrag|summe\s+netto|netto(?:summe|betrag)?|rechnungssumme\s+ohne\s+ust\.?|gesamtbetrag\s+netto|warenwert|totaal\s+excl\.?\s+btw|subtotaal|base\s+imponible|imponibile|warto[śs][ćc]\s+netto|mva-grunnlag|momsgrundlag|(?:sum|bel[øo]p)\s+eks\.?\s+mva|exkl\.?\s+moms)\b/iu,
    // Chinese, Japanese and Korean labels
    /(?:小計|小计|合计金额|공급가액(?:\s*합계)?)\s*[:：]?/iu,
  ),
  tax: anyOf(
    // the tax amount's label in the European languages
    /\b(?:total\s+tax|tax\s+total|total\s+vat|vat(?:\s+amount)?|sales\s+tax|tax|gst|hst|mwst\.?|ust\.?|umsatzsteuer|mehrwertsteuer|steuerbetrag(?:\s+in)?|tva|montant\s+tva|btw|iva|imposta|podatek\s+vat|mva|moms)\b/iu,
    // Chinese, Japanese and Korean labels, with an optional bracketed rate
    /(?:合计税额|税额|稅額|消費税(?:額)?|세액(?:\s*합계)?|부가세)(?:[（(][^）)\n]{0,6}[）)])?\s*[:：]?/iu,
  ),
  due_amount: anyOf(
    // what is still to pay, in the European languages
    /\b(?:amount\s+due|balance\s+due|total\s+due|(?:amount|due)\s+payable|zahlbetrag|zu\s+zahlen(?:der\s+betrag)?|offener\s+betrag|net\s+[àa]\s+payer|reste\s+[àa]\s+payer|te\s+betalen|please\s+pay|sum\s+[åa]\s+betale|at\s+betale|att\s+betala)\b/i,
    // Norwegian "å betale" at a line start or after a colon
    /(?<![^\s:])[åÅ]\s+betale\b/i,
  ),
  vendor: anyOf(
    // the issuer's label in the European languages
    /\b(?:from:|seller|supplier|vendor|sold\s+by|issued\s+by|billed\s+by|bill\s+from|service\s+provider|auftragnehmer|prestataire|verk[äa]ufer|lieferant|rechnungssteller|leistungserbringer|fournisseur|vendeur|[ée]metteur|leverancier|verkoper|proveedor|sprzedawca|fornitore)\b(?:\s*:)?/iu,
    // Chinese, Japanese and Korean labels
    /(?:销售方(?:\s*名称)?|銷售方(?:\s*名稱)?|発行元|공급자(?:\s*상호)?)\s*[:：]?/iu,
  ),
  buyer: anyOf(
    // "To:" at a line start
    /^\s*to\s*:/iu,
    // the addressee's label in the European languages
    /\b(?:bill(?:ed)?\s+to|invoice\s+to|sold\s+to|customer|client|buyer|k[äa]ufer(?:\/leistungsempf[äa]nger)?|kunde|rechnungsempf[äa]nger|leistungsempf[äa]nger|rechnungsadresse|acheteur|destinataire|adresse\s+de\s+facturation|factur[ée]\s+[àa]|factuuradres|klant|cliente|fatturare\s+a|intestatario|destinatario|indirizzo\s+di\s+fatturazione|facturar\s+a|nabywca|spett\.?(?:le|abile)|messrs)\b\.?(?:\s*:)?/iu,
    // Chinese, Japanese and Korean labels
    /(?:购买方(?:\s*名称)?|購買方(?:\s*名稱)?|공급받는\s*자)\s*[:：]?/iu,
  ),
  vatId:
    /\b(?:vat\s*(?:id|reg(?:istration)?)?\.?\s*(?:no\.?|number|#)?|ust\.?-?\s*id\.?-?\s*nr\.?|ust-?idnr\.?|umsatzsteuer-?id(?:entifikationsnummer)?|tva(?:\s+intracom\w*)?|n°\s*tva|btw(?:-?nummer|\s+nr\.?)?|nif|cif|partita\s+iva|p\.?\s*iva|tax\s+id|gstin|nip)\b\s*[:.]?/i,
};

const IDENTIFIER = /^#?\s?([A-Z0-9][A-Z0-9/_.\-]*\d[A-Z0-9/_.\-]*)/i;
/** A title line that names the document and then its number, with words in between. */
const TITLE_NUMBER =
  /^\s*(?:tax\s+)?(?:invoice|credit\s+note|rechnung|gutschrift|rechnungskorrektur|facture|avoir|factuur|creditnota)\b[^:\n\d]{1,50}?\b(?:no|nr|n°|number|nummer)\.?\s*[:#]?\s*(?=[#A-Z0-9])/i;
const VALUE_THEN_LABEL =
  /^([A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_.-]*)\s*(?:invoice\s*(?:no\.?|number|#)|rechnungs-?(?:nummer|nr\.?)|factuurnummer|num[ée]ro\s+de\s+facture|facture\s+n°)\s*:?$/i;
const DATE_THEN_LABEL =
  /^(.+?)\s*(?:invoice\s+date|date\s+of\s+issue|issue\s+date|rechnungsdatum|factuurdatum|date\s+de\s+(?:la\s+)?facture|date\s+de\s+facturation|datum|date)\s*:?$/i;
const NOT_NUMBER = /^(?:date|datum|page|seite|of|vom|du|from|dated)$/i;

/** Bank details after a payment label: "Please pay by transfer to Sort code 20-45-77, Account 43920011". */
// (Not an amount written after such a word: "Account: 1234.56" keeps its amount.)
const BANK_NUMBER =
  /\b(?:account|acct|a\/c|acc|konto|compte|sort\s*code|bsb|iban|bic|swift|routing|aba|ref(?:erence)?)\b\.?\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*[A-Z]{0,4}[\d][\d\s-]{3,}(?![\d.,]*[.,]\d)/giu;

function lastAmount(text: string): AmountCandidate | undefined {
  // A date's year is no amount: "Please pay by May 3, 2021" asks for nothing of 2,021; nor is an
  // account number or a sort code.
  let blanked = text;
  for (const d of findDates(text))
    blanked = blanked.slice(0, d.index) + ' '.repeat(d.raw.length) + blanked.slice(d.index + d.raw.length);
  blanked = blanked.replace(BANK_NUMBER, (m) => ' '.repeat(m.length));
  const amounts = findAmounts(blanked);
  return amounts[amounts.length - 1];
}

/** Amounts right of a label on the same line (the last one: layout puts the value at the right edge). */
function labeledAmounts(
  ctx: RuleContext,
  label: RegExp,
  exclude: RegExp | null,
  strength: number,
): Array<Candidate<string> & { currency: string | null }> {
  const out: Array<Candidate<string> & { currency: string | null }> = [];
  ctx.lines.forEach((line, at) => {
    const m = label.exec(line.text);
    if (!m || (exclude && exclude.test(line.text))) return;
    let amount = lastAmount(joinSpaceGroups(line.text.slice(m.index + m[0].length)));
    let where = line;
    if (!amount) {
      // Label on one line, value on the next (OCR often splits them).
      const next = ctx.lines[at + 1];
      const onlyAmounts = (l: DocumentLine | undefined): boolean =>
        l !== undefined &&
        !/\p{L}/u.test(l.text.replace(/\b(?:EUR|USD|GBP|CHF|INR|RM)\b|[€$£%]/g, '')) &&
        findAmounts(l.text).length > 0;
      // A table's header row ending with the label over rows of amounts (one per tax rate, then their sum):
      // the last amount of each row is a value of the label.
      if (line.text.slice(m.index + m[0].length).trim() === '' && onlyAmounts(next)) {
        for (let k = at + 1; k <= at + 4 && onlyAmounts(ctx.lines[k]); k++) {
          const row = ctx.lines[k] as DocumentLine;
          const value = lastAmount(row.text);
          if (value && Math.abs(value.number) < 1e9)
            out.push({ raw: value.raw, normalized: value.value, line: row, strength, currency: value.currency });
        }
        return;
      }
      if (
        next &&
        findAmounts(next.text).length === 1 &&
        !/[a-z]{4}/i.test(next.text.replace(/\b(?:EUR|USD|GBP|RM)\b/g, ''))
      ) {
        amount = lastAmount(next.text);
        where = next;
      }
    }
    if (amount && Math.abs(amount.number) < 1e9)
      out.push({ raw: amount.raw, normalized: amount.value, line: where, strength, currency: amount.currency });
  });
  return out;
}

function cents(value: string): number {
  return Math.round(Number(value) * 100);
}

/** "Customer VAT number", "N° TVA client", "Customer care": the label word qualifies something else. */
const BUYER_QUALIFIER =
  /^[\s:]*(?:vat|tax|tva|btw|ust|no\b|nr\b|number|nummer|id\b|ref|reference|code|care|service|support|portal|account|since)/i;
/** A DIN 5008 sender line over the address window: "Acme GmbH ● Street 1 ● 12345 Town". */
const SENDER_LINE = /^[^|•·●:\d]+?\s(?:-|–|\||•|·|●)\s.*\d.*\s(?:-|–|\||•|·|●)\s.*\d/;
const DELIVERY_LABEL =
  /^(?:adresse\s+de\s+livraison|delivery\s+address|ship(?:ping)?\s+(?:to|address)|lieferadresse|lieferanschrift|afleveradres)\s*:?\s*$/i;

/** A label alone on its line over the address ("Kundin", "Empfänger"): the name is under it. */
const ADDRESS_LABEL = /^(?:kund(?:e|in)|empf[äa]nger(?:in)?|an|to|client(?:e)?|destinataire)$/i;

function addresseeName(text: string): boolean {
  return (
    text.length >= 3 &&
    /\p{L}{2}/u.test(text) &&
    !/^[\d+(]/.test(text) &&
    !/[@:]/.test(text) &&
    !ADDRESS_LABEL.test(text.trim()) &&
    findVatId(text) === null &&
    !L.number.test(text)
  );
}

function buyerCandidates(ctx: RuleContext): Array<Candidate<string>> {
  const out: Array<Candidate<string>> = [];
  const firstPage = ctx.lines[0]?.page;
  ctx.lines.forEach((line, at) => {
    const m = L.buyer.exec(line.text);
    if (!m || line.page !== firstPage) return;
    const after = line.text.slice(m.index + m[0].length);
    if (BUYER_QUALIFIER.test(after) || /(?:tva|vat|btw|n°)\s*$/i.test(line.text.slice(0, m.index))) return;
    // In a sentence ("Invoice to pay by wire transfer …") the words are not a label.
    if (/^ \p{Ll}+\s\p{Ll}/u.test(after)) return;
    // The name ends where its street address starts ("Billed to: Maple Leaf Bakery Inc., 77 Queen St W";
    // "Northwind Games AB, Kungsgatan 12": after the legal form).
    const rest = endAtLegalForm(
      after
        .split(/\s{3,}/)[0]
        ?.trim()
        .split(/,\s+(?=\d)/)[0] ?? '',
    );
    // "Customer: 2" is the customer number, not a label over the customer's name.
    if (/^\d[\w/-]*$/.test(rest)) return;
    const column = m.index;
    const pool =
      rest && !/^\d/.test(rest)
        ? [rest]
        : ctx.lines.slice(at + 1, at + 5).map((l) =>
            (
              l.text
                .slice(Math.max(0, column - 4))
                .trim()
                .split(/\s{3,}/)[0] ?? ''
            ).trim(),
          );
    for (let k = 0; k < pool.length; k++) {
      const text = pool[k] as string;
      if (
        !text ||
        /^(?:nummer|globale|gln|kunden-?nr|customer\s+(?:no|id)|address|adresse)\b/i.test(text) ||
        /^[\d:]/.test(text) ||
        findVatId(text)
      )
        continue;
      const next = pool[k + 1];
      const name = FORM_OF_ADDRESS.test(text) && next && addresseeName(next) ? `${text} ${next}` : text;
      out.push({ raw: name, normalized: name, line, strength: 0.6 });
      break;
    }
  });
  ctx.lines.forEach((line, at) => {
    if (line.page !== firstPage) return;
    const below = ctx.lines.slice(at + 1, at + 3).map((l) => l.text.trim().split(/\s{3,}/)[0] ?? '');
    const first = below.findIndex(addresseeName);
    const text = below[first];
    if (first < 0 || text === undefined) return;
    const name =
      FORM_OF_ADDRESS.test(text) && below[first + 1] && addresseeName(below[first + 1] as string)
        ? `${text} ${below[first + 1]}`
        : text;
    // The addressee is the first name under the sender line over the window.
    if (SENDER_LINE.test(line.text.trim()))
      out.push({ raw: name, normalized: name, line: ctx.lines[at + 1 + first] as DocumentLine, strength: 0.6 });
    // With no bill-to party, the party delivered to is most likely the buyer.
    else if (DELIVERY_LABEL.test(line.text.trim()) && first === 0)
      out.push({ raw: name, normalized: name, line: ctx.lines[at + 1] as DocumentLine, strength: 0.45 });
  });
  return out;
}

/**
 * The issue and due dates under the context's numeric date order; `dueWritten` says whether a line
 * labels a due date at all (when none reads on or after the issue date, the order may be the wrong one).
 */
function invoiceDates(ctx: RuleContext): { issue?: Candidate<string>; due?: Candidate<string>; dueWritten: boolean } {
  const parseDate = dateParser(ctx);
  const issueDates = labeled(ctx, L.date, parseDate, 0.85).filter(
    (c) => !L.due.test(c.line.text.slice(0, c.line.text.indexOf(c.raw))),
  );
  // Text extracted from a right-aligned layout glues the date before its label: "20-10-2015Invoice Date:".
  for (const line of ctx.lines) {
    const glued = DATE_THEN_LABEL.exec(line.text.trim());
    const date = glued ? parseDate(glued[1] as string) : null;
    if (date && date.raw === (glued?.[1] as string).trim()) issueDates.push({ ...date, line, strength: 0.8 });
  }
  // A discount deadline ("Zahlbar mit 2% Skonto bis …") is not the due date.
  const dueDates = labeled(ctx, L.due, parseDate, 0.85).filter(
    (c) => !/skonto|discount|escompte|korting/i.test(c.line.text),
  );
  ctx.lines.forEach((line, at) => {
    // A due-date column header over a row that holds only the date ("Beschreibung Fälligkeit Teilzahlung" / "29.11.2018").
    const next = ctx.lines[at + 1];
    if (!next || !L.due.test(line.text) || findDates(line.text, ctx.dateOrder).length) return;
    const date = parseDate(next.text.trim());
    if (date && date.raw === next.text.trim()) dueDates.push({ ...date, line: next, strength: 0.75 });
    // A sentence broken after its label: "… überweisen Sie bitte bis zum" / "21.11.2018 auf das Konto".
    const m = L.due.exec(line.text);
    const lead =
      m && line.text.slice(m.index + m[0].length).trim() === '' ? findDates(next.text, ctx.dateOrder)[0] : undefined;
    if (lead?.iso && next.text.trim().startsWith(lead.raw))
      dueDates.push({ raw: lead.raw, normalized: lead.iso, line: next, strength: 0.75 });
  });
  let issue = best(
    issueDates.filter(
      (c) =>
        !/liefer|leistung|delivery|order|bestell|period|zeitraum/i.test(
          c.line.text.slice(0, c.line.text.indexOf(c.raw)),
        ),
    ),
  );
  if (!issue) {
    const first = ctx.lines
      .slice(0, 60)
      .flatMap((line) => findDates(line.text, ctx.dateOrder).map((d) => ({ d, line })))
      .find(({ d }) => d.iso);
    if (first) issue = { raw: first.d.raw, normalized: first.d.iso as string, line: first.line, strength: 0.5 };
  }
  const due = best(dueDates.filter((c) => !issue || c.normalized >= issue.normalized));
  return { issue, due, dueWritten: ctx.lines.some((line) => L.due.test(line.text)) };
}

/** Whole days from a to b (ISO dates). */
const daysBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;

export function invoiceFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];

  // Invoice number.
  const parseNumber = (text: string): { raw: string; normalized: string } | null => {
    const m = IDENTIFIER.exec(text.replace(/^[#:\s]+/, '').replace(/^#\s+/, '#'));
    if (!m || NOT_NUMBER.test(m[1] as string)) return null;
    const id = (m[1] as string).replace(/[.\-/]+$/, '');
    // A date is not an invoice number.
    if (findDates(id).length || id.length < 2) return null;
    return { raw: id, normalized: id };
  };
  const numbers = labeled(ctx, L.number, parseNumber, 0.8);
  for (const line of ctx.lines) {
    // The title carries the number after a qualifier: "Gutschrift (Selbst ausgestellte Rechnung) Nr. 4711".
    const title = TITLE_NUMBER.exec(line.text);
    const inTitle = title ? parseNumber(line.text.slice(title[0].length)) : null;
    if (inTitle) numbers.push({ ...inTitle, line, strength: 0.8 });
    // Text extracted from a right-aligned layout glues the value before its label: "993548900Invoice number:".
    const glued = VALUE_THEN_LABEL.exec(line.text.trim());
    const before = glued ? parseNumber(glued[1] as string) : null;
    if (before && before.raw === glued?.[1]) numbers.push({ ...before, line, strength: 0.75 });
  }
  const number = best(numbers);
  if (number) fields.push(field(ctx, 'invoice_number', number.raw, number.normalized, 0.8, number.line.page));

  // Dates. When nothing in the document decided the numeric order (or only its currency or locale
  // did) and a due date was written, the order that puts the due date on or within half a year after
  // the issue date is the one the document uses: "3/12/2017 … due 4/11/2017" is March 12 and April 11.
  const dates = invoiceDates(ctx);
  let { issue, due } = dates;
  let orderFromDueDate = false;
  if (ctx.dateOrderSource !== 'document' && dates.dueWritten && (!issue || !due)) {
    const orders: DateOrder[] = ctx.dateOrder ? [ctx.dateOrder === 'mdy' ? 'dmy' : 'mdy'] : ['dmy', 'mdy'];
    const fits = orders
      .map((dateOrder) => invoiceDates({ ...ctx, dateOrder }))
      .filter((d) => d.issue && d.due && daysBetween(d.issue.normalized, d.due.normalized) <= 183);
    if (fits.length === 1) {
      ({ issue, due } = fits[0] as { issue: Candidate<string>; due: Candidate<string> });
      orderFromDueDate = true;
    }
  }
  if (issue) {
    let conf = issue.strength;
    if (due && due.normalized >= issue.normalized) conf += 0.05;
    if (orderFromDueDate) conf -= 0.15;
    // "02/05/2024" read day-first because the page has a VAT number, a sort code or a currency: likely,
    // not proven, so low enough that a person is asked (below the review line once calibrated).
    else if (ctx.dateOrderSource === 'currency' && findDates(issue.raw)[0]?.ambiguous) conf -= 0.35;
    fields.push(field(ctx, 'date', issue.raw, issue.normalized, Math.min(0.95, conf), issue.line.page));
  }
  if (due)
    fields.push(
      field(
        ctx,
        'due_date',
        due.raw,
        due.normalized,
        (issue ? 0.8 : 0.65) - (orderFromDueDate ? 0.15 : 0),
        due.line.page,
      ),
    );

  // Amounts: candidates per role, then the combination that adds up wins.
  const notTotal =
    /\b(?:sub\s*-?total|(?:net|vat|tax|gst|mwst|ust)\s+total|total\s+(?:net|excl|before|ht|qty|items?|weight|discount|tax(?:es)?|vat)|netto|ohne\s+ust|positionssumme|zwischensumme|gesamtbetrag\s+der|total\s+hours)\b/i;
  const totals = labeledAmounts(ctx, L.total, notTotal, 0.7);
  const nets = labeledAmounts(ctx, L.net, null, 0.75);
  // The tax line of the totals ("Total taxes", "VAT total") is the tax total; other lines with "total" are not tax lines.
  const taxTotalLine = /\b(?:total\s+(?:tax(?:es)?|vat|tva|gst|mwst)|(?:tax|vat|tva|gst|mwst)\s+total)\b/i;
  const taxes = [
    ...labeledAmounts(
      ctx,
      L.tax,
      /\b(?:total|brutto|incl|inkl|ttc|summe|subtotal|id|nr|no\.|number|registration|excl)\b/i,
      0.6,
    ),
    ...labeledAmounts(ctx, taxTotalLine, /\b(?:incl|inkl|excl|ttc)\b/i, 0.65),
  ]
    .filter((t) => !/%\s*$/.test(t.raw))
    .sort((a, b) => a.line.index - b.line.index);
  const dues = labeledAmounts(ctx, L.due_amount, null, 0.75);
  // The largest in size (a credit note's totals are negative).
  let total: Candidate<string> | undefined = totals.length
    ? totals.reduce((a, b) => (Math.abs(Number(b.normalized)) > Math.abs(Number(a.normalized)) ? b : a))
    : undefined;
  let net: Candidate<string> | undefined = nets[nets.length - 1];
  let tax: Candidate<string> | undefined = taxes[taxes.length - 1];
  let consistent = false;
  for (const t of totals)
    for (const n of nets)
      for (const x of taxes)
        if (
          !consistent &&
          Math.abs(cents(n.normalized) + cents(x.normalized) - cents(t.normalized)) <= 1 &&
          cents(t.normalized) > 0
        ) {
          total = t;
          net = n;
          tax = x;
          consistent = true;
        }
  if (!total && dues.length) total = { ...(dues[dues.length - 1] as Candidate<string>), strength: 0.5 };
  const amountDue = dues[dues.length - 1];
  if (total)
    fields.push(
      field(
        ctx,
        'total',
        total.raw,
        total.normalized,
        consistent ? 0.93 : totals.length > 1 ? 0.6 : 0.7,
        total.line.page,
      ),
    );
  if (net && (!total || Math.abs(Number(net.normalized)) <= Math.abs(Number(total.normalized))))
    fields.push(field(ctx, 'net_total', net.raw, net.normalized, consistent ? 0.9 : 0.6, net.line.page));
  else if (
    !net &&
    total &&
    taxes.every((x) => cents(x.normalized) === 0) &&
    !/(?<![\d.,])[1-9]\d?(?:[.,]\d+)?\s?%/.test(ctx.text) &&
    !/\b(?:inclusive|incl|inkl|included|ttc|brutto)\b/i.test(ctx.text)
  )
    // No tax charged (none printed, or 0.00, and no rate nor "tax included": exempt, reverse charge, a
    // small business): the total is the net. Sure enough not to send every tax-free invoice to review
    // (right on all three dev invoices it applies to).
    fields.push(field(ctx, 'net_total', total.raw, total.normalized, 0.8, total.line.page));
  if (tax && (!total || Math.abs(Number(tax.normalized)) < Math.abs(Number(total.normalized))))
    fields.push(field(ctx, 'tax_total', tax.raw, tax.normalized, consistent ? 0.9 : 0.5, tax.line.page));
  if (amountDue)
    fields.push(
      field(
        ctx,
        'amount_due',
        amountDue.raw,
        amountDue.normalized,
        total && amountDue.normalized === total.normalized ? 0.85 : 0.7,
        amountDue.line.page,
      ),
    );

  // Currency: attached to the total, else the most frequent in the document.
  const written = [...totals, ...dues].find((c) => c.currency);
  // A "$" is read as USD; the page may say which dollar it is (localDollar returns null when "USD" is written).
  const attached =
    written?.currency === 'USD'
      ? (localDollar(ctx.text) ?? 'USD')
      : written?.currency === 'JPY'
        ? localYen(ctx.text)
        : (written?.currency ?? null);
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
  const vat = labeled(
    ctx,
    L.vatId,
    (text) => {
      const id = findVatId(text);
      return id ? { raw: id, normalized: id } : null;
    },
    0.85,
  );
  const vatId = vat[0]?.normalized ?? findVatId(ctx.text);
  if (vatId) fields.push(field(ctx, 'vendor_tax_id', vatId, vatId, vat[0] ? 0.85 : 0.6));

  // Parties.
  const buyers = buyerCandidates(ctx);
  const vendor = vendorFromEvidence(invoiceVendorEvidence(ctx, buyers));
  if (vendor) fields.push(field(ctx, 'vendor', vendor.raw, vendor.normalized, vendor.strength, vendor.line.page));
  const buyer = best(buyers.filter((b) => !vendor || b.normalized !== vendor.normalized));
  if (buyer) fields.push(field(ctx, 'buyer', buyer.raw, buyer.normalized, buyer.strength, buyer.line.page));
  return fields;
}

/** The seller cues of an invoice (the rules' vendor is chosen among them; the learned scorer reads them all). */
export function invoiceVendorEvidence(
  ctx: RuleContext,
  buyers: ReadonlyArray<Candidate<string>> = buyerCandidates(ctx),
): VendorEvidence {
  return vendorEvidence(
    ctx,
    L.vendor,
    L.buyer,
    buyers.map((b) => b.normalized),
  );
}
