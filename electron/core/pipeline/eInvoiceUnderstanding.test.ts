import { describe, expect, it } from 'vitest';
import type { EInvoice, ExtractedPage } from '../../shared/contract/extract.js';
import type { Understanding } from '../../shared/contract/schemas/fieldValue.js';
import { E_INVOICE_CONFIDENCE, withEInvoice } from './eInvoiceUnderstanding.js';

const words = (line: string, top: number): ExtractedPage['words'] =>
  line.split(' ').map((text, i) => ({ text, box: [10 + 60 * i, top, 50, 10] }));
const page: ExtractedPage = {
  page: 1,
  text: 'Rechnung RE-2024-0815\nMüller & Söhne GmbH\nDatum 05.03.2024\nGesamtbetrag 1.190,00 €',
  method: 'text',
  ocrConfidence: null,
  width: 595,
  height: 842,
  words: [
    ...words('Rechnung RE-2024-0815', 50),
    ...words('Müller & Söhne GmbH', 70),
    ...words('Datum 05.03.2024', 90),
    ...words('Gesamtbetrag 1.190,00 €', 110),
  ],
};
const eInvoice: EInvoice = {
  fileName: 'factur-x.xml',
  syntax: 'CII',
  fields: {
    invoice_number: 'RE-2024-0815',
    date: '2024-03-05',
    vendor: 'Müller & Söhne GmbH',
    total: '1190.00',
    buyer: 'Kunde AG',
  },
};
const fromRules: Understanding = {
  type: 'receipt',
  typeConfidence: 0.6,
  probabilities: { receipt: 0.6, invoice: 0.3, form: 0.1 },
  fields: [
    { name: 'total', value: '1.190', normalized: '1.19', confidence: 0.4, source: 'embedded', page: 1, box: null },
    { name: 'vat_rate', value: '19 %', normalized: '19', confidence: 0.8, source: 'embedded', page: 1, box: null },
  ],
};

describe('withEInvoice', () => {
  it('makes the document an invoice and puts the XML values where the page prints them', () => {
    const u = withEInvoice(fromRules, eInvoice, [page], false);
    expect(u.type).toBe('invoice');
    expect(u.typeConfidence).toBe(E_INVOICE_CONFIDENCE);
    expect(Object.values(u.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const byName = new Map(u.fields.map((f) => [f.name, f]));
    // The page prints the total the German way and the date as dd.mm.yyyy: both found.
    expect(byName.get('total')).toMatchObject({
      normalized: '1190.00',
      confidence: E_INVOICE_CONFIDENCE,
      source: 'embedded',
      page: 1,
      box: [70, 110, 50, 10],
    });
    expect(byName.get('date')).toMatchObject({ normalized: '2024-03-05', page: 1, box: [70, 90, 50, 10] });
    expect(byName.get('vendor')).toMatchObject({ page: 1, box: [10, 70, 230, 10] });
    // Stated but not printed: kept, without a place.
    expect(byName.get('buyer')).toMatchObject({ normalized: 'Kunde AG', page: null, box: null });
    // What the XML does not state stays as the rules read it.
    expect(byName.get('vat_rate')?.normalized).toBe('19');
    expect(u.fields.filter((f) => f.name === 'total')).toHaveLength(1);
  });

  it("keeps a person's type and its confidence", () => {
    const u = withEInvoice({ ...fromRules, type: 'invoice', typeConfidence: 1 }, eInvoice, [page], true);
    expect(u.type).toBe('invoice');
    expect(u.typeConfidence).toBe(1);
    expect(u.fields.find((f) => f.name === 'invoice_number')?.normalized).toBe('RE-2024-0815');
  });
});
