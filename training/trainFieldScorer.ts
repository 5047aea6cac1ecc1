/**
 * `npm run train:fields`: teaches the learned field scorer (electron/understand/fields/fieldScorer.ts) on
 * every labelled dev document and the generated receipts and invoices, and writes it into the shipped
 * model file next to the classifier (which it leaves as it is).
 *
 *   npm run train:fields -- [--labels ../shared/corpus/labels.jsonl] [--texts /tmp/docpipe-pipeline-text]
 *                           [--model resources/models/doctype-classifier.json]
 *
 * Text is docpipe's own extraction (the cache `npm run eval:loso` fills, training/pipelineTextCache.ts),
 * the text the app reads fields from. Figures for the scorer are leave-one-source-out (`npm run eval:loso`);
 * this only builds the shipped one.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loadClassifierModel, saveClassifierModel } from '../electron/core/inference/modelStorage.js';
import { ClassifierModel } from '../electron/understand/classifier.js';
import { MODEL_FILE_NAME } from '../electron/understand/modelFile.js';
import { labelClass } from '../evaluation/labels/scoreLabels.js';
import type { ScoredField } from '../electron/understand/fields/fieldCandidates.js';
import { pickCandidate } from '../electron/understand/fields/fieldScorer.js';
import {
  allCandidateSets,
  generatedScorerExamples,
  scorerFromSets,
  type ScorerExample,
} from './fieldScorerTraining.js';
import { cacheStatus, readCachedExtraction } from './pipelineTextCache.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

async function main(): Promise<void> {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const labelsFile = resolve(option('labels', '../shared/corpus/labels.jsonl'));
  const texts = resolve(option('texts', '/tmp/docpipe-pipeline-text'));
  const modelFile = resolve(root, option('model', join('resources/models', MODEL_FILE_NAME)));
  const status = await cacheStatus(texts);
  if (status.madeBy === null) {
    console.error(
      `train:fields: no text cache in ${texts}; run \`npm run eval:loso\` once to fill it (or pass --texts DIR)`,
    );
    process.exit(2);
  }
  const lines = (await readFile(labelsFile, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { path: string; class: string; sha256: string; fields?: Record<string, unknown> });
  const real: ScorerExample[] = [];
  for (const line of lines) {
    const type = labelClass({ id: line.path, class: line.class, ...(line.fields && { fields: line.fields }) });
    if (type !== 'receipt' && type !== 'invoice') continue;
    const cached = await readCachedExtraction(texts, line.sha256);
    if (cached) real.push({ type, pages: cached.pages, fields: line.fields ?? {} });
  }
  const generated = generatedScorerExamples();
  const sets = allCandidateSets([...real, ...generated]);
  // Dev figures, 5-fold cross-validated by document (type forced; generated documents taught in every
  // fold): the shipped scorer is taught every dev document, so `docpipe eval` is a training figure for it.
  console.log('5-fold cross-validation by document, type forced: rules → scorer (right/labelled)');
  for (const key of Object.keys(sets) as ScoredField[]) {
    let labelled = 0;
    let rules = 0;
    let scored = 0;
    for (let fold = 0; fold < 5; fold++) {
      const entry = scorerFromSets(sets, (i) => i >= real.length || i % 5 !== fold).fields[key];
      real.forEach((_, i) => {
        const set = sets[key][i];
        if (i % 5 !== fold || !set) return;
        labelled++;
        if (set.right[set.candidates.findIndex((c) => c.features.has('rule:chosen'))]) rules++;
        const picked = entry ? pickCandidate(entry, set.candidates) : null;
        if (picked && set.right[set.candidates.indexOf(picked.candidate)]) scored++;
      });
    }
    console.log(
      `  ${key.padEnd(16)} ${(rules / labelled).toFixed(3)} (${rules}) → ${(scored / labelled).toFixed(3)} (${scored}) of ${labelled}`,
    );
  }
  const scorer = scorerFromSets(sets);
  const model = await loadClassifierModel(modelFile);
  // Parsed again so that the keys come in the schema's order whether or not the file had a scorer: the same inputs, the same bytes.
  await saveClassifierModel(modelFile, ClassifierModel.parse({ ...model, fieldScorer: scorer }));
  console.log(
    `field scorer: ${real.length} labelled receipts and invoices + ${generated.length} generated; text cache made by ${status.madeBy}${status.madeBy !== status.current ? ` (STALE: this checkout's extraction is ${status.current})` : ''}`,
  );
  for (const [key, entry] of Object.entries(scorer.fields))
    console.log(
      `  ${key.padEnd(16)} taught ${entry.taught} documents, ${Object.keys(entry.weights).length} weights, Platt a ${entry.platt.a} b ${entry.platt.b}`,
    );
  console.log(`written into ${modelFile}`);
}

await main();
