/**
 * Teaching the field scorer (electron/understand/fields/fieldScorer.ts): for each scored field, the
 * candidates of every taught document of its type, the ones equal to the labelled value marked right,
 * and a linear model fitted listwise (softmax over one document's candidates, L2 towards zero, AdaGrad,
 * full batch: deterministic). The confidence scale is fitted on held-out documents: inner folds by
 * document, each fold's documents judged by a model taught on the others.
 */
import type { ExtractedPage } from '../electron/shared/contract/extract.js';
import { FIELD_SPECS, type DocumentType } from '../electron/shared/contract/schemas/documentTypes.js';
import { fieldContext, fieldsInContext } from '../electron/understand/fields/extractFields.js';
import {
  fieldCandidates,
  SCORED_FIELDS,
  type FieldCandidate,
  type ScoredField,
} from '../electron/understand/fields/fieldCandidates.js';
import {
  candidateProbabilities,
  scorerLogit,
  type FieldScorerEntry,
  type FieldScorerModel,
} from '../electron/understand/fields/fieldScorer.js';
import { fieldMatches } from '../electron/understand/sameValue.js';
import { pagesFromText } from '../electron/understand/testing/pagesFromText.js';
import { generateInvoiceParties } from './synthetic/syntheticInvoiceParties.js';
import { generateSyntheticDocuments } from './synthetic/syntheticDocuments.js';
import { generateTillTotals } from './synthetic/syntheticTillTotals.js';
import { SYNTHETIC_PER_TEMPLATE } from './trainingSet.js';

/** A labelled document for the scorer: its type, pages and labelled field values. */
export interface ScorerExample {
  type: DocumentType;
  pages: readonly ExtractedPage[];
  fields: Readonly<Record<string, unknown>>;
  /** Generated documents weigh less than real ones (their layouts are few and clean). */
  weight?: number;
}

export interface ScorerOptions {
  /** L2 penalty per weight, relative to the summed document weights. */
  l2: number;
  epochs: number;
  learningRate: number;
  /** A feature is kept when it occurs in at least this many taught documents. */
  minDocuments: number;
  /** Inner folds for the confidence scale. */
  calibrationFolds: number;
  /**
   * Where the L2 penalty pulls each weight (default 0): the rules' choice starts out trusted, so that a
   * few taught documents move the scorer away from the rules only where they agree on why.
   */
  prior: Readonly<Record<string, number>>;
}

export const DEFAULT_SCORER_OPTIONS: ScorerOptions = {
  l2: 0.01,
  epochs: 150,
  learningRate: 0.3,
  minDocuments: 3,
  calibrationFolds: 3,
  prior: { 'rule:chosen': 3 },
};

/** One document's candidates for one field and which of them equal the labelled value. */
export interface CandidateSet {
  candidates: FieldCandidate[];
  right: boolean[];
  weight: number;
}

const present = (gold: unknown): boolean =>
  gold !== undefined && gold !== null && gold !== '' && !(Array.isArray(gold) && gold.length === 0);

/**
 * The candidate sets of one field, one per example (null for examples of another type or without a
 * label for it), so that folds can pick theirs by index without reading the documents again.
 */
export function candidateSets(field: ScoredField, examples: readonly ScorerExample[]): Array<CandidateSet | null> {
  const [type, name] = field.split('.') as [DocumentType, string];
  const kind = FIELD_SPECS[type].find((s) => s.name === name)?.kind ?? SCORED_FIELDS[field];
  const out: Array<CandidateSet | null> = [];
  for (const ex of examples) {
    const gold = ex.fields[name];
    if (ex.type !== type || !present(gold)) {
      out.push(null);
      continue;
    }
    const ctx = fieldContext(ex.pages);
    const candidates = fieldCandidates(field, ctx, fieldsInContext(type, ctx));
    out.push({
      candidates,
      right: candidates.map((c) => fieldMatches(kind, c.normalized, gold)),
      weight: ex.weight ?? 1,
    });
  }
  return out;
}

/** Listwise logistic regression over the candidate sets (sets with no right candidate teach nothing). */
export function fitWeights(
  sets: readonly CandidateSet[],
  options: ScorerOptions = DEFAULT_SCORER_OPTIONS,
): Record<string, number> {
  const teach = sets.filter((s) => s.right.some(Boolean) && s.candidates.length > 1);
  const documentsWith = new Map<string, number>();
  for (const s of teach) {
    const names = new Set(s.candidates.flatMap((c) => [...c.features.keys()]));
    for (const n of names) documentsWith.set(n, (documentsWith.get(n) ?? 0) + 1);
  }
  const vocabulary = [...documentsWith]
    .filter(([, n]) => n >= options.minDocuments)
    .map(([name]) => name)
    .sort();
  const index = new Map(vocabulary.map((n, i) => [n, i]));
  // Candidates as sparse rows over the vocabulary.
  const rows = teach.map((s) =>
    s.candidates.map((c) => {
      const idx: number[] = [];
      const val: number[] = [];
      for (const [name, v] of c.features) {
        const i = index.get(name);
        if (i !== undefined && v !== 0) {
          idx.push(i);
          val.push(v);
        }
      }
      return { idx, val };
    }),
  );
  const prior = Float64Array.from(vocabulary, (name) => options.prior[name] ?? 0);
  const w = Float64Array.from(prior);
  const g2 = new Float64Array(vocabulary.length).fill(1e-8);
  const total = teach.reduce((s, t) => s + t.weight, 0) || 1;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const grad = new Float64Array(vocabulary.length);
    teach.forEach((s, d) => {
      const cands = rows[d] as Array<{ idx: number[]; val: number[] }>;
      const scores = cands.map((r) => r.idx.reduce((acc, i, k) => acc + (w[i] as number) * (r.val[k] as number), 0));
      const max = Math.max(...scores);
      const exps = scores.map((x) => Math.exp(x - max));
      const z = exps.reduce((a, b) => a + b, 0);
      const rightMass = s.right.reduce((acc, ok, k) => acc + (ok ? (exps[k] as number) / z : 0), 0);
      cands.forEach((r, c) => {
        // Gradient of −log Σ_right p: p_c − (p_c / Σ_right p if c is right).
        const p = (exps[c] as number) / z;
        const target = s.right[c] ? p / rightMass : 0;
        const e = (p - target) * (s.weight / total);
        if (e === 0) return;
        r.idx.forEach((i, k) => {
          grad[i] = (grad[i] as number) + e * (r.val[k] as number);
        });
      });
    });
    for (let i = 0; i < w.length; i++) {
      const g = (grad[i] as number) + options.l2 * ((w[i] as number) - (prior[i] as number));
      g2[i] = (g2[i] as number) + g * g;
      w[i] = (w[i] as number) - (options.learningRate * g) / Math.sqrt(g2[i] as number);
    }
  }
  const weights: Record<string, number> = {};
  vocabulary.forEach((name, i) => {
    const v = Math.round((w[i] as number) * 1e4) / 1e4;
    if (v !== 0) weights[name] = v;
  });
  return weights;
}

/** The picked candidate's probability and whether it is right, for each set, under `weights`. */
export function judgeSets(
  weights: Record<string, number>,
  sets: readonly CandidateSet[],
): Array<{ confidence: number; correct: boolean }> {
  return sets
    .filter((s) => s.candidates.length)
    .map((s) => {
      const p = candidateProbabilities(weights, s.candidates);
      let best = 0;
      for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[best] as number)) best = i;
      return { confidence: p[best] as number, correct: !!s.right[best] };
    });
}

/**
 * The Platt scale σ(a·logit(p) + b) that minimises the held-out log-loss, with a ridge towards the
 * identity. Gradient steps, not Newton's: held-out softmax probabilities pile up near 1, where the two
 * parameters are nearly interchangeable and Newton's steps run away.
 */
export function fitScale(
  pairs: ReadonlyArray<{ confidence: number; correct: boolean }>,
  ridge = 0.01,
): { a: number; b: number } {
  const xs = pairs.map((p) => scorerLogit(p.confidence));
  const ys = pairs.map((p) => (p.correct ? 1 : 0));
  let a = 1;
  let b = 0;
  const n = pairs.length;
  const scale = Math.max(1, ...xs.map(Math.abs));
  for (let iteration = 0; iteration < 3000; iteration++) {
    let ga = ridge * (a - 1) * n;
    let gb = ridge * b * n;
    for (let i = 0; i < n; i++) {
      const e = 1 / (1 + Math.exp(-(a * (xs[i] as number) + b))) - (ys[i] as number);
      ga += e * (xs[i] as number);
      gb += e;
    }
    a -= (0.5 * ga) / (n * scale * scale);
    b -= (0.5 * gb) / n;
  }
  return { a: Math.round(a * 1e4) / 1e4, b: Math.round(b * 1e4) / 1e4 };
}

/** One field's scorer: weights on all sets, the Platt scale on held-out folds of them. */
export function trainFieldEntry(
  sets: readonly CandidateSet[],
  options: ScorerOptions = DEFAULT_SCORER_OPTIONS,
): FieldScorerEntry {
  const weights = fitWeights(sets, options);
  const k = Math.max(2, options.calibrationFolds);
  const heldOut = Array.from({ length: k }, (_, fold) => {
    const taught = sets.filter((_, i) => i % k !== fold);
    const judged = sets.filter((_, i) => i % k === fold);
    return judgeSets(fitWeights(taught, options), judged);
  }).flat();
  const platt = heldOut.length >= 10 ? fitScale(heldOut) : { a: 1, b: 0 };
  return { weights, platt, taught: sets.length };
}

/** The candidate sets of every scored field over the examples (see candidateSets). */
export function allCandidateSets(examples: readonly ScorerExample[]): Record<ScoredField, Array<CandidateSet | null>> {
  const out = {} as Record<ScoredField, Array<CandidateSet | null>>;
  for (const key of Object.keys(SCORED_FIELDS) as ScoredField[]) out[key] = candidateSets(key, examples);
  return out;
}

/**
 * The scorer for every scored field with at least `minSets` labelled documents among the sets
 * (`pick` chooses which examples teach: a fold's taught ones).
 */
export function scorerFromSets(
  sets: Record<ScoredField, Array<CandidateSet | null>>,
  pick: (index: number) => boolean = () => true,
  options: ScorerOptions = DEFAULT_SCORER_OPTIONS,
  minSets = 20,
): FieldScorerModel {
  const fields: FieldScorerModel['fields'] = {};
  for (const key of Object.keys(SCORED_FIELDS) as ScoredField[]) {
    const taught = sets[key].filter((s, i): s is CandidateSet => s !== null && pick(i));
    if (taught.length >= minSets) fields[key] = trainFieldEntry(taught, options);
  }
  return { format: 'docpipe-field-scorer', formatVersion: 1, fields };
}

/** The scorer for every scored field with at least `minSets` labelled documents among the examples. */
export function trainFieldScorer(
  examples: readonly ScorerExample[],
  options: ScorerOptions = DEFAULT_SCORER_OPTIONS,
  minSets = 20,
): FieldScorerModel {
  return scorerFromSets(allCandidateSets(examples), () => true, options, minSets);
}

/** Weight of a generated document against a real one. */
export const GENERATED_WEIGHT = 0.5;

/** Invoices per layout and language that teach only the vendor (synthetic/syntheticInvoiceParties.ts). */
export const PARTIES_PER_LAYOUT = 4;
/** Till slips per country that teach only the total and the date (synthetic/syntheticTillTotals.ts). */
export const TILLS_PER_COUNTRY = 20;

/** The generated receipts and invoices with the values their generator printed (deterministic). */
export function generatedScorerExamples(
  perTemplate = SYNTHETIC_PER_TEMPLATE,
  partiesPerLayout = PARTIES_PER_LAYOUT,
  tillsPerCountry = TILLS_PER_COUNTRY,
): ScorerExample[] {
  const types = new Set(Object.keys(SCORED_FIELDS).map((k) => k.split('.')[0]));
  return [
    ...generateSyntheticDocuments(perTemplate),
    ...generateInvoiceParties(partiesPerLayout),
    ...generateTillTotals(tillsPerCountry),
  ]
    .filter((d) => types.has(d.label))
    .map((d) => ({
      type: d.label,
      pages: pagesFromText(d.text, d.ocr ? 'ocr' : 'text'),
      fields: d.fields,
      weight: GENERATED_WEIGHT,
    }));
}
