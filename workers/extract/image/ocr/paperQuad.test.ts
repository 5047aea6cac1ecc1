import { describe, expect, it } from 'vitest';
import { homography, paperQuad, project, quadArea, type Point, type Quad } from './paperQuad.js';

/** A mask of the pixels inside a convex quadrilateral (clockwise corners). */
function maskOf(quad: Quad, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let inside = true;
      for (let i = 0; i < 4; i++) {
        const [ax, ay] = quad[i] as Point;
        const [bx, by] = quad[(i + 1) % 4] as Point;
        if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) < 0) inside = false;
      }
      if (inside) mask[y * width + x] = 1;
    }
  return mask;
}

describe('homography', () => {
  it('maps each of four points to its partner and the centre of a square to the crossing of the diagonals', () => {
    const from: Point[] = [
      [0, 0],
      [100, 0],
      [100, 200],
      [0, 200],
    ];
    const to: Point[] = [
      [12, 9],
      [118, 15],
      [104, 230],
      [3, 221],
    ];
    const m = homography(from, to);
    for (let i = 0; i < 4; i++) {
      const [u, v] = project(m, ...(from[i] as Point));
      expect(u).toBeCloseTo((to[i] as Point)[0], 6);
      expect(v).toBeCloseTo((to[i] as Point)[1], 6);
    }
    // Straight lines stay straight: the rectangle's centre lands where the quadrilateral's diagonals cross.
    const [cx, cy] = project(m, 50, 100);
    const [x0, y0] = to[0] as Point;
    const [x2, y2] = to[2] as Point;
    const [x1, y1] = to[1] as Point;
    const [x3, y3] = to[3] as Point;
    const t = ((x1 - x0) * (y3 - y1) - (y1 - y0) * (x3 - x1)) / ((x2 - x0) * (y3 - y1) - (y2 - y0) * (x3 - x1));
    expect(cx).toBeCloseTo(x0 + t * (x2 - x0), 6);
    expect(cy).toBeCloseTo(y0 + t * (y2 - y0), 6);
  });
});

describe('paperQuad', () => {
  it('finds the corners of a paper seen at an angle, within a pixel or two', () => {
    const paper: Quad = [
      [40, 30],
      [150, 38],
      [144, 290],
      [33, 280],
    ];
    const found = paperQuad(maskOf(paper, 200, 320), 200, 320);
    expect(found).not.toBeNull();
    for (let i = 0; i < 4; i++) {
      expect(Math.abs((found?.[i] as Point)[0] - (paper[i] as Point)[0])).toBeLessThanOrEqual(2);
      expect(Math.abs((found?.[i] as Point)[1] - (paper[i] as Point)[1])).toBeLessThanOrEqual(2);
    }
    expect(quadArea(found as Quad)).toBeCloseTo(quadArea(paper), -2);
  });

  it('refuses a region that is no quadrilateral (a torn or folded slip) and one seen too obliquely', () => {
    // An L shape: its four extreme corners enclose far more than the region.
    const l = new Uint8Array(200 * 200);
    for (let y = 10; y < 190; y++) for (let x = 10; x < (y < 100 ? 190 : 80); x++) l[y * 200 + x] = 1;
    expect(paperQuad(l, 200, 200)).toBeNull();
    // A trapezoid whose corners are 25 degrees off square.
    const oblique: Quad = [
      [70, 20],
      [130, 20],
      [180, 180],
      [20, 180],
    ];
    expect(paperQuad(maskOf(oblique, 200, 200), 200, 200)).toBeNull();
    expect(paperQuad(new Uint8Array(100), 10, 10)).toBeNull();
  });
});
