/**
 * Renders pages of one PDF with pdf.js, in a thread of its own (pdfRender.worker.ts): started on the
 * first page that needs OCR, one page at a time, each with a deadline. A page over the deadline or a
 * thread that dies is reported as RenderThreadLost and the thread is ended; the next page starts a
 * fresh one. The fallback when no pdftoppm is installed (pageRenderer.ts).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../startWorker.js';
import type { RenderReply } from './pdfRender.worker.js';
import { RenderThreadLost, type PageRenderConfig, type PageRenderer, type RenderedPage } from './pageRenderer.js';

// Same extension as this module: .ts from source (started through boot.mjs), .js once compiled.
const entry = new URL(`./pdfRender.worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export class PdfjsPageRenderer implements PageRenderer {
  readonly name = 'pdf.js' as const;
  private worker: Worker | null = null;

  constructor(
    private readonly data: Uint8Array,
    private readonly timeoutMs: number,
    private readonly config: Pick<PageRenderConfig, 'maxHeapMb' | 'maxPixels'> = {},
  ) {}

  render(page: number, scale: number): Promise<RenderedPage> {
    const worker = (this.worker ??= startWorker(entry, {
      // A copy: the caller's pdf.js document keeps its own bytes.
      workerData: { data: this.data, maxImagePixels: this.config.maxPixels },
      // A page's canvas is at most maxPixels × 4 bytes (outside the heap); its drawing fits this.
      resourceLimits: { maxOldGenerationSizeMb: this.config.maxHeapMb ?? 512 },
      name: 'pdf-render',
    }));
    return new Promise<RenderedPage>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (message: string): void => {
        finish();
        void this.stop();
        reject(new RenderThreadLost(message));
      };
      const onMessage = (reply: RenderReply): void => {
        if (reply.page !== page) return;
        finish();
        if (reply.ok) resolve({ image: reply.png, blank: reply.blank, width: reply.width, height: reply.height });
        else reject(new Error(reply.message));
      };
      const onError = (error: Error): void => fail(`the renderer failed: ${error.message}`);
      const onExit = (code: number): void => fail(`the renderer stopped (exit code ${code})`);
      const timer = setTimeout(() => fail(`rendering took longer than ${this.timeoutMs} ms`), this.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ page, scale });
    });
  }

  /** Ends the render thread (if any) and waits for it to exit. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
