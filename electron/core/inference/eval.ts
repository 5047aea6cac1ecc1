/**
 * The team's scoreboard (`docpipe eval`): compares predictions with labels.jsonl-style labels and
 * reports type accuracy, macro-F1, per-class precision/recall, per-field exact match and the
 * reliability of confidences. Pure: the CLI does the ingesting and printing.
 *
 * Comparison rules by field kind (FIELD_SPECS of the label's class):
 * - amount: equal to the cent; date: ISO-equal (YYYY-MM-DD); currency: ISO code, case-insensitive;
 *   percent/year: numerically equal; phone: same digits.
 * - text/identifier: folded (Unicode compatibility, accents, case, whitespace and punctuation removed).
 * - organization: folded after removing legal forms (GmbH, Inc., Ltd, SARL, S.A., Sdn Bhd, …).
 * - email: folded after dropping a leading label ("Indeed: indeed.com/r/…" equals "indeed.com/r/…").
 * - list: exact when predicted and gold items match one to one. Items are compared with parenthesised
 *   text removed (CUAD writes `Nanophase Technologies Corporation ("NTC")`, the alias is not the name)
 *   and folded; an item also matches when the shorter is a prefix of the longer and at least 60 % of
 *   it (`X, INC.` for `X, INC. d/b/a Y`). Gold items that are only a parenthesis are ignored, and so
 *   are items that only give a collective or short name to parties listed in other items
 *   (`Party A, Party B (individually a "Party", collectively the "Parties")`): every capitalised word
 *   of such an item is an alias defined in the list, so it names no party of its own.
 * - a scalar field whose gold value is a list (resume degree, college, graduation_year): right when it
 *   equals any gold entry.
 * Fields whose gold value is null or absent are not scored; `kv_pairs` of forms is not scored yet.
 */
import { FIELD_SPECS, DOCUMENT_TYPES, type DocumentType, type FieldKind } from '../../shared/contract/schemas/documentTypes.js';
import type { NormalizedValue } from '../../shared/contract/schemas/fieldValue.js';

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

/** Case, accents, whitespace and punctuation folded away. */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const LEGAL_FORM =
  /\b(?:gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|inc|incorporated|corp|corporation|co|company|llc|l\.l\.c|llp|ltd|limited|plc|s\.?a\.?s?|sarl|s\.?p\.?a|s\.?r\.?l|b\.?v|n\.?v|pty|pvt|private|sdn|bhd|s\/b|a\/s|ab|oy|spółka akcyjna)\b\.?/giu;

/** Organisation name without legal forms, folded. */
export function foldOrganization(value: string): string {
  return foldText(value.replace(LEGAL_FORM, ' '));
}

function dropParenthesised(value: string): string {
  let out = value;
  for (let i = 0; i < 3; i++) out = out.replace(/\([^()]*\)/gu, ' ');
  return out;
}

function listItemMatches(a: string, b: string): boolean {
  if (a === b) return a !== '';
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short) && short.length >= 0.6 * long.length;
}

function asNumber(value: string): number | null {
  const n = Number(value.replace(/[^\d.-]/g, ''));
  return value.trim() !== '' && Number.isFinite(n) ? n : null;
}

/** Whether one predicted scalar equals one gold scalar under the rules of its kind. */
export function scalarMatches(kind: FieldKind, predicted: string, gold: string): boolean {
  switch (kind) {
    case 'amount': {
      const a = asNumber(predicted);
      const b = asNumber(gold);
      return a !== null && b !== null && Math.round(a * 100) === Math.round(b * 100);
    }
    case 'percent':
    case 'year': {
      const a = asNumber(predicted);
      const b = asNumber(gold);
      return a !== null && b !== null && Math.abs(a - b) < 1e-6;
    }
    case 'date':
      return predicted.slice(0, 10) === gold.slice(0, 10);
    case 'currency':
      return predicted.trim().toUpperCase() === gold.trim().toUpperCase();
    case 'phone':
      return predicted.replace(/\D/g, '') === gold.replace(/\D/g, '') && /\d/.test(gold);
    case 'email': {
      const strip = (v: string): string => foldText(v.replace(/^\s*[\p{L} ]{2,20}:\s*/u, ''));
      return strip(predicted) === strip(gold);
    }
    case 'organization':
      return foldOrganization(predicted) === foldOrganization(gold) && foldOrganization(gold) !== '';
    case 'iban':
    case 'time':
    case 'identifier':
    case 'text':
    case 'list':
    case 'keyValues':
      return foldText(predicted) === foldText(gold) && foldText(gold) !== '';
  }
}

const QUOTED = /["“”„«»]([^"“”„«»]{1,60})["“”„«»]/gu;
const DEFINITION = /\b(?:collectively|individually|together|referred\s+to|each\s+of|parties)\b/iu;
const DEFINITION_WORDS = new Set(['each', 'the', 'and', 'of', 'a', 'an', 'as', 'or', 'party', 'parties', 'herein', 'hereinafter']);

/**
 * Gold list items that define a collective or short name for parties named in other items (CUAD
 * annotates those spans as "Parties" too). Such an item says it defines (collectively, individually,
 * together, referred to, each of, parties) and, outside quotes and parentheses, has no capitalised
 * word that is not an alias quoted somewhere in the list.
 */
function definitionOnly(item: string, list: readonly string[]): boolean {
  if (!DEFINITION.test(item)) return false;
  const aliases = new Set(list.flatMap((g) => [...g.matchAll(QUOTED)].flatMap((m) => (m[1] ?? '').toLowerCase().match(/\p{L}[\p{L}\d-]*/gu) ?? [])));
  const bare = dropParenthesised(item).replace(QUOTED, ' ');
  const names = (bare.match(/\p{Lu}[\p{L}\d-]*/gu) ?? []).map((w) => w.toLowerCase()).filter((w) => !DEFINITION_WORDS.has(w));
  return names.every((w) => aliases.has(w));
}

function listMatches(predicted: readonly string[], gold: readonly string[]): boolean {
  const fold = (v: string): string => foldOrganization(dropParenthesised(v));
  const remaining = predicted.map(fold);
  const wanted = gold
    .filter((g) => !definitionOnly(g, gold))
    .map(fold)
    .filter((g) => g !== '');
  if (remaining.length !== wanted.length) return false;
  for (const item of wanted) {
    const at = remaining.findIndex((r) => listItemMatches(r, item));
    if (at < 0) return false;
    remaining.splice(at, 1);
  }
  return true;
}

/** Whether a predicted normalized value counts as right for the gold label value. */
export function fieldMatches(kind: FieldKind, predicted: NormalizedValue | null, gold: unknown): boolean {
  if (predicted === null) return false;
  const golds = Array.isArray(gold) ? gold.filter((g): g is string => typeof g === 'string') : typeof gold === 'string' ? [gold] : [];
  if (kind === 'list') {
    const items = Array.isArray(predicted) ? predicted.map((p) => (typeof p === 'string' ? p : `${p.key} ${p.value}`)) : [predicted];
    return listMatches(items, golds);
  }
  const value = Array.isArray(predicted) ? predicted.map((p) => (typeof p === 'string' ? p : p.value)).join(' ') : predicted;
  return golds.some((g) => scalarMatches(kind, value, g));
}

function goldPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'string' ? value.trim() !== '' : false;
}

/** Reliability table: confidence bins with mean confidence and observed accuracy. */
export function reliability(items: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = 5): ReliabilityBin[] {
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const lower = b / bins;
    const upper = (b + 1) / bins;
    const inBin = items.filter((i) => i.confidence >= lower && (i.confidence < upper || (b === bins - 1 && i.confidence <= 1)));
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
    if (prediction?.typeConfidence !== undefined) typeItems.push({ confidence: prediction.typeConfidence, correct: predicted === truth });

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
