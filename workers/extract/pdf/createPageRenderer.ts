/**
 * Rendering a PDF page to pixels for OCR. Two renderers behind one interface:
 * - `pdftoppm` (poppler, popplerRenderer.ts): a child process per page with a deadline. The default
 *   when one is installed: it measured ~10x faster and ~10x lighter than pdf.js here, and its memory
 *   is returned to the system when the page is done (see CONTEXT.md).
 * - `pdf.js` (pdfRenderer.ts): in a thread of its own with a deadline; always available.
 * With 'auto', a page pdftoppm fails on (not a timeout) is rendered with pdf.js, and so is the rest
 * of that document.
 */
import { findExecutable } from '../nativeTools.js';
import { RenderThreadLost, type PageRenderConfig, type PageRenderer, type RenderedPage } from './pageRenderer.js';
import { PdfjsPageRenderer } from './pdfRenderer.js';
import { PopplerPageRenderer } from './popplerRenderer.js';

/** Where pdftoppm is, per configuration, looked up once per thread (every PDF makes a renderer). */
const found = new Map<string, string | null>();

function pdftoppmFor(config: PageRenderConfig): string | null {
  const key = `${config.pdftoppmPath ?? ''}\0${config.resourcesDir ?? ''}`;
  if (!found.has(key))
    found.set(key, findExecutable('pdftoppm', { path: config.pdftoppmPath, resourcesDir: config.resourcesDir }));
  return found.get(key) ?? null;
}

/** A renderer for one PDF's bytes (a copy the caller will not detach). */
export function createPageRenderer(data: Uint8Array, timeoutMs: number, config: PageRenderConfig = {}): PageRenderer {
  const choice = config.renderer ?? 'auto';
  const pdfjs = (): PageRenderer => new PdfjsPageRenderer(data, timeoutMs, config);
  if (choice === 'pdf.js') return pdfjs();
  const binary = pdftoppmFor(config);
  if (!binary) return choice === 'native' ? new MissingRenderer() : pdfjs();
  const native = new PopplerPageRenderer(binary, data, timeoutMs, config.maxPixels);
  return choice === 'native' ? native : new NativeWithFallback(native, pdfjs);
}

class NativeWithFallback implements PageRenderer {
  private fallback: PageRenderer | null = null;

  constructor(
    private readonly native: PageRenderer,
    private readonly makeFallback: () => PageRenderer,
  ) {}

  get name(): PageRenderer['name'] {
    return this.fallback ? this.fallback.name : this.native.name;
  }

  async render(page: number, scale: number): Promise<RenderedPage> {
    if (this.fallback) return this.fallback.render(page, scale);
    try {
      return await this.native.render(page, scale);
    } catch (error) {
      // A page that hangs pdftoppm would hang (or worse) pdf.js too.
      if (error instanceof RenderThreadLost) throw error;
      this.fallback = this.makeFallback();
      return this.fallback.render(page, scale);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.native.stop(), this.fallback?.stop()]);
  }
}

class MissingRenderer implements PageRenderer {
  readonly name = 'pdftoppm' as const;
  render(): Promise<RenderedPage> {
    return Promise.reject(
      new Error('no pdftoppm was found (renderer "native"); install poppler-utils or set the renderer to "auto"'),
    );
  }
  async stop(): Promise<void> {}
}
