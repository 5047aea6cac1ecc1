import { describe, expect, it } from 'vitest';
import type { DocumentType } from '../electron/shared/contract/schemas/documentTypes.js';
import { ClassifierModel, classifyPages, updateWithCorrections } from '../electron/understand/classifier.js';
import { fitTemperature, trainClassifier, type TrainingExample } from './trainClassifier.js';
import { crossValidate, stratifiedGroupFolds, temperatureFromOutOfFold } from './crossValidate.js';
import { pagesFromText } from '../electron/understand/testing/pagesFromText.js';
import { seededRandom } from '../electron/understand/seededRandom.js';
import { generateSyntheticDocuments } from './synthetic/syntheticDocuments.js';
import { featurizeExamples } from './trainClassifier.js';

const VOCAB: Partial<Record<DocumentType, string[]>> = {
  invoice: ['invoice', 'total', 'vat', 'due', 'payment', 'net', 'amount', 'bill'],
  contract: ['agreement', 'party', 'hereby', 'governed', 'term', 'whereas', 'shall', 'law'],
  resume: ['experience', 'skills', 'education', 'university', 'project', 'engineer', 'developer', 'team'],
};
const FILLER = ['the', 'and', 'of', 'to', 'in', 'for', 'with', 'on', 'at', 'by'];

function toyExamples(n: number, seed: number, sources = 3): TrainingExample[] {
  const r = seededRandom(seed);
  const out: TrainingExample[] = [];
  for (const [label, words] of Object.entries(VOCAB) as Array<[DocumentType, string[]]>) {
    for (let i = 0; i < n; i++) {
      const tokens = Array.from({ length: 40 }, () => (r() < 0.5 ? words : FILLER)[Math.floor(r() * 8)] as string);
      out.push({ pages: pagesFromText(tokens.join(' ')), label, source: `toy:${i % sources}` });
    }
  }
  return out;
}

describe('trainClassifier', () => {
  it('is deterministic for the same examples and seed', () => {
    const examples = toyExamples(10, 1);
    const a = trainClassifier(examples, { epochs: 5 });
    const b = trainClassifier(examples, { epochs: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(ClassifierModel.safeParse(a).success).toBe(true);
  });

  it('learns separable toy classes and generalises to new samples', () => {
    const model = trainClassifier(toyExamples(15, 2), { epochs: 10 });
    const test = toyExamples(10, 3);
    const right = test.filter((e) => classifyPages(model, e.pages).type === e.label).length;
    expect(right / test.length).toBeGreaterThan(0.95);
  });

  it('keeps tokens seen in one source only out of the vocabulary, and never digits', () => {
    const examples = toyExamples(6, 4);
    examples.push({
      pages: pagesFromText('invoice total Zyxwvut 4711 Zyxwvut'),
      label: 'invoice',
      source: 'only-here',
    });
    examples.push({ pages: pagesFromText('invoice total Zyxwvut 4711'), label: 'invoice', source: 'only-here' });
    examples.push({ pages: pagesFromText('invoice total Zyxwvut 0815'), label: 'invoice', source: 'only-here' });
    const model = trainClassifier(examples, { epochs: 2 });
    expect(model.vocabulary).not.toContain('w:zyxwvut');
    expect(model.vocabulary.some((f) => /\d/.test(f.replace(/^l:[a-z]+=\d$/, '')))).toBe(false);
  });
});

describe('calibration', () => {
  it('fits a temperature that lowers over-confident held-out scores', () => {
    // Confident logits that are right only 60 % of the time must be softened (T > 1).
    const heldOut = Array.from({ length: 100 }, (_, i) => ({ logits: [5, 0, 0], label: i % 10 < 6 ? 0 : 1 }));
    expect(fitTemperature(heldOut)).toBeGreaterThan(2);
    // Hesitant logits that are always right must be sharpened (T < 1).
    expect(fitTemperature(Array.from({ length: 50 }, () => ({ logits: [0.5, 0, 0], label: 0 })))).toBeLessThan(0.5);
  });

  it('gives cross-validated probabilities whose confidence tracks accuracy', () => {
    const docs = generateSyntheticDocuments(6, 3);
    const examples = docs.map((d, i) => ({
      pages: pagesFromText(d.text),
      label: d.label,
      source: d.source,
      group: String(i),
    }));
    const counts = featurizeExamples(examples);
    const folds = stratifiedGroupFolds(examples, 3, 1);
    const oof = crossValidate(examples, counts, folds, { epochs: 8, minSources: 1 });
    const model = trainClassifier(examples.slice(0, 2), { epochs: 1 });
    const temperature = temperatureFromOutOfFold(oof, model.classes);
    expect(temperature).toBeGreaterThan(0);
    const accuracy = oof.filter((o) => o.label === o.predicted).length / oof.length;
    const meanConfidence =
      oof.reduce(
        (s, o) =>
          s +
          Math.max(...o.logits.map((l) => l / temperature)) -
          Math.log(o.logits.reduce((z, l) => z + Math.exp(l / temperature), 0)),
        0,
      ) / oof.length;
    // Mean log-probability of the chosen class, back to a probability: within 0.25 of the accuracy.
    expect(Math.abs(Math.exp(meanConfidence) - accuracy)).toBeLessThan(0.25);
  });
});

describe('updateWithCorrections', () => {
  it('improves accuracy on documents like the corrected ones', () => {
    // The shipped model has never seen bank statements written like these (a new template).
    const base = generateSyntheticDocuments(8, 21).filter((d) => d.label !== 'bank_statement');
    const model = trainClassifier(
      base.map((d) => ({ pages: pagesFromText(d.text), label: d.label, source: d.source })),
      { epochs: 10, minSources: 1 },
    );
    const statements = (seed: number): string[] =>
      Array.from({ length: 12 }, (_, i) => {
        const r = seededRandom(seed + i);
        const rows = Array.from(
          { length: 6 },
          () =>
            `${Math.floor(r() * 28) + 1}.0${Math.floor(r() * 9) + 1}. Umsatz Kartenzahlung ${Math.floor(r() * 900)},${Math.floor(r() * 90) + 10} Saldo ${Math.floor(r() * 9000)},00`,
        );
        return [
          'Girokonto Auszug',
          'Kontostand alt',
          ...rows,
          'Kontostand neu',
          'Buchungen Zeitraum Saldo Umsatz',
        ].join('\n');
      });
    const test = statements(500).map((text) => pagesFromText(text));
    const accuracy = (m: ClassifierModel): number =>
      test.filter((pages) => classifyPages(m, pages).type === 'bank_statement').length / test.length;
    const before = accuracy(model);
    const corrected = updateWithCorrections(
      model,
      statements(100)
        .slice(0, 5)
        .map((text) => ({ pages: pagesFromText(text), label: 'bank_statement' as const })),
    );
    const after = accuracy(corrected);
    expect(after).toBeGreaterThan(before);
    expect(after).toBeGreaterThanOrEqual(0.9);
    expect(corrected.correctionsApplied).toBe(5);
    // Other classes are not forgotten.
    const others = base.slice(0, 30);
    const kept =
      others.filter((d) => classifyPages(corrected, pagesFromText(d.text)).type === d.label).length / others.length;
    expect(kept).toBeGreaterThan(0.9);
  });

  it('leaves the base model as it was: vocabulary, weights and predictions', () => {
    const docs = generateSyntheticDocuments(4, 8);
    const model = trainClassifier(
      docs.map((d) => ({ pages: pagesFromText(d.text), label: d.label, source: d.source })),
      { epochs: 3, minSources: 1 },
    );
    const probe = pagesFromText('Quuxwerk manifest quuxwerk cargo 12 pallets');
    const before = classifyPages(model, probe).probabilities;
    const size = model.vocabulary.length;
    // Corrections bring a word the base model has never seen: the learned model's vocabulary grows.
    const learned = updateWithCorrections(
      model,
      [1, 2, 3].map((i) => ({
        pages: pagesFromText(`Quuxwerk manifest ${i} quuxwerk cargo`),
        label: 'report' as const,
      })),
    );
    expect(learned.vocabulary.length).toBeGreaterThan(size);
    expect(model.vocabulary.length).toBe(size);
    expect(classifyPages(model, probe).probabilities).toEqual(before);
    expect(classifyPages(learned, probe).type).toBe('report');
  });
});
