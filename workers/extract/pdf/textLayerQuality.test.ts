import { describe, expect, it } from 'vitest';
import { looksGarbled, ocrReadsBetter, wordShare } from './textLayerQuality.js';

describe('text layer quality', () => {
  it('flags words split letter by letter, not prose, tables or formulas', () => {
    expect(looksGarbled('(a) A l e t t e r from the Aaalggfitted fc-ugsx Company eecepting t h e i r c h e c k')).toBe(
      true,
    );
    expect(looksGarbled('Desiring to keep you posted on the progress of the Foundation, we write to you.')).toBe(false);
    expect(looksGarbled('Item Qty Price\nA4 paper 2 3.50\nPens 10 0.99\nTotal 17.00')).toBe(false);
    expect(looksGarbled('Let x ∈ R and f(x) = a x² + b x + c, where a, b, c are constants and a ≠ 0.')).toBe(false);
  });

  it('prefers OCR only when it reads clearly better', () => {
    expect(wordShare('the quick brown fox')).toBe(1);
    expect(ocrReadsBetter('t h e i r c h e c k', 'their check')).toBe(true);
    expect(ocrReadsBetter('t h e i r c h e c k', 't h e i r c h e c k')).toBe(false);
    expect(ocrReadsBetter('t h e i r c h e c k', '')).toBe(false);
  });
});
