/**
 * Field confidences as probabilities. The rules score a value by the strength of its cue and the checks
 * it passed (an exact label 0.8, a position guess 0.4, totals that add up +0.1…): a ranking, not yet a
 * probability. One Platt scale per document type, σ(a·logit(c) + b), fitted by `npm run train` on the
 * dev set's fields, maps it to one: on the dev set a rule's 0.68 was right 86 % of the time and its 0.46
 * right 46 % (receipts, read by OCR) to 64 % (invoices). Monotone, so the order of candidates and every
 * rule's comparisons are unchanged; only the numbers a person sees, and the review threshold they meet,
 * mean what they say.
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';

export interface PlattScale {
  a: number;
  b: number;
}

const logit = (p: number): number => {
  const c = Math.min(0.995, Math.max(0.005, p));
  return Math.log(c / (1 - c));
};

/**
 * Below this the rules were guessing (a value by its position, a date's day/month order by the currency):
 * the scale may lower such a score but not raise it. That the dev set's layouts and currencies made
 * those guesses come out right says little about another archive's, and a guess should meet a person.
 */
export const GUESS_BELOW = 0.55;

export function calibrateConfidence(confidence: number, scale: PlattScale): number {
  const scaled = Math.round((1 / (1 + Math.exp(-(scale.a * logit(confidence) + scale.b)))) * 1000) / 1000;
  return confidence < GUESS_BELOW ? Math.min(confidence, scaled) : scaled;
}

/** The fields with calibrated confidences; values from a person (source `user`) keep theirs. */
export function calibrateFields(fields: readonly FieldValue[], scale: PlattScale | undefined): FieldValue[] {
  if (!scale) return [...fields];
  return fields.map((f) =>
    f.source === 'embedded' ? { ...f, confidence: calibrateConfidence(f.confidence, scale) } : f,
  );
}

/**
 * The Platt scale that minimises the log-loss of (confidence, right) pairs: Newton's method on the two
 * parameters, with a small ridge towards the identity (a = 1, b = 0) so that a type with few fields is
 * not pushed to 0 or 1.
 */
export function fitPlatt(pairs: ReadonlyArray<{ confidence: number; correct: boolean }>, ridge = 1): PlattScale {
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    // Gradient and Hessian of the penalised negative log-likelihood.
    let ga = ridge * (a - 1);
    let gb = ridge * b;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (const { confidence, correct } of pairs) {
      const x = logit(confidence);
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const e = p - (correct ? 1 : 0);
      const w = p * (1 - p);
      ga += e * x;
      gb += e;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a: Math.round(a * 1e4) / 1e4, b: Math.round(b * 1e4) / 1e4 };
}
