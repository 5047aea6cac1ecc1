/**
 * Invoices that teach the vendor scorer who issued them: the same two parties, issuer and addressee,
 * placed the ways invoices place them — letterhead over a "bill to" block, a sender line over the
 * address window with the issuer only in the footer, seller and buyer side by side in two labelled
 * columns (either on the left), the addressee first and the issuer at the bottom — in English, German,
 * French, Dutch, Spanish and Italian. Only the vendor is labelled: the amount and date scorers are taught
 * by the other generated invoices. Written from how invoices are laid out in general, not from a corpus
 * document.
 */
import { seededRandom } from '../../electron/understand/seededRandom.js';
import {
  CITIES,
  FIRST,
  LAST,
  ORG_A,
  ORG_B,
  STREETS,
  int,
  pick,
  type Random,
  type SyntheticDocument,
} from './syntheticParts.js';

interface Words {
  invoice: string;
  billTo: string;
  seller: string;
  date: string;
  number: string;
  total: string;
  vat: string;
  phone: string;
  register: (r: Random) => string;
  thanks: string;
  forms: readonly string[];
  street: readonly string[];
}

const LANGUAGES: readonly Words[] = [
  {
    invoice: 'INVOICE',
    billTo: 'Bill to',
    seller: 'From',
    date: 'Invoice date',
    number: 'Invoice no.',
    total: 'Total due',
    vat: 'VAT Reg. No.',
    phone: 'Tel',
    register: (r) => `Registered in England and Wales No. ${int(r, 1_000_000, 9_999_999)}`,
    thanks: 'Thank you for your business.',
    forms: ['Ltd', 'Limited', 'LLP', 'plc', 'Inc.', ''],
    street: ['High Street', 'Station Road', 'Church Lane', 'Market Place'],
  },
  {
    invoice: 'RECHNUNG',
    billTo: 'Rechnungsempfänger',
    seller: 'Absender',
    date: 'Rechnungsdatum',
    number: 'Rechnungsnummer',
    total: 'Gesamtbetrag',
    vat: 'USt-IdNr.',
    phone: 'Telefon',
    register: (r) => `Amtsgericht ${pick(r, ['München', 'Köln', 'Hamburg'])} HRB ${int(r, 10_000, 99_999)}`,
    thanks: 'Vielen Dank für Ihren Auftrag.',
    forms: ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.', ''],
    street: ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee'],
  },
  {
    invoice: 'FACTURE',
    billTo: 'Facturé à',
    seller: 'Vendeur',
    date: 'Date de facture',
    number: 'Facture n°',
    total: 'Total TTC',
    vat: 'N° TVA',
    phone: 'Tél',
    register: (r) =>
      `SAS au capital de ${int(r, 1, 90) * 1000} € - RCS Lyon ${int(r, 100, 999)} ${int(r, 100, 999)} ${int(r, 100, 999)}`,
    thanks: 'Merci de votre confiance.',
    forms: ['SARL', 'SAS', 'S.A.', ''],
    street: ['rue de la République', 'avenue Jean Jaurès', 'boulevard Voltaire'],
  },
  {
    invoice: 'FACTUUR',
    billTo: 'Factuuradres',
    seller: 'Leverancier',
    date: 'Factuurdatum',
    number: 'Factuurnummer',
    total: 'Totaal te betalen',
    vat: 'BTW-nr',
    phone: 'Tel',
    register: (r) => `KvK ${int(r, 10_000_000, 99_999_999)}`,
    thanks: 'Bedankt voor uw bestelling.',
    forms: ['B.V.', 'N.V.', 'V.O.F.', ''],
    street: ['Kerkstraat', 'Dorpsstraat', 'Stationsweg'],
  },
  {
    invoice: 'FACTURA',
    billTo: 'Cliente',
    seller: 'Proveedor',
    date: 'Fecha',
    number: 'Factura nº',
    total: 'Total a pagar',
    vat: 'NIF',
    phone: 'Tel.',
    register: (r) => `Inscrita en el Registro Mercantil de Madrid, Tomo ${int(r, 1000, 9999)}`,
    thanks: 'Gracias por su compra.',
    forms: ['S.L.', 'S.A.', ''],
    street: ['Calle Mayor', 'Avenida de la Constitución', 'Plaza España'],
  },
  {
    invoice: 'FATTURA',
    billTo: 'Intestatario',
    seller: 'Fornitore',
    date: 'Data fattura',
    number: 'Fattura n.',
    total: 'Totale documento',
    vat: 'P.IVA',
    phone: 'Tel.',
    register: (r) => `Capitale sociale € ${int(r, 10, 500)}.000 i.v. - REA MI-${int(r, 100_000, 999_999)}`,
    thanks: 'Grazie per la preferenza.',
    forms: ['S.r.l.', 'S.p.A.', ''],
    street: ['Via Roma', 'Corso Italia', 'Via Garibaldi'],
  },
];

const TRADES = ['Bau', 'Print', 'Studio', 'Werkstatt', 'Consulting', 'Technik', 'Design', 'Handel', 'Services', 'Labs'];

/** A party's name: a made-up firm with or without its legal form, a brand in capitals, or a person's trade. */
function partyName(r: Random, w: Words): string {
  const form = pick(r, w.forms);
  const kind = int(r, 0, 3);
  const base =
    kind === 0
      ? `${pick(r, ORG_A)} ${pick(r, ORG_B)}`
      : kind === 1
        ? `${pick(r, LAST)} ${pick(r, TRADES)}`
        : kind === 2
          ? `${pick(r, ORG_A).toUpperCase()}${pick(r, ['', ' ' + pick(r, ORG_B).toUpperCase()])}`
          : `${pick(r, FIRST)} ${pick(r, LAST)} ${pick(r, TRADES)}`;
  return form ? `${base} ${form}` : base;
}

const person = (r: Random): string => `${pick(r, FIRST)} ${pick(r, LAST)}`;
const streetLine = (r: Random, w: Words): string => `${pick(r, [...w.street, ...STREETS])} ${int(r, 1, 160)}`;
const townLine = (r: Random): string => `${int(r, 10000, 99999)} ${pick(r, CITIES)}`;
const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const side = (left: string, right: string, gap: number): string => `${left.padEnd(gap)}${right}`;

function invoice(r: Random, layout: number, w: Words): SyntheticDocument {
  const vendor = partyName(r, w);
  let buyer = partyName(r, w);
  if (buyer === vendor) buyer = `${buyer} ${pick(r, TRADES)}`;
  const site = `www.${
    vendor
      .split(' ')[0]
      ?.toLowerCase()
      .replace(/[^a-z]/g, '') || 'example'
  }.${pick(r, ['com', 'de', 'fr', 'nl', 'eu'])}`;
  const contact = `${w.phone} +${int(r, 30, 49)} ${int(r, 10, 99)} ${int(r, 1000000, 9999999)}`;
  const vatId = `${w.vat} ${pick(r, ['DE', 'FR', 'NL', 'ES', 'IT', 'GB'])}${int(r, 100_000_000, 999_999_999)}`;
  const iban = `IBAN DE${int(r, 10, 99)} ${int(r, 1000, 9999)} ${int(r, 1000, 9999)} ${int(r, 1000, 9999)} ${int(r, 1000, 9999)} ${int(r, 10, 99)}`;
  const details = [
    `${w.number}: ${int(r, 1000, 99999)}`,
    `${w.date}: ${String(int(r, 13, 28))}.${String(int(r, 1, 12)).padStart(2, '0')}.${int(r, 2016, 2025)}`,
  ];
  const net = int(r, 1000, 500_000);
  const items = [
    `${pick(r, ['Consulting', 'Material', 'Service', 'Licence', 'Repair', 'Delivery'])}   1   ${money(net)}`,
    `${w.total}   ${money(Math.round(net * 1.2))}`,
  ];
  const gap = int(r, 36, 50);
  const vendorStreet = streetLine(r, w);
  const vendorTown = townLine(r);
  const buyerBlock = [buyer, ...(r() < 0.4 ? [person(r)] : []), streetLine(r, w), townLine(r)];
  const footer = [`${vendor} · ${vendorStreet} · ${vendorTown}`, `${vatId} · ${w.register(r)}`, `${iban} · ${site}`];
  let lines: string[];
  switch (layout) {
    case 0: // letterhead, then the addressee under its label
      lines = [
        r() < 0.5 ? side(vendor, w.invoice, gap) : vendor,
        vendorStreet,
        vendorTown,
        `${contact} · ${site}`,
        '',
        `${w.billTo}:`,
        ...buyerBlock,
        '',
        ...details,
        ...items,
        '',
        w.thanks,
      ];
      break;
    case 1: // sender line over the address window; the issuer's name again only in the footer
      lines = [
        `${vendor} · ${vendorStreet} · ${vendorTown}`,
        ...buyerBlock.map((l, i) => (i < details.length ? side(l, details[i] as string, gap) : l)),
        '',
        w.invoice,
        ...items,
        '',
        w.thanks,
        ...footer,
      ];
      break;
    case 2: {
      // two labelled columns, the seller on either side
      const left = r() < 0.5;
      const a = [`${w.seller}:`, vendor, vendorStreet, vendorTown];
      const b = [`${w.billTo}:`, ...buyerBlock];
      const [l, rt] = left ? [a, b] : [b, a];
      lines = [
        w.invoice,
        ...details,
        '',
        ...Array.from({ length: Math.max(l.length, rt.length) }, (_, i) => side(l[i] ?? '', rt[i] ?? '', gap)),
        '',
        ...items,
        vatId,
      ];
      break;
    }
    case 3: // the addressee first, the issuer only at the bottom
      lines = [
        ...buyerBlock,
        '',
        w.invoice,
        ...details,
        ...items,
        '',
        w.thanks,
        '',
        vendor,
        `${vendorStreet}, ${vendorTown}`,
        `${contact} · ${site}`,
        vatId,
        iban,
      ];
      break;
    default: // the title first, the issuer's letterhead right-aligned beside the addressee
      lines = [
        w.invoice,
        '',
        side(buyer, vendor, gap),
        side(buyerBlock[buyerBlock.length - 2] ?? '', vendorStreet, gap),
        side(buyerBlock[buyerBlock.length - 1] ?? '', vendorTown, gap),
        side('', vatId, gap),
        '',
        ...details,
        ...items,
        footer[2] as string,
      ];
  }
  return {
    label: 'invoice',
    source: `synthetic:invoice_parties_${layout}`,
    text: lines.join('\n'),
    fields: { vendor },
  };
}

/** `perLayout` invoices of each layout in each language (deterministic). */
export function generateInvoiceParties(perLayout: number, seed = 2027): SyntheticDocument[] {
  const r = seededRandom(seed);
  const out: SyntheticDocument[] = [];
  for (let layout = 0; layout < 5; layout++)
    for (const w of LANGUAGES) for (let i = 0; i < perLayout; i++) out.push(invoice(r, layout, w));
  return out;
}
