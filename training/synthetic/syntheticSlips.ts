/**
 * Till slips as OCR reads photos of them: shops and restaurants in several countries, item lines with
 * codes, quantities and unit prices, tax lines under the local names (GST, VAT, MwSt, TVA, sales tax,
 * PPN), rounding, how it was paid and the change, the shop's policy lines, and the debris OCR makes of
 * creases and thermal-paper fade at the top and bottom. The older `receipt` template writes clean
 * slips; with only those, a model trained without real receipts called every real one a form (leave
 * one source out, 0/130), so a new shop's slips would lean on very little.
 */
import {
  FIRST,
  ORG_A,
  day,
  int,
  iso,
  ocrNoise,
  pad,
  pick,
  type Random,
  type SyntheticDocument,
} from './syntheticParts.js';

interface SlipStyle {
  currency: string;
  comma: boolean;
  tax: string;
  total: readonly string[];
  paid: readonly string[];
  change: readonly string[];
  footer: readonly string[];
  shops: readonly string[];
  /** The registration and tax id labels, street words and cashier words of the country. */
  reg: readonly string[];
  taxId: readonly string[];
  street: readonly string[];
  cashier: readonly string[];
  /**
   * What the slip calls itself, as tills of the country print it. Where sales tax law asks for a tax
   * invoice (Malaysia, Singapore, Australia) most till slips say TAX INVOICE; German and French tills
   * often print Rechnung / FACTURE. A slip is still a receipt: without these the model learned "a title
   * with invoice in it means invoice" and sent such slips to `invoice`.
   */
  titles: readonly string[];
}

const STYLES: readonly SlipStyle[] = [
  {
    currency: 'RM',
    comma: false,
    tax: 'GST @6%',
    total: ['TOTAL', 'GRAND TOTAL', 'Total Incl. GST', 'TOTAL AMOUNT', 'Nett Total'],
    paid: ['CASH', 'VISA', 'MASTER', 'EDC'],
    change: ['CHANGE', 'CHANGE DUE'],
    footer: [
      'THANK YOU. PLEASE COME AGAIN',
      'Goods sold are not returnable',
      'Keep this receipt for exchange within 7 days',
      'STRICTLY NO CASH REFUND',
    ],
    shops: ['MINI MARKET', 'HARDWARE SDN BHD', 'RESTORAN', 'BOOKSTORE', 'PHARMACY S/B', 'TRADING', 'ENTERPRISE'],
    reg: ['CO.REG', 'ROC', 'Reg No'],
    taxId: ['GST ID No', 'GST Reg No'],
    street: ['JALAN', 'LOT', 'Jln.'],
    cashier: ['Cashier', 'CASHIER', 'Operator'],
    titles: [
      'TAX INVOICE',
      'TAX INVOICE',
      'Tax Invoice',
      'SIMPLIFIED TAX INVOICE',
      'INVOICE',
      'CASH BILL',
      'RECEIPT',
      'OFFICIAL RECEIPT',
      'CASH SALES',
    ],
  },
  {
    currency: '$',
    comma: false,
    tax: 'SALES TAX',
    total: ['TOTAL', 'BALANCE DUE', 'AMOUNT DUE', 'TOTAL DUE'],
    paid: ['VISA', 'MASTERCARD', 'DEBIT', 'CASH TEND', 'AMEX'],
    change: ['CHANGE DUE', 'CHANGE'],
    footer: [
      'THANK YOU FOR SHOPPING WITH US',
      'Returns accepted within 30 days with receipt',
      'Tell us how we did at survey.example.com',
      'ITEMS SOLD ' + '{n}',
    ],
    shops: ['SUPERCENTER', 'GROCERY', 'DELI', 'DINER', 'GAS STATION', 'COFFEE CO', 'MARKET'],
    reg: ['Store #', 'ST#'],
    taxId: ['TC#', 'TR#'],
    street: ['Main St', 'Oak Ave', 'Route'],
    cashier: ['Cashier', 'Server', 'OP#'],
    titles: ['RECEIPT', 'SALES RECEIPT', 'CUSTOMER COPY', 'GUEST CHECK', 'TRANSACTION RECORD'],
  },
  {
    currency: 'EUR',
    comma: true,
    tax: 'MwSt 19%',
    total: ['SUMME', 'SUMME EUR', 'Gesamt', 'Zu zahlen'],
    paid: ['BAR', 'EC-Karte', 'Girocard', 'Kartenzahlung'],
    change: ['Rückgeld', 'Zurück'],
    footer: ['Vielen Dank für Ihren Einkauf', 'Bitte Bon aufbewahren', 'Umtausch nur mit Kassenbon', 'Steuer-Nr. {n}'],
    shops: ['Bäckerei', 'Markt', 'Drogerie', 'Apotheke', 'Getränke', 'Imbiss'],
    reg: ['HRB', 'Filiale'],
    taxId: ['USt-IdNr', 'St.-Nr.'],
    street: ['Hauptstr.', 'Bahnhofstr.', 'Marktplatz'],
    cashier: ['Kasse', 'Bediener', 'Kassierer'],
    titles: ['Kassenbon', 'Beleg', 'Rechnung', 'Quittung', 'Bon', 'Rechnung Nr.'],
  },
  {
    currency: 'EUR',
    comma: true,
    tax: 'TVA 20%',
    total: ['TOTAL', 'TOTAL TTC', 'A PAYER', 'NET A PAYER'],
    paid: ['ESPECES', 'CB', 'CARTE BANCAIRE'],
    change: ['RENDU', 'MONNAIE RENDUE'],
    footer: ['MERCI DE VOTRE VISITE', 'A BIENTOT', 'Ticket à conserver', 'TVA INCLUSE'],
    shops: ['BOULANGERIE', 'CAFE', 'SUPERMARCHE', 'PHARMACIE', 'TABAC'],
    reg: ['SIRET', 'RCS'],
    taxId: ['TVA intra', 'N° TVA'],
    street: ['Rue', 'Avenue', 'Bd'],
    cashier: ['Caisse', 'Caissier', 'Vendeur'],
    titles: ['TICKET', 'Ticket de caisse', 'FACTURE', 'REÇU', 'Facture simplifiée'],
  },
  {
    currency: 'Rp',
    comma: false,
    tax: 'PPN 10%',
    total: ['TOTAL', 'Total', 'GRAND TOTAL', 'Total Bayar'],
    paid: ['CASH', 'Tunai', 'DEBIT BCA', 'CREDIT'],
    change: ['CHANGE', 'Kembali', 'Kembalian'],
    footer: ['Terima kasih', 'THANK YOU, SEE YOU AGAIN', 'Barang yang sudah dibeli tidak dapat dikembalikan'],
    shops: ['COFFEE', 'BAKERY', 'RESTO', 'MART', 'KOPI'],
    reg: ['NPWP', 'NIB'],
    taxId: ['NPWP', 'No. PKP'],
    street: ['Jl.', 'Jalan', 'Ruko'],
    cashier: ['Kasir', 'Cashier', 'Waiter'],
    titles: ['STRUK', 'NOTA', 'BUKTI PEMBAYARAN', 'INVOICE', 'RECEIPT', 'Struk Belanja'],
  },
];

const GOODS = [
  'MILK 1L',
  'WHITE BREAD',
  'LATTE',
  'ICED TEA',
  'AA BATTERY 4S',
  'MINERAL WATER',
  'CHICKEN RICE',
  'NASI LEMAK',
  'SCREWDRIVER SET',
  'A4 PAPER 80G',
  'TAPE 18MM',
  'SHAMPOO 400ML',
  'EGGS 10S',
  'APPLE',
  'CROISSANT',
  'Brezel',
  'Kaffee',
  'BAGUETTE',
  'ES TEH',
  'MIE GORENG',
  'UNLEADED 95',
  'CHOC BAR',
  'TOOTHPASTE',
  'NOTEBOOK A5',
  'CABLE TIE',
];
const DEBRIS = ['ae Ss', '— ~~', 'pnt OO enna', '2 sete', 'Sa ee ae', '...', 'eee', '| ;', 'i i'];

function amount(cents: number, comma: boolean): string {
  const whole = Math.floor(cents / 100).toString();
  return `${whole}${comma ? ',' : '.'}${pad(cents % 100)}`;
}

function slip(r: Random, variant: number): SyntheticDocument {
  const style = STYLES[variant % STYLES.length] as SlipStyle;
  const company = `${pick(r, ORG_A).toUpperCase()} ${pick(r, style.shops)}`;
  const when = day(r);
  const money = (cents: number): string => `${r() < 0.3 ? `${style.currency} ` : ''}${amount(cents, style.comma)}`;
  const lines: string[] = [];
  if (r() < 0.4) lines.push(pick(r, DEBRIS));
  lines.push(company);
  if (r() < 0.6) lines.push(`(${pick(r, style.reg)} ${int(r, 100000, 9999999)}-${pick(r, ['X', 'T', 'K', 'A'])})`);
  lines.push(
    `${int(r, 1, 300)} ${pick(r, style.street)} ${pick(r, ORG_A)}${r() < 0.5 ? `, ${int(r, 10000, 99999)}` : ''}`,
  );
  const phone =
    style.currency === '$'
      ? `(${int(r, 200, 989)}) ${int(r, 200, 999)}-${int(r, 1000, 9999)}`
      : `${pad(int(r, 1, 99))}-${int(r, 1000000, 9999999)}`;
  if (r() < 0.7) lines.push(`${pick(r, ['Tel', 'TEL', 'Phone', 'Tel.'])}: ${phone}`);
  if (r() < 0.5) lines.push(`${pick(r, style.taxId)}: ${int(r, 100000000, 999999999)}`);
  if (r() < 0.7) lines.push(pick(r, style.titles));
  const sep = pick(r, ['/', '-', '.']);
  // US tills print month first; the others day first.
  const [first, second] = style.currency === '$' ? [when.m, when.d] : [when.d, when.m];
  const stamp = `${pad(first)}${sep}${pad(second)}${sep}${r() < 0.5 ? when.y : String(when.y).slice(2)} ${pad(int(r, 7, 22))}:${pad(int(r, 0, 59))}${r() < 0.4 ? `:${pad(int(r, 0, 59))}` : ''}`;
  const head = [
    stamp,
    `${pick(r, style.cashier)}: ${pick(r, FIRST)}`,
    `${pick(r, ['Receipt', 'Bill', 'Trans', 'Bon', 'INV', 'Table'])} ${pick(r, ['#', 'No:', 'Nr.', ''])}${int(r, 1, 99999)}`,
  ];
  // The date stamp is always printed (its value is in `fields`); the cashier and slip number may not be.
  for (const [i, line] of head.entries()) if (i === 0 || r() < 0.8) lines.push(line);
  let subtotal = 0;
  const items = int(r, 1, 10);
  for (let i = 0; i < items; i++) {
    const qty = r() < 0.7 ? 1 : int(r, 2, 12);
    const unit = int(r, 50, style.currency === 'Rp' ? 9000 : 4000);
    subtotal += qty * unit;
    const name = pick(r, GOODS);
    if (r() < 0.3) lines.push(`${int(r, 1000000, 9999999)}${r() < 0.5 ? int(r, 100000, 999999) : ''}`);
    lines.push(
      qty > 1
        ? `${name}\n${qty} X ${amount(unit, style.comma)}   ${amount(qty * unit, style.comma)}`
        : `${name}   ${amount(unit, style.comma)}${r() < 0.3 ? ' SR' : ''}`,
    );
  }
  const taxIncluded = r() < 0.5;
  const tax = Math.round(subtotal * 0.06);
  const total = taxIncluded ? subtotal : subtotal + tax;
  if (r() < 0.5) lines.push(`${pick(r, ['Item(s)', 'ITEMS', 'Qty'])} : ${items}`);
  if (!taxIncluded) {
    lines.push(
      `${pick(r, ['SUBTOTAL', 'SUB TOTAL', 'Sub Total', 'Zwischensumme', 'SOUS-TOTAL'])}   ${money(subtotal)}`,
    );
    lines.push(`${style.tax}   ${money(tax)}`);
  }
  lines.push(`${pick(r, style.total)}   ${money(total)}`);
  if (r() < 0.3) lines.push(`${pick(r, ['Rounding Adj', 'ROUNDING', 'Rundung'])}   ${amount(0, style.comma)}`);
  const paid = r() < 0.6 ? total + int(r, 0, 5000) : total;
  lines.push(`${pick(r, style.paid)}   ${money(paid)}`);
  if (paid !== total || r() < 0.5) lines.push(`${pick(r, style.change)}   ${money(paid - total)}`);
  if (taxIncluded)
    lines.push(`${style.tax} ${pick(r, ['included', 'incl.', 'enthalten', 'inclus'])}   ${amount(tax, style.comma)}`);
  for (let i = 0; i < int(r, 1, 3); i++) lines.push(pick(r, style.footer).replace('{n}', String(int(r, 1000, 99999))));
  if (r() < 0.4) lines.push(pick(r, DEBRIS));
  const text = lines.join('\n');
  const noisy = r() < 0.75 ? ocrNoise(r, text, 0.01 + r() * 0.04) : text;
  return {
    label: 'receipt',
    source: `synthetic:slip_${['my', 'us', 'de', 'fr', 'id'][variant]}`,
    text: noisy,
    ocr: true,
    fields: { company, date: iso(when), total: `${Math.floor(total / 100)}.${pad(total % 100)}` },
  };
}

export const SLIP_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [slip, STYLES.length],
];
