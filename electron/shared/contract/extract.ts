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
  /**
   * Characters of text one document may yield; the rest is cut in the extraction thread, with a warning,
   * and never reaches the engine. Default 4,000,000 (a long book is 1 to 3 million).
   */
  maxTextChars: number;
  /**
   * Bytes the parts of one ZIP-based file (DOCX, XLSX, PPTX, OpenDocument) may unpack to, checked
   * against its directory before anything is inflated and enforced while inflating. Default 100 MiB.
   */
  maxUnpackedBytes: number;
  /** Entries a ZIP-based file may hold. Default 10,000. */
  maxArchiveEntries: number;
  /**
   * Bytes one compressed PDF stream may decode to (a page's drawing, a font, an embedded file; images are
   * bounded by maxPixels). pdf.js holds a stream whole, and twice while it grows. Default 64 MiB.
   */
  maxStreamBytes: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxPages: 500,
  maxPixels: 40_000_000,
  maxBytes: 200 * 1024 * 1024,
  ocrMinChars: 16,
  maxOcrPages: 50,
  maxTextChars: 4_000_000,
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxArchiveEntries: 10_000,
  maxStreamBytes: 64 * 1024 * 1024,
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

/** The invoice fields an e-invoice's XML states (FIELD_SPECS.invoice names). */
export const E_INVOICE_FIELDS = [
  'invoice_number',
  'date',
  'due_date',
  'vendor',
  'buyer',
  'currency',
  'net_total',
  'tax_total',
  'total',
  'amount_due',
  'iban',
  'vendor_tax_id',
] as const;
export type EInvoiceFieldName = (typeof E_INVOICE_FIELDS)[number];

/**
 * A structured e-invoice found with the document (Factur-X / ZUGFeRD XML inside a PDF): the values as
 * the seller's software wrote them, already canonical (dates ISO 8601, amounts with two decimals,
 * ISO 4217 currency).
 */
export interface EInvoice {
  fileName: string;
  syntax: 'CII' | 'UBL';
  fields: Partial<Record<EInvoiceFieldName, string>>;
}

export interface ExtractOutput {
  pages: ExtractedPage[];
  attachments: ExtractedAttachment[];
  /** Set when the file carries a machine-readable invoice (workers/extract/text/eInvoice.ts). */
  eInvoice?: EInvoice | null;
  /** Things the user may want to know that did not fail the document (pages cut at the limit…). */
  warnings: string[];
}

export type ExtractResponse = { ok: true; output: ExtractOutput } | { ok: false; error: AppErrorData };
