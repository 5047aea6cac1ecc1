import { describe, expect, it } from 'vitest';
import { markFieldValues } from './textMarks.js';

describe('markFieldValues', () => {
  it('marks the first occurrence of each value, case- and whitespace-insensitively', () => {
    const parts = markFieldValues('INVOICE\nACME  Tools\nLtd\nTotal: 120.00 EUR, again 120.00', [
      { field: 'vendor', value: 'acme tools ltd' },
      { field: 'total', value: '120.00' },
    ]);
    expect(parts).toEqual([
      { text: 'INVOICE\n', field: null },
      { text: 'ACME  Tools\nLtd', field: 'vendor' },
      { text: '\nTotal: ', field: null },
      { text: '120.00', field: 'total' },
      { text: ' EUR, again 120.00', field: null },
    ]);
  });

  it('skips values that overlap an earlier one or do not occur, and treats regex characters literally', () => {
    const parts = markFieldValues('Dear Ms Smith (a+b)', [
      { field: 'recipient', value: 'Ms Smith' },
      { field: 'sender', value: 'Dear Ms Smith' },
      { field: 'subject', value: 'nowhere' },
      { field: 'note', value: '(a+b)' },
    ]);
    expect(parts.filter((p) => p.field).map((p) => [p.field, p.text])).toEqual([
      ['recipient', 'Ms Smith'],
      ['note', '(a+b)'],
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('Dear Ms Smith (a+b)');
  });

  it('prefers a whole-word occurrence over one inside a longer number', () => {
    const parts = markFieldValues('Total: 120.00\nTax: 20.00', [{ field: 'tax_total', value: '20.00' }]);
    expect(parts.find((p) => p.field)?.text).toBe('20.00');
    expect(parts[0]?.text).toBe('Total: 120.00\nTax: ');
    expect(markFieldValues('Ref ABC123', [{ field: 'id', value: 'C12' }]).find((p) => p.field)?.text).toBe('C12');
  });

  it('returns the text as one plain part when nothing is marked', () => {
    expect(markFieldValues('', [{ field: 'x', value: '  ' }])).toEqual([{ text: '', field: null }]);
  });
});
