/**
 * One extracted field value, and the result of understanding one document. The same shape whatever
 * produced it (embedded rules, an LLM, a person's correction), so the review screen, the CSV export and
 * the combination of sources handle one thing.
 */
import { z } from 'zod';
import { DocumentType } from './documentTypes.js';

/** Who produced a value. A `user` value is a correction: confidence 1, never overwritten by a re-run. */
export const FieldSource = z.enum(['embedded', 'llm', 'user']);
export type FieldSource = z.infer<typeof FieldSource>;

/** Left, top, width, height in page units (PDF points for PDFs, pixels for images), like `Word.box`. */
export const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Box = z.infer<typeof Box>;

/** Normalized forms: a string for scalar kinds, an array for lists, key/value pairs for forms. */
export const NormalizedValue = z.union([
  z.string(),
  z.array(z.string()),
  z.array(z.object({ key: z.string(), value: z.string() })),
]);
export type NormalizedValue = z.infer<typeof NormalizedValue>;

export const FieldValue = z.object({
  /** Field name from FIELD_SPECS of the document's type. */
  name: z.string().min(1),
  /** The value as written in the document (for lists: the entries joined by "; "). */
  value: z.string(),
  /**
   * The value in canonical form by field kind: dates ISO 8601 (YYYY-MM-DD), amounts decimal strings
   * ("1234.50"), currencies ISO 4217, lists arrays. null when the written value could not be normalized
   * without guessing (an ambiguous 03/04/2024 with nothing to decide it).
   */
  normalized: NormalizedValue.nullable(),
  /** 0–1, meant to be calibrated: values at 0.9 should be right about 9 times in 10. */
  confidence: z.number().min(0).max(1),
  source: FieldSource,
  /** 1-based page where the value was found; null when it was not located on a page. */
  page: z.number().int().positive().nullable(),
  /** Where on that page; null when not located in the words (e.g. a plain-text document). */
  box: Box.nullable(),
});
export type FieldValue = z.infer<typeof FieldValue>;

export const Understanding = z.object({
  type: DocumentType,
  /** Calibrated probability of `type`. */
  typeConfidence: z.number().min(0).max(1),
  /** Probability of every type (sums to 1), for review and for combining with an LLM's answer. */
  probabilities: z.record(z.string(), z.number()),
  fields: z.array(FieldValue),
});
export type Understanding = z.infer<typeof Understanding>;
