/**
 * Training the document-type classifier from scratch (research code: `npm run train` and the
 * cross-validation use it; the product only predicts and learns from corrections, in
 * electron/understand/classifier.ts).
 */
import type { ExtractedPage } from '../electron/shared/contract/extract.js';
import { DOCUMENT_TYPES, type DocumentType } from '../electron/shared/contract/schemas/documentTypes.js';
import {
  MODEL_FORMAT_VERSION,
  roundWeight,
  sgd,
  softmax,
  vectorize,
  type ClassifierModel,
  type Prepared,
} from '../electron/understand/classifier.js';
import { documentFeatures, type FeatureCounts } from '../electron/understand/textFeatures.js';

export interface TrainingExample {
  pages: readonly ExtractedPage[];
  label: DocumentType;
  /** Where the example comes from (corpus source repository, `synthetic:<template>`, `user`). */
  source: string;
  /** Weight in the loss; default 1. Corrections are given more. */
  weight?: number;
}

export interface TrainOptions {
  /** Seed for shuffling and initialisation. Default 7. */
  seed: number;
  /** Passes over the data. Default 15: more passes fit the dev sources tighter and transfer worse (leave-one-source-out on papers 8/15 at 15, 5/15 at 30). */
  epochs: number;
  /** AdaGrad base learning rate. Default 0.5. */
  learningRate: number;
  /**
   * L2 penalty per example step. Default 1e-3: the training documents can be separated in many ways,
   * and with 1e-4 which way SGD found depended on the shuffle (leaving FUNSD forms out, 86 to 104 of
   * 149 right from one seed to the next); 1e-3 finds about the same simple model whatever the seed
   * (118 and 118) and transfers better to sources left out (pooled CV macro-F1 0.915 → 0.941).
   */
  l2: number;
  /** A feature enters the vocabulary only if this many training documents have it. Default 3. */
  minDocFrequency: number;
  /**
   * ...and only if it occurs in this many distinct sources: keeps one source's names and boilerplate out
   * of the shipped vocabulary, which is what generalises to documents from elsewhere. Default 2.
   */
  minSources: number;
  /** At most this many features (highest document frequency first). Default 30000. */
  maxFeatures: number;
  /** Balance classes: each class contributes about equally to the loss. Default true. */
  balanceClasses: boolean;
  /**
   * Learn a per-class bias. Off by default: with balanced classes a learned bias mostly encodes "how
   * varied is this class", which sends unfamiliar documents to the most varied class (forms).
   */
  learnBias: boolean;
  /**
   * Use character trigram features. Default false: they help within a source (OCR variants) but carry
   * topic more than genre, and leave-one-source-out accuracy on papers fell from 8/15 to 3/15 with them.
   */
  charNgrams: boolean;
  /** Weight features by inverse document frequency. Default true. */
  idf: boolean;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 7,
  epochs: 15,
  learningRate: 0.5,
  l2: 1e-3,
  minDocFrequency: 3,
  minSources: 2,
  maxFeatures: 30_000,
  balanceClasses: true,
  learnBias: false,
  charNgrams: false,
  idf: true,
};

/** Chooses the vocabulary by document frequency and source spread (see TrainOptions). */
export function selectVocabulary(
  docs: ReadonlyArray<{ counts: FeatureCounts; source: string }>,
  options: Pick<TrainOptions, 'minDocFrequency' | 'minSources' | 'maxFeatures' | 'charNgrams'>,
): string[] {
  const df = new Map<string, number>();
  const sources = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const name of doc.counts.keys()) {
      if (!options.charNgrams && name.startsWith('c:')) continue;
      df.set(name, (df.get(name) ?? 0) + 1);
      let set = sources.get(name);
      if (!set) sources.set(name, (set = new Set()));
      set.add(doc.source);
    }
  }
  const kept = [...df.entries()].filter(
    ([name, n]) => n >= options.minDocFrequency && (sources.get(name)?.size ?? 0) >= options.minSources,
  );
  // Ties broken by name so that the vocabulary (and the model) is deterministic.
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return kept.slice(0, options.maxFeatures).map(([name]) => name);
}

function classWeights(labels: readonly DocumentType[], classes: readonly DocumentType[]): Map<DocumentType, number> {
  const counts = new Map<DocumentType, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const present = classes.filter((c) => counts.has(c)).length || 1;
  const out = new Map<DocumentType, number>();
  for (const c of classes) {
    const n = counts.get(c) ?? 0;
    // Capped so that a class with three examples does not dominate the loss.
    out.set(c, n ? Math.min(5, labels.length / (present * n)) : 0);
  }
  return out;
}

/** Feature counts of every example, computed once and reusable across folds. */
export function featurizeExamples(examples: readonly TrainingExample[]): FeatureCounts[] {
  return examples.map((example) => documentFeatures(example.pages));
}

/**
 * Trains a model from scratch. Deterministic for the same examples, order and options.
 * `precomputed` lets cross-validation reuse the feature counts.
 */
export function trainClassifier(
  examples: readonly TrainingExample[],
  options: Partial<TrainOptions> = {},
  precomputed?: FeatureCounts[],
  fingerprint = 'unfingerprinted',
): ClassifierModel {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const counts = precomputed ?? featurizeExamples(examples);
  const vocabulary = selectVocabulary(
    examples.map((example, i) => ({ counts: counts[i] as FeatureCounts, source: example.source })),
    opts,
  );
  const index = new Map(vocabulary.map((name, i) => [name, i]));
  const idf = opts.idf ? inverseDocumentFrequency(counts, vocabulary) : vocabulary.map(() => 1);
  const classes = [...DOCUMENT_TYPES];
  const perClass = opts.balanceClasses
    ? classWeights(
        examples.map((e) => e.label),
        classes,
      )
    : new Map(classes.map((c) => [c, 1]));
  const data: Prepared[] = examples.map((example, i) => ({
    x: vectorize(counts[i] as FeatureCounts, index, idf),
    y: classes.indexOf(example.label),
    weight: (example.weight ?? 1) * (perClass.get(example.label) ?? 1),
  }));
  const weights = classes.map(() => new Array<number>(vocabulary.length).fill(0));
  const bias = classes.map(() => 0);
  sgd(weights, bias, data, opts);
  return {
    format: 'docpipe-doctype-linear',
    formatVersion: MODEL_FORMAT_VERSION,
    trainingFingerprint: fingerprint,
    createdAt: new Date(0).toISOString(),
    classes,
    vocabulary,
    weights: weights.map((row) => row.map(roundWeight)),
    bias: bias.map(roundWeight),
    idf: idf.map(roundWeight),
    temperature: 1,
    correctionsApplied: 0,
    notes: { options: opts },
  };
}

function inverseDocumentFrequency(counts: readonly FeatureCounts[], vocabulary: readonly string[]): number[] {
  return vocabulary.map((name) => {
    let df = 0;
    for (const c of counts) if (c.has(name)) df++;
    return Math.log((1 + counts.length) / (1 + df)) + 1;
  });
}

/**
 * Fits the softmax temperature that minimises the negative log-likelihood of held-out logits (golden
 * section search on log T). Feed it out-of-fold logits from cross-validation, never training logits.
 */
export function fitTemperature(heldOut: ReadonlyArray<{ logits: readonly number[]; label: number }>): number {
  if (heldOut.length === 0) return 1;
  const nll = (logT: number): number => {
    const t = Math.exp(logT);
    let sum = 0;
    for (const item of heldOut) sum -= Math.log(Math.max(1e-12, softmax(item.logits, t)[item.label] as number));
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}
