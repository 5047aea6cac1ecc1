import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Understanding } from '../shared/contract/schemas/fieldValue.js';
import { MODEL_FILE_NAME } from './modelFile.js';
import { loadClassifierModel } from '../core/inference/modelStorage.js';
import { pagesFromText } from './testing/pagesFromText.js';
import { generateSyntheticDocuments } from '../../training/synthetic/syntheticDocuments.js';
import { understandDocument } from './understandDocument.js';

const modelPath = resolve(import.meta.dirname, '../../resources/models', MODEL_FILE_NAME);
const corpus = resolve(import.meta.dirname, '../../../shared/corpus');

describe.skipIf(!existsSync(modelPath))('understandDocument with the shipped model', () => {
  it('classifies and extracts a synthetic invoice, with a valid Understanding', async () => {
    const model = await loadClassifierModel(modelPath);
    const doc = generateSyntheticDocuments(1, 77).find((d) => d.label === 'invoice');
    if (!doc) throw new Error('no synthetic invoice');
    const result = understandDocument(pagesFromText(doc.text), model);
    expect(Understanding.safeParse(result).success).toBe(true);
    expect(result.type).toBe('invoice');
    expect(Object.values(result.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(result.fields.find((f) => f.name === 'total')?.normalized).toBe(doc.fields.total);
  });

  it('extracts the fields of a forced type without classifying it away', async () => {
    const model = await loadClassifierModel(modelPath);
    const result = understandDocument(pagesFromText('From: a@b.org\nSubject: Hello\n\nbody'), model, {
      forceType: 'email',
    });
    expect(result).toMatchObject({ type: 'email', typeConfidence: 1 });
    expect(result.fields.find((f) => f.name === 'subject')?.normalized).toBe('Hello');
  });
});

const resumes = join(corpus, 'docs/resume/dataturks');
describe.skipIf(!existsSync(resumes) || !existsSync(modelPath))(
  'dev corpus resumes (plain text, no extraction needed)',
  () => {
    it('recognises resumes and their names', async () => {
      const model = await loadClassifierModel(modelPath);
      const labels = readFileSync(join(corpus, 'labels.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"resume"'))
        .slice(0, 20)
        .map((l) => JSON.parse(l) as { path: string; fields: { name?: string } });
      let typed = 0;
      let named = 0;
      for (const label of labels) {
        const result = understandDocument(pagesFromText(readFileSync(join(corpus, label.path), 'utf8')), model);
        if (result.type === 'resume') typed++;
        if (result.fields.find((f) => f.name === 'name')?.normalized === label.fields.name) named++;
      }
      expect(typed / labels.length).toBeGreaterThan(0.9);
      expect(named / labels.length).toBeGreaterThan(0.9);
    });
  },
);

if (!existsSync(corpus)) console.warn(`dev corpus not found at ${corpus}: corpus tests skipped`);
