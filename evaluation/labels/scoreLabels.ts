/**
 * The team's scoreboard (`docpipe eval`): compares predictions with labels.jsonl-style labels and
 * reports type accuracy, macro-F1, per-class precision/recall, per-field exact match and the
 * reliability of confidences. Pure: the CLI does the ingesting and printing.
 *
 * A prediction is right when it is the same value as the label by the field's kind (FIELD_SPECS of the
 * label's class), under the rules of electron/understand/sameValue.ts.
 * Fields whose gold value is null or absent are not scored; `kv_pairs` of forms is not scored yet.
 */
import {
  FIELD_SPECS,
  DOCUMENT_TYPES,
  type DocumentType,
} from '../../electron/shared/contract/schemas/documentTypes.js';
import type { NormalizedValue } from '../../electron/shared/contract/schemas/fieldValue.js';
import { fieldMatches } from '../../electron/understand/sameValue.js';

export { fieldMatches, foldOrganization, foldText, scalarMatches } from '../../electron/understand/sameValue.js';

export interface LabelRecord {
  /** Stable id shared with the prediction (path or sha256). */
  id: string;
  class: string;
  fields?: Record<string, unknown>;
}

export interface PredictedField {
  name: string;
  normalized: NormalizedValue | null;
  confidence?: number;
}

export interface PredictionRecord {
  id: string;
  type: string;
  typeConfidence?: number;
  fields?: readonly PredictedField[];
}

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  /** Labelled documents of this class. */
  support: number;
  /** Documents predicted as this class. */
  predicted: number;
}

export interface FieldReport {
  /** Documents whose label has a value for the field. */
  support: number;
  /** ...of which the prediction had a value. */
  predicted: number;
  correct: number;
  /** correct / support. */
  exactMatch: number;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

export interface EvaluationReport {
  documents: number;
  /** Labels without a prediction (counted as wrong). */
  missing: number;
  accuracy: number;
  /** Mean F1 over classes that have labelled documents. */
  macroF1: number;
  perClass: Partial<Record<DocumentType, ClassReport>>;
  /** confusion[label][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  /** Every document whose type was wrong or missing, in label order: what to read first. */
  misclassified: Array<{ id: string; label: DocumentType; predicted: string; confidence: number | null }>;
  /** Keyed `<class>.<field>`. */
  fields: Record<string, FieldReport>;
  typeReliability: ReliabilityBin[];
  fieldReliability: ReliabilityBin[];
  /** Expected calibration error of field confidences. */
  fieldCalibrationError: number;
}

/**
 * The class a label stands for in docpipe's taxonomy. The dev corpus predates the `email` type and files
 * e-mails as `other` with `subtype: email`; `bad` (hostile inputs) has no type and returns null.
 */
export function labelClass(label: LabelRecord): DocumentType | null {
  if (label.class === 'other' && label.fields?.subtype === 'email') return 'email';
  return (DOCUMENT_TYPES as readonly string[]).includes(label.class) ? (label.class as DocumentType) : null;
}

function goldPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'string' ? value.trim() !== '' : false;
}

/** Reliability table: confidence bins with mean confidence and observed accuracy. */
export function reliability(
  items: ReadonlyArray<{ confidence: number; correct: boolean }>,
  bins = 5,
): ReliabilityBin[] {
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const lower = b / bins;
    const upper = (b + 1) / bins;
    const inBin = items.filter(
      (i) => i.confidence >= lower && (i.confidence < upper || (b === bins - 1 && i.confidence <= 1)),
    );
    out.push({
      lower,
      upper,
      count: inBin.length,
      meanConfidence: inBin.length ? inBin.reduce((s, i) => s + i.confidence, 0) / inBin.length : 0,
      accuracy: inBin.length ? inBin.filter((i) => i.correct).length / inBin.length : 0,
    });
  }
  return out;
}

/** Expected calibration error of a reliability table: the count-weighted gap between confidence and accuracy. */
export function calibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((s, b) => s + b.count, 0) || 1;
  return bins.reduce((s, b) => s + (b.count / total) * Math.abs(b.meanConfidence - b.accuracy), 0);
}

export function evaluate(predictions: readonly PredictionRecord[], labels: readonly LabelRecord[]): EvaluationReport {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const confusion: Record<string, Record<string, number>> = {};
  const fields: Record<string, FieldReport> = {};
  const typeItems: Array<{ confidence: number; correct: boolean }> = [];
  const fieldItems: Array<{ confidence: number; correct: boolean }> = [];
  const misclassified: EvaluationReport['misclassified'] = [];
  let documents = 0;
  let missing = 0;
  let correctTypes = 0;

  for (const label of labels) {
    const truth = labelClass(label);
    if (!truth) continue;
    documents++;
    const prediction = byId.get(label.id);
    if (!prediction) missing++;
    const predicted = prediction?.type ?? '(none)';
    const row = (confusion[truth] ??= {});
    row[predicted] = (row[predicted] ?? 0) + 1;
    if (predicted === truth) correctTypes++;
    else misclassified.push({ id: label.id, label: truth, predicted, confidence: prediction?.typeConfidence ?? null });
    if (prediction?.typeConfidence !== undefined)
      typeItems.push({ confidence: prediction.typeConfidence, correct: predicted === truth });

    for (const spec of FIELD_SPECS[truth]) {
      if (spec.kind === 'keyValues') continue;
      const gold = label.fields?.[spec.name];
      if (!goldPresent(gold)) continue;
      const key = `${truth}.${spec.name}`;
      const report = (fields[key] ??= { support: 0, predicted: 0, correct: 0, exactMatch: 0 });
      report.support++;
      const value = prediction?.fields?.find((f) => f.name === spec.name);
      if (!value || value.normalized === null) continue;
      report.predicted++;
      const ok = fieldMatches(spec.kind, value.normalized, gold);
      if (ok) report.correct++;
      if (value.confidence !== undefined) fieldItems.push({ confidence: value.confidence, correct: ok });
    }
  }
  for (const report of Object.values(fields)) report.exactMatch = report.support ? report.correct / report.support : 0;

  const perClass: Partial<Record<DocumentType, ClassReport>> = {};
  const f1s: number[] = [];
  for (const type of DOCUMENT_TYPES) {
    const support = Object.values(confusion[type] ?? {}).reduce((a, b) => a + b, 0);
    const predictedCount = Object.values(confusion).reduce((s, row) => s + (row[type] ?? 0), 0);
    if (!support && !predictedCount) continue;
    const tp = confusion[type]?.[type] ?? 0;
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[type] = { precision, recall, f1, support, predicted: predictedCount };
    if (support) f1s.push(f1);
  }
  const fieldReliability = reliability(fieldItems);
  return {
    documents,
    missing,
    accuracy: documents ? correctTypes / documents : 0,
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    perClass,
    confusion,
    misclassified,
    fields,
    typeReliability: reliability(typeItems),
    fieldReliability,
    fieldCalibrationError: calibrationError(fieldReliability),
  };
}
