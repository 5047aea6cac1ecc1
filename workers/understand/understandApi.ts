/**
 * What an understanding thread does: the embedded classifier and field rules (electron/understand) on
 * extracted pages, and learning the classifier again from a person's corrections. Both are CPU work
 * (tens of ms a document; up to a second to learn a few hundred corrections) that would otherwise hold
 * the engine's thread, the one that serves the UI and writes SQLite.
 *
 * Models are files, named in each request by path and stamp. The host (ModelHost) gives a file a new
 * stamp whenever it writes it, so a thread reads and parses a model once and keeps it until a request
 * names another stamp: a correction learned just before counts on the next document, and no model is
 * sent through a message (1.9 MB of JSON, ~230 ms to parse and check, is read here, off the engine's
 * thread). One model is kept at a time, so a thread holds one copy, as the engine used to.
 */
import { readFileSync } from 'node:fs';
import type { ExtractedPage } from '../../electron/shared/contract/extract.js';
import type { DocumentType } from '../../electron/shared/contract/schemas/documentTypes.js';
import type { Understanding } from '../../electron/shared/contract/schemas/fieldValue.js';
import {
  parseClassifierModel,
  serializeClassifierModel,
  understandDocument,
  updateWithCorrections,
  type ClassifierModel,
  type Correction,
} from '../../electron/understand/index.js';

/** A model file as its host knows it: `stamp` changes whenever the file's content may have. */
export interface ModelRef {
  path: string;
  stamp: string;
}

/** What the host needs to know of a model without holding it. */
export interface ModelFacts {
  /** What the shipped model was trained on; a learned model carries its base's. */
  trainingFingerprint: string;
  correctionsApplied: number;
  /** The field rules' confidence scales (absent in older models). */
  fieldCalibration?: ClassifierModel['fieldCalibration'];
  /** Whether it carries a learned field scorer (absent in older models). */
  hasFieldScorer?: boolean;
}

export interface UnderstandRequest {
  pages: readonly ExtractedPage[];
  /** A type a person set: no classification, the fields of this type are extracted. */
  forceType?: DocumentType;
  model: ModelRef;
  /**
   * The shipped model's field scales: they belong to the rules, not to what corrections taught the
   * classifier. Absent: the model's own.
   */
  fieldCalibration?: ClassifierModel['fieldCalibration'];
}

export interface LearnRequest {
  /** The shipped model: learning always starts again from it, with every correction. */
  base: ModelRef;
  corrections: readonly Correction[];
}

export interface LearnedModel {
  /** The model file's text, for the host to write (it owns the files and stamps them). */
  text: string;
  facts: ModelFacts;
}

export interface UnderstandWorkerApi {
  understand(request: UnderstandRequest): Promise<Understanding>;
  /** Reads a model (and keeps it for the requests that follow): what the host checks when it loads. */
  describe(model: ModelRef): Promise<ModelFacts>;
  learn(request: LearnRequest): Promise<LearnedModel>;
}

export function createUnderstandApi(): UnderstandWorkerApi {
  let held: { path: string; stamp: string; model: ClassifierModel } | null = null;

  const model = (ref: ModelRef): ClassifierModel => {
    if (held?.path === ref.path && held.stamp === ref.stamp) return held.model;
    // Let the previous model go before parsing the next, so two copies never live at once.
    held = null;
    const parsed = parseClassifierModel(readFileSync(ref.path, 'utf8'), ref.path);
    held = { ...ref, model: parsed };
    return parsed;
  };

  return {
    async understand({ pages, forceType, model: ref, fieldCalibration }) {
      return understandDocument(pages, model(ref), { ...(forceType && { forceType }), fieldCalibration });
    },
    async describe(ref) {
      return factsOf(model(ref));
    },
    async learn({ base, corrections }) {
      const learned = updateWithCorrections(model(base), corrections);
      return { text: serializeClassifierModel(learned), facts: factsOf(learned) };
    },
  };
}

function factsOf(model: ClassifierModel): ModelFacts {
  return {
    trainingFingerprint: model.trainingFingerprint,
    correctionsApplied: model.correctionsApplied,
    ...(model.fieldCalibration && { fieldCalibration: model.fieldCalibration }),
    hasFieldScorer: model.fieldScorer !== undefined,
  };
}
