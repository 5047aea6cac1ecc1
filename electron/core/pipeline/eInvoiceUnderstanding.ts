/**
 * An e-invoice's own data over the rules' reading of its printed page. A Factur-X / ZUGFeRD PDF carries
 * the invoice as XML (workers/extract/eInvoice.ts): its type is an invoice, and the number, dates,
 * parties and totals it states replace what the field rules found on the page (which stay for the fields
 * the XML does not give). Each value is placed where the page prints it when the page's words show it.
 */
import type { EInvoice, ExtractedPage } from '../../shared/contract/extract.js';
import type { Box, FieldValue, Understanding } from '../../shared/contract/schemas/fieldValue.js';

/** Values the seller's software wrote for machines; not 1, which is a person's word. */
export const E_INVOICE_CONFIDENCE = 0.99;

export function withEInvoice(u: Understanding, eInvoice: EInvoice, pages: readonly ExtractedPage[], typeByUser: boolean): Understanding {
  const stated = Object.entries(eInvoice.fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  const names = new Set(stated.map(([name]) => name));
  const fields: FieldValue[] = [
    ...u.fields.filter((f) => !names.has(f.name)),
    ...stated.map(([name, value]): FieldValue => ({ name, value, normalized: value, confidence: E_INVOICE_CONFIDENCE, source: 'embedded', ...locate(pages, name, value) })),
  ];
  if (typeByUser) return { ...u, fields };
  const others = 1 - (u.probabilities.invoice ?? 0);
  const probabilities = Object.fromEntries(
    Object.entries(u.probabilities).map(([type, p]) => [type, type === 'invoice' ? E_INVOICE_CONFIDENCE : others > 0 ? (p * (1 - E_INVOICE_CONFIDENCE)) / others : 0]),
  );
  return { type: 'invoice', typeConfidence: E_INVOICE_CONFIDENCE, probabilities, fields };
}

/** How a page may print a canonical value (amounts in both decimal conventions, dates in common orders). */
function printedForms(name: string, value: string): string[] {
  const amount = /^(-?)(\d+)\.(\d{2})$/u.exec(value);
  if (amount) {
    const [, sign = '', whole = '', cents = ''] = amount;
    const grouped = (sep: string): string => whole.replace(/\B(?=(\d{3})+(?!\d))/gu, sep);
    return [...new Set([`${sign}${whole}.${cents}`, `${sign}${whole},${cents}`, `${sign}${grouped(',')}.${cents}`, `${sign}${grouped('.')},${cents}`, `${sign}${grouped(' ')},${cents}`])];
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (date) {
    const [, y = '', m = '', d = ''] = date;
    return [value, `${d}.${m}.${y}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`, `${d}-${m}-${y}`];
  }
  if (name === 'iban') return [value, value.replace(/(.{4})(?!$)/gu, '$1 ')];
  return [value];
}

const bare = (word: string): string => word.toLowerCase().replace(/^[^\p{L}\p{N}-]+|[^\p{L}\p{N}]+$/gu, '');

/** The first page and box where the words read one of the value's printed forms; nulls when none. */
function locate(pages: readonly ExtractedPage[], name: string, value: string): { page: number | null; box: Box | null } {
  for (const form of printedForms(name, value)) {
    const want = form.split(/\s+/u).map(bare).filter(Boolean);
    if (want.length === 0) continue;
    for (const page of pages) {
      // Words of punctuation alone ("&", "€") are skipped on both sides.
      const words = page.words.map((w) => ({ text: bare(w.text), box: w.box })).filter((w) => w.text !== '');
      for (let i = 0; i + want.length <= words.length; i++) {
        if (!want.every((w, k) => words[i + k]?.text === w)) continue;
        const boxes = words.slice(i, i + want.length).map((w) => w.box);
        const left = Math.min(...boxes.map((b) => b[0]));
        const top = Math.min(...boxes.map((b) => b[1]));
        const right = Math.max(...boxes.map((b) => b[0] + b[2]));
        const bottom = Math.max(...boxes.map((b) => b[1] + b[3]));
        return { page: page.page, box: [left, top, right - left, bottom - top] };
      }
    }
  }
  return { page: null, box: null };
}
