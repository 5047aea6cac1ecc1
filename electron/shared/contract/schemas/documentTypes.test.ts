import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, FIELD_SPECS } from './documentTypes.js';
import { FieldValue } from './fieldValue.js';
import { llmFieldsSchema, toJsonSchema } from './jsonSchema.js';

describe('document type schemas', () => {
  it('lists the fields of issue 3 with the corpus names', () => {
    expect(FIELD_SPECS.invoice.map((f) => f.name)).toEqual([
      'invoice_number',
      'date',
      'due_date',
      'vendor',
      'buyer',
      'currency',
      'net_total',
      'tax_total',
      'total',
      'amount_due',
      'vat_rate',
      'iban',
      'vendor_tax_id',
    ]);
    expect(FIELD_SPECS.receipt.map((f) => f.name)).toEqual([
      'company',
      'address',
      'phone',
      'date',
      'time',
      'total',
      'currency',
      'tax_total',
    ]);
    expect(FIELD_SPECS.contract.find((f) => f.name === 'parties')?.kind).toBe('list');
    for (const type of DOCUMENT_TYPES)
      expect(new Set(FIELD_SPECS[type].map((f) => f.name)).size).toBe(FIELD_SPECS[type].length);
  });

  it('gives a JSON Schema per type and parses LLM answers strictly', () => {
    const schema = toJsonSchema('invoice') as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toContain('total');
    expect(schema.required).toContain('iban');
    expect(llmFieldsSchema('email').safeParse({ subject: 'x', from: null, to: null, date: null }).success).toBe(true);
    expect(
      llmFieldsSchema('email').safeParse({ subject: 'x', from: null, to: null, date: null, invented: 1 }).success,
    ).toBe(false);
  });

  it('validates field values', () => {
    const ok = {
      name: 'total',
      value: '1.234,50 €',
      normalized: '1234.50',
      confidence: 0.9,
      source: 'embedded',
      page: 1,
      box: [1, 2, 3, 4],
    };
    expect(FieldValue.safeParse(ok).success).toBe(true);
    expect(FieldValue.safeParse({ ...ok, confidence: 1.2 }).success).toBe(false);
    expect(FieldValue.safeParse({ ...ok, source: 'guess' }).success).toBe(false);
  });
});
