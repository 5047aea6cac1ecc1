import { describe, expect, it } from 'vitest';
import { rtfToText } from './rtf.js';

describe('rtfToText', () => {
  it('keeps the body text and drops tables, destinations and control words', () => {
    const rtf = String.raw`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Writer;}
\pard\b INVOICE\b0\par
Invoice No. 42\tab Date: 3 March 2024\par
Caf\'e9 Nord \endash{} Total \u8364?12.50\par
{\header Page 1}Thanks\~for your order.\par}`;
    expect(rtfToText(rtf)).toBe(
      'INVOICE\nInvoice No. 42\tDate: 3 March 2024\nCafé Nord – Total €12.50\nThanks for your order.',
    );
  });

  it('reads another code page and escaped braces, and survives deep nesting', () => {
    expect(rtfToText(String.raw`{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2 \{x\}}`)).toBe('Привет {x}');
    expect(rtfToText(`{\\rtf1 ${'{'.repeat(100_000)}deep${'}'.repeat(100_000)}}`)).toBe('deep');
  });
});
