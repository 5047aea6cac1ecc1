import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { fieldContext, fieldsInContext } from './extractFields.js';
import { fieldCandidates } from './fieldCandidates.js';
import { scoreFields, type FieldScorerModel } from './fieldScorer.js';

const INVOICE = `Northwind Traders Ltd
12 High Street, London
Tel +44 20 7946 0000 · www.northwind.co.uk
VAT Reg. No. GB123456789

INVOICE
Bill to:
Bluebird Design GmbH
Hauptstraße 5
10115 Berlin

Invoice no.: 4711
Invoice date: 14 May 2024
Consulting   1   500.00
Total due   600.00`;

const ctxOf = (text: string): ReturnType<typeof fieldContext> => fieldContext(pagesFromText(text));

describe('vendor candidates', () => {
  it('proposes the letterhead and the addressee, each with what is printed around it, the rules’ choice marked', () => {
    const ctx = ctxOf(INVOICE);
    const cands = fieldCandidates('invoice.vendor', ctx, fieldsInContext('invoice', ctx));
    const vendor = cands.find((c) => c.normalized === 'Northwind Traders Ltd');
    const buyer = cands.find((c) => c.normalized === 'Bluebird Design GmbH');
    expect(vendor?.features.get('rule:chosen')).toBe(1);
    expect(vendor?.features.get('pos:fromtop0')).toBe(1);
    expect(vendor?.features.get('shape:legalForm')).toBe(1);
    expect(vendor?.features.get('near:vatId')).toBe(1);
    expect(vendor?.features.get('near:web')).toBe(1);
    expect(vendor?.features.get('site:named')).toBe(1);
    expect(vendor?.features.has('buyerBlock')).toBe(false);
    // The addressee: under the "Bill to" label, which the scorer reads as the words above it.
    expect(buyer?.features.get('buyerBlock')).toBe(1);
    expect(buyer?.features.get('a:bill')).toBe(1);
    expect(buyer?.features.get('near:vatId')).toBeUndefined();
    expect(buyer?.features.has('rule:chosen')).toBe(false);
    // One candidate per name, however many cues and lines give it; the brand the web address spells is another.
    expect(cands.filter((c) => c.normalized === 'Northwind Traders Ltd')).toHaveLength(1);
    expect(vendor?.features.get('cue:orgNearTop')).toBeGreaterThan(0.6);
    expect(cands.find((c) => c.normalized === 'Northwind')?.features.get('cue:brand')).toBe(1);
  });

  it('takes the name after a label in its own column, not the other column’s words', () => {
    const ctx = ctxOf(
      'RECHNUNG\nKäufer: Bluebird Design GmbH            Verkäufer: Orion Media AG\nHauptstraße 5                            Gartenweg 2',
    );
    const cands = fieldCandidates('invoice.vendor', ctx, fieldsInContext('invoice', ctx));
    const seller = cands.find((c) => c.normalized === 'Orion Media AG');
    expect(seller?.features.get('pre:verkaufer')).toBe(1);
    expect(seller?.features.has('pre:kaufer')).toBe(false);
    expect(cands.find((c) => c.normalized === 'Bluebird Design GmbH')?.features.get('pre:kaufer')).toBe(1);
  });

  it('lets a scorer decide the vendor, with its own confidence', () => {
    const ctx = ctxOf(INVOICE);
    const rules = fieldsInContext('invoice', ctx);
    expect(rules.find((f) => f.name === 'vendor')?.normalized).toBe('Northwind Traders Ltd');
    const scorer = (weights: Record<string, number>): FieldScorerModel => ({
      format: 'docpipe-field-scorer',
      formatVersion: 1,
      fields: { 'invoice.vendor': { weights, platt: { a: 1, b: 0 }, taught: 0 } },
    });
    // A scorer that learned to prefer the addressee (wrongly, but it shows who decides).
    const wrong = scoreFields('invoice', ctx, rules, scorer({ buyerBlock: 5 })).find((f) => f.name === 'vendor');
    expect(wrong?.normalized).toBe('Bluebird Design GmbH');
    const right = scoreFields('invoice', ctx, rules, scorer({ 'rule:chosen': 2, 'near:vatId': 2 }));
    const vendor = right.find((f) => f.name === 'vendor');
    expect(vendor?.normalized).toBe('Northwind Traders Ltd');
    expect(vendor?.confidence).toBeGreaterThan(0.5);
    expect(vendor?.confidence).toBeLessThan(1);
    // The buyer stays the rules'.
    expect(right.find((f) => f.name === 'buyer')).toEqual(rules.find((f) => f.name === 'buyer'));
  });
});
