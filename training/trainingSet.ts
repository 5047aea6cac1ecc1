/**
 * The generated half of every training set (`npm run train` and the leave-one-source-out evaluation
 * build theirs alike): the synthetic documents, and their feature counts without the template pools'
 * made-up names, which would otherwise be learned as marks of a class.
 */
import { pagesFromText } from '../electron/understand/testing/pagesFromText.js';
import type { FeatureCounts } from '../electron/understand/textFeatures.js';
import type { FoldExample } from './crossValidate.js';
import { generateSyntheticDocuments } from './synthetic/syntheticDocuments.js';
import { GENERATED_NAMES } from './synthetic/syntheticParts.js';

/** Generated documents per template and variant in the shipped model's training set. */
export const SYNTHETIC_PER_TEMPLATE = 12;

/** The generated training documents as examples (source `synthetic:<template>`), deterministic. */
export function syntheticExamples(perTemplate = SYNTHETIC_PER_TEMPLATE): Array<FoldExample & { text: string }> {
  return generateSyntheticDocuments(perTemplate).map((doc, i) => ({
    pages: pagesFromText(doc.text, doc.ocr ? 'ocr' : 'text'),
    label: doc.label,
    source: doc.source,
    group: `${doc.source}:${i}`,
    text: doc.text,
  }));
}

export const isSyntheticSource = (source: string): boolean => source.startsWith('synthetic:');

/** A generated document's features without the template pools' made-up names (words and bigrams holding one). */
export function withoutGeneratedNames(counts: FeatureCounts): FeatureCounts {
  const out = new Map<string, number>();
  for (const [name, count] of counts) {
    const tokens = name.startsWith('w:') || name.startsWith('b:') ? name.slice(2).split('_') : [];
    if (!tokens.some((t) => GENERATED_NAMES.has(t))) out.set(name, count);
  }
  return out;
}
