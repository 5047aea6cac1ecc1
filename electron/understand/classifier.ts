/**
 * The embedded document-type classifier: multinomial logistic regression over a fixed vocabulary of
 * text and layout features (see textFeatures.ts), trained with AdaGrad SGD (seeded, so the same examples
 * give the same model), with probabilities calibrated by one temperature fitted on held-out logits.
 * This file is what the product runs: prediction, and learning from a person's corrections. Training a
 * model from scratch is research code (training/trainClassifier.ts).
 *
 * Why this shape: a few hundred labelled documents are enough for a linear model to separate document
 * types, it trains in a second on a CPU, its file is plain JSON, and corrections can continue training
 * from the current weights without the original corpus.
 */
import { z } from 'zod';
import type { ExtractedPage } from '../shared/contract/extract.js';
import { DocumentType } from '../shared/contract/schemas/documentTypes.js';
import { FieldScorerModel } from './fields/fieldScorer.js';
import { documentFeatures, type FeatureCounts } from './textFeatures.js';
import { seededRandom, shuffleInPlace } from './seededRandom.js';

/** Bumped whenever the file layout or the feature extraction changes meaning. */
export const MODEL_FORMAT_VERSION = 2;

export const ClassifierModel = z.object({
  format: z.literal('docpipe-doctype-linear'),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  /** sha256 over the training examples (labels, sources, texts) and options: proves what it was built from. */
  trainingFingerprint: z.string(),
  createdAt: z.string(),
  classes: z.array(DocumentType).min(2),
  /** Feature names; position = column in `weights`. */
  vocabulary: z.array(z.string()),
  /** weights[class][feature]. */
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  /** Inverse document frequency per feature (same order as vocabulary): common features weigh less. */
  idf: z.array(z.number()),
  /** Softmax temperature fitted on cross-validated logits (1 = uncalibrated). */
  temperature: z.number().positive(),
  /**
   * One Platt scale per document type for the field rules' confidences (fields/calibration.ts), fitted by
   * `npm run train` on the dev set's fields. Absent: the rules' own scores are shown.
   */
  fieldCalibration: z.record(z.string(), z.object({ a: z.number(), b: z.number() })).optional(),
  /**
   * The learned scorer that re-decides some fields among the candidates the rules could propose
   * (fields/fieldScorer.ts), fitted by `npm run train:fields`. Absent: the rules' answers stand.
   */
  fieldScorer: FieldScorerModel.optional(),
  /** Corrections applied since the last full training (for display and for deciding a full retrain). */
  correctionsApplied: z.number().int().nonnegative(),
  /** Free notes: options used, cross-validation figures. */
  notes: z.record(z.string(), z.unknown()),
});
export type ClassifierModel = z.infer<typeof ClassifierModel>;

/** Sparse vector: parallel arrays of column indices and values. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/**
 * Text features are log-scaled, idf-weighted and L2-normalised together; layout features (`l:`) keep a
 * fixed weight outside that norm, so that a long document's thousand words do not drown the few facts
 * about its shape, which generalise across sources better than topical words do.
 */
export const LAYOUT_FEATURE_WEIGHT = 0.35;
/**
 * Document cues (`l:cue-*`: a paper's abstract, an invoice's amount due, a résumé's section headings)
 * weigh as much as the whole normalised text. Measured leaving one source out: invoice2data invoices
 * 12 → 14 of 16, grobid papers 11 → 15 of 15 against 0.35 (format version 2).
 */
export const CUE_FEATURE_WEIGHT = 1;

export function vectorize(
  counts: FeatureCounts,
  index: ReadonlyMap<string, number>,
  idf: readonly number[] = [],
): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  const layout: boolean[] = [];
  let norm = 0;
  for (const [name, count] of counts) {
    const column = index.get(name);
    if (column === undefined) continue;
    const isLayout = name.startsWith('l:');
    const value = isLayout
      ? name.startsWith('l:cue-')
        ? CUE_FEATURE_WEIGHT
        : LAYOUT_FEATURE_WEIGHT
      : (1 + Math.log(count)) * (idf[column] ?? 1);
    indices.push(column);
    values.push(value);
    layout.push(isLayout);
    if (!isLayout) norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) if (!layout[i]) values[i] = (values[i] as number) / norm;
  return { indices, values };
}

/** Feature name → column, built once per vocabulary (every prediction needs it; rebuilding it per document was 11k entries of garbage each time). */
const indexes = new WeakMap<readonly string[], Map<string, number>>();
export function vocabularyIndex(model: Pick<ClassifierModel, 'vocabulary'>): Map<string, number> {
  let index = indexes.get(model.vocabulary);
  if (!index) {
    index = new Map(model.vocabulary.map((name, i) => [name, i]));
    indexes.set(model.vocabulary, index);
  }
  return index;
}

export function logits(model: Pick<ClassifierModel, 'weights' | 'bias'>, x: SparseVector): number[] {
  return model.bias.map((b, k) => {
    const row = model.weights[k] as number[];
    let sum = b;
    for (let i = 0; i < x.indices.length; i++) sum += (row[x.indices[i] as number] as number) * (x.values[i] as number);
    return sum;
  });
}

export function softmax(scores: readonly number[], temperature = 1): number[] {
  const scaled = scores.map((s) => s / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export interface SgdOptions {
  seed: number;
  /** Passes over the data. */
  epochs: number;
  /** AdaGrad base learning rate. */
  learningRate: number;
  /** L2 penalty per example step. */
  l2: number;
  /** Learn a per-class bias too. Default true. */
  learnBias?: boolean;
}

/** One training example as SGD sees it. */
export interface Prepared {
  x: SparseVector;
  y: number;
  weight: number;
}

/** AdaGrad SGD on the softmax cross-entropy, continuing from the given weights. */
export function sgd(weights: number[][], bias: number[], data: Prepared[], options: SgdOptions): void {
  const random = seededRandom(options.seed);
  const classes = bias.length;
  const width = weights[0]?.length ?? 0;
  const g2 = weights.map(() => new Float64Array(width).fill(1e-8));
  const b2 = new Float64Array(classes).fill(1e-8);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const { x, y, weight } = data[i] as Prepared;
      const p = softmax(logits({ weights, bias }, x));
      for (let k = 0; k < classes; k++) {
        const err = ((p[k] as number) - (k === y ? 1 : 0)) * weight;
        const row = weights[k] as number[];
        const acc = g2[k] as Float64Array;
        for (let j = 0; j < x.indices.length; j++) {
          const col = x.indices[j] as number;
          const grad = err * (x.values[j] as number) + options.l2 * (row[col] as number);
          acc[col] = (acc[col] as number) + grad * grad;
          row[col] = (row[col] as number) - (options.learningRate * grad) / Math.sqrt(acc[col] as number);
        }
        if (options.learnBias === false) continue;
        b2[k] = (b2[k] as number) + err * err;
        bias[k] = (bias[k] as number) - (options.learningRate * err) / Math.sqrt(b2[k] as number);
      }
    }
  }
}

/** Six significant decimals keep the JSON file small without changing any prediction measurably. */
export function roundWeight(w: number): number {
  return Math.round(w * 1e6) / 1e6;
}

export interface Prediction {
  type: DocumentType;
  /** Calibrated probability of `type`. */
  confidence: number;
  probabilities: Record<DocumentType, number>;
  /** Raw scores (before temperature), for calibration. */
  logits: number[];
}

export function predictFromCounts(
  model: ClassifierModel,
  counts: FeatureCounts,
  index?: Map<string, number>,
): Prediction {
  const x = vectorize(counts, index ?? vocabularyIndex(model), model.idf);
  const scores = logits(model, x);
  const p = softmax(scores, model.temperature);
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
  const probabilities = Object.fromEntries(model.classes.map((c, k) => [c, p[k] as number])) as Record<
    DocumentType,
    number
  >;
  return { type: model.classes[best] as DocumentType, confidence: p[best] as number, probabilities, logits: scores };
}

/** Classifies a document's pages. */
export function classifyPages(model: ClassifierModel, pages: readonly ExtractedPage[]): Prediction {
  return predictFromCounts(model, documentFeatures(pages));
}

export interface Correction {
  pages: readonly ExtractedPage[];
  /** The type a person set. */
  label: DocumentType;
}

export interface CorrectionOptions {
  /** Weight of each correction relative to a training example. Default 3. */
  weight: number;
  /** Passes over the corrections. Default 15. */
  epochs: number;
  /** Seed. Default 11. */
  seed: number;
  /**
   * Features seen in at least this many corrected documents join the vocabulary (the user's own model
   * stays on their machine, so their vocabulary may grow). Default 2.
   */
  minDocFrequency: number;
}

/**
 * Continues training the model on a person's corrections, starting from its current weights: new
 * features from the corrected documents join the vocabulary, and a few weighted passes over the
 * corrections move the decision boundary. Runs in milliseconds for dozens of corrections; a full
 * retrain (`trainClassifier` with the corrections added as weighted examples) is the heavier path.
 * Returns a new model; the input is not modified.
 */
export function updateWithCorrections(
  model: ClassifierModel,
  corrections: readonly Correction[],
  options: Partial<CorrectionOptions> = {},
): ClassifierModel {
  const opts: CorrectionOptions = { weight: 3, epochs: 15, seed: 11, minDocFrequency: 2, ...options };
  if (corrections.length === 0) return model;
  const counts = corrections.map((c) => documentFeatures(c.pages));
  const vocabulary = [...model.vocabulary];
  // A copy: the new model's vocabulary grows, the base model's cached index must not.
  const index = new Map(vocabularyIndex(model));
  const df = new Map<string, number>();
  // Same feature families as the base model: character n-grams only if it was trained with them.
  const charNgrams = model.vocabulary.some((name) => name.startsWith('c:'));
  for (const c of counts)
    for (const name of c.keys())
      if (!index.has(name) && (charNgrams || !name.startsWith('c:'))) df.set(name, (df.get(name) ?? 0) + 1);
  for (const [name, n] of [...df.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n >= opts.minDocFrequency) {
      index.set(name, vocabulary.length);
      vocabulary.push(name);
    }
  }
  const weights = model.weights.map((row) => [...row, ...new Array<number>(vocabulary.length - row.length).fill(0)]);
  // A feature only the user's documents have is rare by definition: it gets the highest known weight.
  const rareIdf = Math.max(1, ...model.idf);
  const idf = [...model.idf, ...new Array<number>(vocabulary.length - model.idf.length).fill(rareIdf)];
  const bias = [...model.bias];
  const data: Prepared[] = corrections.map((c, i) => ({
    x: vectorize(counts[i] as FeatureCounts, index, idf),
    y: model.classes.indexOf(c.label),
    weight: opts.weight,
  }));
  sgd(weights, bias, data, { seed: opts.seed, epochs: opts.epochs, learningRate: 0.3, l2: 0, learnBias: false });
  return {
    ...model,
    vocabulary,
    weights: weights.map((row) => row.map(roundWeight)),
    bias: bias.map(roundWeight),
    idf: idf.map(roundWeight),
    correctionsApplied: model.correctionsApplied + corrections.length,
  };
}
