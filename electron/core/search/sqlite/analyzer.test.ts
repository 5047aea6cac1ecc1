import { describe, expect, it } from 'vitest';
import { analyze, foldWord, stem } from './analyzer.js';

describe('analyzer', () => {
  it('stems like Porter (1980)', () => {
    const cases: [string, string][] = [
      ['caresses', 'caress'], ['ponies', 'poni'], ['cats', 'cat'], ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'],
      ['motoring', 'motor'], ['sing', 'sing'], ['conflated', 'conflat'], ['hopping', 'hop'], ['filing', 'file'], ['happy', 'happi'],
      ['relational', 'relat'], ['conditional', 'condit'], ['valenci', 'valenc'], ['digitizer', 'digit'], ['generalization', 'gener'],
      ['electrical', 'electr'], ['hopeful', 'hope'], ['goodness', 'good'], ['revival', 'reviv'], ['adjustable', 'adjust'],
      ['adoption', 'adopt'], ['controll', 'control'], ['roll', 'roll'], ['invoices', 'invoic'], ['invoice', 'invoic'], ['flows', 'flow'],
      ['aeroelastic', 'aeroelast'], ['yield', 'yield'], ['by', 'by'], ['2023', '2023'],
    ];
    for (const [word, expected] of cases) expect(stem(word), word).toBe(expected);
  });
  it('folds accents and case', () => {
    expect(foldWord('CAFÉ')).toBe('cafe');
    expect(foldWord('Crème')).toBe('creme');
    expect(analyze('Café Crème, crèmes!')).toEqual(['cafe', 'creme', 'creme']);
  });
  it('drops stopwords when asked', () => {
    expect(analyze('the flow of heat', (w) => w === 'the' || w === 'of')).toEqual(['flow', 'heat']);
  });
});
