import { describe, expect, it } from 'vitest';
import type { ExtractedPage } from '../../../shared/contract/extract.js';
import { pagesFromText } from '../../../understand/testing/pagesFromText.js';
import { LLM_CONFIDENCE, toLlmFieldValues } from './llmFields.js';

describe('toLlmFieldValues', () => {
  it('normalizes with the embedded rules and locates the value in the words', () => {
    const words = [
      { text: 'Total:', box: [10, 100, 30, 10] as [number, number, number, number] },
      { text: '1.234,50', box: [50, 100, 40, 10] as [number, number, number, number] },
      { text: 'EUR', box: [95, 100, 20, 10] as [number, number, number, number] },
    ];
    const pages: ExtractedPage[] = [
      { page: 1, text: 'Total: 1.234,50 EUR', method: 'text', ocrConfidence: null, width: 600, height: 800, words },
    ];
    const [total] = toLlmFieldValues('invoice', { total: '1.234,50 EUR' }, pages);
    expect(total).toEqual({
      name: 'total',
      value: '1.234,50 EUR',
      normalized: '1234.50',
      confidence: LLM_CONFIDENCE.grounded,
      source: 'llm',
      page: 1,
      box: [50, 100, 65, 10],
    });
  });

  it('normalizes each kind and refuses to guess', () => {
    const text =
      'Invoice 03/04/2024 due 13/04/2024, IBAN DE89 3704 0044 0532 0130 00, tel +49 (30) 123 456 78, 19 % VAT, time 7:05 pm';
    const pages = pagesFromText(text);
    const out = toLlmFieldValues(
      'invoice',
      {
        date: '03/04/2024',
        due_date: 'unknown',
        iban: 'DE89 3704 0044 0532 0130 00',
        vat_rate: '19 %',
        currency: '€',
        vendor: null,
        buyer: '  ',
      },
      pages,
    );
    const by = Object.fromEntries(out.map((f) => [f.name, f]));
    // The document's other date (13/04) proves day-first order.
    expect(by.date?.normalized).toBe('2024-04-03');
    expect(by.due_date).toMatchObject({ normalized: null });
    expect(by.due_date?.confidence).toBeLessThan(LLM_CONFIDENCE.ungrounded);
    expect(by.iban?.normalized).toBe('DE89370400440532013000');
    expect(by.vat_rate?.normalized).toBe('19');
    expect(by.currency?.normalized).toBe('EUR');
    expect(by.vendor).toBeUndefined();
    expect(by.buyer).toBeUndefined();
    const receipt = Object.fromEntries(
      toLlmFieldValues('receipt', { time: '7:05 pm', phone: '+49 (30) 123 456 78' }, pages).map((f) => [
        f.name,
        f.normalized,
      ]),
    );
    expect(receipt).toEqual({ time: '19:05', phone: '+493012345678' });
  });

  it('gives a value absent from the document a low confidence, and a failed IBAN checksum a lower one', () => {
    const pages = pagesFromText('Vendor: ACME');
    const by = Object.fromEntries(
      toLlmFieldValues('invoice', { vendor: 'Globex Corporation', iban: 'DE00 1234 5678 9012 3456 78' }, pages).map(
        (f) => [f.name, f],
      ),
    );
    expect(by.vendor?.confidence).toBe(LLM_CONFIDENCE.ungrounded);
    expect(by.vendor?.page).toBeNull();
    expect(by.iban?.normalized).toBeNull();
    expect(by.iban?.confidence).toBeLessThan(0.2);
  });

  it('keeps lists and key/value pairs as arrays, grounded entry by entry', () => {
    const pages = pagesFromText('Between Alpha Inc. and Beta LLC\nName: Ann');
    const [parties] = toLlmFieldValues('contract', { parties: ['Alpha Inc.', ' Beta LLC ', 'Gamma AG'] }, pages);
    expect(parties).toMatchObject({
      value: 'Alpha Inc.; Beta LLC; Gamma AG',
      normalized: ['Alpha Inc.', 'Beta LLC', 'Gamma AG'],
    });
    expect(parties?.confidence).toBeCloseTo(0.45 + 0.35 * (2 / 3), 3);
    const [form] = toLlmFieldValues('form', { kv_pairs: [{ key: 'Name', value: 'Ann' }] }, pages);
    expect(form).toMatchObject({ value: 'Name Ann', normalized: [{ key: 'Name', value: 'Ann' }], confidence: 0.8 });
  });
});
