/**
 * Till slips that teach the total and date scorers what stands around the amount paid, in the shapes
 * tills print in several countries: item prices with tax-code letters after them, the total under its
 * local name, cash handed over and the change, a card terminal's block that repeats the amount and the
 * date, the tax summary table (net, tax, gross per rate) whose gross is not the total when several
 * rates apply, loyalty points and a coupon's expiry date, the date at the top or only at the bottom, and
 * OCR's confusions over all of it. Labelled with total and date only (the classifier is taught by
 * syntheticSlips.ts). Written from how till slips are laid out in general, not from a corpus document.
 */
import { seededRandom } from '../../electron/understand/seededRandom.js';
import {
  addDays,
  day,
  int,
  ocrNoise,
  pad,
  pick,
  type Day,
  type Random,
  type SyntheticDocument,
} from './syntheticParts.js';

interface Till {
  id: string;
  comma: boolean;
  currency: string;
  total: readonly string[];
  cash: readonly string[];
  change: readonly string[];
  card: readonly string[];
  cardAmount: readonly string[];
  taxHeader: string;
  taxCodes: readonly string[];
  rates: readonly number[];
  thanks: readonly string[];
  points: (r: Random, until: string) => string;
  date: (t: Day) => string;
  goods: readonly string[];
}

const TILLS: readonly Till[] = [
  {
    id: 'de',
    comma: true,
    currency: 'EUR',
    total: ['SUMME', 'SUMME EUR', 'ZU ZAHLEN', 'ZU ZAHLEN EURO', 'Total EUR', 'Gesamtsumme', 'Endbetrag'],
    cash: ['BAR', 'Geg. BAR', 'BARGELD', 'Gegeben', 'Bar EUR'],
    change: ['Rückgeld', 'RÜCKGELD', 'Zurück', 'ZURUCK', 'Rückgeld EUR'],
    card: ['Kartenzahlung', 'girocard', 'Debit Mastercard', 'EC-Karte', 'kontaktlos'],
    cardAmount: ['Betrag EUR', 'EUR', 'KARTENZAHLUNG', 'GIROCARD'],
    taxHeader: 'MWST Netto MWST-BETRAG BRUTTO',
    taxCodes: ['A', 'B', 'C', 'D'],
    rates: [7, 19],
    thanks: ['Vielen Dank für Ihren Einkauf!', 'Bitte Beleg aufbewahren', 'Umtausch nur mit Kassenbon'],
    points: (r, until) => `Coupon gültig bis ${until}`,
    date: (t) => `${pad(t.d)}.${pad(t.m)}.${t.y}`,
    goods: [
      'VOLLMILCH 3,5%',
      'BROTCHEN',
      'BANANEN',
      'JOGHURT NATUR',
      'KAFFEE GEMAHLEN',
      'SEKT 0,2 L',
      'LEERGUT',
      'PFAND',
    ],
  },
  {
    id: 'my',
    comma: false,
    currency: 'RM',
    total: ['TOTAL', 'Total Sales (Inclusive GST)', 'TOTAL AMOUNT PAYABLE', 'Total Incl. GST', 'NETT TOTAL'],
    cash: ['CASH', 'CASH RM', 'TENDERED', 'Payment'],
    change: ['CHANGE', 'CHANGE RM', 'Change Due', 'BAKI'],
    card: ['EDC MASTER', 'VISA', 'DEBIT CARD', 'CREDIT CARD'],
    cardAmount: ['AMOUNT RM', 'RM', 'APPROVED AMOUNT'],
    taxHeader: 'GST Summary Amount (RM) Tax (RM)',
    taxCodes: ['SR', 'ZR', 'S', 'Z'],
    rates: [6, 0],
    thanks: [
      'Thank You. Please come again',
      'Goods sold are not returnable',
      'Keep the invoice for applicable returns',
    ],
    points: (r, until) => `Points Expiry ${until}  Balance ${int(r, 10, 900)}`,
    date: (t) => `${pad(t.d)}/${pad(t.m)}/${t.y}`,
    goods: ['NASI LEMAK', 'TEH TARIK', 'MINERAL WATER 500ML', 'BISCUIT', 'MILO 1KG', 'CABLE TIE', 'A4 PAPER'],
  },
  {
    id: 'en',
    comma: false,
    currency: '£',
    total: ['TOTAL', 'BALANCE DUE', 'TOTAL TO PAY', 'AMOUNT DUE', 'Grand Total'],
    cash: ['CASH', 'CASH TENDERED', 'Tendered'],
    change: ['CHANGE', 'CHANGE DUE'],
    card: ['VISA DEBIT', 'CONTACTLESS', 'MASTERCARD', 'AMEX'],
    cardAmount: ['AMOUNT', 'SALE', 'TOTAL'],
    taxHeader: 'VAT RATE NET VAT GROSS',
    taxCodes: ['A', 'B', 'Z'],
    rates: [20, 5, 0],
    thanks: ['THANK YOU FOR SHOPPING WITH US', 'Please retain this receipt', 'Returns within 28 days'],
    points: (r, until) => `Voucher valid until ${until}`,
    date: (t) => `${pad(t.d)}/${pad(t.m)}/${String(t.y).slice(2)}`,
    goods: ['SEMI SKIMMED MILK', 'BREAD', 'BANANAS', 'CHEDDAR', 'TEA BAGS', 'BATTERIES AA', 'SANDWICH'],
  },
  {
    id: 'fr',
    comma: true,
    currency: 'EUR',
    total: ['TOTAL', 'TOTAL TTC', 'A PAYER', 'NET A PAYER', 'MONTANT DU'],
    cash: ['ESPECES', 'ESPÈCES', 'REMIS'],
    change: ['RENDU', 'MONNAIE RENDUE', 'A RENDRE'],
    card: ['CB', 'CARTE BANCAIRE', 'CB SANS CONTACT'],
    cardAmount: ['MONTANT', 'EUR', 'DEBIT'],
    taxHeader: 'TVA TAUX HT TVA TTC',
    taxCodes: ['1', '2', '3'],
    rates: [5.5, 20],
    thanks: ['MERCI DE VOTRE VISITE', 'A BIENTOT', 'Ticket à conserver'],
    points: (r, until) => `Bon valable jusqu'au ${until}`,
    date: (t) => `${pad(t.d)}/${pad(t.m)}/${t.y}`,
    goods: ['BAGUETTE', 'CROISSANT', 'LAIT DEMI-ECREME', 'POMMES', 'YAOURT', 'CAFE'],
  },
  {
    id: 'nl',
    comma: true,
    currency: 'EUR',
    total: ['TOTAAL', 'TE BETALEN', 'TOTAAL EUR', 'Subtotaal te betalen'],
    cash: ['CONTANT', 'BETAALD CONTANT'],
    change: ['WISSELGELD', 'TERUG'],
    card: ['PIN', 'PINNEN', 'MAESTRO', 'V PAY'],
    cardAmount: ['BEDRAG', 'EUR', 'TOTAAL'],
    taxHeader: 'BTW% OVER BTW TOTAAL',
    taxCodes: ['L', 'H'],
    rates: [9, 21],
    thanks: ['Bedankt en tot ziens', 'Bewaar uw kassabon', 'Ruilen binnen 14 dagen'],
    points: (r, until) => `Geldig tot ${until}`,
    date: (t) => `${pad(t.d)}-${pad(t.m)}-${t.y}`,
    goods: ['HALFVOLLE MELK', 'BRUIN BROOD', 'KAAS JONG', 'APPELS', 'KOFFIE', 'STATIEGELD'],
  },
];

const money = (cents: number, comma: boolean): string =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}${comma ? ',' : '.'}${pad(Math.abs(cents) % 100)}`;
const time = (r: Random): string =>
  `${pad(int(r, 7, 21))}:${pad(int(r, 0, 59))}${r() < 0.5 ? `:${pad(int(r, 0, 59))}` : ''}`;

function slip(r: Random, till: Till): SyntheticDocument {
  const m = (cents: number): string => money(cents, till.comma);
  const when = day(r);
  const lines: string[] = [];
  lines.push(pick(r, ['SUPERMARKT', 'MARKET', 'STORE', 'SHOP', 'MART', 'ELECTRO']) + ` ${int(r, 1, 99)}`);
  lines.push(`${pick(r, ['Hauptstr.', 'Jalan', 'High St', 'rue', 'Kerkstraat'])} ${int(r, 1, 200)}`);
  lines.push(`${int(r, 10000, 99999)} ${pick(r, ['Paderborn', 'Klang', 'Leeds', 'Lyon', 'Utrecht'])}`);
  const dateOnTop = r() < 0.5;
  if (dateOnTop) lines.push(`${pick(r, ['', 'Datum: ', 'Date: ', 'DATE : '])}${till.date(when)} ${time(r)}`);
  // Items: price, a tax-code letter after it; some with quantity × unit price.
  const byRate = new Map<number, number>();
  for (let i = 0; i < int(r, 1, 9); i++) {
    const code = int(r, 0, till.rates.length - 1);
    const qty = r() < 0.75 ? 1 : int(r, 2, 4);
    const unit = int(r, 19, 2500);
    byRate.set(code, (byRate.get(code) ?? 0) + qty * unit);
    const tag = `${till.taxCodes[code] ?? ''}`;
    lines.push(
      qty > 1
        ? `${pick(r, till.goods)}\n${m(unit)} x ${qty}   ${m(qty * unit)} ${tag}`
        : `${pick(r, till.goods)}   ${m(unit)} ${tag}`,
    );
  }
  const total = [...byRate.values()].reduce((a, b) => a + b, 0);
  if (r() < 0.3) lines.push(`${pick(r, ['Zwischensumme', 'SUBTOTAL', 'SOUS-TOTAL', 'Subtotaal'])}   ${m(total)}`);
  lines.push(`${pick(r, till.total)}   ${r() < 0.4 ? `${till.currency} ` : ''}${m(total)}`);
  const byCard = r() < 0.45;
  if (!byCard) {
    const given = r() < 0.2 ? total : (Math.floor(total / 1000) + int(r, 1, 5)) * 1000;
    lines.push(`${pick(r, till.cash)}   ${m(given)}`);
    lines.push(`${pick(r, till.change)}   ${r() < 0.2 ? '-' : ''}${m(given - total)}`);
  } else {
    lines.push(pick(r, ['-K-U-N-D-E-N-B-E-L-E-G-', '*** CUSTOMER COPY ***', 'TICKET CLIENT', '']));
    lines.push(`Terminal-ID ${int(r, 10_000_000, 99_999_999)}`);
    lines.push(pick(r, till.card));
    lines.push(`${pick(r, ['Datum', 'Date', 'DATE', 'Le'])} ${till.date(when)} ${time(r)}`);
    lines.push(`${pick(r, till.cardAmount)} ${m(total)}`);
    lines.push(pick(r, ['Zahlung erfolgt', 'APPROVED', 'PAIEMENT ACCEPTE', 'AKKOORD']));
    if (r() < 0.6) lines.push(`${pick(r, till.card).toUpperCase()} ${m(total)}`);
  }
  // The tax summary: per rate its net, tax and gross; with two rates no gross is the total.
  lines.push(till.taxHeader);
  for (const [code, gross] of byRate) {
    const rate = till.rates[code] ?? 0;
    const net = Math.round(gross / (1 + rate / 100));
    lines.push(
      `${till.taxCodes[code] ?? ''} ${String(rate).replace('.', till.comma ? ',' : '.')}% ${m(net)} ${m(gross - net)} ${m(gross)}`,
    );
  }
  if (r() < 0.4) lines.push(till.points(r, till.date(addDays(when, int(r, 20, 400)))));
  lines.push(pick(r, till.thanks));
  if (!dateOnTop || r() < 0.4) lines.push(`${int(r, 1, 99)}/${int(r, 100, 999)} ${time(r)} ${till.date(when)}`);
  const text = lines.join('\n');
  return {
    label: 'receipt',
    source: `synthetic:till_totals_${till.id}`,
    text: r() < 0.7 ? ocrNoise(r, text, 0.01 + r() * 0.03) : text,
    ocr: true,
    fields: {
      total: `${Math.floor(total / 100)}.${pad(total % 100)}`,
      date: `${when.y}-${pad(when.m)}-${pad(when.d)}`,
    },
  };
}

/** `perTill` slips of each country's till (deterministic). */
export function generateTillTotals(perTill: number, seed = 2028): SyntheticDocument[] {
  const r = seededRandom(seed);
  return TILLS.flatMap((till) => Array.from({ length: perTill }, () => slip(r, till)));
}
