import { describe, expect, it } from 'vitest';
import {
  boxPercent,
  currentPage,
  fitZoom,
  MAX_ZOOM,
  MIN_ZOOM,
  PAGE_GAP,
  pageTops,
  pagesNear,
  zoomIn,
  zoomOut,
} from './viewerLayout.js';

const LETTER = { width: 612, height: 792 };

describe('viewer layout', () => {
  it('steps the zoom through its levels, from a fitted zoom to the next level, within bounds', () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomOut(1)).toBe(0.9);
    expect(zoomIn(1.03)).toBe(1.1);
    expect(zoomOut(1.03)).toBe(1);
    expect(zoomIn(MAX_ZOOM)).toBe(MAX_ZOOM);
    expect(zoomOut(MIN_ZOOM)).toBe(MIN_ZOOM);
  });

  it('fits the page to the width of the view, or whole into it', () => {
    const view = { width: 612 + 2 * PAGE_GAP, height: 396 + 2 * PAGE_GAP };
    expect(fitZoom('width', LETTER, view)).toBeCloseTo(1);
    expect(fitZoom('page', LETTER, view)).toBeCloseTo(0.5);
    expect(fitZoom('width', LETTER, { width: 10, height: 10 })).toBe(MIN_ZOOM);
  });

  it('stacks pages with gaps, and knows the current page and the pages near the view', () => {
    const sizes = [LETTER, LETTER, { width: 792, height: 612 }, LETTER];
    const { tops, height } = pageTops(sizes, 0.5);
    expect(tops).toEqual([PAGE_GAP, PAGE_GAP * 2 + 396, PAGE_GAP * 3 + 792, PAGE_GAP * 4 + 792 + 306]);
    expect(height).toBe(tops[3]! + 396 + PAGE_GAP);
    expect(currentPage(tops, 0, 300)).toBe(1);
    expect(currentPage(tops, tops[2]!, 300)).toBe(3);
    expect(currentPage(tops, height, 300)).toBe(4);
    const heights = sizes.map((s) => s.height * 0.5);
    expect(pagesNear(tops, heights, 0, 300, 0)).toEqual({ first: 1, last: 1 });
    expect(pagesNear(tops, heights, 0, 300, 1)).toEqual({ first: 1, last: 2 });
    expect(pagesNear(tops, heights, tops[2]!, 100, 0)).toEqual({ first: 3, last: 3 });
    expect(pagesNear([], [], 0, 300, 1)).toEqual({ first: 1, last: 0 });
  });

  it('places a box in percent of its page, and none without a page size', () => {
    expect(boxPercent([61.2, 79.2, 306, 39.6], LETTER)).toEqual({
      left: '10%',
      top: '10%',
      width: '50%',
      height: '5%',
    });
    expect(boxPercent([1, 2, 3, 4], null)).toBeNull();
    expect(boxPercent([1, 2, 3, 4], { width: 0, height: 10 })).toBeNull();
  });
});
