import { describe, expect, it } from 'vitest';
import { counted, fieldText, inlineValue, percent, printable, sourceText } from './wording.js';

describe('CLI wording', () => {
  it('counts with the right plural', () => {
    expect(counted(1, 'file')).toBe('1 file');
    expect(counted(0, 'file')).toBe('0 files');
    expect(counted(2, 'file')).toBe('2 files');
    expect(counted(1, 'stale entry', 'stale entries')).toBe('1 stale entry');
    expect(counted(3, 'stale entry', 'stale entries')).toBe('3 stale entries');
  });

  it('writes confidences as percentages and values without JSON brackets', () => {
    expect(percent(0.966)).toBe('97 %');
    expect(percent(1)).toBe('100 %');
    expect(fieldText({ value: '03/04/2024', normalized: '2024-04-03' })).toBe('2024-04-03');
    expect(fieldText({ value: '03/04/2024', normalized: null })).toBe('03/04/2024');
    expect(fieldText({ value: 'a; b', normalized: ['a', 'b'] })).toBe('a; b');
    expect(fieldText({ value: 'Name: Ann', normalized: [{ key: 'Name', value: 'Ann' }] })).toBe('Name: Ann');
    expect(inlineValue('ACME Tools Ltd')).toBe('ACME Tools Ltd');
    expect(inlineValue('Smith, John')).toBe('"Smith, John"');
    expect(inlineValue('')).toBe('""');
    expect(sourceText('embedded', 'type')).toBe('built-in classifier');
    expect(sourceText('embedded', 'field')).toBe('built-in rules');
    expect(sourceText('user', 'field')).toBe('set by you');
  });

  it('escapes control characters for the terminal; page text keeps its lines and tabs', () => {
    expect(printable('a\u001b[31mb\u0007c\u009bd\u007fe')).toBe('a\\x1b[31mb\\x07c\\x9bd\\x7fe');
    expect(printable('two\nlines\tand\r')).toBe('two\\nlines\\tand\\r');
    expect(printable('two\nlines\tand\u001b[2J', true)).toBe('two\nlines\tand\\x1b[2J');
    expect(printable('Grüße, 請求書 €')).toBe('Grüße, 請求書 €');
  });
});
