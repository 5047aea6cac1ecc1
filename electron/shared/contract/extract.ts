/**
 * The protocol between the core and the extraction workers (workers/extract). Workers get a path and
 * limits, read the file themselves (no large buffers cross the thread boundary), and answer with pages
 * of text and word boxes, or with an AppErrorData whose code says what was wrong with the file.
 */
import type { AppErrorData } from './errors.js';
import type { Word } from './documents.js';

export interface ExtractLimits {
  /** Pages extracted at most; a longer document is cut there with a warning. Default 500. */
  maxPages: number;
  /** Pixels per image or rendered page given to OCR at most. Default 40 megapixels. */
  maxPixels: number;
  /** File size in bytes at most. Default 200 MiB. */
  maxBytes: number;
  /** A PDF page whose text layer has fewer characters than this is OCRed. Default 16. */
  ocrMinChars: number;
  /** OCR at most this many pages of one document. Default 50. */
  maxOcrPages: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxPages: 500,
  maxPixels: 40_000_000,
  maxBytes: 200 * 1024 * 1024,
  ocrMinChars: 16,
  maxOcrPages: 50,
};

export interface ExtractRequest {
  path: string;
  /** Detected from content by ingest (see sniffMime). */
  mime: string;
  /** The content hash ingest recorded: the worker re-hashes and refuses a file that changed since. */
  sha256: string;
  limits: ExtractLimits;
  /** OCR languages (tesseract codes). Default ['eng']. */
  languages: string[];
}

export interface ExtractedPage {
  page: number;
  text: string;
  method: 'text' | 'ocr';
  ocrConfidence: number | null;
  width: number | null;
  height: number | null;
  words: Word[];
}

export interface ExtractedAttachment {
  fileName: string;
  mime: string;
  size: number;
}

export interface ExtractOutput {
  pages: ExtractedPage[];
  attachments: ExtractedAttachment[];
  /** Things the user may want to know that did not fail the document (pages cut at the limit…). */
  warnings: string[];
}

export type ExtractResponse = { ok: true; output: ExtractOutput } | { ok: false; error: AppErrorData };
