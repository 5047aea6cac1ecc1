/**
 * What the API says about documents. Field by field, because the CLI's `--json`, the UI and the CSV
 * export all print these shapes.
 */
import { z } from 'zod';
import { DOCUMENT_STATES, JOB_STATES, STAGES } from './jobs.js';
import { ErrorCode } from './errors.js';
import { FieldValue } from './schemas/fieldValue.js';

export const ErrorInfo = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const DocumentSummary = z.object({
  /** Stable numeric id within one data folder. */
  id: z.number().int(),
  /** sha256 of the content, hex; null when the file could not be read or was over the size limit. */
  sha256: z.string().nullable(),
  /** Every path where these bytes were found (same bytes in two places = one document, two paths). */
  paths: z.array(z.string()),
  /** Detected from the content (magic bytes), not only the extension. */
  mime: z.string(),
  /** Size in bytes. */
  size: z.number().int(),
  /** Page count once extracted (1 for text-like files and single images); null before. */
  pages: z.number().int().nullable(),
  /** Characters of extracted text over all pages. */
  textLength: z.number().int(),
  /** True when any page's text came from OCR. */
  ocr: z.boolean(),
  state: z.enum(DOCUMENT_STATES),
  /** Why the document failed (state `failed`), else null. */
  error: ErrorInfo.nullable(),
  /** Document type (see schemas/documentTypes.ts) once understood; null before. */
  type: z.string().nullable(),
  /** Calibrated probability of `type` (1 when a person set it). */
  typeConfidence: z.number().nullable(),
  /** Who decided the type: embedded | llm | user. */
  typeSource: z.enum(['embedded', 'llm', 'user']).nullable(),
  /** The fields shown for the document: per name, a person's correction, else the most confident value. */
  fields: z.array(FieldValue),
  /**
   * needs_review: the type or a field is below the review threshold and nobody has looked at it;
   * reviewed: a person confirmed or corrected it; ok: confident enough; pending: not understood yet.
   */
  review: z.enum(['pending', 'needs_review', 'ok', 'reviewed']),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const Word = z.object({
  text: z.string(),
  /** Box in page units (PDF points for PDFs, pixels for images): left, top, width, height. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** OCR word confidence 0-1; absent for text-layer words. */
  confidence: z.number().optional(),
});
export type Word = z.infer<typeof Word>;

export const PageText = z.object({
  /** 1-based page number. */
  page: z.number().int(),
  text: z.string(),
  /** Where the text came from. */
  method: z.enum(['text', 'ocr']),
  /** Mean OCR confidence 0-1 (OCR pages only). */
  ocrConfidence: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
});
export type PageText = z.infer<typeof PageText>;

export const JobInfo = z.object({
  id: z.number().int(),
  stage: z.enum(STAGES),
  state: z.enum(JOB_STATES),
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  errors: z.array(z.object({ code: z.string(), message: z.string(), attempt: z.number().int(), at: z.string() })),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const DocumentDetail = DocumentSummary.extend({
  /** Every candidate value of every field, all sources (the review screen shows disagreements). */
  fieldCandidates: z.array(FieldValue),
  /** Probability of each type from the embedded classifier. */
  typeProbabilities: z.record(z.string(), z.number()),
  pageTexts: z.array(PageText),
  jobs: z.array(JobInfo),
  /** Attachments listed by the extractor (EML), by file name. */
  attachments: z.array(z.string()),
  /**
   * What keeps the document in review: the type (name `type`) and each field nobody corrected whose
   * confidence is under the review threshold, least sure first. Empty when nothing is uncertain.
   */
  uncertain: z.array(z.object({ name: z.string(), confidence: z.number() })),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;
