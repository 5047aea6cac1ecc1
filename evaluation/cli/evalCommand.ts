import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { BatchProgress, IngestSummary } from '../../electron/shared/contract/api.js';
import { evaluate, labelClass, type LabelRecord, type PredictionRecord } from '../labels/scoreLabels.js';
import { MODEL_FILE_NAME } from '../../electron/understand/modelFile.js';
import { packageRoot } from '../../electron/core/packageRoot.js';
import type { Api } from '../../electron/shared/contract/api.js';
import type { Io } from '../../electron/cli/command.js';

interface LabelLine {
  path: string;
  class: string;
  fields?: Record<string, unknown>;
}

/**
 * `docpipe eval --labels labels.jsonl`: ingests every labelled document (paths relative to the labels
 * file) into the data folder (a temporary one unless --data is given), then scores the predictions.
 * Documents labelled `bad` (hostile inputs) have no type and are skipped. When the shipped classifier
 * was trained on some of the documents (its notes list them by sha256 prefix), the report says how many:
 * type figures on those are training figures, not a measure of documents from elsewhere.
 */
export async function runEval(
  ctx: { api: Api; io: Io; values: { json: boolean } },
  labelsFile: string,
  wait: (summary: IngestSummary) => Promise<BatchProgress>,
): Promise<number> {
  const base = dirname(resolve(labelsFile));
  const lines = readFileSync(labelsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelLine);
  const labels: LabelRecord[] = [];
  for (const line of lines) {
    const record: LabelRecord = {
      id: resolve(base, line.path),
      class: line.class,
      ...(line.fields && { fields: line.fields }),
    };
    if (labelClass(record)) labels.push(record);
  }
  ctx.io.stderr(`eval: ${labels.length} labelled documents (${lines.length - labels.length} without a type skipped)\n`);
  const summary = await ctx.api.ingest({ paths: labels.map((l) => l.id) });
  await wait(summary);

  const trainedOn = shippedTrainingSet();
  const predictions: PredictionRecord[] = [];
  let seenInTraining = 0;
  for (const doc of await ctx.api.listDocuments({})) {
    // Counted per labelled path, like `documents` (the same bytes in two places are two labels).
    if (doc.sha256 && trainedOn.has(doc.sha256.slice(0, 16))) seenInTraining += doc.paths.length;
    if (!doc.type) continue;
    for (const path of doc.paths) {
      predictions.push({
        id: path,
        type: doc.type,
        ...(doc.typeConfidence !== null && { typeConfidence: doc.typeConfidence }),
        fields: doc.fields.map((f) => ({ name: f.name, normalized: f.normalized, confidence: f.confidence })),
      });
    }
  }
  const report = evaluate(predictions, labels);
  if (ctx.values.json) {
    ctx.io.stdout(`${JSON.stringify({ ...report, seenInTraining })}\n`);
    return 0;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  ctx.io.stdout(`documents ${report.documents}, missing predictions ${report.missing}\n`);
  if (seenInTraining) {
    ctx.io.stdout(
      `${seenInTraining} of these documents are in the shipped classifier's training set: their type figures are training figures (\`npm run train\` prints cross-validated ones)\n`,
    );
  }
  ctx.io.stdout(
    `type accuracy ${pct(report.accuracy)}, macro-F1 ${report.macroF1.toFixed(3)}\n\nclass              precision  recall   f1     support\n`,
  );
  for (const [cls, r] of Object.entries(report.perClass)) {
    ctx.io.stdout(
      `${cls.padEnd(18)} ${pct(r.precision).padStart(8)} ${pct(r.recall).padStart(8)} ${r.f1.toFixed(3).padStart(6)} ${String(r.support).padStart(8)}\n`,
    );
  }
  if (report.misclassified.length) {
    ctx.io.stdout(`\nmisclassified (${report.misclassified.length}):\n`);
    for (const m of report.misclassified.slice(0, 50)) {
      ctx.io.stdout(
        `  ${m.label} → ${m.predicted}${m.confidence !== null ? ` (${m.confidence.toFixed(2)})` : ''}  ${relative(base, m.id)}\n`,
      );
    }
    if (report.misclassified.length > 50)
      ctx.io.stdout(`  … and ${report.misclassified.length - 50} more (--json lists them all)\n`);
  }
  ctx.io.stdout('\nfield                          exact    correct/support\n');
  for (const [name, f] of Object.entries(report.fields).sort()) {
    ctx.io.stdout(`${name.padEnd(30)} ${pct(f.exactMatch).padStart(7)}   ${f.correct}/${f.support}\n`);
  }
  ctx.io.stdout(`\nfield confidence calibration error (ECE) ${report.fieldCalibrationError.toFixed(3)}\n`);
  return 0;
}

/** sha256 prefixes of the documents the shipped classifier was trained on (none when it does not say). */
function shippedTrainingSet(): Set<string> {
  try {
    const model = JSON.parse(readFileSync(join(packageRoot(), 'resources', 'models', MODEL_FILE_NAME), 'utf8')) as {
      notes?: { trainedOn?: unknown };
    };
    const list = model.notes?.trainedOn;
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}
