/**
 * Honest dev figures for the classifier: grouped, stratified k-fold cross-validation (documents of one
 * group, e.g. a PDF and its PNG rendering, never straddle train and test) and leave-one-source-out for
 * classes that have several sources. Also yields the out-of-fold logits that calibrate the temperature.
 */
import type { DocumentType } from '../electron/shared/contract/schemas/documentTypes.js';
import { predictFromCounts } from '../electron/understand/classifier.js';
import { fitTemperature, trainClassifier, type TrainOptions, type TrainingExample } from './trainClassifier.js';
import type { FeatureCounts } from '../electron/understand/textFeatures.js';
import { seededRandom, shuffleInPlace } from '../electron/understand/seededRandom.js';

export interface FoldExample extends TrainingExample {
  /** Examples with the same group are kept in the same fold. */
  group: string;
}

export interface OutOfFold {
  index: number;
  label: DocumentType;
  predicted: DocumentType;
  logits: number[];
  confidence: number;
}

/** Assigns groups to k folds, class by class, so each fold gets a share of every class. */
export function stratifiedGroupFolds(examples: readonly FoldExample[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const fold = new Array<number>(examples.length).fill(0);
  const byClass = new Map<DocumentType, Map<string, number[]>>();
  examples.forEach((example, i) => {
    let groups = byClass.get(example.label);
    if (!groups) byClass.set(example.label, (groups = new Map()));
    const members = groups.get(example.group) ?? [];
    members.push(i);
    groups.set(example.group, members);
  });
  let offset = 0;
  for (const label of [...byClass.keys()].sort()) {
    const groups = [...(byClass.get(label) as Map<string, number[]>).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    shuffleInPlace(groups, random);
    groups.forEach(([, members], g) => {
      for (const i of members) fold[i] = (g + offset) % k;
    });
    offset += groups.length;
  }
  return fold;
}

/** Trains on all folds but one and predicts the held-out fold, for every fold. */
export function crossValidate(
  examples: readonly FoldExample[],
  counts: readonly FeatureCounts[],
  folds: readonly number[],
  options: Partial<TrainOptions> = {},
  /** Examples with a true flag are used for training only (e.g. synthetic ones when measuring real documents). */
  trainOnly: readonly boolean[] = [],
): OutOfFold[] {
  const k = Math.max(...folds) + 1;
  const out: OutOfFold[] = [];
  for (let f = 0; f < k; f++) {
    const train = examples.map((_, i) => i).filter((i) => folds[i] !== f);
    const model = trainClassifier(
      train.map((i) => examples[i] as FoldExample),
      options,
      train.map((i) => counts[i] as FeatureCounts),
    );
    examples.forEach((example, i) => {
      if (folds[i] !== f || trainOnly[i]) return;
      const p = predictFromCounts(model, counts[i] as FeatureCounts);
      out.push({ index: i, label: example.label, predicted: p.type, logits: p.logits, confidence: p.confidence });
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Temperature fitted on out-of-fold logits (labels as class indices of the model's class order). */
export function temperatureFromOutOfFold(outOfFold: readonly OutOfFold[], classes: readonly DocumentType[]): number {
  return fitTemperature(outOfFold.map((o) => ({ logits: o.logits, label: classes.indexOf(o.label) })));
}
