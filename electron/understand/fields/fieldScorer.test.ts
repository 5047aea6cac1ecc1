import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { fieldContext, fieldsInContext } from './extractFields.js';
import { fieldCandidates } from './fieldCandidates.js';
import { pickCandidate, scoreFields, type FieldScorerModel } from './fieldScorer.js';

const SLIP = `BÄCKEREI MÜLLER
Hauptstr. 5, 12345 Berlin
Datum: 02.03.2020 19:02
Brot 1 x 3,20
Kuchen 2 x 10,50
Zwischensumme 24,20
SUMME EUR 24,20
Bar 30,00
Rückgeld 5,80
Bon 0815 vom 01.03.2020`;

const ctxOf = (text: string): ReturnType<typeof fieldContext> => fieldContext(pagesFromText(text, 'ocr'));

describe('field candidates', () => {
  it('proposes every amount once per value, with its cues, its rank and the rules’ choice', () => {
    const ctx = ctxOf(SLIP);
    const cands = fieldCandidates('receipt.total', ctx, fieldsInContext('receipt', ctx));
    const values = cands.map((c) => c.normalized).sort();
    expect(values).toEqual(['10.50', '24.20', '3.20', '30.00', '5.80'].sort());
    const total = cands.find((c) => c.normalized === '24.20');
    // Printed twice: on the subtotal line and on the total line; "summe" and "zwischensumme" are its tokens.
    expect(total?.features.get('count2')).toBe(1);
    expect(total?.features.get('w:summe')).toBe(1);
    expect(total?.features.get('w:zwischensumme')).toBe(1);
    expect(total?.features.get('cue:total')).toBe(1);
    expect(total?.features.get('rule:chosen')).toBe(1);
    const cash = cands.find((c) => c.normalized === '30.00');
    expect(cash?.features.get('amt:rank0')).toBe(1);
    expect(cash?.features.get('cue:paid')).toBe(1);
    expect(cash?.features.has('rule:chosen')).toBe(false);
  });

  it('proposes every readable date with its label and its order among the dates', () => {
    const ctx = ctxOf(SLIP);
    const cands = fieldCandidates('receipt.date', ctx, fieldsInContext('receipt', ctx));
    expect(cands.map((c) => c.normalized)).toEqual(['2020-03-02', '2020-03-01']);
    expect(cands[0]?.features.get('w:datum')).toBe(1);
    expect(cands[0]?.features.get('date:order0')).toBe(1);
    expect(cands[1]?.features.get('w:bon')).toBe(1);
    expect(cands[1]?.features.get('date:rank1')).toBe(1);
  });

  it('adds the rules’ answer when the rules computed it rather than read it', () => {
    const ctx = ctxOf(SLIP);
    const rules = fieldsInContext('receipt', ctx).map((f) =>
      f.name === 'total' ? { ...f, value: '99.99', normalized: '99.99' } : f,
    );
    const computed = fieldCandidates('receipt.total', ctx, rules).find((c) => c.normalized === '99.99');
    expect(computed?.features.get('rule:computed')).toBe(1);
    expect(computed?.features.get('rule:chosen')).toBe(1);
  });
});

describe('field scorer', () => {
  const model = (weights: Record<string, number>): FieldScorerModel => ({
    format: 'docpipe-field-scorer',
    formatVersion: 1,
    fields: { 'receipt.total': { weights, platt: { a: 1, b: 0 }, taught: 0 } },
  });

  it('replaces the rules’ value with the best-scored candidate and gives it the scorer’s confidence', () => {
    const ctx = ctxOf(SLIP);
    const rules = fieldsInContext('receipt', ctx);
    expect(rules.find((f) => f.name === 'total')?.normalized).toBe('24.20');
    // A scorer that learned "bar" marks the total (wrongly, but it shows who decides).
    const scored = scoreFields('receipt', ctx, rules, model({ 'w:bar': 3 }));
    const total = scored.find((f) => f.name === 'total');
    expect(total?.normalized).toBe('30.00');
    const picked = pickCandidate(
      model({ 'w:bar': 3 }).fields['receipt.total']!,
      fieldCandidates('receipt.total', ctx, rules),
    );
    expect(total?.confidence).toBe(picked?.confidence);
    // Other fields and other types are left alone.
    expect(scored.find((f) => f.name === 'date')).toEqual(rules.find((f) => f.name === 'date'));
    expect(scoreFields('invoice', ctx, rules, model({ 'w:bar': 3 }))).toEqual(rules);
  });

  it('is as sure as its softmax says, through the Platt scale', () => {
    const ctx = ctxOf(SLIP);
    const cands = fieldCandidates('receipt.total', ctx, fieldsInContext('receipt', ctx));
    const flat = pickCandidate({ weights: {}, platt: { a: 1, b: 0 }, taught: 0 }, cands);
    expect(flat?.confidence).toBeCloseTo(1 / cands.length, 2);
    const sharp = pickCandidate({ weights: { 'rule:chosen': 10 }, platt: { a: 1, b: 0 }, taught: 0 }, cands);
    expect(sharp?.candidate.normalized).toBe('24.20');
    expect(sharp?.confidence).toBeGreaterThan(0.99);
    const damped = pickCandidate({ weights: { 'rule:chosen': 10 }, platt: { a: 0.2, b: 0 }, taught: 0 }, cands);
    expect(damped?.confidence).toBeLessThan(0.9);
  });
});
