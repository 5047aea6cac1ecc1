/**
 * The page viewer's arithmetic, apart from the DOM so it is tested as it is: zoom steps, fitting a page
 * to the view, where each page sits in the scrolled column, which page is current, and which pages are
 * near enough to the view to be drawn (the rest hold no canvas, so a 500-page PDF costs a few pages).
 */

/** Page size in page units (PDF points, image pixels). */
export interface PageSize {
  width: number;
  height: number;
}

/** Zoom levels the buttons and keys step through (1 = 100 %: one page unit per CSS pixel). */
export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5] as const;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 5;

/** Space between pages and around the column, CSS px. */
export const PAGE_GAP = 12;

export type FitMode = 'width' | 'page';

export function clampZoom(scale: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/** The next step above `scale` (a fitted zoom between steps goes to the step above it). */
export function zoomIn(scale: number): number {
  return ZOOM_STEPS.find((step) => step > scale + 1e-6) ?? MAX_ZOOM;
}

export function zoomOut(scale: number): number {
  return [...ZOOM_STEPS].reverse().find((step) => step < scale - 1e-6) ?? MIN_ZOOM;
}

/** The zoom at which `page` fills the view's width, or fits in it whole. */
export function fitZoom(mode: FitMode, page: PageSize, view: { width: number; height: number }): number {
  const byWidth = (view.width - 2 * PAGE_GAP) / page.width;
  if (mode === 'width') return clampZoom(byWidth);
  return clampZoom(Math.min(byWidth, (view.height - 2 * PAGE_GAP) / page.height));
}

/** Each page's top in the column at `scale` (CSS px), and the column's whole height. */
export function pageTops(sizes: readonly PageSize[], scale: number): { tops: number[]; height: number } {
  const tops: number[] = [];
  let y = PAGE_GAP;
  for (const size of sizes) {
    tops.push(y);
    y += size.height * scale + PAGE_GAP;
  }
  return { tops, height: y };
}

/** The 1-based page that holds the line a third down the view (what a person is reading). */
export function currentPage(tops: readonly number[], scrollTop: number, viewHeight: number): number {
  const line = scrollTop + viewHeight / 3;
  let page = 1;
  for (let i = 0; i < tops.length; i++) if (tops[i]! <= line) page = i + 1;
  return page;
}

/** Pages (1-based, inclusive) that overlap the view widened by `margin` views above and below. */
export function pagesNear(
  tops: readonly number[],
  heights: readonly number[],
  scrollTop: number,
  viewHeight: number,
  margin: number,
): { first: number; last: number } {
  const from = scrollTop - margin * viewHeight;
  const to = scrollTop + (1 + margin) * viewHeight;
  let first = 0;
  let last = -1;
  for (let i = 0; i < tops.length; i++) {
    const top = tops[i]!;
    const bottom = top + heights[i]!;
    if (bottom >= from && top <= to) {
      if (last < 0) first = i;
      last = i;
    }
  }
  return last < 0 ? { first: 1, last: 0 } : { first: first + 1, last: last + 1 };
}

/**
 * A box in page units as percentages of its page, so it follows the page at any zoom. Null when it is
 * not a box on that page (a size that is not known or not positive).
 */
export function boxPercent(
  box: readonly [number, number, number, number],
  page: PageSize | null,
): { left: string; top: string; width: string; height: string } | null {
  if (!page || !(page.width > 0) || !(page.height > 0)) return null;
  const pct = (value: number, of: number) => `${(value / of) * 100}%`;
  return {
    left: pct(box[0], page.width),
    top: pct(box[1], page.height),
    width: pct(box[2], page.width),
    height: pct(box[3], page.height),
  };
}
