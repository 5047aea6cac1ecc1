/**
 * One PDF page drawn on a canvas, at the zoom shown and the screen's pixel density. Mounted only while
 * the page is near the view: unmounting cancels a render under way and gives the canvas's pixels back
 * (a canvas of a page at 200 % holds tens of megabytes until then).
 */
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import type { PageSize } from './viewerLayout.js';

export interface PageCanvasProps {
  pdf: PDFDocumentProxy;
  page: number;
  /** CSS px per page unit. */
  scale: number;
  /** The page's size at scale 1, once pdf.js has read it (the column may have guessed before). */
  onSize?(page: number, size: PageSize): void;
  className?: string;
}

export function PageCanvas({ pdf, page, scale, onSize, className }: PageCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const reportSize = useRef(onSize);
  reportSize.current = onSize;

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let task: RenderTask | null = null;
    let current = true;
    void (async () => {
      try {
        const proxy = await pdf.getPage(page);
        if (!current) return;
        const natural = proxy.getViewport({ scale: 1 });
        reportSize.current?.(page, { width: natural.width, height: natural.height });
        const ratio = window.devicePixelRatio || 1;
        // Canvases have a largest size; a huge page at a high zoom is drawn a little softer instead.
        const pixels = Math.min(scale * ratio, Math.sqrt(16_000_000 / Math.max(1, natural.width * natural.height)));
        const viewport = proxy.getViewport({ scale: pixels });
        element.width = Math.floor(viewport.width);
        element.height = Math.floor(viewport.height);
        task = proxy.render({ canvas: element, viewport });
        await task.promise;
        if (current) element.dataset.rendered = 'true';
      } catch (error) {
        const name = (error as { name?: string } | null)?.name;
        if (current && name !== 'RenderingCancelledException')
          setFailed(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      current = false;
      task?.cancel();
      delete element.dataset.rendered;
    };
  }, [pdf, page, scale]);

  // The pixels go with the canvas: a zero-size canvas lets the browser free them at once.
  useEffect(() => {
    const element = canvas.current;
    return () => {
      if (element) {
        element.width = 0;
        element.height = 0;
      }
    };
  }, []);

  if (failed)
    return (
      <p className="viewer-page-problem small">
        Page {page} could not be drawn: {failed}
      </p>
    );
  return <canvas ref={canvas} className={className} data-page={page} aria-hidden="true" />;
}
