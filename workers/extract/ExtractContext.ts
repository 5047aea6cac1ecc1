/**
 * What every format extractor gets: the request's limits and languages, the thread's OCR engine, and
 * a place to put warnings. OCR goes through `ocrImage` so that the per-document OCR page budget and
 * missing-language warnings are handled in one place.
 */
import { basename } from 'node:path';
import { AppError, ErrorCode } from '../../electron/shared/contract/errors.js';
import type { ExtractLimits, ExtractedPage } from '../../electron/shared/contract/extract.js';
import type { Word } from '../../electron/shared/contract/documents.js';
import { createPageRenderer } from './pdf/createPageRenderer.js';
import type { PageRenderConfig, PageRenderer } from './pdf/pageRenderer.js';
import {
  layoutForImage,
  looksLikeTillSlip,
  type OcrEngine,
  type OcrLayout,
  type OcrPage,
} from './image/ocr/OcrEngine.js';

export class ExtractContext {
  readonly warnings: string[] = [];
  private ocrPages = 0;
  private budgetWarned = false;
  /** Characters of text taken so far (maxTextChars). */
  private textTaken = 0;
  private readonly languageWarned = new Set<string>();
  /** Set once a PDF page hung or killed the render thread: the rest of that PDF is not rendered. */
  renderingGaveUp = false;

  constructor(
    readonly path: string,
    readonly limits: ExtractLimits,
    readonly languages: readonly string[],
    private readonly engine: () => OcrEngine,
    /** Deadline for rendering one PDF page for OCR. */
    readonly renderTimeoutMs: number,
    private readonly render: PageRenderConfig = {},
  ) {}

  /** A page renderer for one PDF's bytes (the caller stops it). */
  pageRenderer(data: Uint8Array): PageRenderer {
    return createPageRenderer(data, this.renderTimeoutMs, { ...this.render, maxPixels: this.limits.maxPixels });
  }

  /** The file name, for messages (the full path is in the job already). */
  get fileName(): string {
    return basename(this.path);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /**
   * Counts text an extractor has produced against maxTextChars and returns what fits: the whole text,
   * a cut one (with the warning), or '' once the budget is spent. Extractors that build text step by
   * step call it as they go and stop at `textSpent`, so text over the budget is never even made.
   */
  takeText(text: string): string {
    const left = this.limits.maxTextChars - this.textTaken;
    if (text.length <= left) {
      this.textTaken += text.length;
      return text;
    }
    this.warn(textCutWarning(this.limits.maxTextChars));
    const cut = cutText(text, Math.max(0, left));
    this.textTaken += cut.length;
    return cut;
  }

  /** A page with its text taken against the budget (takeText) and its words cut to match. */
  takePage(page: ExtractedPage): ExtractedPage {
    const text = this.takeText(page.text);
    return text.length === page.text.length ? page : { ...page, text, words: wordsWithin(page.words, text.length) };
  }

  /** True once maxTextChars characters were taken. */
  get textSpent(): boolean {
    return this.textTaken >= this.limits.maxTextChars;
  }

  /** Whether another page may still be OCRed (maxOcrPages); warns once when the budget runs out. */
  takeOcrPage(): boolean {
    if (this.ocrPages < this.limits.maxOcrPages) {
      this.ocrPages++;
      return true;
    }
    if (!this.budgetWarned) {
      this.budgetWarned = true;
      this.warn(`OCR stopped after ${this.limits.maxOcrPages} pages (maxOcrPages); later scanned pages have no text.`);
    }
    return false;
  }

  /**
   * OCRs one encoded image; failures become OCR_FAILED with the file name. `size` (pixels) picks the
   * page segmentation: a tall, narrow image is read as one block (layoutForImage), and so is a portrait
   * image whose page reading looks like a till slip (read twice: the second reading is kept).
   */
  async ocrImage(image: Uint8Array, what: string, size?: { width: number; height: number }): Promise<OcrPage> {
    const layout = size ? layoutForImage(size.width, size.height) : 'auto';
    const first = await this.recognize(image, what, layout);
    const engine = this.engine();
    if (
      layout === 'auto' &&
      size &&
      size.height >= size.width &&
      engine.name === 'native' &&
      looksLikeTillSlip(first.text)
    ) {
      return this.recognize(image, what, 'single-block');
    }
    return first;
  }

  private async recognize(image: Uint8Array, what: string, layout: OcrLayout): Promise<OcrPage> {
    const languages = this.languages.length > 0 ? this.languages : ['eng'];
    let result: Awaited<ReturnType<OcrEngine['recognize']>>;
    try {
      result = await this.engine().recognize(image, languages, { layout });
    } catch (error) {
      throw ocrFailure(error, what, this.fileName);
    }
    for (const code of result.missingLanguages) {
      if (this.languageWarned.has(code)) continue;
      this.languageWarned.add(code);
      this.warn(
        `No OCR data for language "${code}"; recognised with ${languages.filter((l) => !result.missingLanguages.includes(l)).join('+')} only.`,
      );
    }
    return result;
  }
}

/** The first `length` UTF-16 units of `text`, never ending in half a surrogate pair. */
export function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** The first words of a page whose text (with a separator each) fits in `length` characters. */
export function wordsWithin(words: readonly Word[], length: number): Word[] {
  let used = 0;
  let n = 0;
  while (n < words.length && used + words[n]!.text.length <= length) used += words[n++]!.text.length + 1;
  return words.slice(0, n);
}

/** The warning every cut at the text budget gives (the same words wherever it is cut, so it is given once). */
export function textCutWarning(maxTextChars: number): string {
  return `The text was cut at ${maxTextChars.toLocaleString('en')} characters (maxTextChars); the rest of the document is not searchable.`;
}

/** What the OCR engines say when the bytes are no image they can decode (tesseract, leptonica, tesseract.js). */
const UNDECODABLE = /cannot be read|attempting to read image|read error|premature end|not a (png|jpe?g|tiff?)|corrupt/i;

/**
 * An OCR engine's failure as a code and a sentence: bytes it cannot decode are a damaged image
 * (IMAGE_CORRUPT, which a retry cannot mend); anything else is the OCR's own failure, worth a retry.
 */
export function ocrFailure(error: unknown, what: string, fileName: string): AppError {
  if (AppError.is(error)) return error;
  const detail = (error instanceof Error ? error.message : String(error)).replace(/^Error:\s*/, '').trim();
  if (UNDECODABLE.test(detail))
    return new AppError(
      ErrorCode.IMAGE_CORRUPT,
      `${fileName} could not be decoded as an image (${detail}): it may be damaged or cut short. Re-export or re-scan it.`,
      { cause: error },
    );
  return new AppError(
    ErrorCode.OCR_FAILED,
    `OCR of ${what} of ${fileName} failed (${detail}). Reprocess it; if it fails again, the image may be unreadable.`,
    { cause: error },
  );
}
