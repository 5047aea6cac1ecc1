/**
 * `npm run eval:loso`: the figure of record for understanding documents from sources nobody here has
 * seen. Each source of the labelled corpus is left out in turn; the classifier and everything fitted
 * (temperature, field-confidence scales) is taught by the other sources and the generated documents;
 * the left-out source is typed and its fields read as the app would, scored like `docpipe eval`.
 *
 *   npm run eval:loso -- [--labels ../shared/corpus/labels.jsonl] [--texts /tmp/docpipe-pipeline-text]
 *                        [--rebuild] [--jobs 2] [--temperature-folds 3] [--no-scorer] [--json FILE]
 *                        [--types-only] [--sources a/b,c/d] [--photos FILE | --no-photos]
 *
 * Text comes from a cache made by docpipe's own extraction (training/pipelineTextCache.ts), filled on
 * the first run (about 10 minutes of OCR here) and reused after; `--rebuild` after OCR changes.
 * `--types-only` types the documents and nothing else (the same types as a full run, in a fraction of
 * its time), `--sources` leaves out only the sources named: both for iterating on the classifier.
 * Generated slips and forms are also taught as photographs read by docpipe's OCR, cached in `--photos
 * FILE` (default /tmp/docpipe-rendered-synthetic.json; what it lacks is rendered and read first, a few
 * minutes); `--no-photos` leaves them out.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DEFAULT_TRAIN_OPTIONS } from '../../training/trainClassifier.js';
import { cacheStatus, fillPipelineTextCache, readCachedExtraction } from '../../training/pipelineTextCache.js';
import { photographedExamples, syntheticExamples } from '../../training/trainingSet.js';
import { generatedScorerExamples } from '../../training/fieldScorerTraining.js';
import { labelClass, type LabelRecord } from '../labels/scoreLabels.js';
import { formatLosoReport, losoFigures } from './losoReport.js';
import { runLoso, type LosoDocument } from './runLoso.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

interface LabelLine {
  path: string;
  class: string;
  source: string;
  sha256: string;
  fields?: Record<string, unknown>;
}

/**
 * What was fitted or chosen while looking at the whole dev set, which no fold can refit: the left-out
 * source was seen by these, so figures on it are partly training figures.
 */
const CAVEATS = [
  'field rules (electron/understand/fields) were written while reading the whole dev set, every source included: field figures are partly training figures for the rules',
  "OCR page segmentation (a tall image read as one block; a portrait page re-read when it looks like a till slip) was set by looking at the dev set's receipts and forms",
  'the generated documents (training/synthetic) were written after looking at dev documents (e.g. scan junk, filed-scan capitals, issue times, a Korean report): what they teach about a left-out source is not fully unseen',
  "the generated slips and forms taught as photographs (training/synthetic/renderedPhotos.ts) were added after reading the misclassified acen20/layout (FUNSD) forms' text and comparing the layout features of real and generated forms and receipts; what they teach about that source is not fully unseen",
  "the paper-shape feature (l:aspect, textFeatures.ts) and its buckets were chosen after measuring the page shapes of every source's documents (receipts, forms, invoices, papers) and reading SROIE's misclassified slips",
  "the classifier's options and feature cues (epochs, L2, vocabulary thresholds, cue weights) were chosen on cross-validation and leave-one-source-out figures of this corpus",
  "the field scorer's weights are refitted per fold, but its candidate features (cue classes, token and position features, arithmetic checks) and options (L2, the prior trust in the rules' choice) were chosen looking at these leave-one-source-out figures and at SROIE's and the German slips' misses",
  "the generated till slips that teach the total and date scorers (training/synthetic/syntheticTillTotals.ts: tax summary tables, card-terminal blocks, German till words) and their number were chosen after reading the German slips' (softmatic/vision-data) and SROIE's misses: their receipt total and date figures are partly training figures for the scorer",
  "the vendor scorer's candidates and features (electron/understand/fields/vendorCandidates.ts) and the generated invoices that teach it were written after reading invoice2data's vendor misses",
];

function commitOf(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
  const labelsFile = resolve(option('labels', '../shared/corpus/labels.jsonl'));
  const corpus = dirname(labelsFile);
  const texts = resolve(option('texts', '/tmp/docpipe-pipeline-text'));
  const started = Date.now();
  let lines: LabelLine[];
  try {
    lines = (await readFile(labelsFile, 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as LabelLine);
  } catch (error) {
    console.error(`eval:loso: cannot read the labels ${labelsFile} (${(error as Error).message}); pass --labels FILE`);
    process.exit(2);
  }
  const typed = lines.filter((l) => labelClass({ id: l.path, class: l.class, ...(l.fields && { fields: l.fields }) }));

  const before = await cacheStatus(texts);
  const filled = await fillPipelineTextCache(corpus, typed, texts, {
    jobs: Number(option('jobs', '2')),
    rebuild: flag('rebuild'),
    log: (line) => console.error(line),
  });
  const status = await cacheStatus(texts);
  const stale = status.madeBy !== status.current;

  const documents: LosoDocument[] = [];
  const labels: LabelRecord[] = [];
  let withoutText = 0;
  for (const line of typed) {
    const cached = await readCachedExtraction(texts, line.sha256);
    if (!cached) {
      withoutText++;
      continue;
    }
    const label: LabelRecord = { id: line.path, class: line.class, ...(line.fields && { fields: line.fields }) };
    const type = labelClass(label);
    if (!type) continue;
    const stem = join(dirname(line.path), basename(line.path, extname(line.path)));
    labels.push(label);
    documents.push({
      label,
      type,
      source: line.source,
      sha256: line.sha256,
      group: `${line.source}:${stem}`,
      pages: cached.pages,
      eInvoice: cached.eInvoice,
    });
  }
  const synthetic = [
    ...syntheticExamples(),
    ...(flag('no-photos')
      ? []
      : await photographedExamples({
          ...(option('photos', '') && { cacheFile: resolve(option('photos', '')) }),
          log: (line) => console.error(line),
        })),
  ];
  const temperatureFolds = Number(option('temperature-folds', '3'));
  console.error(
    `eval:loso: ${documents.length} labelled documents from ${new Set(documents.map((d) => d.source)).size} sources (${withoutText} without text), ${synthetic.length} generated`,
  );
  const typesOnly = flag('types-only');
  const sources = option('sources', '');
  const folds = runLoso(documents, synthetic, {
    train: DEFAULT_TRAIN_OPTIONS,
    temperatureFolds,
    typesOnly,
    ...(sources && { sources: sources.split(',') }),
    ...(!flag('no-scorer') && !typesOnly && { scorerGenerated: generatedScorerExamples() }),
    progress: (line) => console.error(line),
  });
  for (const fold of folds) {
    if (fold.taughtSources.includes(fold.source))
      throw new Error(`leak: the model judging ${fold.source} was taught documents of it`);
  }
  const figures = losoFigures(folds, labels);

  const out: string[] = [];
  out.push(
    `leave-one-source-out, ${new Date().toISOString().slice(0, 10)}, commit ${commitOf(root)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  out.push(
    `command: npm run eval:loso -- --labels ${option('labels', '../shared/corpus/labels.jsonl')} --texts ${texts}${typesOnly ? ' --types-only' : ''}${sources ? ` --sources ${sources}` : ''}`,
  );
  out.push(
    `text: docpipe's extraction, cache made by extraction code ${status.madeBy ?? 'unknown'}${stale ? ` — STALE: this checkout's is ${status.current}; run with --rebuild` : ' (this checkout)'}${filled.extracted ? `, ${filled.extracted} extracted now` : ''}${before.madeBy === null && !filled.extracted ? ', no manifest' : ''}`,
  );
  out.push(
    `refitted per fold: classifier (vocabulary, idf, weights; ${synthetic.length} generated documents always taught), ` +
      `temperature (${typesOnly ? 'not fitted' : temperatureFolds > 1 ? `${temperatureFolds} inner folds over the taught sources` : 'not fitted: 1'}), field-confidence scales (taught sources only), ` +
      (typesOnly
        ? 'types only (--types-only: no temperature, fields not read)'
        : flag('no-scorer')
          ? 'no field scorer (--no-scorer)'
          : 'field scorer (weights and confidence scale; taught sources plus generated receipts and invoices)'),
  );
  const duplicates = folds.flatMap((f) => f.duplicatesInTraining);
  out.push(
    `leakage check: no fold was taught a document of the source it judges; ` +
      (duplicates.length
        ? `${duplicates.length} judged documents have the same bytes as a taught one of another source: ${duplicates.join('; ')}`
        : 'no judged document has the same bytes as a taught one'),
  );
  out.push('caveats (fitted on the whole dev set, not refitted per fold):');
  for (const caveat of CAVEATS) out.push(`  - ${caveat}`);
  out.push('');
  const report = formatLosoReport(figures);
  // Types only: the type table, which ends at the first empty line (the fields were not read).
  out.push(...(typesOnly ? report.slice(0, report.indexOf('')) : report));
  console.log(out.join('\n'));

  const json = option('json', '');
  if (json) await writeFile(json, `${JSON.stringify({ figures, folds }, null, 1)}\n`);
}

await main();
