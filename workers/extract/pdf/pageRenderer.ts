/**
 * Rendering a PDF page to pixels for OCR: the interface both renderers implement (pdftoppm in
 * popplerRenderer.ts, pdf.js in pdfRenderer.ts). createPageRenderer.ts picks one.
 */
export interface RenderedPage {
  /** An image tesseract reads (PNG from pdf.js, PGM from pdftoppm); empty when `blank`. */
  image: Uint8Array;
  /** The page rendered without any dark pixel: nothing to OCR. */
  blank: boolean;
  width: number;
  height: number;
}

export interface PageRenderer {
  readonly name: 'pdftoppm' | 'pdf.js';
  /** Renders page `page` (1-based) at `scale` pixels per PDF point. */
  render(page: number, scale: number): Promise<RenderedPage>;
  /** Ends whatever the renderer keeps running; it can be used again afterwards. */
  stop(): Promise<void>;
}

/** The renderer hung or died on this page; the document is likely to do it again. */
export class RenderThreadLost extends Error {
  override readonly name = 'RenderThreadLost';
}

export type PageRendererChoice = 'auto' | 'native' | 'pdf.js';

export interface PageRenderConfig {
  /** Default 'auto': pdftoppm when one is found, else pdf.js. 'native' never falls back. */
  renderer?: PageRendererChoice;
  /** Path of a pdftoppm executable; default: resources/bin/<platform-arch>/pdftoppm, then PATH. */
  pdftoppmPath?: string;
  /** The app's resources folder, to find a bundled binary. */
  resourcesDir?: string;
  /** Heap limit of the pdf.js render thread, MB. Default 512 (its images' pixels are bounded by maxPixels). */
  maxHeapMb?: number;
  /** Images over this many pixels are not decoded when pdf.js renders; pdftoppm's output is bounded by it. */
  maxPixels?: number;
}
