import { describe, expect, it } from 'vitest';
import { evaluate, fieldMatches, foldText, labelClass, reliability } from './scoreLabels.js';

describe('field comparison', () => {
  it('compares amounts to the cent, dates ISO-equal and text folded', () => {
    expect(fieldMatches('amount', '119.00', '119')).toBe(true);
    expect(fieldMatches('amount', '119.01', '119')).toBe(false);
    expect(fieldMatches('date', '2014-08-03', '2014-08-03')).toBe(true);
    expect(fieldMatches('date', '2014-03-08', '2014-08-03')).toBe(false);
    expect(fieldMatches('text', 'Amazon  web-services', 'AMAZON WEB SERVICES')).toBe(true);
    expect(foldText('Société Générale, S.A.')).toBe('societegeneralesa');
  });

  it('ignores legal forms for organisations and aliases in lists', () => {
    expect(fieldMatches('organization', 'Au bon moulin SARL', 'Au bon moulin')).toBe(true);
    expect(fieldMatches('list', ['Alpha Inc.', 'Beta Ltd'], ['Beta Ltd ("Beta")', 'Alpha Inc. ("Alpha")'])).toBe(true);
    expect(fieldMatches('list', ['Alpha Inc.'], ['Beta Ltd ("Beta")', 'Alpha Inc. ("Alpha")'])).toBe(false);
  });

  it('does not require gold list items that only name listed parties collectively', () => {
    const gold = [
      'Alpha Inc. ("Party A")',
      'Beta Ltd ("Party B")',
      'Party A and Party B (individually a "Party", collectively the "Parties")',
    ];
    expect(fieldMatches('list', ['Alpha Inc.', 'Beta Ltd'], gold)).toBe(true);
    // An item with a name of its own is a party, even beside a definition.
    const withName = ['Alpha Inc. ("Alpha")', 'Gamma GmbH and Alpha (collectively the "Parties")'];
    expect(fieldMatches('list', ['Alpha Inc.'], withName)).toBe(false);
    // A party whose name is also its alias is not a definition: nothing says it defines.
    expect(fieldMatches('list', ['Alpha Inc.'], ['Alpha Inc. ("Alpha")', 'Delta ("Delta")'])).toBe(false);
  });

  it('strips a label before an e-mail or profile link and accepts any gold entry of a scalar', () => {
    expect(fieldMatches('email', 'indeed.com/r/Jane-Doe/0a1b', 'Indeed: indeed.com/r/Jane-Doe/\n0a1b')).toBe(true);
    expect(fieldMatches('year', '2012', ['2009', '2012'])).toBe(true);
  });
});

describe('evaluate', () => {
  it('computes accuracy, macro-F1, per-class figures and field exact match', () => {
    const labels = [
      { id: 'a', class: 'invoice', fields: { total: '10.00', date: '2020-01-02' } },
      { id: 'b', class: 'invoice', fields: { total: '20.00' } },
      { id: 'c', class: 'receipt', fields: { total: '5.00' } },
      { id: 'd', class: 'other', fields: { subtype: 'email', subject: 'Hi' } },
      { id: 'e', class: 'bad', fields: {} },
    ];
    const predictions = [
      {
        id: 'a',
        type: 'invoice',
        typeConfidence: 0.9,
        fields: [
          { name: 'total', normalized: '10', confidence: 0.9 },
          { name: 'date', normalized: '2020-01-02', confidence: 0.8 },
        ],
      },
      { id: 'b', type: 'receipt', typeConfidence: 0.6, fields: [] },
      {
        id: 'c',
        type: 'receipt',
        typeConfidence: 0.7,
        fields: [{ name: 'total', normalized: '5.01', confidence: 0.5 }],
      },
      {
        id: 'd',
        type: 'email',
        typeConfidence: 0.95,
        fields: [{ name: 'subject', normalized: 'hi', confidence: 0.9 }],
      },
    ];
    const report = evaluate(predictions, labels);
    expect(report.documents).toBe(4);
    expect(report.accuracy).toBe(0.75);
    expect(report.perClass.invoice).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(report.perClass.receipt).toMatchObject({ precision: 0.5, recall: 1 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 5);
    expect(report.fields['invoice.total']).toMatchObject({ support: 2, predicted: 1, correct: 1, exactMatch: 0.5 });
    expect(report.fields['receipt.total']?.exactMatch).toBe(0);
    expect(report.fields['email.subject']?.exactMatch).toBe(1);
    expect(report.confusion.invoice).toEqual({ invoice: 1, receipt: 1 });
    expect(report.misclassified).toEqual([{ id: 'b', label: 'invoice', predicted: 'receipt', confidence: 0.6 }]);
  });

  it('maps the corpus e-mails filed as other to the email type', () => {
    expect(labelClass({ id: 'x', class: 'other', fields: { subtype: 'email' } })).toBe('email');
    expect(labelClass({ id: 'x', class: 'bad' })).toBeNull();
  });

  it('bins confidences for reliability tables', () => {
    const bins = reliability([
      { confidence: 0.95, correct: true },
      { confidence: 0.91, correct: false },
      { confidence: 0.1, correct: false },
    ]);
    expect(bins[4]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[0]).toMatchObject({ count: 1, accuracy: 0 });
  });
});
