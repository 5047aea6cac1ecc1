/**
 * The paper's four corners in a photo, and the projective transform that flattens it back to a
 * rectangle. A phone held over a slip sees it at an angle: its text lines are no longer parallel (the
 * top ones turn one way, the bottom ones another), so no single rotation straightens them all.
 */

export type Point = readonly [number, number];
/** Corners clockwise from the top-left. */
export type Quad = readonly [Point, Point, Point, Point];

/**
 * Solves the projective transform taking `from[i]` to `to[i]` (four point pairs, Gaussian elimination
 * with partial pivoting); the result is the 3×3 matrix row by row, its last entry 1.
 */
export function homography(from: readonly Point[], to: readonly Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let row = col + 1; row < 8; row++)
      if (Math.abs((a[row] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = row;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    for (let row = 0; row < 8; row++) {
      if (row === col) continue;
      const q = a[row] as number[];
      const f = (q[col] as number) / (p[col] as number);
      for (let k = col; k < 9; k++) q[k] = (q[k] as number) - f * (p[k] as number);
    }
  }
  return [...a.map((row, i) => (row[8] as number) / (row[i] as number)), 1];
}

/** A point through a homography. */
export function project(m: readonly number[], x: number, y: number): [number, number] {
  const z = (m[6] as number) * x + (m[7] as number) * y + 1;
  return [
    ((m[0] as number) * x + (m[1] as number) * y + (m[2] as number)) / z,
    ((m[3] as number) * x + (m[4] as number) * y + (m[5] as number)) / z,
  ];
}

const angleAt = (prev: Point, at: Point, next: Point): number => {
  const a = Math.atan2(prev[1] - at[1], prev[0] - at[0]);
  const b = Math.atan2(next[1] - at[1], next[0] - at[0]);
  let d = Math.abs(a - b) * (180 / Math.PI);
  if (d > 180) d = 360 - d;
  return d;
};

/** Area of a polygon (shoelace). */
export function quadArea(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const [x0, y0] = q[i] as Point;
    const [x1, y1] = q[(i + 1) % 4] as Point;
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s) / 2;
}

/** Corners may be this many degrees off a right angle: a photo taken within ~20° of straight above. */
const MAX_CORNER_SKEW = 12;

/**
 * The corners of a mask's region (1 = paper), when it is a quadrilateral seen from nearly above: each
 * corner is the region's pixel furthest along a diagonal (top-left: smallest x + y, and so on). null when
 * the region is not such a shape (its area is not that of the four corners' quadrilateral, within 8 %, or
 * a corner is far from square): a torn, folded or partly hidden slip is left to the axis-aligned crop.
 */
export function paperQuad(mask: Uint8Array, width: number, height: number): Quad | null {
  let area = 0;
  const best = [Infinity, -Infinity, -Infinity, Infinity];
  const at: Array<[number, number]> = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      area++;
      const sum = x + y;
      const diff = x - y;
      // Pixel centres pushed half a pixel out, so that a full-frame mask's quad is the frame itself.
      if (sum < (best[0] as number)) [best[0], at[0]] = [sum, [x, y]];
      if (diff > (best[1] as number)) [best[1], at[1]] = [diff, [x + 1, y]];
      if (sum > (best[2] as number)) [best[2], at[2]] = [sum, [x + 1, y + 1]];
      if (diff < (best[3] as number)) [best[3], at[3]] = [diff, [x, y + 1]];
    }
  if (area === 0) return null;
  const quad = at as unknown as Quad;
  const qa = quadArea(quad);
  if (qa <= 0 || Math.abs(area / qa - 1) > 0.08) return null;
  for (let i = 0; i < 4; i++) {
    const angle = angleAt(quad[(i + 3) % 4] as Point, quad[i] as Point, quad[(i + 1) % 4] as Point);
    if (Math.abs(angle - 90) > MAX_CORNER_SKEW) return null;
  }
  return quad;
}
