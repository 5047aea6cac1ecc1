import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../../shared/contract/schemas/documentTypes.js';
import type { FieldValue } from '../../../shared/contract/schemas/fieldValue.js';
import { combineFields, combineType, lowerConfidence, MAX_CONFIDENCE } from './combine.js';

function peaked(type: string, p: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of DOCUMENT_TYPES) out[t] = (1 - p) / (DOCUMENT_TYPES.length - 1);
  out[type] = p;
  return out;
}

const fv = (
  name: string,
  source: 'embedded' | 'llm',
  value: string,
  normalized: string | null,
  confidence: number,
  box: FieldValue['box'] = null,
): FieldValue => ({ name, value, normalized, confidence, source, page: 1, box });

describe('combineType', () => {
  it('raises the confidence when the LLM agrees, never above the cap', () => {
    for (const p of [0.3, 0.7, 0.99]) {
      const combined = combineType({ probabilities: peaked('invoice', p) }, 'invoice');
      expect(combined.type).toBe('invoice');
      expect(combined.typeConfidence).toBeGreaterThan(Math.min(p, MAX_CONFIDENCE - 1e-3));
      expect(combined.typeConfidence).toBeLessThanOrEqual(MAX_CONFIDENCE);
    }
  });

  it('lowers the confidence when the LLM disagrees, and lets it decide between close candidates', () => {
    const sure = combineType({ probabilities: peaked('invoice', 0.7) }, 'receipt');
    expect(sure.type).toBe('invoice');
    expect(sure.typeConfidence).toBeLessThan(0.7);
    expect(sure.probabilities.receipt).toBeGreaterThan(0.03);
    const close = { ...peaked('invoice', 0.4), receipt: 0.35 };
    expect(combineType({ probabilities: close }, 'receipt').type).toBe('receipt');
  });

  it('gives a distribution over every type that sums to 1', () => {
    const combined = combineType({ probabilities: peaked('letter', 0.5) }, 'email');
    expect(Object.keys(combined.probabilities).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(Object.values(combined.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  });
});

describe('combineFields', () => {
  it('on agreement raises the chosen value to 1 − (1 − a)(1 − b) and keeps the other, lending it the box', () => {
    const e = fv('total', 'embedded', '1.234,50', '1234.50', 0.7, [1, 2, 3, 4]);
    const l = fv('total', 'llm', '1.234,50 EUR', '1234.50', 0.8);
    const out = combineFields('invoice', [e], [l]);
    expect(out).toHaveLength(2);
    const chosen = out.find((f) => f.source === 'llm');
    expect(chosen?.confidence).toBeCloseTo(1 - 0.3 * 0.2, 3);
    expect(chosen?.box).toEqual([1, 2, 3, 4]);
    expect(out.find((f) => f.source === 'embedded')?.confidence).toBe(0.7);
  });

  it('on disagreement lowers the chosen value and keeps the other candidate below it', () => {
    const e = fv('date', 'embedded', '03/04/2024', '2024-03-04', 0.8);
    const l = fv('date', 'llm', '04/03/2024', '2024-04-03', 0.6);
    const out = combineFields('invoice', [e], [l]);
    const chosen = out.find((f) => f.source === 'embedded');
    const other = out.find((f) => f.source === 'llm');
    expect(chosen?.confidence).toBeLessThan(0.8);
    expect(chosen?.confidence).toBeGreaterThan(0.5);
    expect(other?.confidence).toBeLessThan(chosen?.confidence ?? 0);
  });

  it('compares by kind: organisations without legal form, amounts to the cent, lists as sets', () => {
    const org = combineFields(
      'invoice',
      [fv('vendor', 'embedded', 'ACME GmbH', 'ACME GmbH', 0.6)],
      [fv('vendor', 'llm', 'Acme', 'Acme', 0.6)],
    );
    expect(Math.max(...org.map((f) => f.confidence))).toBeGreaterThan(0.6);
    const parties = (source: 'embedded' | 'llm', list: string[]): FieldValue => ({
      ...fv('parties', source, list.join('; '), null, 0.5),
      normalized: list,
    });
    const list = combineFields(
      'contract',
      [parties('embedded', ['Alpha Inc.', 'Beta LLC'])],
      [parties('llm', ['Beta LLC', 'Alpha Inc'])],
    );
    expect(Math.max(...list.map((f) => f.confidence))).toBeCloseTo(0.75, 3);
  });

  it('keeps a field only one source found as it is, and drops fields of other types', () => {
    const out = combineFields(
      'invoice',
      [fv('iban', 'embedded', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 0.9)],
      [fv('subject', 'llm', 'x', 'x', 0.8), fv('buyer', 'llm', 'Bob Ltd', 'Bob Ltd', 0.45)],
    );
    expect(out.map((f) => `${f.name}/${f.source}/${f.confidence}`)).toEqual(['buyer/llm/0.45', 'iban/embedded/0.9']);
  });

  it('lowers every confidence by the fallback factor', () => {
    expect(lowerConfidence([fv('total', 'embedded', '1', '1.00', 0.8)], 0.5)[0]?.confidence).toBe(0.4);
  });
});
