/**
 * An e-invoice's own data over the rules' reading of its printed page. A Factur-X / ZUGFeRD PDF carries
 * the invoice as XML (workers/extract/text/eInvoice.ts): its type is an invoice, and the number, dates,
 * parties and totals it states replace what the field rules found on the page (which stay for the fields
 * the XML does not give). Each value is placed where the page prints it when the page's words show it.
 */
import type { EInvoice, ExtractedPage } from '../../shared/contract/extract.js';
import type { FieldValue, Understanding } from '../../shared/contract/schemas/fieldValue.js';
import { locate, type Location } from '../../understand/index.js';

/** Values the seller's software wrote for machines; not 1, which is a person's word. */
export const E_INVOICE_CONFIDENCE = 0.99;

export function withEInvoice(
  u: Understanding,
  eInvoice: EInvoice,
  pages: readonly ExtractedPage[],
  typeByUser: boolean,
): Understanding {
  const stated = Object.entries(eInvoice.fields).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  const names = new Set(stated.map(([name]) => name));
  const fields: FieldValue[] = [
    ...u.fields.filter((f) => !names.has(f.name)),
    ...stated.map(([name, value]): FieldValue => ({
      name,
      value,
      normalized: value,
      confidence: E_INVOICE_CONFIDENCE,
      source: 'embedded',
      ...place(pages, value),
    })),
  ];
  if (typeByUser) return { ...u, fields };
  const others = 1 - (u.probabilities.invoice ?? 0);
  const probabilities = Object.fromEntries(
    Object.entries(u.probabilities).map(([type, p]) => [
      type,
      type === 'invoice' ? E_INVOICE_CONFIDENCE : others > 0 ? (p * (1 - E_INVOICE_CONFIDENCE)) / others : 0,
    ]),
  );
  return { type: 'invoice', typeConfidence: E_INVOICE_CONFIDENCE, probabilities, fields };
}

/** Where the page prints a value: dates in the common orders (amounts and IBANs fold to one form). */
function place(pages: readonly ExtractedPage[], value: string): Location {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  const [, y = '', m = '', d = ''] = date ?? [];
  for (const form of date ? [value, `${d}.${m}.${y}`, `${m}/${d}/${y}`] : [value]) {
    const found = locate(pages, form);
    if (found.box) return found;
  }
  return { page: null, box: null };
}
