/**
 * Combining the embedded result with an LLM's answer. The two sources are not independent (a hard
 * document is hard for both), so agreement raises confidence but less than a naive product would, and
 * disagreement lowers it and keeps both candidates for review. The FieldsRepo keeps one row per field
 * and source and shows the one with the highest confidence (ties: llm over embedded), so the value
 * chosen here always carries the highest confidence of its field.
 */
import {
  DOCUMENT_TYPES,
  FIELD_SPECS,
  type DocumentType,
  type FieldKind,
} from '../../../shared/contract/schemas/documentTypes.js';
import type { FieldValue, Understanding } from '../../../shared/contract/schemas/fieldValue.js';
import { fieldMatches, foldText } from '../../../understand/index.js';

/** No machine answer is certain: combined confidences stop here. */
export const MAX_CONFIDENCE = 0.99;
/** Factor on the embedded confidences when the LLM was asked but gave no usable answer (after its retry). */
export const FALLBACK_FACTOR = 0.85;

export interface TypeCombination {
  /** How often the LLM's type is right, the peak of its answer as a distribution. Default 0.9. */
  llmAccuracy: number;
  /** Weight of the LLM's distribution in the log domain (the embedded one has weight 1). Default 0.5. */
  llmWeight: number;
}

export const DEFAULT_TYPE_COMBINATION: TypeCombination = { llmAccuracy: 0.9, llmWeight: 0.5 };

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The type from the embedded probabilities and the LLM's single answer, read as a peaked distribution
 * (`llmAccuracy` on its type, the rest spread evenly). Combined in the log domain with the LLM tempered
 * by `llmWeight`: p(t) ∝ e(t) · l(t)^w, a weighted geometric combination. Agreement therefore always
 * raises the agreed type's probability, and disagreement lowers the embedded favourite's.
 */
export function combineType(
  embedded: Pick<Understanding, 'probabilities'>,
  llmType: DocumentType,
  options: TypeCombination = DEFAULT_TYPE_COMBINATION,
): Pick<Understanding, 'type' | 'typeConfidence' | 'probabilities'> {
  const k = DOCUMENT_TYPES.length;
  const floor = 1e-4; // a type the embedded model ruled out entirely can still be chosen by a confident LLM
  const scores = DOCUMENT_TYPES.map((t) => {
    const e = Math.max(floor, embedded.probabilities[t] ?? 0);
    const l = t === llmType ? options.llmAccuracy : (1 - options.llmAccuracy) / (k - 1);
    return e * l ** options.llmWeight;
  });
  const sum = scores.reduce((a, b) => a + b, 0);
  const probabilities: Record<string, number> = {};
  let best: DocumentType = llmType;
  DOCUMENT_TYPES.forEach((t, i) => {
    probabilities[t] = round((scores[i] as number) / sum);
    if ((scores[i] as number) > (scores[DOCUMENT_TYPES.indexOf(best)] as number)) best = t;
  });
  return { type: best, typeConfidence: Math.min(MAX_CONFIDENCE, probabilities[best] as number), probabilities };
}

/** The embedded result when the LLM could not answer usefully: same values, lower confidence. */
export function lowerConfidence<T extends { confidence: number }>(values: readonly T[], factor = FALLBACK_FACTOR): T[] {
  return values.map((v) => ({ ...v, confidence: round(v.confidence * factor) }));
}

/** Whether two values of a field say the same thing, by the rules the evaluation uses. */
export function sameValue(kind: FieldKind, a: FieldValue, b: FieldValue): boolean {
  if (a.normalized !== null && b.normalized !== null) {
    if (kind === 'keyValues') return foldText(JSON.stringify(a.normalized)) === foldText(JSON.stringify(b.normalized));
    return fieldMatches(kind, a.normalized, b.normalized);
  }
  return foldText(a.value) !== '' && foldText(a.value) === foldText(b.value);
}

/**
 * Both sources' fields of one type, every value kept (one per field and source). For a field both
 * found: agreement gives the chosen value 1 − (1 − a)(1 − b) (capped at MAX_CONFIDENCE); disagreement
 * gives the chosen value a·(1 − b) / (a·(1 − b) + b·(1 − a)), the probability that it is the right one of
 * two conflicting answers, and the other value the complement. The chosen value is the more confident
 * one (ties: llm, as the store breaks them). Fields of other types are dropped.
 */
export function combineFields(
  type: DocumentType,
  embedded: readonly FieldValue[],
  llm: readonly FieldValue[],
): FieldValue[] {
  const out: FieldValue[] = [];
  for (const spec of FIELD_SPECS[type]) {
    const e = embedded.find((f) => f.name === spec.name);
    const l = llm.find((f) => f.name === spec.name);
    if (!e || !l) {
      if (e) out.push(e);
      if (l) out.push(l);
      continue;
    }
    const llmChosen = l.confidence >= e.confidence;
    const [chosen, other] = llmChosen ? [l, e] : [e, l];
    const a = chosen.confidence;
    const b = other.confidence;
    if (sameValue(spec.kind, e, l)) {
      // The same value: let the chosen one point at the document even when only the other was located.
      const where = chosen.box === null && other.box !== null ? { page: other.page, box: other.box } : {};
      out.push({ ...chosen, ...where, confidence: round(Math.min(MAX_CONFIDENCE, 1 - (1 - a) * (1 - b))) }, other);
    } else {
      const right = a * (1 - b);
      const wrong = b * (1 - a);
      const p = right + wrong > 0 ? right / (right + wrong) : 0.5;
      out.push(
        { ...chosen, confidence: round(Math.min(MAX_CONFIDENCE, p)) },
        { ...other, confidence: round(Math.min(p, 1 - p)) },
      );
    }
  }
  return out;
}
