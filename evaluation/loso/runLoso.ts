/**
 * Leave-one-source-out evaluation of the embedded understanding, types and fields. For each real source
 * of the labelled corpus, everything docpipe learns or fits is refitted without it — the classifier
 * (vocabulary, idf, weights), its temperature (on out-of-fold logits of the other sources) and the
 * field-confidence scales — and the source's documents are understood as the app would: the fold's model
 * picks the type, the field rules of that type read the fields, an e-invoice's XML wins as in the
 * understand stage. Pure apart from the time it takes: the caller reads the corpus and prints.
 */
import type { EInvoice, ExtractedPage } from '../../electron/shared/contract/extract.js';
import { FIELD_SPECS, type DocumentType } from '../../electron/shared/contract/schemas/documentTypes.js';
import type { ClassifierModel } from '../../electron/understand/classifier.js';
import { understandDocument } from '../../electron/understand/understandDocument.js';
import { classifyPages } from '../../electron/understand/classifier.js';
import { extractFields } from '../../electron/understand/fields/extractFields.js';
import { fitPlatt, type PlattScale } from '../../electron/understand/fields/calibration.js';
import type { FeatureCounts } from '../../electron/understand/textFeatures.js';
import { withEInvoice } from '../../electron/core/pipeline/eInvoiceUnderstanding.js';
import {
  crossValidate,
  stratifiedGroupFolds,
  temperatureFromOutOfFold,
  type FoldExample,
} from '../../training/crossValidate.js';
import { featurizeExamples, trainClassifier, type TrainOptions } from '../../training/trainClassifier.js';
import { withoutGeneratedNames } from '../../training/trainingSet.js';
import { allCandidateSets, scorerFromSets, type ScorerExample } from '../../training/fieldScorerTraining.js';
import type { FieldScorerModel } from '../../electron/understand/fields/fieldScorer.js';
import { fieldMatches, type LabelRecord, type PredictionRecord } from '../labels/scoreLabels.js';
import { leaveOneSourceOutSplits } from './losoSplits.js';

/** A labelled real document with the pages docpipe's extraction gave it. */
export interface LosoDocument {
  /** The label's id (its path). */
  label: LabelRecord;
  type: DocumentType;
  source: string;
  sha256: string;
  /** Documents of one group (a PDF and its PNG rendering) stay together in the inner folds. */
  group: string;
  pages: ExtractedPage[];
  eInvoice: EInvoice | null;
}

export interface LosoOptions {
  train: Partial<TrainOptions>;
  /** Inner folds over the taught sources for the temperature; 0 keeps temperature 1. Default 3. */
  temperatureFolds?: number;
  /** Called after each source, for progress. */
  progress?: (line: string) => void;
  /**
   * Trains one model; default trainClassifier. A seam for tests, which check what each model was
   * taught.
   */
  trainModel?: (examples: readonly FoldExample[], counts: FeatureCounts[]) => ClassifierModel;
  /**
   * Generated documents with their values, taught to every fold's field scorer besides the taught
   * sources' labelled documents. Absent: no field scorer, the rules alone.
   */
  scorerGenerated?: readonly ScorerExample[];
  /**
   * Types only: no temperature, field-confidence scales or field reading (the type is the argmax of the
   * logits, which no temperature moves), for quick iterations on the classifier.
   */
  typesOnly?: boolean;
  /** Leave out only these sources (default every real source). */
  sources?: readonly string[];
}

export interface LosoFold {
  source: string;
  /** Real documents taught, by source (the left-out one is never among them). */
  taughtSources: string[];
  taughtReal: number;
  taughtGenerated: number;
  temperature: number;
  fieldCalibration: Record<string, PlattScale>;
  /** The fold's field scorer (taught sources and generated documents), if any. */
  fieldScorer: FieldScorerModel | null;
  /**
   * Judged documents, by scored field (`receipt.total`), whose labelled value is among no candidate the
   * rules could propose on the extracted text: OCR never read it (or read it beyond repair), so no
   * scorer can pick it.
   */
  unreachable: Record<string, string[]>;
  /** Same bytes as a taught document of another source: a leak the source split cannot see. */
  duplicatesInTraining: string[];
  /** The app's answer: the fold's type, that type's field rules, an e-invoice's XML over them. */
  predictions: PredictionRecord[];
  /** The same without the e-invoice XML: what the field rules alone read. */
  rulesOnly: PredictionRecord[];
  /** The app's answer with the field scorer switched off: the rules decide every field. */
  withoutScorer: PredictionRecord[];
  /** Fields read with the type forced to the label: the rules on their own, classification aside. */
  typeForced: PredictionRecord[];
  seconds: number;
}

const present = (gold: unknown): boolean =>
  gold !== undefined && gold !== null && gold !== '' && !(Array.isArray(gold) && gold.length === 0);

/** Platt scales from the taught documents' fields (type forced, forms aside, 30 judged fields at least), as `npm run train` fits them. */
export function fitFieldCalibration(documents: readonly LosoDocument[]): Record<string, PlattScale> {
  const byType = new Map<DocumentType, Array<{ confidence: number; correct: boolean }>>();
  for (const doc of documents) {
    if (doc.type === 'form') continue;
    for (const field of extractFields(doc.type, doc.pages)) {
      const spec = FIELD_SPECS[doc.type].find((s) => s.name === field.name);
      const gold = doc.label.fields?.[field.name];
      if (!spec || !present(gold)) continue;
      const pairs = byType.get(doc.type) ?? [];
      pairs.push({ confidence: field.confidence, correct: fieldMatches(spec.kind, field.normalized, gold) });
      byType.set(doc.type, pairs);
    }
  }
  const scales: Record<string, PlattScale> = {};
  for (const [type, pairs] of byType) if (pairs.length >= 30) scales[type] = fitPlatt(pairs);
  return scales;
}

const record = (id: string, u: ReturnType<typeof understandDocument>): PredictionRecord => ({
  id,
  type: u.type,
  typeConfidence: u.typeConfidence,
  fields: u.fields.map((f) => ({ name: f.name, normalized: f.normalized, confidence: f.confidence })),
});

export function runLoso(
  documents: readonly LosoDocument[],
  synthetic: readonly FoldExample[],
  options: LosoOptions,
): LosoFold[] {
  const examples: FoldExample[] = [
    ...documents.map((d) => ({ pages: d.pages, label: d.type, source: d.source, group: d.group })),
    ...synthetic,
  ];
  const isSynthetic = examples.map((_, i) => i >= documents.length);
  const counts = featurizeExamples(examples).map((c, i) => (isSynthetic[i] ? withoutGeneratedNames(c) : c));
  const train =
    options.trainModel ??
    ((taught: readonly FoldExample[], taughtCounts: FeatureCounts[]) =>
      trainClassifier(taught, options.train, taughtCounts));
  const typesOnly = options.typesOnly ?? false;
  const innerFolds = typesOnly ? 0 : (options.temperatureFolds ?? 3);
  // Candidates are read once (type forced to the label); each fold teaches its scorer the taught ones.
  const candidateSets =
    options.scorerGenerated && !typesOnly
      ? allCandidateSets([
          ...documents.map((d) => ({ type: d.type, pages: d.pages, fields: d.label.fields ?? {} })),
          ...options.scorerGenerated,
        ])
      : null;
  const folds: LosoFold[] = [];
  for (const split of leaveOneSourceOutSplits(
    examples.map((e, i) => ({ source: e.source, synthetic: !!isSynthetic[i] })),
  )) {
    if (options.sources && !options.sources.includes(split.source)) continue;
    const started = Date.now();
    const taught = split.train.map((i) => examples[i] as FoldExample);
    const taughtCounts = split.train.map((i) => counts[i] as FeatureCounts);
    const model = train(taught, taughtCounts);

    // The temperature from out-of-fold logits of the taught real documents only.
    let temperature = 1;
    if (innerFolds > 1) {
      const taughtSynthetic = split.train.map((i) => !!isSynthetic[i]);
      const outOfFold = crossValidate(
        taught,
        taughtCounts,
        stratifiedGroupFolds(taught, innerFolds, 1),
        options.train,
        taughtSynthetic,
      );
      temperature = temperatureFromOutOfFold(outOfFold, model.classes);
    }
    const taughtDocuments = split.train.filter((i) => !isSynthetic[i]).map((i) => documents[i] as LosoDocument);
    const fieldCalibration = typesOnly ? {} : fitFieldCalibration(taughtDocuments);
    const taughtIndex = new Set(split.train.filter((i) => !isSynthetic[i]));
    const fieldScorer = candidateSets
      ? scorerFromSets(candidateSets, (i) => i >= documents.length || taughtIndex.has(i))
      : null;
    const foldModel: ClassifierModel = {
      ...model,
      temperature,
      fieldCalibration,
      ...(fieldScorer && { fieldScorer }),
    };

    const taughtHashes = new Map(taughtDocuments.map((d) => [d.sha256, d.source]));
    const fold: LosoFold = {
      source: split.source,
      taughtSources: [...new Set(taughtDocuments.map((d) => d.source))].sort(),
      taughtReal: taughtDocuments.length,
      taughtGenerated: split.train.length - taughtDocuments.length,
      temperature,
      fieldCalibration,
      fieldScorer,
      unreachable: {},
      duplicatesInTraining: [],
      predictions: [],
      rulesOnly: [],
      withoutScorer: [],
      typeForced: [],
      seconds: 0,
    };
    for (const i of split.test) {
      const doc = documents[i] as LosoDocument;
      const id = doc.label.id;
      for (const [key, sets] of Object.entries(candidateSets ?? {})) {
        const set = sets[i];
        if (set && !set.right.some(Boolean)) (fold.unreachable[key] ??= []).push(id);
      }
      const twin = taughtHashes.get(doc.sha256);
      if (twin) fold.duplicatesInTraining.push(`${id} (also in ${twin})`);
      if (typesOnly) {
        const p = classifyPages(foldModel, doc.pages);
        fold.predictions.push({
          id,
          type: doc.eInvoice ? 'invoice' : p.type,
          typeConfidence: p.confidence,
          fields: [],
        });
        continue;
      }
      const app = (scorer: boolean): PredictionRecord => {
        const understood = understandDocument(doc.pages, foldModel, scorer ? {} : { fieldScorer: null });
        if (scorer) fold.rulesOnly.push(record(id, understood));
        return record(
          id,
          doc.eInvoice
            ? withEInvoice(
                understandDocument(doc.pages, foldModel, {
                  forceType: 'invoice',
                  ...(scorer ? {} : { fieldScorer: null }),
                }),
                doc.eInvoice,
                doc.pages,
                false,
              )
            : understood,
        );
      };
      fold.predictions.push(app(true));
      fold.withoutScorer.push(app(false));
      fold.typeForced.push(record(id, understandDocument(doc.pages, foldModel, { forceType: doc.type })));
    }
    fold.seconds = (Date.now() - started) / 1000;
    folds.push(fold);
    options.progress?.(
      `  ${split.source}: ${split.test.length} judged, taught ${fold.taughtReal} real + ${fold.taughtGenerated} generated (${fold.seconds.toFixed(1)} s)`,
    );
  }
  return folds;
}
