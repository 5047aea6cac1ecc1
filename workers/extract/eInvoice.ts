/**
 * Structured e-invoices: the XML a Factur-X / ZUGFeRD PDF carries as an attachment (UN/CEFACT Cross
 * Industry Invoice, ZUGFeRD 1.0's Cross Industry Document) and the UBL Invoice / CreditNote of
 * XRechnung and Peppol. The seller wrote these values for machines; read them and the invoice's number,
 * dates, parties and totals need no guessing from the printed page.
 *
 * A small XML reader of our own (elements, attributes, text, CDATA, entities; no DTDs, no external
 * entities, so nothing in the file can make it fetch or expand anything), then the EN 16931 paths by
 * local name, so that any namespace prefix works.
 */
import type { EInvoice, EInvoiceFieldName } from '../../electron/shared/contract/extract.js';

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;
const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/giu, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number.parseInt(dec, 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[(named ?? '').toLowerCase()] ?? '';
  });
}

/**
 * The document element of a well-formed XML text, or null when the text is not one. One pass with
 * indexOf, so any input costs time linear in its length (a regex with lazy runs for comments and CDATA
 * rescans the rest of the text at every unterminated one).
 */
export function parseXml(xml: string): XmlNode | null {
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  let i = 0;
  const skipTo = (start: number, close: string): number => {
    const end = xml.indexOf(close, start);
    return end < 0 ? -1 : end + close.length;
  };
  while (i < xml.length) {
    const top = stack[stack.length - 1]!;
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      top.text += decodeEntities(xml.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(xml.slice(i, lt));
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return null;
      top.text += xml.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!--', lt) || xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      // Comments, processing instructions and a DOCTYPE (with its internal subset): skipped, never expanded.
      const bracket = xml.indexOf('[', lt);
      const gt = xml.indexOf('>', lt);
      i = xml.startsWith('<!--', lt) ? skipTo(lt + 4, '-->') : xml.startsWith('<?', lt) ? skipTo(lt + 2, '?>') : bracket >= 0 && bracket < gt ? skipTo(bracket, ']>') : gt < 0 ? -1 : gt + 1;
      if (i < 0) return null;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) return null;
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      if (stack.length === 1 || top.name !== localName(tag.slice(1).trim())) return null;
      stack.pop();
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/>]+/u.exec(body)?.[0];
    if (!name) return null;
    const attrs: Record<string, string> = {};
    for (const a of body.slice(name.length).matchAll(ATTRIBUTE)) attrs[localName(a[1] ?? '')] = decodeEntities(a[2] ?? a[3] ?? '');
    const node: XmlNode = { name: localName(name), attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  return stack.length === 1 && root.children.length === 1 ? (root.children[0] ?? null) : null;
}

/** The first element below `node` (depth first) whose local name is `name`. */
function find(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  for (const child of node.children) {
    if (child.name === name) return child;
    const deeper = find(child, name);
    if (deeper) return deeper;
  }
  return undefined;
}
const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => node?.children.find((c) => c.name === name);
const text = (node: XmlNode | undefined): string | undefined => {
  const value = node?.text.replace(/\s+/gu, ' ').trim();
  return value ? value : undefined;
};

/** CII dates are `format="102"` (YYYYMMDD); UBL's are ISO already. */
function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})$/u.exec(value);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  return /^\d{4}-\d{2}-\d{2}$/u.test(value) ? value : undefined;
}

function amount(value: string | undefined): string | undefined {
  if (!value || !/^-?\d+(?:\.\d+)?$/u.test(value)) return undefined;
  return Number(value).toFixed(2);
}

/** Of several tax totals (one per currency when the tax currency differs), the one in `currency`. */
function inCurrency(nodes: XmlNode[], currency: string | undefined): XmlNode | undefined {
  return nodes.find((n) => currency && n.attrs.currencyID === currency) ?? nodes[0];
}

function crossIndustry(root: XmlNode): Partial<Record<EInvoiceFieldName, string>> {
  const header = find(root, 'ExchangedDocument') ?? find(root, 'HeaderExchangedDocument');
  const seller = find(root, 'SellerTradeParty');
  const currency = text(find(root, 'InvoiceCurrencyCode'));
  const sums = find(root, 'SpecifiedTradeSettlementHeaderMonetarySummation') ?? find(root, 'SpecifiedTradeSettlementMonetarySummation');
  const taxIds = seller?.children.filter((c) => c.name === 'SpecifiedTaxRegistration').map((c) => child(c, 'ID')) ?? [];
  return {
    invoice_number: text(child(header, 'ID')),
    date: isoDate(text(find(child(header, 'IssueDateTime'), 'DateTimeString'))),
    due_date: isoDate(text(find(find(find(root, 'SpecifiedTradePaymentTerms'), 'DueDateDateTime'), 'DateTimeString'))),
    vendor: text(child(seller, 'Name')),
    buyer: text(child(find(root, 'BuyerTradeParty'), 'Name')),
    currency,
    net_total: amount(text(child(sums, 'TaxBasisTotalAmount'))),
    tax_total: amount(text(inCurrency(sums?.children.filter((c) => c.name === 'TaxTotalAmount') ?? [], currency))),
    total: amount(text(child(sums, 'GrandTotalAmount'))),
    amount_due: amount(text(child(sums, 'DuePayableAmount'))),
    iban: text(find(find(root, 'PayeePartyCreditorFinancialAccount'), 'IBANID'))?.replace(/\s+/gu, ''),
    vendor_tax_id: text(taxIds.find((id) => id?.attrs.schemeID === 'VA') ?? taxIds[0]),
  };
}

function universalBusiness(root: XmlNode): Partial<Record<EInvoiceFieldName, string>> {
  const party = (role: string): string | undefined => {
    const p = child(child(root, role), 'Party');
    return text(child(child(p, 'PartyLegalEntity'), 'RegistrationName')) ?? text(child(child(p, 'PartyName'), 'Name'));
  };
  const currency = text(child(root, 'DocumentCurrencyCode'));
  const totals = child(root, 'LegalMonetaryTotal');
  const payment = child(root, 'PaymentMeans');
  return {
    invoice_number: text(child(root, 'ID')),
    date: isoDate(text(child(root, 'IssueDate'))),
    due_date: isoDate(text(child(root, 'DueDate')) ?? text(child(payment, 'PaymentDueDate'))),
    vendor: party('AccountingSupplierParty'),
    buyer: party('AccountingCustomerParty'),
    currency,
    net_total: amount(text(child(totals, 'TaxExclusiveAmount'))),
    tax_total: amount(text(child(inCurrency(root.children.filter((c) => c.name === 'TaxTotal'), undefined), 'TaxAmount'))),
    total: amount(text(child(totals, 'TaxInclusiveAmount'))),
    amount_due: amount(text(child(totals, 'PayableAmount'))),
    iban: text(child(child(payment, 'PayeeFinancialAccount'), 'ID'))?.replace(/\s+/gu, ''),
    vendor_tax_id: text(child(child(child(child(root, 'AccountingSupplierParty'), 'Party'), 'PartyTaxScheme'), 'CompanyID')),
  };
}

/** The e-invoice in an XML text, or null when it is not one (any other XML, or not XML at all). */
export function readEInvoice(xml: string, fileName: string): EInvoice | null {
  const root = parseXml(xml.replace(/^\uFEFF/u, ''));
  if (!root) return null;
  const syntax = root.name === 'CrossIndustryInvoice' || root.name === 'CrossIndustryDocument' ? 'CII' : root.name === 'Invoice' || root.name === 'CreditNote' ? 'UBL' : null;
  if (!syntax) return null;
  const read = syntax === 'CII' ? crossIndustry(root) : universalBusiness(root);
  const fields: Partial<Record<EInvoiceFieldName, string>> = {};
  for (const [name, value] of Object.entries(read) as Array<[EInvoiceFieldName, string | undefined]>) if (value) fields[name] = value;
  // Without a number or a total it is not an invoice anyone could book.
  if (!fields.invoice_number && !fields.total && !fields.amount_due) return null;
  return { fileName, syntax, fields };
}
