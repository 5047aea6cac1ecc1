/**
 * The leave-one-source-out figures as a report: type per source left out and pooled (macro-F1 over the
 * classes with at least ten documents), and every scored field per source and pooled, under the field
 * rules of `docpipe eval` (scoreLabels.ts).
 */
import { fieldMatches, foldText } from '../../electron/understand/sameValue.js';
import { FIELD_SPECS } from '../../electron/shared/contract/schemas/documentTypes.js';
import { SCORED_FIELDS } from '../../electron/understand/fields/fieldCandidates.js';
import {
  calibrationError,
  evaluate,
  reliability,
  labelClass,
  type EvaluationReport,
  type LabelRecord,
  type PredictionRecord,
} from '../labels/scoreLabels.js';
import type { LosoFold } from './runLoso.js';

/** Classes with fewer labelled documents than this are left out of the headline macro-F1. */
export const MACRO_F1_MIN_SUPPORT = 10;

export interface LosoFigures {
  documents: number;
  accuracy: number;
  /** Mean F1 over the classes with at least MACRO_F1_MIN_SUPPORT documents. */
  macroF1: number;
  macroF1Classes: string[];
  perClass: EvaluationReport['perClass'];
  perSource: Array<{
    source: string;
    documents: number;
    typeRight: number;
    /** Where the wrongly typed documents went: "label→predicted" → count. */
    wrong: Record<string, number>;
    fields: EvaluationReport['fields'];
    typeForcedFields: EvaluationReport['fields'];
    /** The app's fields with the field scorer switched off (the rules decide). */
    withoutScorerFields: EvaluationReport['fields'];
  }>;
  fields: EvaluationReport['fields'];
  typeForcedFields: EvaluationReport['fields'];
  rulesOnlyFields: EvaluationReport['fields'];
  /** The app's fields with the field scorer switched off: the "before" of the scorer, same run. */
  withoutScorerFields: EvaluationReport['fields'];
  /**
   * Expected calibration error of the scored fields' confidences (labelled fields the app gave a value),
   * with the scorer and with the rules' Platt-scaled scores.
   */
  scoredCalibration: { app: number; rules: number; fields: number };
  /** By scored field: judged documents whose labelled value no candidate holds (never read), and of those the ones the app missed. */
  unreachable: Record<string, { documents: number; bySource: Record<string, number> }>;
  /** Receipts labelled with a chain key (`brand`) whose company contains it: the only company check on such slips. */
  brandInCompany: { correct: number; support: number };
}

export function macroF1Over(report: EvaluationReport, minSupport: number): { macroF1: number; classes: string[] } {
  const kept = Object.entries(report.perClass).filter(([, c]) => (c?.support ?? 0) >= minSupport);
  return {
    macroF1: kept.length ? kept.reduce((s, [, c]) => s + (c?.f1 ?? 0), 0) / kept.length : 0,
    classes: kept.map(([type]) => type),
  };
}

export function losoFigures(folds: readonly LosoFold[], labels: readonly LabelRecord[]): LosoFigures {
  const all = (pick: (f: LosoFold) => PredictionRecord[]): PredictionRecord[] => folds.flatMap(pick);
  const judged = new Set(all((f) => f.predictions).map((p) => p.id));
  const judgedLabels = labels.filter((l) => judged.has(l.id));
  const report = evaluate(
    all((f) => f.predictions),
    judgedLabels,
  );
  const { macroF1, classes } = macroF1Over(report, MACRO_F1_MIN_SUPPORT);
  const byId = new Map(labels.map((l) => [l.id, l]));
  const perSource = folds.map((fold) => {
    const own = fold.predictions.map((p) => byId.get(p.id)).filter((l): l is LabelRecord => !!l);
    const r = evaluate(fold.predictions, own);
    const wrong: Record<string, number> = {};
    for (const m of r.misclassified) wrong[`${m.label}→${m.predicted}`] = (wrong[`${m.label}→${m.predicted}`] ?? 0) + 1;
    return {
      source: fold.source,
      documents: r.documents,
      typeRight: r.documents - r.misclassified.length,
      wrong,
      fields: r.fields,
      typeForcedFields: evaluate(fold.typeForced, own).fields,
      withoutScorerFields: evaluate(fold.withoutScorer, own).fields,
    };
  });
  let brandRight = 0;
  let brandSupport = 0;
  const predictions = new Map(all((f) => f.predictions).map((p) => [p.id, p]));
  for (const label of judgedLabels) {
    const brand = label.fields?.brand;
    if (labelClass(label) !== 'receipt' || typeof brand !== 'string' || !brand) continue;
    brandSupport++;
    const company = predictions.get(label.id)?.fields?.find((f) => f.name === 'company')?.normalized;
    if (typeof company === 'string' && foldText(company).replace(/\s+/g, '').includes(foldText(brand))) brandRight++;
  }
  return {
    documents: report.documents,
    accuracy: report.accuracy,
    macroF1,
    macroF1Classes: classes,
    perClass: report.perClass,
    perSource,
    fields: report.fields,
    typeForcedFields: evaluate(
      all((f) => f.typeForced),
      judgedLabels,
    ).fields,
    rulesOnlyFields: evaluate(
      all((f) => f.rulesOnly),
      judgedLabels,
    ).fields,
    withoutScorerFields: evaluate(
      all((f) => f.withoutScorer),
      judgedLabels,
    ).fields,
    brandInCompany: { correct: brandRight, support: brandSupport },
    unreachable: unreachableOf(folds),
    scoredCalibration: {
      app: scoredError(
        all((f) => f.predictions),
        judgedLabels,
      ).error,
      rules: scoredError(
        all((f) => f.withoutScorer),
        judgedLabels,
      ).error,
      fields: scoredError(
        all((f) => f.predictions),
        judgedLabels,
      ).fields,
    },
  };
}

function scoredError(
  predictions: readonly PredictionRecord[],
  labels: readonly LabelRecord[],
): { error: number; fields: number } {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  const pairs: Array<{ confidence: number; correct: boolean }> = [];
  for (const label of labels) {
    const type = labelClass(label);
    if (!type) continue;
    for (const key of Object.keys(SCORED_FIELDS)) {
      const [keyType, name] = key.split('.') as [string, string];
      const gold = label.fields?.[name];
      const kind = FIELD_SPECS[type].find((f) => f.name === name)?.kind;
      if (keyType !== type || !kind || gold === undefined || gold === null || gold === '') continue;
      const value = byId.get(label.id)?.fields?.find((f) => f.name === name);
      if (!value || value.normalized === null || value.confidence === undefined) continue;
      pairs.push({ confidence: value.confidence, correct: fieldMatches(kind, value.normalized, gold) });
    }
  }
  return { error: calibrationError(reliability(pairs)), fields: pairs.length };
}

function unreachableOf(folds: readonly LosoFold[]): LosoFigures['unreachable'] {
  const out: LosoFigures['unreachable'] = {};
  for (const fold of folds)
    for (const [key, ids] of Object.entries(fold.unreachable)) {
      const entry = (out[key] ??= { documents: 0, bySource: {} });
      entry.documents += ids.length;
      entry.bySource[fold.source] = (entry.bySource[fold.source] ?? 0) + ids.length;
    }
  return out;
}

const short = (source: string): string => source.split('/').pop() ?? source;
const ratio = (correct: number, support: number): string =>
  `${support ? (correct / support).toFixed(2) : '—'} (${correct}/${support})`;

/** The report as lines of text. */
export function formatLosoReport(figures: LosoFigures): string[] {
  const lines: string[] = [];
  lines.push('== type, each source left out (taught by the other sources and the generated documents)');
  lines.push(
    `${'source left out'.padEnd(34)} ${'docs'.padStart(5)} ${'type right'.padStart(14)}  wrong (label→predicted)`,
  );
  for (const s of figures.perSource) {
    const wrong = Object.entries(s.wrong)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}×${n}`)
      .join(', ');
    lines.push(
      `${s.source.padEnd(34)} ${String(s.documents).padStart(5)} ${ratio(s.typeRight, s.documents).padStart(14)}  ${wrong}`,
    );
  }
  lines.push(
    `all sources: ${figures.documents} documents, accuracy ${figures.accuracy.toFixed(3)}, ` +
      `macro-F1 ${figures.macroF1.toFixed(3)} over the ${figures.macroF1Classes.length} classes with ≥ ${MACRO_F1_MIN_SUPPORT} documents (${figures.macroF1Classes.join(', ')})`,
  );
  for (const [type, c] of Object.entries(figures.perClass)) {
    if (!c) continue;
    lines.push(
      `  ${type.padEnd(17)} P ${c.precision.toFixed(3)}  R ${c.recall.toFixed(3)}  F1 ${c.f1.toFixed(3)}  n=${c.support} predicted=${c.predicted}`,
    );
  }
  lines.push('');
  lines.push('== fields, each source left out (exact match under `docpipe eval` rules: correct/support)');
  lines.push('   app: type from the fold model, its field rules, e-invoice XML over them (as the pipeline does)');
  lines.push('   forced: the field rules with the type set to the label (classification aside)');
  lines.push('   rules: the app with the learned field scorer switched off (the rules decide every field; "before")');
  lines.push(
    `${'field'.padEnd(30)} ${'app'.padStart(16)} ${'rules'.padStart(16)} ${'forced'.padStart(16)}  app (rules) by source left out`,
  );
  for (const [key, f] of Object.entries(figures.fields).sort()) {
    const forced = figures.typeForcedFields[key];
    const rules = figures.withoutScorerFields[key];
    const bySource = figures.perSource
      .filter((s) => s.fields[key]?.support)
      .map((s) => {
        const own = ratio(s.fields[key]?.correct ?? 0, s.fields[key]?.support ?? 0);
        const before = s.withoutScorerFields[key];
        const changed = before && before.correct !== s.fields[key]?.correct;
        return `${short(s.source)} ${own}${changed ? ` (rules ${(before.correct / (before.support || 1)).toFixed(2)})` : ''}`;
      })
      .join(' · ');
    lines.push(
      `${key.padEnd(30)} ${ratio(f.correct, f.support).padStart(16)} ${(rules ? ratio(rules.correct, rules.support) : '—').padStart(16)} ${(forced ? ratio(forced.correct, forced.support) : '—').padStart(16)}  ${bySource}`,
    );
  }
  const invoiceRules = Object.entries(figures.rulesOnlyFields).filter(
    ([key, f]) => key.startsWith('invoice.') && f.correct !== figures.fields[key]?.correct,
  );
  if (invoiceRules.length) {
    lines.push('invoice fields without the e-invoice XML (the rules on the printed page alone):');
    for (const [key, f] of invoiceRules.sort()) lines.push(`  ${key.padEnd(28)} ${ratio(f.correct, f.support)}`);
  }
  if (figures.scoredCalibration.fields)
    lines.push(
      `scored fields' confidence (${figures.scoredCalibration.fields} labelled fields with a value): expected calibration error ${figures.scoredCalibration.app.toFixed(3)} with the scorer, ${figures.scoredCalibration.rules.toFixed(3)} with the rules' scaled scores`,
    );
  if (Object.keys(figures.unreachable).length) {
    lines.push(
      'scored fields whose labelled value is among no candidate (never read from the page: out of any scorer’s reach):',
    );
    for (const [key, u] of Object.entries(figures.unreachable).sort())
      lines.push(
        `  ${key.padEnd(28)} ${u.documents} of ${figures.fields[key]?.support ?? '?'} labelled  (${Object.entries(
          u.bySource,
        )
          .map(([source, n]) => `${short(source)} ${n}`)
          .join(' · ')})`,
      );
  }
  if (figures.brandInCompany.support) {
    lines.push(
      `receipt company contains the chain key of slips labelled with one (not a \`docpipe eval\` field): ${ratio(figures.brandInCompany.correct, figures.brandInCompany.support)}`,
    );
  }
  return lines;
}
