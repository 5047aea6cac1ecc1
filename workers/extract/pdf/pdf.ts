/**
 * PDF text with pdf.js (legacy build: the modern one needs DOMMatrix and newer JS than Node 20 has).
 * Text-layer pages give positioned words; a page with almost no text layer (a scan) is rendered at
 * ~300 dpi within maxPixels, by pdftoppm or pdf.js, each with a deadline (createPageRenderer.ts; some
 * PDFs make pdf.js draw forever), and OCRed. A page that renders blank is not OCRed. Embedded files are
 * listed, and a Factur-X / ZUGFeRD invoice XML among them is read (eInvoice.ts).
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type {
  EInvoice,
  ExtractOutput,
  ExtractedAttachment,
  ExtractedPage,
} from '../../../electron/shared/contract/extract.js';
import type { Word } from '../../../electron/shared/contract/documents.js';
import type { ExtractContext } from '../ExtractContext.js';
import { MAX_EINVOICE_BYTES, readEInvoice } from '../text/eInvoice.js';
import { decodeXml } from '../text/xml.js';
import { openPdf } from './pdfOpen.js';
import { assertPdfStreamsFit } from './pdfStreams.js';
import { layoutPage, type PlacedItem } from './pdfLayout.js';
import { RenderThreadLost, type PageRenderer, type RenderedPage } from './pageRenderer.js';
import { looksGarbled, ocrReadsBetter } from './textLayerQuality.js';

const OCR_DPI = 300;

export async function extractPdf(bytes: Uint8Array, ctx: ExtractContext): Promise<ExtractOutput> {
  // Before pdf.js sees the file: no compressed stream may decode past the budget (pdfStreams.ts).
  await assertPdfStreamsFit(bytes, ctx.limits.maxStreamBytes, ctx.fileName);
  const task = openPdf(bytes);
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    throw pdfOpenError(error, ctx.fileName);
  }
  // The page renderer starts with the first page that needs OCR, on a copy of the bytes pdf.js holds
  // (getData): a text-layer PDF never pays for the copy or the renderer.
  let renderer: PageRenderer | null = null;
  const loadedDoc = doc;
  const getRenderer = async (): Promise<PageRenderer> => (renderer ??= ctx.pageRenderer(await loadedDoc.getData()));
  try {
    const total = doc.numPages;
    const count = Math.min(total, ctx.limits.maxPages);
    if (total > count) ctx.warn(`Only the first ${count} of ${total} pages were extracted (maxPages).`);
    const pages: ExtractedPage[] = [];
    let failed = 0;
    for (let n = 1; n <= count; n++) {
      // Past the text budget, pages are listed but not read (no text, no OCR): the rest would be cut.
      if (ctx.textSpent) {
        pages.push({ page: n, text: '', method: 'text', ocrConfidence: null, width: null, height: null, words: [] });
        continue;
      }
      try {
        pages.push(ctx.takePage(await extractPdfPage(doc, n, ctx, getRenderer)));
      } catch (error) {
        if (AppError.is(error) && error.code === ErrorCode.OCR_FAILED) throw error;
        failed++;
        ctx.warn(`Page ${n} could not be read: ${error instanceof Error ? error.message : String(error)}`);
        pages.push({ page: n, text: '', method: 'text', ocrConfidence: null, width: null, height: null, words: [] });
      }
    }
    if (count > 0 && failed === count) {
      throw new AppError(
        ErrorCode.PDF_CORRUPT,
        `${ctx.fileName}: no page of this PDF could be read; it is damaged. Re-export or re-scan it.`,
        { retryable: false },
      );
    }
    const { attachments, eInvoice } = await embeddedFiles(doc, ctx);
    return { pages, attachments, eInvoice, warnings: ctx.warnings };
  } finally {
    await (renderer as PageRenderer | null)?.stop();
    await doc.destroy().catch(() => {});
  }
}

/**
 * The files embedded in the PDF, listed, and the first that is an e-invoice (Factur-X, ZUGFeRD,
 * XRechnung XML), read. An unreadable attachment is a warning, never a failure of the document.
 */
async function embeddedFiles(
  doc: PDFDocumentProxy,
  ctx: ExtractContext,
): Promise<{ attachments: ExtractedAttachment[]; eInvoice: EInvoice | null }> {
  let found: Record<string, { filename?: string; content?: Uint8Array }> | null = null;
  try {
    found = (await doc.getAttachments()) as Record<string, { filename?: string; content?: Uint8Array }> | null;
  } catch (error) {
    ctx.warn(`The embedded files could not be listed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const attachments: ExtractedAttachment[] = [];
  let eInvoice: EInvoice | null = null;
  for (const [key, file] of Object.entries(found ?? {}) as Array<
    [string, { filename?: string; content?: Uint8Array }]
  >) {
    const fileName = file.filename || key;
    const content = file.content ?? new Uint8Array();
    const xml = /\.xml$/iu.test(fileName);
    attachments.push({ fileName, mime: xml ? 'application/xml' : 'application/octet-stream', size: content.length });
    if (eInvoice || !xml || content.length > MAX_EINVOICE_BYTES) continue;
    eInvoice = readEInvoice(decodeXml(content), fileName);
  }
  return { attachments, eInvoice };
}

function pdfOpenError(error: unknown, fileName: string): AppError {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'PasswordException') {
    return new AppError(
      ErrorCode.PDF_ENCRYPTED,
      `${fileName} is password-protected; remove the password (save an unprotected copy) to extract it.`,
      { retryable: false, cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError(
    ErrorCode.PDF_CORRUPT,
    `${fileName} is not a readable PDF (${detail}); it may be damaged or truncated.`,
    { retryable: false, cause: error },
  );
}

async function extractPdfPage(
  doc: PDFDocumentProxy,
  n: number,
  ctx: ExtractContext,
  renderer: () => Promise<PageRenderer>,
): Promise<ExtractedPage> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PlacedItem[] = [];
    for (const raw of content.items) {
      if (!('str' in raw)) continue;
      items.push(placeItem(raw, viewport));
    }
    const layout = layoutPage(items);
    const base = { page: n, width: round(viewport.width), height: round(viewport.height) };
    const visibleChars = layout.text.replace(/\s/g, '').length;
    // A page with text is read as it is, unless its text is a scan's garbled OCR layer.
    const garbled = visibleChars >= ctx.limits.ocrMinChars && looksGarbled(layout.text);
    if ((visibleChars >= ctx.limits.ocrMinChars && !garbled) || !ctx.takeOcrPage()) {
      return { ...base, text: layout.text, method: 'text', ocrConfidence: null, words: layout.words };
    }
    const ocr = await ocrPdfPage(page, ctx, renderer);
    if (!ocr) return { ...base, text: layout.text, method: 'text', ocrConfidence: null, words: layout.words };
    // Keep whatever the text layer had if OCR found nothing (a page number is better than nothing), or,
    // for a garbled layer, unless OCR reads clearly better.
    if (
      (ocr.text.trim().length === 0 && layout.text.length > 0) ||
      (garbled && !ocrReadsBetter(layout.text, ocr.text))
    ) {
      return { ...base, text: layout.text, method: 'text', ocrConfidence: null, words: layout.words };
    }
    if (garbled) ctx.warn(`Page ${n}: its text layer is garbled (a poor OCR); it was read by OCR instead.`);
    return { ...base, text: ocr.text, method: 'ocr', ocrConfidence: ocr.confidence, words: ocr.words };
  } finally {
    page.cleanup();
  }
}

type Viewport = ReturnType<PDFPageProxy['getViewport']>;

function placeItem(item: TextItem, viewport: Viewport): PlacedItem {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform as number[];
  const size = Math.hypot(c, d) || item.height || Math.hypot(a, b);
  // The run's box in PDF space (y up): from the baseline origin, width along x, height up to the ascent.
  const [x1, y1] = viewport.convertToViewportPoint(e, f);
  const [x2, y2] = viewport.convertToViewportPoint(e + item.width, f + (item.height || size));
  const left = Math.min(x1, x2);
  const top = Math.min(y1, y2);
  return {
    str: item.str,
    box: [left, top, Math.abs(x2 - x1), Math.abs(y2 - y1)],
    baseline: Math.max(y1, y2),
    size,
    hasEOL: item.hasEOL,
  };
}

async function ocrPdfPage(
  page: PDFPageProxy,
  ctx: ExtractContext,
  renderer: () => Promise<PageRenderer>,
): Promise<{ text: string; words: Word[]; confidence: number | null } | null> {
  const unit = page.getViewport({ scale: 1 });
  let scale = OCR_DPI / 72;
  const pixels = unit.width * unit.height * scale * scale;
  if (pixels > ctx.limits.maxPixels) scale = Math.sqrt(ctx.limits.maxPixels / (unit.width * unit.height));
  // Below ~50 dpi OCR reads nothing useful, and a 0-pixel canvas throws: skip with a warning.
  if (scale < 50 / 72 || Math.floor(unit.width * scale) < 1 || Math.floor(unit.height * scale) < 1) {
    ctx.warn(`Page ${page.pageNumber} is too large to render for OCR within maxPixels; it was not OCRed.`);
    return null;
  }
  if (ctx.renderingGaveUp) return null;
  let rendered: RenderedPage;
  try {
    rendered = await (await renderer()).render(page.pageNumber, scale);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof RenderThreadLost) {
      // A page that hangs or kills the renderer usually means the document does: do not pay again per page.
      ctx.renderingGaveUp = true;
      ctx.warn(
        `Page ${page.pageNumber} has no text layer and could not be rendered for OCR (${detail}); OCR was skipped for the rest of this PDF.`,
      );
    } else {
      ctx.warn(`Page ${page.pageNumber} has no text layer and could not be rendered for OCR (${detail}).`);
    }
    return null;
  }
  // Nothing drawn darker than light grey: OCR would find nothing, so the page keeps its (empty) text layer.
  if (rendered.blank) return null;
  const ocr = await ctx.ocrImage(rendered.image, `page ${page.pageNumber}`, { width: unit.width, height: unit.height });
  // OCR boxes are in rendered pixels; the page's other coordinates are PDF points.
  const words: Word[] = ocr.words.map((w) => ({
    text: w.text,
    box: [round(w.box[0] / scale), round(w.box[1] / scale), round(w.box[2] / scale), round(w.box[3] / scale)],
    confidence: w.confidence,
  }));
  return { text: ocr.text, words, confidence: ocr.confidence };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
