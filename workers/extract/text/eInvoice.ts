/**
 * Structured e-invoices: the XML a Factur-X / ZUGFeRD PDF carries as an attachment (UN/CEFACT Cross
 * Industry Invoice, ZUGFeRD 1.0's Cross Industry Document) and the UBL Invoice / CreditNote of
 * XRechnung and Peppol. The seller wrote these values for machines; read them and the invoice's number,
 * dates, parties and totals need no guessing from the printed page.
 *
 * Read with our own small XML reader (xml.ts: no DTDs, no external entities), then along the EN 16931
 * paths by local name, so that any namespace prefix works.
 */
import type { EInvoice, EInvoiceFieldName } from '../../../electron/shared/contract/extract.js';
import { findElement, parseXml, type XmlNode } from './xml.js';

/** The largest XML attachment (of a PDF or an e-mail) read as a possible e-invoice: one is a few hundred KiB. */
export const MAX_EINVOICE_BYTES = 5 * 1024 * 1024;

const find = findElement;
const child = (node: XmlNode | undefined, name: string): XmlNode | undefined =>
  node?.children.find((c) => c.name === name);
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
  const sums =
    find(root, 'SpecifiedTradeSettlementHeaderMonetarySummation') ??
    find(root, 'SpecifiedTradeSettlementMonetarySummation');
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
    tax_total: amount(
      text(
        child(
          inCurrency(
            root.children.filter((c) => c.name === 'TaxTotal'),
            undefined,
          ),
          'TaxAmount',
        ),
      ),
    ),
    total: amount(text(child(totals, 'TaxInclusiveAmount'))),
    amount_due: amount(text(child(totals, 'PayableAmount'))),
    iban: text(child(child(payment, 'PayeeFinancialAccount'), 'ID'))?.replace(/\s+/gu, ''),
    vendor_tax_id: text(
      child(child(child(child(root, 'AccountingSupplierParty'), 'Party'), 'PartyTaxScheme'), 'CompanyID'),
    ),
  };
}

/** The e-invoice in an XML text, or null when it is not one (any other XML, or not XML at all). */
export function readEInvoice(xml: string, fileName: string): EInvoice | null {
  const root = parseXml(xml.replace(/^\uFEFF/u, ''));
  return root ? eInvoiceOf(root, fileName) : null;
}

/** The e-invoice an XML document element holds, or null when it is none. */
export function eInvoiceOf(root: XmlNode, fileName: string): EInvoice | null {
  const syntax = syntaxOf(root);
  if (!syntax) return null;
  const read = syntax === 'CII' ? crossIndustry(root) : universalBusiness(root);
  const fields: Partial<Record<EInvoiceFieldName, string>> = {};
  for (const [name, value] of Object.entries(read) as Array<[EInvoiceFieldName, string | undefined]>)
    if (value) fields[name] = value;
  // Without a number or a total it is not an invoice anyone could book.
  if (!fields.invoice_number && !fields.total && !fields.amount_due) return null;
  return { fileName, syntax, fields };
}

function syntaxOf(root: XmlNode): EInvoice['syntax'] | null {
  if (root.name === 'CrossIndustryInvoice' || root.name === 'CrossIndustryDocument') return 'CII';
  return root.name === 'Invoice' || root.name === 'CreditNote' ? 'UBL' : null;
}

interface Party {
  name?: string;
  address: string[];
  taxId?: string;
}

interface Line {
  name?: string;
  quantity?: string;
  price?: string;
  total?: string;
}

const joinDefined = (parts: Array<string | undefined>, separator = ' '): string | undefined =>
  parts.filter(Boolean).join(separator) || undefined;

function ciiParty(node: XmlNode | undefined): Party {
  const address = child(node, 'PostalTradeAddress');
  const taxIds = node?.children.filter((c) => c.name === 'SpecifiedTaxRegistration').map((c) => child(c, 'ID')) ?? [];
  return {
    name: text(child(node, 'Name')),
    address: [
      text(child(address, 'LineOne')),
      text(child(address, 'LineTwo')),
      joinDefined([text(child(address, 'PostcodeCode')), text(child(address, 'CityName'))]),
      text(child(address, 'CountryID')),
    ].filter((l): l is string => !!l),
    taxId: text(taxIds.find((id) => id?.attrs.schemeID === 'VA') ?? taxIds[0]),
  };
}

function ublParty(node: XmlNode | undefined): Party {
  const party = child(node, 'Party');
  const address = child(party, 'PostalAddress');
  return {
    name:
      text(child(child(party, 'PartyLegalEntity'), 'RegistrationName')) ??
      text(child(child(party, 'PartyName'), 'Name')),
    address: [
      text(child(address, 'StreetName')),
      text(child(address, 'AdditionalStreetName')),
      joinDefined([text(child(address, 'PostalZone')), text(child(address, 'CityName'))]),
      text(child(child(address, 'Country'), 'IdentificationCode')),
    ].filter((l): l is string => !!l),
    taxId: text(child(child(party, 'PartyTaxScheme'), 'CompanyID')),
  };
}

const quantity = (node: XmlNode | undefined): string | undefined => joinDefined([text(node), node?.attrs.unitCode]);

/** Line items as a person reads them on the printed invoice (name, quantity with unit, unit price, amount). */
function lines(root: XmlNode, syntax: EInvoice['syntax']): Line[] {
  const out: Line[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (syntax === 'CII' && node.name === 'IncludedSupplyChainTradeLineItem') {
      const price = find(node, 'NetPriceProductTradePrice') ?? find(node, 'GrossPriceProductTradePrice');
      out.push({
        name: text(find(find(node, 'SpecifiedTradeProduct'), 'Name')),
        quantity: quantity(find(node, 'BilledQuantity')),
        price: text(find(price, 'ChargeAmount')),
        total: text(find(node, 'LineTotalAmount')),
      });
      continue;
    }
    if (syntax === 'UBL' && (node.name === 'InvoiceLine' || node.name === 'CreditNoteLine')) {
      out.push({
        name: text(child(child(node, 'Item'), 'Name')),
        quantity: quantity(child(node, 'InvoicedQuantity') ?? child(node, 'CreditedQuantity')),
        price: text(child(child(node, 'Price'), 'PriceAmount')),
        total: text(child(node, 'LineExtensionAmount')),
      });
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * The readable page of an XML e-invoice dropped as a file of its own (an XRechnung or Peppol invoice
 * by e-mail has no PDF): what its printed form would show — kind, number, dates, seller and buyer with
 * their addresses, the line items, the totals, payment terms and notes — in the order of a printed
 * invoice, so that it reads, searches and previews like one. Dates stay ISO, amounts as written.
 */
export function eInvoicePage(root: XmlNode, invoice: EInvoice): string {
  const f = invoice.fields;
  const cii = invoice.syntax === 'CII';
  const header = cii ? (find(root, 'ExchangedDocument') ?? find(root, 'HeaderExchangedDocument')) : root;
  const typeCode = text(child(header, cii ? 'TypeCode' : 'InvoiceTypeCode')) ?? text(child(root, 'CreditNoteTypeCode'));
  const credit = root.name === 'CreditNote' || typeCode === '381';
  const seller = cii ? ciiParty(find(root, 'SellerTradeParty')) : ublParty(child(root, 'AccountingSupplierParty'));
  const buyer = cii ? ciiParty(find(root, 'BuyerTradeParty')) : ublParty(child(root, 'AccountingCustomerParty'));
  const notes = cii
    ? (header?.children.filter((c) => c.name === 'IncludedNote').map((n) => text(child(n, 'Content'))) ?? [])
    : root.children.filter((c) => c.name === 'Note').map((n) => text(n));
  const terms = cii
    ? text(child(find(root, 'SpecifiedTradePaymentTerms'), 'Description'))
    : text(child(child(root, 'PaymentTerms'), 'Note'));
  const money = (value: string | undefined): string | undefined =>
    value ? joinDefined([value, f.currency]) : undefined;
  const labelled = (label: string, value: string | undefined): string[] => (value ? [`${label}: ${value}`] : []);
  const block = (title: string, party: Party): string[] =>
    party.name || party.address.length
      ? [title, ...(party.name ? [party.name] : []), ...party.address, ...labelled('VAT ID', party.taxId), '']
      : [];
  const items = lines(root, invoice.syntax);
  const out = [
    credit ? 'Credit note' : 'Invoice',
    ...labelled(credit ? 'Credit note number' : 'Invoice number', f.invoice_number),
    ...labelled(credit ? 'Credit note date' : 'Invoice date', f.date),
    ...labelled('Due date', f.due_date),
    '',
    ...block('Seller', seller),
    ...block('Buyer', buyer),
    ...(items.length
      ? [
          'Description | Quantity | Unit price | Amount',
          ...items.map((l) => [l.name ?? '', l.quantity ?? '', l.price ?? '', l.total ?? ''].join(' | ').trimEnd()),
          '',
        ]
      : []),
    ...labelled('Net total', money(f.net_total)),
    ...labelled('VAT', money(f.tax_total)),
    ...labelled('Total', money(f.total)),
    ...labelled('Amount due', money(f.amount_due)),
    ...labelled('Payment terms', terms),
    ...labelled('IBAN', f.iban),
    ...notes.filter((n): n is string => !!n),
  ];
  return out
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}
