/**
 * Cleans a photo or scan before OCR: grey, lit evenly, cropped to the paper, straight, and large enough.
 * Phone photos of paper defeat tesseract's own global binarisation: a shadow or a light gradient turns
 * half the page black or white, the table around the paper reads as letter soup, a few degrees of
 * rotation mix neighbouring lines, and small print is below the text height tesseract reads best.
 *
 * Steps, each only when the image needs it (measured on a copy at most ANALYSIS_SIDE pixels wide):
 * - the paper's own brightness everywhere (a closing: max filter, which removes the ink, then min filter,
 *   then a blur), and each pixel divided by it: shadows and gradients go, ink stays dark
 *   (background-normalised binarisation without choosing a threshold: tesseract's Otsu then works on an
 *   evenly lit page);
 * - crop to the paper, when darker surroundings (a table) make most of the border: the bounding box of
 *   the largest bright region of the lighting map, widened to take in any ink outside it (a shadowed end
 *   of the slip; nothing is painted over: a wrong mask must not erase text), or, when that region is a
 *   quadrilateral and no ink lies outside (paperQuad.ts), a projective warp of it to a rectangle (a slip
 *   photographed at an angle);
 * - contrast stretch, when the paper is not white or the ink not black (a thermal slip scanned grey);
 * - deskew, by the angle whose horizontal projection of the ink is sharpest (±MAX_SKEW_DEGREES);
 * - upscale, when the text lines are lower than `minLineHeight` pixels (runs of inked rows in the
 *   projection or, when the lines run into each other, the glyphs' height), except on a clean scan
 *   (CleanOptions.upscaleScans).
 * Word boxes found on the cleaned image are mapped back to the original's pixels (`toOriginal`).
 */
import type { Sharp, SharpOptions } from 'sharp';
import { homography, paperQuad, project, type Point, type Quad } from './paperQuad.js';

type SharpFactory = (input?: Buffer | Uint8Array, options?: SharpOptions) => Sharp;
let loaded: Promise<SharpFactory> | null = null;
/** sharp (libvips, tens of MB) is loaded by the first image cleaned, not by every extraction thread. */
function loadSharp(): Promise<SharpFactory> {
  loaded ??= import('sharp').then((m) => m.default as unknown as SharpFactory);
  return loaded;
}

/** Side of the copy the analysis runs on. */
const ANALYSIS_SIDE = 1000;
/** Skew searched, degrees either way; a hand-held photo is within a few degrees. */
export const MAX_SKEW_DEGREES = 6;
/** Radius (analysis pixels) within which ink must have brighter paper around it. */
const INK_NEIGHBOURHOOD = 2;
/** Ink is under LOCAL_INK_SHARE of the mean of the square of radius LOCAL_INK_RADIUS (analysis pixels) around it. */
const LOCAL_INK_RADIUS = 7;
const LOCAL_INK_SHARE = 0.85;
/** Below this skew, rotating costs more than it helps. */
const MIN_SKEW_DEGREES = 0.4;

/** What the cleaning may do; the defaults were tuned on half of the SROIE receipts (bench/ocr.bench.ts). */
export interface CleanOptions {
  /** Map a paper seen at an angle back to a rectangle (else only crop to its bounding box). Default true. */
  perspective: boolean;
  /** Turn the text straight (±MAX_SKEW_DEGREES). Default true. */
  deskew: boolean;
  /** Tesseract reads best at capitals of 20-40 px: text lines lower than this many pixels are upscaled... Default 22. */
  minLineHeight: number;
  /** ...to this height... Default 32. */
  targetLineHeight: number;
  /** ...by at most this factor a side (tesseract's time grows with the pixels; 2.5 read no better). Default 1.6. */
  maxUpscale: number;
  /** No upscale beyond this many pixels (tesseract's time grows with the area). Default 12 000 000. */
  maxPixels: number;
  /**
   * Upscale small text on a clean scan too (evenly lit, straight, nothing around the paper). Default false:
   * tesseract reads a scan's small sharp text as well without, in a sixth of the time.
   */
  upscaleScans: boolean;
}

export const DEFAULT_CLEAN_OPTIONS: CleanOptions = {
  perspective: true,
  deskew: true,
  minLineHeight: 22,
  targetLineHeight: 32,
  maxUpscale: 1.6,
  maxPixels: 12_000_000,
  upscaleScans: false,
};

export interface CleanedImage {
  /** PNG, 8-bit grey. */
  png: Buffer;
  width: number;
  height: number;
  /** What was done, for logs and tests: 'crop' or 'perspective', 'flatten', 'normalise', 'deskew', 'upscale'. */
  steps: string[];
  /** A box [left, top, width, height] on the cleaned image in the original image's pixels. */
  toOriginal(box: readonly [number, number, number, number]): [number, number, number, number];
}

export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Max filter (square, radius r) by rows then columns, in constant time per pixel whatever r (van Herk /
 * Gil-Werman: running maxima forwards and backwards within blocks of 2r + 1; each window spans at most
 * two blocks). Outside the image counts as 0.
 */
export function maxFilter(img: Grey, r: number): Grey {
  const { width: w, height: h } = img;
  const k = 2 * r + 1;
  const longest = Math.max(w, h) + 2 * r;
  const padded = new Uint8Array(longest);
  const forward = new Uint8Array(longest);
  const backward = new Uint8Array(longest);
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const out = new Uint8Array(w * h);
    const lines = horizontal ? h : w;
    const len = horizontal ? w : h;
    const step = horizontal ? 1 : w;
    const n = len + 2 * r;
    for (let line = 0; line < lines; line++) {
      const base = horizontal ? line * w : line;
      padded.fill(0, 0, n);
      for (let i = 0; i < len; i++) padded[i + r] = src[base + i * step] as number;
      for (let i = 0; i < n; i++)
        forward[i] = i % k === 0 ? (padded[i] as number) : Math.max(forward[i - 1] as number, padded[i] as number);
      for (let i = n - 1; i >= 0; i--)
        backward[i] =
          i === n - 1 || (i + 1) % k === 0
            ? (padded[i] as number)
            : Math.max(backward[i + 1] as number, padded[i] as number);
      // The window of original pixel i is padded[i .. i + 2r].
      for (let i = 0; i < len; i++)
        out[base + i * step] = Math.max(backward[i] as number, forward[i + 2 * r] as number);
    }
    return out;
  };
  return { data: pass(pass(img.data, true), false), width: w, height: h };
}

/**
 * The paper's light for flattening: a closing (max filter, then min filter of the same radius) removes
 * the ink like the max filter alone, but does not carry the light of a lit area into the shadow next to
 * it (the max filter alone widens the lit side by its radius, and the shadow's edge is then divided
 * by too much light: a dark band along it). A light blur smooths the steps.
 */
export function paperLightClosed(img: Grey, r: number): Grey {
  const dilated = maxFilter(img, r);
  const inverted: Grey = { data: dilated.data.map((v) => 255 - v), width: img.width, height: img.height };
  const closed = maxFilter(inverted, r);
  closed.data = closed.data.map((v) => 255 - v);
  return boxBlur(closed, Math.max(1, Math.round(r / 2)));
}

/** Box blur (radius r), rows then columns, with running sums. */
function boxBlur(img: Grey, r: number): Grey {
  const { width: w, height: h, data } = img;
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const out = new Uint8Array(w * h);
    const lines = horizontal ? h : w;
    const len = horizontal ? w : h;
    const at = (line: number, i: number): number => (horizontal ? line * w + i : i * w + line);
    for (let line = 0; line < lines; line++) {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < Math.min(len, r + 1); i++) {
        sum += src[at(line, i)] as number;
        n++;
      }
      for (let i = 0; i < len; i++) {
        out[at(line, i)] = Math.round(sum / n);
        const add = i + r + 1;
        const drop = i - r;
        if (add < len) {
          sum += src[at(line, add)] as number;
          n++;
        }
        if (drop >= 0) {
          sum -= src[at(line, drop)] as number;
          n--;
        }
      }
    }
    return out;
  };
  return { data: pass(pass(data, true), false), width: w, height: h };
}

/** The value below which a share `q` of 8-bit values lie (by histogram: no sorting of a million pixels). */
export function percentile(values: ArrayLike<number>, q: number): number {
  const hist = new Array<number>(256).fill(0);
  for (let i = 0; i < values.length; i++) hist[values[i] as number]! += 1;
  const rank = Math.floor(values.length * q);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] as number;
    if (seen > rank) return v;
  }
  return 255;
}

/** Otsu's threshold of 8-bit values. */
export function otsuThreshold(values: ArrayLike<number>): number {
  const hist = new Array<number>(256).fill(0);
  for (let i = 0; i < values.length; i++) hist[values[i] as number]! += 1;
  const total = values.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * (hist[t] as number);
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t] as number;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * (hist[t] as number);
    const meanB = sumB / weightB;
    const meanF = (sumAll - sumB) / weightF;
    const between = weightB * weightF * (meanB - meanF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** The bright region (paper) of a lighting map: the largest 4-connected region above the threshold, as a mask. */
function largestBrightRegion(light: Grey, threshold: number): { mask: Uint8Array; area: number } {
  const { width: w, height: h, data } = light;
  const label = new Int32Array(w * h).fill(-1);
  let bestLabel = -1;
  let bestArea = 0;
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== -1 || (data[start] as number) <= threshold) continue;
    let area = 0;
    stack.push(start);
    label[start] = next;
    while (stack.length) {
      const p = stack.pop() as number;
      area++;
      const x = p % w;
      // The four neighbours, without an array per pixel (this runs for every pixel of the paper).
      for (let k = 0; k < 4; k++) {
        const q = k === 0 ? (x > 0 ? p - 1 : -1) : k === 1 ? (x < w - 1 ? p + 1 : -1) : k === 2 ? p - w : p + w;
        if (q < 0 || q >= w * h || label[q] !== -1 || (data[q] as number) <= threshold) continue;
        label[q] = next;
        stack.push(q);
      }
    }
    if (area > bestArea) {
      bestArea = area;
      bestLabel = next;
    }
    next++;
  }
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) mask[i] = label[i] === bestLabel ? 1 : 0;
  return { mask, area: bestArea };
}

/** Row profile sharpness of ink pixels rotated by `degrees` (sum of squared row counts). */
function profileSharpness(ink: readonly number[], w: number, h: number, degrees: number): number[] {
  const a = (degrees * Math.PI) / 180;
  const sin = Math.sin(a);
  const cos = Math.cos(a);
  const rows = new Array<number>(Math.ceil(h + w * Math.abs(sin)) + 2).fill(0);
  const offset = sin < 0 ? -sin * w : 0;
  for (const p of ink) {
    const x = p % w;
    const y = (p - x) / w;
    const row = Math.round(y * cos + x * sin + offset);
    if (row >= 0 && row < rows.length) rows[row]! += 1;
  }
  return rows;
}

/** The skew (degrees) that makes the ink's rows sharpest, and that angle's row profile. */
export function estimateSkew(ink: readonly number[], w: number, h: number): { degrees: number; rows: number[] } {
  let best = { degrees: 0, score: -1, rows: [] as number[] };
  for (let tenth = -MAX_SKEW_DEGREES * 4; tenth <= MAX_SKEW_DEGREES * 4; tenth++) {
    const degrees = tenth / 4;
    const rows = profileSharpness(ink, w, h, degrees);
    let score = 0;
    for (const n of rows) score += n * n;
    // Ties go to the smaller angle: no rotation without evidence.
    if (score > best.score * 1.0001 || (score >= best.score && Math.abs(degrees) < Math.abs(best.degrees)))
      best = { degrees, score, rows };
  }
  return { degrees: best.degrees, rows: best.rows };
}

/**
 * The usual height of a text line, in rows, from a deskewed row profile: the median run of rows that
 * hold ink (more than a twentieth of the busiest row's); 0 when there are too few lines to say.
 */
export function textLineHeight(rows: readonly number[]): number {
  const busiest = Math.max(0, ...rows);
  if (busiest === 0) return 0;
  const runs: number[] = [];
  let run = 0;
  for (const n of [...rows, 0]) {
    if (n > busiest / 20) run++;
    else if (run > 0) {
      if (run >= 2) runs.push(run);
      run = 0;
    }
  }
  if (runs.length < 3) return 0;
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] as number;
}

/**
 * Ink outside the region taken for the paper: a part of the paper in shadow, darker than the table
 * elsewhere, is left out of the bright region, and cropping to the region would cut its lines off.
 * Ink is a pixel under 0.6 of the paper's light there and under 0.6 of the brightest pixel within
 * INK_NEIGHBOURHOOD (a dark spot on something brighter: the table next to the paper's light is as dark
 * as the table around it, and does not count); the region's rim, where the table meets the paper's light,
 * does not count either. The bounding box [x0, y0, x1, y1] of the ink outside when it is over 3 % of all
 * ink, else null.
 */
function inkOutside(
  small: Grey,
  light: Grey,
  mask: Uint8Array,
  radius: number,
): [number, number, number, number] | null {
  const { width: w, height: h } = small;
  const near = maxFilter({ data: mask.map((v) => v * 255), width: w, height: h }, 2 * radius);
  const local = maxFilter(small, INK_NEIGHBOURHOOD);
  let inside = 0;
  let outside = 0;
  const box: [number, number, number, number] = [w, h, -1, -1];
  for (let i = 0; i < w * h; i++) {
    const l = light.data[i] as number;
    const v = small.data[i] as number;
    if (v >= 0.6 * l || l - v < 30) continue;
    const around = local.data[i] as number;
    if (v >= 0.6 * around || around - v < 30) continue;
    if (mask[i]) inside++;
    else if (!near.data[i]) {
      outside++;
      const x = i % w;
      const y = (i - x) / w;
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return outside > 0.03 * (inside + outside) ? box : null;
}

/**
 * Ink by the neighbourhood, not one threshold: a pixel well below the mean of the square around it
 * (radius LOCAL_INK_RADIUS). Faint grey print next to a black rim, which a global threshold calls paper,
 * is ink here.
 */
export function localInk(img: Grey): Uint8Array {
  const mean = boxBlur(img, LOCAL_INK_RADIUS);
  const ink = new Uint8Array(img.width * img.height);
  for (let i = 0; i < ink.length; i++) {
    const m = mean.data[i] as number;
    const v = img.data[i] as number;
    if (v < LOCAL_INK_SHARE * m && m - v >= 20) ink[i] = 1;
  }
  return ink;
}

/**
 * The usual height of a glyph, in rows, from the 8-connected components of an ink mask: the median
 * height of components that can be glyphs (3 rows or more, under a tenth of the image, not touching its
 * border, where a table's edge or a shadow's rim lies, and not thinner than a tenth of their height,
 * which rules lines are). 0 with fewer than 20 such components; the median is by ink, so that specks of noise weigh little against glyphs. Unlike the row profile
 * (textLineHeight), it needs no blank rows between lines: blurred small print whose lines run into
 * each other, or a dark rim down the side of the page, still has glyph-sized components.
 */
export function glyphHeight(ink: Uint8Array, w: number, h: number): number {
  const seen = new Uint8Array(w * h);
  const heights: number[] = [];
  const weights: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!ink[start] || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    let x0 = w;
    let x1 = -1;
    let y0 = h;
    let y1 = -1;
    let pixels = 0;
    while (stack.length) {
      const p = stack.pop() as number;
      pixels++;
      const x = p % w;
      const y = (p - x) / w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= w) continue;
          const q = ny * w + nx;
          if (!ink[q] || seen[q]) continue;
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    const ch = y1 - y0 + 1;
    const cw = x1 - x0 + 1;
    if (x0 === 0 || y0 === 0 || x1 === w - 1 || y1 === h - 1) continue;
    if (ch < 3 || ch > h / 10 || cw * 10 < ch) continue;
    heights.push(ch);
    weights.push(pixels);
  }
  if (heights.length < 20) return 0;
  const order = heights.map((_, i) => i).sort((a, b) => (heights[a] as number) - (heights[b] as number));
  const total = weights.reduce((sum, x) => sum + x, 0);
  let counted = 0;
  for (const i of order) {
    counted += weights[i] as number;
    if (counted >= total / 2) return heights[i] as number;
  }
  return 0;
}

// sharp gives 3 channels back from 1-channel raw input unless told otherwise: every pipeline ends in grayscale().

/** Cleans an encoded image for OCR; null when sharp cannot decode it (the engine gets the original). */
export async function cleanForOcr(
  image: Uint8Array,
  options: CleanOptions = DEFAULT_CLEAN_OPTIONS,
): Promise<CleanedImage | null> {
  const sharp = await loadSharp();
  let grey: Grey;
  try {
    const { data, info } = await sharp(image, { limitInputPixels: false })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) return null;
    grey = { data, width: info.width, height: info.height };
  } catch {
    return null;
  }
  const W = grey.width;
  const H = grey.height;
  const f = Math.min(1, ANALYSIS_SIDE / Math.max(W, H));
  const small: Grey = {
    data: new Uint8Array(
      await sharp(grey.data, { raw: { width: W, height: H, channels: 1 } })
        .resize(Math.max(1, Math.round(W * f)), Math.max(1, Math.round(H * f)), { kernel: 'linear' })
        .grayscale()
        .raw()
        .toBuffer(),
    ),
    width: Math.max(1, Math.round(W * f)),
    height: Math.max(1, Math.round(H * f)),
  };
  const w = small.width;
  const h = small.height;
  const steps: string[] = [];

  // The paper's brightness: ink is thinner than a few analysis pixels, so a max filter removes it.
  const radius = Math.max(3, Math.round(Math.min(w, h) / 30));
  const light = boxBlur(maxFilter(small, radius), radius);
  // Flattening divides by a closing instead, which follows a shadow's edge (paperLightClosed).
  const flatLight = paperLightClosed(small, radius);

  // The paper against darker surroundings touching the border.
  // The paper against the table: between the table's light (the border's median) and the paper's (its
  // brightest tenth), nearer the table, so that paper in a shadow stays paper.
  const borderLight: number[] = [];
  for (let x = 0; x < w; x++) borderLight.push(light.data[x] as number, light.data[(h - 1) * w + x] as number);
  for (let y = 0; y < h; y++) borderLight.push(light.data[y * w] as number, light.data[y * w + w - 1] as number);
  const tableLevel = percentile(borderLight, 0.5);
  const paperLevel = percentile(light.data, 0.9);
  const threshold = Math.round(tableLevel + 0.3 * (paperLevel - tableLevel));
  const { mask, area } = largestBrightRegion(light, threshold);
  let darkBorder = 0;
  let border = 0;
  for (let x = 0; x < w; x++)
    for (const y of [0, h - 1]) {
      border++;
      if (!mask[y * w + x]) darkBorder++;
    }
  for (let y = 0; y < h; y++)
    for (const x of [0, w - 1]) {
      border++;
      if (!mask[y * w + x]) darkBorder++;
    }
  let paperMean = 0;
  let otherMean = 0;
  for (let i = 0; i < w * h; i++) {
    if (mask[i]) paperMean += light.data[i] as number;
    else otherMean += light.data[i] as number;
  }
  paperMean /= area || 1;
  otherMean /= w * h - area || 1;
  const paperFound =
    darkBorder / border > 0.5 && area > 0.2 * w * h && area < 0.97 * w * h && paperMean - otherMean > 40;
  // Ink outside the bright region (a shadowed part of the paper): the crop takes it in too, and is no
  // quadrilateral then (the region's outline is not the paper's).
  const outside = paperFound ? inkOutside(small, light, mask, radius) : null;
  const crop = paperFound;

  // Seen at an angle, the paper is a quadrilateral: mapped back to a rectangle, its lines are parallel
  // again. Otherwise (or when its outline is no clean quadrilateral) the bounding box of the paper.
  const quad = crop && !outside && options.perspective ? paperQuad(mask, w, h) : null;
  let x0 = 0;
  let y0 = 0;
  let x1 = w - 1;
  let y1 = h - 1;
  if (crop) {
    x0 = w;
    y0 = h;
    x1 = 0;
    y1 = 0;
    for (let i = 0; i < w * h; i++) {
      if (!mask[i]) continue;
      const x = i % w;
      const y = (i - x) / w;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    if (outside) {
      // A margin of the filter's radius round the ink outside: its words' edges are fainter than their cores.
      x0 = Math.max(0, Math.min(x0, outside[0] - radius));
      y0 = Math.max(0, Math.min(y0, outside[1] - radius));
      x1 = Math.min(w - 1, Math.max(x1, outside[2] + radius));
      y1 = Math.min(h - 1, Math.max(y1, outside[3] + radius));
    }
    steps.push(quad ? 'perspective' : 'crop');
  }

  // Flatten at full resolution: each pixel over the paper's brightness there (bilinear from the map).
  // Uneven when the paper's light varies by more than 25 levels between its darkest and brightest
  // twentieth (percentiles, so that a logo or a barcode wider than the filter does not count).
  const paperLight = crop ? light.data.filter((_, i) => mask[i] === 1) : light.data;
  const lightMin = percentile(paperLight, 0.05);
  const lightMax = percentile(paperLight, 0.95);
  const flatten = lightMax - lightMin > 25 || crop;
  let cropX = Math.floor(x0 / f);
  let cropY = Math.floor(y0 / f);
  let cropW = Math.min(W - cropX, Math.ceil((x1 + 1) / f) - cropX);
  let cropH = Math.min(H - cropY, Math.ceil((y1 + 1) / f) - cropY);
  // The frame the next steps work in, and where a point of it is on the original.
  let frameToOriginal = (x: number, y: number): [number, number] => [x + cropX, y + cropY];
  let warp: number[] = [];
  if (quad) {
    // The quad was found on the lighting map, whose max filter widens the paper by `radius` all round.
    const inset = radius * 0.9;
    const full = quad.map(([x, y], i): [number, number] => {
      const dx = i === 0 || i === 3 ? inset : -inset;
      const dy = i < 2 ? inset : -inset;
      return [(x + dx) / f, (y + dy) / f];
    }) as unknown as Quad;
    const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
    cropW = Math.max(1, Math.round((dist(full[0], full[1]) + dist(full[3], full[2])) / 2));
    cropH = Math.max(1, Math.round((dist(full[0], full[3]) + dist(full[1], full[2])) / 2));
    cropX = 0;
    cropY = 0;
    const m = homography(
      [
        [0, 0],
        [cropW, 0],
        [cropW, cropH],
        [0, cropH],
      ],
      full,
    );
    frameToOriginal = (x, y) => project(m, x, y);
    warp = m;
  }
  const [m0, m1, m2, m3, m4, m5, m6, m7] = warp as [number, number, number, number, number, number, number, number];
  const out = new Uint8Array(cropW * cropH);
  for (let y = 0; y < cropH; y++) {
    for (let x = 0; x < cropW; x++) {
      let ox: number;
      let oy: number;
      let value: number;
      if (quad) {
        // project(warp, x + 0.5, y + 0.5) inlined: this runs for every pixel.
        const z = m6 * (x + 0.5) + m7 * (y + 0.5) + 1;
        ox = (m0 * (x + 0.5) + m1 * (y + 0.5) + m2) / z - 0.5;
        oy = (m3 * (x + 0.5) + m4 * (y + 0.5) + m5) / z - 0.5;
        const xa = Math.min(W - 1, Math.max(0, Math.floor(ox)));
        const ya = Math.min(H - 1, Math.max(0, Math.floor(oy)));
        const xb = Math.min(W - 1, xa + 1);
        const yb = Math.min(H - 1, ya + 1);
        const fx = Math.min(1, Math.max(0, ox - xa));
        const fy = Math.min(1, Math.max(0, oy - ya));
        value =
          ((grey.data[ya * W + xa] as number) * (1 - fx) + (grey.data[ya * W + xb] as number) * fx) * (1 - fy) +
          ((grey.data[yb * W + xa] as number) * (1 - fx) + (grey.data[yb * W + xb] as number) * fx) * fy;
      } else {
        ox = x + cropX;
        oy = y + cropY;
        value = grey.data[oy * W + ox] as number;
      }
      if (!flatten) {
        out[y * cropW + x] = value;
        continue;
      }
      const sy = Math.min(h - 1, Math.max(0, (oy + 0.5) * f - 0.5));
      const ya = Math.floor(sy);
      const yb = Math.min(h - 1, ya + 1);
      const fy = sy - ya;
      const sx = Math.min(w - 1, Math.max(0, (ox + 0.5) * f - 0.5));
      const xa = Math.floor(sx);
      const xb = Math.min(w - 1, xa + 1);
      const fx = sx - xa;
      const l =
        ((flatLight.data[ya * w + xa] as number) * (1 - fx) + (flatLight.data[ya * w + xb] as number) * fx) * (1 - fy) +
        ((flatLight.data[yb * w + xa] as number) * (1 - fx) + (flatLight.data[yb * w + xb] as number) * fx) * fy;
      out[y * cropW + x] = Math.min(255, Math.round((value / Math.max(1, l)) * 255));
    }
  }
  if (flatten) steps.push('flatten');

  // Contrast stretch: the paper white, the ink black. A thermal slip scanned grey otherwise meets the
  // white corners a rotation adds, and tesseract's global threshold then calls the whole paper ink.
  const inkLevel = percentile(out, 0.01);
  const paperWhite = percentile(out, 0.9);
  if (paperWhite - inkLevel > 40 && (paperWhite < 235 || inkLevel > 40)) {
    const span = paperWhite - inkLevel;
    for (let i = 0; i < out.length; i++)
      out[i] = Math.min(255, Math.max(0, Math.round((((out[i] as number) - inkLevel) * 255) / span)));
    steps.push('normalise');
  }

  // Skew and line pitch from the ink of the flattened paper at analysis size.
  const ink: number[] = [];
  const sw = Math.max(1, Math.round(cropW * f));
  const sh = Math.max(1, Math.round(cropH * f));
  const analysis = await sharp(out, { raw: { width: cropW, height: cropH, channels: 1 } })
    .resize(sw, sh, { kernel: 'linear' })
    .grayscale()
    .raw()
    .toBuffer();
  // Ink is dark once the light is even; the grey of a shadow's edge or the paper's rim is not ink.
  const inkBelow = Math.min(otsuThreshold(analysis), 150);
  for (let i = 0; i < analysis.length; i++) if ((analysis[i] as number) < inkBelow) ink.push(i);
  const { degrees, rows } = ink.length > 50 ? estimateSkew(ink, sw, sh) : { degrees: 0, rows: [] };
  // The line height from the row profile; where it cannot be measured (blurred lines running into each
  // other, a dark rim down the side filling every row), from the glyphs, whose median height measured
  // the same as the profile's lines where both could be measured (blur merges a line's glyphs).
  const lineHeight =
    textLineHeight(rows) / f ||
    glyphHeight(localInk({ data: new Uint8Array(analysis), width: sw, height: sh }), sw, sh) / f;
  // A positive skew estimate is text rising to the right; sharp turns clockwise for positive angles.
  const rotate = options.deskew && Math.abs(degrees) >= MIN_SKEW_DEGREES ? degrees : 0;
  if (rotate) steps.push('deskew');
  let scale =
    lineHeight > 0 && lineHeight < options.minLineHeight
      ? Math.min(options.maxUpscale, options.targetLineHeight / lineHeight)
      : 1;
  scale = Math.min(scale, Math.sqrt(options.maxPixels / (cropW * cropH)));
  const cleanScan = !crop && !flatten && !rotate;
  if (cleanScan && !options.upscaleScans) scale = 1;
  if (scale <= 1.05) scale = 1;
  if (scale > 1) steps.push('upscale');

  let pipeline = sharp(out, { raw: { width: cropW, height: cropH, channels: 1 } });
  // The corners a rotation adds take the paper's own grey, not white: no edge for a threshold to find.
  const paper = percentile(out, 0.9);
  if (rotate) pipeline = pipeline.rotate(rotate, { background: { r: paper, g: paper, b: paper } });
  const rotated = rotate
    ? await pipeline.grayscale().raw().toBuffer({ resolveWithObject: true })
    : { data: Buffer.from(out), info: { width: cropW, height: cropH } };
  const rw = rotated.info.width;
  const rh = rotated.info.height;
  let final = sharp(rotated.data, { raw: { width: rw, height: rh, channels: 1 } });
  const fw = Math.round(rw * scale);
  const fh = Math.round(rh * scale);
  if (scale > 1) final = final.resize(fw, fh, { kernel: 'cubic' });
  const png = await final.grayscale().png({ compressionLevel: 1 }).toBuffer();

  // Back to the original: unscale, unrotate about the rotated canvas's centre, uncrop.
  const a = (-rotate * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const toOriginal: CleanedImage['toOriginal'] = ([left, top, bw, bh]) => {
    const corners = [
      [left, top],
      [left + bw, top],
      [left, top + bh],
      [left + bw, top + bh],
    ].map(([x, y]) => {
      const px = (x as number) / scale - rw / 2;
      const py = (y as number) / scale - rh / 2;
      return frameToOriginal(cropW / 2 + px * cos - py * sin, cropH / 2 + px * sin + py * cos);
    });
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const l = Math.max(0, Math.floor(Math.min(...xs)));
    const t = Math.max(0, Math.floor(Math.min(...ys)));
    return [l, t, Math.min(W, Math.ceil(Math.max(...xs))) - l, Math.min(H, Math.ceil(Math.max(...ys))) - t];
  };
  return { png, width: scale > 1 ? fw : rw, height: scale > 1 ? fh : rh, steps, toOriginal };
}
