/**
 * The learned field scorer: for each scored field (fieldCandidates.ts) a linear model over the
 * candidates' features, trained listwise (a softmax over one document's candidates, the labelled value
 * the one to pick) by `npm run train:fields`; the rules' answer is one feature among many. The picked
 * candidate's softmax probability goes through a Platt scale fitted on held-out documents, so its
 * confidence means what it says. A field with no scorer keeps the rules' answer.
 */
import { z } from 'zod';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { field as fieldValue, type RuleContext } from './fieldBuilder.js';
import { findDates } from './dates.js';
import { fieldCandidates, SCORED_FIELDS, type FieldCandidate, type ScoredField } from './fieldCandidates.js';

export const FieldScorerEntry = z.object({
  /** Feature name → weight; features absent here weigh nothing. */
  weights: z.record(z.string(), z.number()),
  /** Platt scale on the logit of the picked candidate's softmax probability. */
  platt: z.object({ a: z.number(), b: z.number() }),
  /** Documents it was taught, for the notes a person reads. */
  taught: z.number().int().nonnegative(),
});
export type FieldScorerEntry = z.infer<typeof FieldScorerEntry>;

export const FieldScorerModel = z.object({
  format: z.literal('docpipe-field-scorer'),
  formatVersion: z.literal(1),
  fields: z.record(z.string(), FieldScorerEntry),
});
export type FieldScorerModel = z.infer<typeof FieldScorerModel>;

/** Log-odds, bounded: a softmax that is "sure" at 1 − 1e-9 says no more than one at 1 − 1e-4. */
export const scorerLogit = (p: number): number => {
  const c = Math.min(0.9999, Math.max(0.0001, p));
  return Math.log(c / (1 - c));
};

export function candidateScore(weights: Readonly<Record<string, number>>, c: FieldCandidate): number {
  let s = 0;
  for (const [name, value] of c.features) s += (weights[name] ?? 0) * value;
  return s;
}

/** Softmax probabilities of the candidates under `weights`. */
export function candidateProbabilities(
  weights: Readonly<Record<string, number>>,
  cands: readonly FieldCandidate[],
): number[] {
  const scores = cands.map((c) => candidateScore(weights, c));
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const z = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / z);
}

export function plattConfidence(p: number, platt: { a: number; b: number }): number {
  return Math.round((1 / (1 + Math.exp(-(platt.a * scorerLogit(p) + platt.b)))) * 1000) / 1000;
}

/** The best candidate and its calibrated confidence, or null without candidates. */
export function pickCandidate(
  entry: FieldScorerEntry,
  cands: readonly FieldCandidate[],
): { candidate: FieldCandidate; probability: number; confidence: number } | null {
  if (!cands.length) return null;
  const p = candidateProbabilities(entry.weights, cands);
  let best = 0;
  for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[best] as number)) best = i;
  const probability = p[best] as number;
  return {
    candidate: cands[best] as FieldCandidate,
    probability,
    confidence: plattConfidence(probability, entry.platt),
  };
}

/** Below this calibrated confidence the scorer does not add a field the rules did not find. */
const ADD_BELOW = 0.3;
/** A date whose day/month order was guessed (by locale or currency) stays below the review line. */
const GUESSED_ORDER_MAX = 0.6;
/**
 * Fields whose scorer, where it picks the rules' own value, keeps the rules' calibrated confidence when
 * that is higher. The vendor scorer's scale is fitted mostly on generated invoices and is under-confident
 * on real pages (mean 0.81 against 0.88 right, eval:loso at e55df31): a plain letterhead's vendor would
 * go to review for nothing. Where it picks another value, its own confidence stands.
 */
const RULES_CONFIDENCE_WHEN_AGREED: ReadonlySet<ScoredField> = new Set<ScoredField>(['invoice.vendor']);

/**
 * `shown` (the fields as they would be shown, default the rules' own) with the scored ones re-decided by
 * the scorer. `ruleFields` are the rules' raw answers (before any Platt scale): their confidences are
 * features. A scored field's confidence is the scorer's calibrated one.
 */
export function scoreFields(
  type: string,
  ctx: RuleContext,
  ruleFields: readonly FieldValue[],
  scorer: FieldScorerModel,
  shown: readonly FieldValue[] = ruleFields,
): FieldValue[] {
  let out = [...shown];
  for (const key of Object.keys(SCORED_FIELDS) as ScoredField[]) {
    const [fieldType, name] = key.split('.') as [string, string];
    const entry = scorer.fields[key];
    if (fieldType !== type || !entry) continue;
    const picked = pickCandidate(entry, fieldCandidates(key, ctx, ruleFields));
    const at = out.findIndex((f) => f.name === name);
    if (!picked) continue;
    if (at < 0 && picked.confidence < ADD_BELOW) continue;
    const { candidate } = picked;
    // The scorer says which printed date is the field; whether "03/04/2024" is March or April it cannot
    // say when nothing in the document decides the order. Such a date is a guess and goes to review.
    const guessedOrder =
      name === 'date' && ctx.dateOrderSource !== 'document' && findDates(candidate.raw)[0]?.ambiguous === true;
    const rules = at >= 0 ? out[at] : undefined;
    const agreed =
      RULES_CONFIDENCE_WHEN_AGREED.has(key) &&
      rules !== undefined &&
      JSON.stringify(rules.normalized) === JSON.stringify(candidate.normalized);
    const scored = agreed ? Math.max(picked.confidence, rules.confidence) : picked.confidence;
    const confidence = guessedOrder ? Math.min(scored, GUESSED_ORDER_MAX) : scored;
    const value: FieldValue = {
      ...fieldValue(ctx, name, candidate.raw, candidate.normalized, 1, candidate.page),
      confidence,
    };
    out = at < 0 ? [...out, value] : out.map((f, i) => (i === at ? value : f));
  }
  return out;
}
