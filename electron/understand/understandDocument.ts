/**
 * The embedded understanding of one document: its type (calibrated classifier) and the typed fields of
 * that type (rules). Pure: no I/O, the caller passes the loaded model. The lead wires this as the
 * `understand` stage; an LLM result, when there is one, is combined with this one elsewhere.
 */
import type { ExtractedPage } from '../shared/contract/extract.js';
import type { DocumentType } from '../shared/contract/schemas/documentTypes.js';
import type { Understanding } from '../shared/contract/schemas/fieldValue.js';
import { classifyPages, type ClassifierModel } from './classifier.js';
import { calibrateFields } from './fields/calibration.js';
import { fieldContext, fieldsInContext, type ExtractOptions } from './fields/extractFields.js';
import { scoreFields, type FieldScorerModel } from './fields/fieldScorer.js';

export interface UnderstandOptions extends Partial<ExtractOptions> {
  /** Skip classification and extract the fields of this type (a person's correction, or evaluation). */
  forceType?: DocumentType;
  /**
   * Platt scales for the field confidences, by type; default the model's own. A user's model carries the
   * scales of the shipped model it was learned on, so the host passes the shipped model's.
   */
  fieldCalibration?: ClassifierModel['fieldCalibration'];
  /** The learned field scorer; default the model's own. `null`: the rules' answers only (for comparison). */
  fieldScorer?: FieldScorerModel | null;
}

export function understandDocument(
  pages: readonly ExtractedPage[],
  model: ClassifierModel,
  options: UnderstandOptions = {},
): Understanding {
  const prediction = classifyPages(model, pages);
  const type = options.forceType ?? prediction.type;
  const typeConfidence = options.forceType ? 1 : prediction.confidence;
  const ctx = fieldContext(pages, options);
  const rules = fieldsInContext(type, ctx);
  const shown = calibrateFields(rules, (options.fieldCalibration ?? model.fieldCalibration)?.[type]);
  const scorer = options.fieldScorer === undefined ? model.fieldScorer : options.fieldScorer;
  return {
    type,
    typeConfidence,
    probabilities: prediction.probabilities,
    fields: scorer ? scoreFields(type, ctx, rules, scorer, shown) : shown,
  };
}
