/**
 * One interface for the two OCR engines (tesseract.js in WebAssembly, the native `tesseract` CLI), so
 * that extraction code and tests do not care which one runs. See ../CONTEXT.md for how the default
 * was chosen.
 */
import type { Word } from '../../../../electron/shared/contract/documents.js';

export interface OcrWord extends Word {
  confidence: number;
  /** Identifies the text line the word belongs to (block/paragraph/line), to rebuild line breaks. */
  line: string;
  /** Identifies the paragraph, to put a blank line between paragraphs. */
  paragraph: string;
}

export interface OcrPage {
  /** Text with line breaks as the engine laid it out. */
  text: string;
  /** Words in reading order, boxes in image pixels. */
  words: OcrWord[];
  /** Mean word confidence 0-1; null when no word was found. */
  confidence: number | null;
}

/**
 * How tesseract segments the page. 'auto' (psm 3) finds columns and blocks, right for pages;
 * 'single-block' (psm 6) reads the image as one uniform block of text, right for till receipts, where
 * automatic segmentation splits "TOTAL" from its amount and drops short lines (see ../CONTEXT.md).
 */
export type OcrLayout = 'auto' | 'single-block';

export interface RecognizeOptions {
  /** Default 'auto'. */
  layout?: OcrLayout;
  /**
   * How the engine turns grey into black and white: 'global', one threshold for the page (Otsu,
   * tesseract's default), or 'local', a threshold per neighbourhood (Sauvola), for photos whose light
   * the cleaning evened out only roughly. Only the native engine applies it. Default 'global'.
   */
  binarisation?: 'global' | 'local';
}

/**
 * Images at least this many times taller than wide are read as one block. Above US Legal (1.65) and
 * A4 (1.41), so no page format is affected; till receipts are 1.7–3.5.
 */
export const SINGLE_BLOCK_MIN_ASPECT = 1.7;

/** The layout for an image of this size: a tall, narrow strip is a receipt. */
export function layoutForImage(width: number, height: number): OcrLayout {
  return width > 0 && height / width >= SINGLE_BLOCK_MIN_ASPECT ? 'single-block' : 'auto';
}

/**
 * Text that reads like a till slip: at least two of the words every till prints and three amounts with
 * cents. Used on portrait images read as pages (a receipt photographed at 4:3, or scanned on a wider
 * background) to read them again as one block. On the dev corpus it flags 17 of the 19 receipts below
 * the aspect threshold, 4 of 149 forms and 2 of 3 invoice images.
 */
export function looksLikeTillSlip(text: string): boolean {
  const words = new Set(
    (text.match(/\b(?:total|subtotal|cash|change|rounding|tax|gst|vat|qty|tendered)\b/gi) ?? []).map((w) =>
      w.toLowerCase(),
    ),
  );
  const amounts = (text.match(/\d[.,]\d{2}(?!\d)/g) ?? []).length;
  return words.size >= 2 && amounts >= 3;
}

export interface OcrEngine {
  readonly name: 'tesseract.js' | 'native';
  /**
   * Recognises one image (PNG, JPEG, single-page TIFF, BMP… as bytes). `languages` are tesseract
   * codes; the engine uses those it has data for and reports the others in `missingLanguages`.
   */
  recognize(
    image: Uint8Array,
    languages: readonly string[],
    options?: RecognizeOptions,
  ): Promise<OcrPage & { missingLanguages: string[] }>;
  /** Ends the engine's worker or child processes; the engine can be used again afterwards. */
  dispose(): Promise<void>;
}

export type OcrEngineChoice = 'auto' | 'native' | 'tesseract.js';

export interface OcrConfig {
  /**
   * Which engine to use. Default 'auto': the native CLI when one is found (it measured faster and
   * at least as accurate, see CONTEXT.md), else tesseract.js.
   */
  engine?: OcrEngineChoice;
  /** Path of a tesseract executable; default: resources/bin/<platform-arch>/tesseract, then PATH. */
  tesseractPath?: string;
  /** The app's resources folder, to find a bundled tesseract binary. */
  resourcesDir?: string;
  /** Kills a native OCR run that takes longer than this. Default 120 000 ms. */
  nativeTimeoutMs?: number;
  /**
   * Clean images before OCR (even light, crop to the paper, deskew, upscale small text; a second page
   * segmentation where the first reads little). Default true.
   */
  clean?: boolean;
}

/** Rebuilds page text from words: a space between words of a line, a blank line between paragraphs. */
export function layoutOcrText(words: readonly OcrWord[]): string {
  let text = '';
  let prev: OcrWord | undefined;
  for (const word of words) {
    if (prev === undefined) text += word.text;
    else if (prev.paragraph !== word.paragraph) text += `\n\n${word.text}`;
    else if (prev.line !== word.line) text += `\n${word.text}`;
    else text += ` ${word.text}`;
    prev = word;
  }
  return text;
}

export function meanConfidence(words: readonly OcrWord[]): number | null {
  if (words.length === 0) return null;
  return Math.round((words.reduce((sum, w) => sum + w.confidence, 0) / words.length) * 1e4) / 1e4;
}
