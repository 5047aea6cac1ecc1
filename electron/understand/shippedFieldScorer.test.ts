/**
 * The shipped model carries the learned field scorer (`npm run train:fields`), and the embedded
 * understanding uses it: a receipt's total and date come from the scorer's pick with its calibrated
 * confidence, not from the rules' score.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClassifierModel } from '../core/inference/modelStorage.js';
import { fieldContext, fieldsInContext } from './fields/extractFields.js';
import { fieldCandidates } from './fields/fieldCandidates.js';
import { pickCandidate } from './fields/fieldScorer.js';
import { MODEL_FILE_NAME } from './modelFile.js';
import { pagesFromText } from './testing/pagesFromText.js';
import { understandDocument } from './understandDocument.js';

const modelPath = resolve(import.meta.dirname, '../../resources/models', MODEL_FILE_NAME);

const SLIP = `REWE Markt GmbH
Bahnhofstr. 12
33102 Paderborn
BANANEN 1,29 B
VOLLMILCH 3,5% 1,19 B
BROT 2,49 B
SUMME EUR 4,97
Geg. BAR EUR 10,00
Rückgeld EUR 5,03
Datum: 14.05.2020 Uhrzeit: 18:02`;

describe('the shipped field scorer', () => {
  it('is in the shipped model and decides the receipt total and date with its own confidence', async () => {
    const model = await loadClassifierModel(modelPath);
    const scorer = model.fieldScorer;
    expect(scorer, 'the shipped model has no field scorer: run `npm run train:fields`').toBeDefined();
    for (const key of ['receipt.total', 'receipt.date', 'invoice.total', 'invoice.date', 'invoice.vendor'])
      expect(scorer?.fields[key]?.taught, key).toBeGreaterThan(20);

    const pages = pagesFromText(SLIP, 'ocr');
    const understood = understandDocument(pages, model, { forceType: 'receipt' });
    const rulesOnly = understandDocument(pages, model, { forceType: 'receipt', fieldScorer: null });
    const ctx = fieldContext(pages);
    const rules = fieldsInContext('receipt', ctx);
    for (const [key, name] of [
      ['receipt.total', 'total'],
      ['receipt.date', 'date'],
    ] as const) {
      const picked = pickCandidate(scorer!.fields[key]!, fieldCandidates(key, ctx, rules));
      const field = understood.fields.find((f) => f.name === name);
      expect(field?.normalized).toBe(picked?.candidate.normalized);
      expect(field?.confidence).toBe(picked?.confidence);
      expect(rulesOnly.fields.find((f) => f.name === name)?.normalized).toBe(field?.normalized);
    }
    expect(understood.fields.find((f) => f.name === 'total')?.normalized).toBe('4.97');
    expect(understood.fields.find((f) => f.name === 'date')?.normalized).toBe('2020-05-14');
  });

  it('leaves a date whose day and month could be swapped below the review line, as the rules do', async () => {
    const model = await loadClassifierModel(modelPath);
    // 03/04/2024: March or April; the euro suggests day first, nothing on the page proves it.
    const invoice = pagesFromText(
      'INVOICE\nInvoice number: INV-1\nDate: 03/04/2024\nACME Tools Ltd\nBilled to: Foo Corp\nNet: 100.00\nVAT 20%: 20.00\nTotal: 120.00 EUR\n',
    );
    const date = understandDocument(invoice, model, { forceType: 'invoice' }).fields.find((f) => f.name === 'date');
    expect(date?.value).toBe('03/04/2024');
    expect(date?.confidence).toBeLessThan(0.8);
    // Written unambiguously, the same date is the scorer's to be sure of.
    const plain = pagesFromText(
      'INVOICE\nInvoice number: INV-1\nDate: 2024-04-03\nACME Tools Ltd\nBilled to: Foo Corp\nNet: 100.00\nVAT 20%: 20.00\nTotal: 120.00 EUR\n',
    );
    const sure = understandDocument(plain, model, { forceType: 'invoice' }).fields.find((f) => f.name === 'date');
    expect(sure?.confidence).toBeGreaterThan(date?.confidence ?? 1);
  });

  it('decides the invoice vendor: the issuer, not the party the invoice is addressed to', async () => {
    const model = await loadClassifierModel(modelPath);
    // The addressee heads the page (address window); the issuer is named in the footer with its details.
    const pages = pagesFromText(
      [
        'Bluebird Design GmbH',
        'z. Hd. Frau Weber',
        'Gartenweg 7',
        '50667 Köln',
        '',
        'RECHNUNG',
        'Rechnungsnummer: 2024-118',
        'Rechnungsdatum: 14.05.2024',
        'Beratung   1   800,00',
        'Gesamtbetrag   952,00 EUR',
        '',
        'Orion Media AG · Lindenallee 4 · 80331 München',
        'USt-IdNr. DE123456789 · Amtsgericht München HRB 12345',
        'IBAN DE12 3456 7890 1234 5678 90 · www.orionmedia.de',
      ].join('\n'),
    );
    const ctx = fieldContext(pages);
    const rules = fieldsInContext('invoice', ctx);
    const understood = understandDocument(pages, model, { forceType: 'invoice' });
    const picked = pickCandidate(
      model.fieldScorer!.fields['invoice.vendor']!,
      fieldCandidates('invoice.vendor', ctx, rules),
    );
    const vendor = understood.fields.find((f) => f.name === 'vendor');
    expect(vendor?.normalized).toBe(picked?.candidate.normalized);
    expect(vendor?.confidence).toBeGreaterThanOrEqual(picked?.confidence ?? 1);
    expect(vendor?.normalized).toBe('Orion Media AG');
  });

  it("keeps the rules' calibrated confidence for a vendor the scorer picks too, so a plain letterhead is not sent to review", async () => {
    const model = await loadClassifierModel(modelPath);
    const pages = pagesFromText(
      'INVOICE\nInvoice number: INV-1\nDate: 2024-04-03\nACME Tools Ltd\nBilled to: Foo Corp\nNet: 100.00\nVAT 20%: 20.00\nTotal: 120.00 EUR\n',
    );
    const ctx = fieldContext(pages);
    const picked = pickCandidate(
      model.fieldScorer!.fields['invoice.vendor']!,
      fieldCandidates('invoice.vendor', ctx, fieldsInContext('invoice', ctx)),
    );
    const rulesOnly = understandDocument(pages, model, { forceType: 'invoice', fieldScorer: null });
    const vendor = understandDocument(pages, model, { forceType: 'invoice' }).fields.find((f) => f.name === 'vendor');
    const rulesVendor = rulesOnly.fields.find((f) => f.name === 'vendor');
    expect(picked?.candidate.normalized).toBe('ACME Tools Ltd');
    expect(vendor?.normalized).toBe('ACME Tools Ltd');
    expect(vendor?.confidence).toBe(Math.max(picked?.confidence ?? 0, rulesVendor?.confidence ?? 0));
    // The review line (config understand.reviewThreshold) is 0.8.
    expect(vendor?.confidence).toBeGreaterThanOrEqual(0.8);
  });
});
