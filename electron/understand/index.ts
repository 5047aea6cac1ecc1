/**
 * Understanding, the one entry: what the core and the threads use of the classifier, the field rules
 * and the value normalisers. Pure functions over extracted pages (no I/O, no Node), so the same code
 * runs on the engine's thread and in the worker pool.
 */
export {
  classifyPages,
  updateWithCorrections,
  ClassifierModel,
  type Correction,
  type Prediction,
} from './classifier.js';
export { MODEL_FILE_NAME, parseClassifierModel, serializeClassifierModel } from './modelFile.js';
export { understandDocument, type UnderstandOptions } from './understandDocument.js';
export { extractFields } from './fields/extractFields.js';
export { fieldMatches, foldText } from './sameValue.js';
export { currenciesIn, currencyCode, findAmounts, parseAmount } from './fields/amounts.js';
export { decideOrder, orderForLocale, parseDateValue, parseRfc2822Date, type DateOrder } from './fields/dates.js';
export { locate, type Location } from './fields/documentLines.js';
export { ibanChecksumValid, normalizePhone } from './fields/identifiers.js';
