/**
 * Cleans a photo or scan before OCR: grey, lit evenly, cropped to the paper, straight, and large enough.
 * Phone photos of paper defeat tesseract's own global binarisation: a shadow or a light gradient turns
 * half the page black or white, the table around the paper reads as letter soup, a few degrees of
 * rotation mix neighbouring lines, and small print is below the text height tesseract reads best.
 *
 * Steps, each only when the image needs it (measured on a copy at most ANALYSIS_SIDE pixels wide):
 * - the paper's own brightness everywhere (a max filter, which removes the ink, then a blur), and each
 *   pixel divided by it: shadows and gradients go, ink stays dark (background-normalised binarisation
 *   without choosing a threshold: tesseract's Otsu then works on an evenly lit page);
 * - crop to the paper, when darker surroundings (a table) make most of the border: the bounding box of
 *   the largest bright region of the lighting map (nothing is painted over: a wrong mask must not
 *   erase text);
 * - contrast stretch, when the paper is not white or the ink not black (a thermal slip scanned grey);
 * - deskew, by the angle whose horizontal projection of the ink is sharpest (±MAX_SKEW_DEGREES);
 * - upscale, when the text lines are lower than MIN_LINE_HEIGHT pixels (runs of inked rows in the projection).
 * Word boxes found on the cleaned image are mapped back to the original's pixels (`toOriginal`).
 */
import type { Sharp, SharpOptions } from 'sharp';

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
/** Below this skew, rotating costs more than it helps. */
const MIN_SKEW_DEGREES = 0.4;
/** Tesseract reads best at capitals of 20-40 px: text lines lower than this many pixels are upscaled... */
export const MIN_LINE_HEIGHT = 22;
/** ...to this height, by at most MAX_UPSCALE. */
const TARGET_LINE_HEIGHT = 32;
const MAX_UPSCALE = 2.5;
/** No upscale beyond this many pixels (tesseract time grows with the area). */
const MAX_CLEAN_PIXELS = 12_000_000;

export interface CleanedImage {
  /** PNG, 8-bit grey. */
  png: Buffer;
  width: number;
  height: number;
  /** What was done, for logs and tests: 'flatten', 'crop', 'deskew', 'upscale'. */
  steps: string[];
  /** A box [left, top, width, height] on the cleaned image in the original image's pixels. */
  toOriginal(box: readonly [number, number, number, number]): [number, number, number, number];
}

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Max filter (square, radius r) by rows then columns. */
function maxFilter(img: Grey, r: number): Grey {
  const { width: w, height: h, data } = img;
  const rows = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      const lo = Math.max(0, x - r);
      const hi = Math.min(w - 1, x + r);
      for (let k = lo; k <= hi; k++) m = Math.max(m, data[y * w + k] as number);
      rows[y * w + x] = m;
    }
  }
  const out = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      let m = 0;
      const lo = Math.max(0, y - r);
      const hi = Math.min(h - 1, y + r);
      for (let k = lo; k <= hi; k++) m = Math.max(m, rows[k * w + x] as number);
      out[y * w + x] = m;
    }
  }
  return { data: out, width: w, height: h };
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
      const neighbours = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, p - w, p + w];
      for (const q of neighbours) {
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

// sharp gives 3 channels back from 1-channel raw input unless told otherwise: every pipeline ends in grayscale().

/** Cleans an encoded image for OCR; null when sharp cannot decode it (the engine gets the original). */
export async function cleanForOcr(image: Uint8Array): Promise<CleanedImage | null> {
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
  const crop = darkBorder / border > 0.5 && area > 0.2 * w * h && area < 0.97 * w * h && paperMean - otherMean > 40;

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
    steps.push('crop');
  }

  // Flatten at full resolution: each pixel over the paper's brightness there (bilinear from the map).
  // Uneven when the paper's light varies by more than 25 levels between its darkest and brightest
  // twentieth (percentiles, so that a logo or a barcode wider than the filter does not count).
  const paperLight = crop ? light.data.filter((_, i) => mask[i] === 1) : light.data;
  const lightMin = percentile(paperLight, 0.05);
  const lightMax = percentile(paperLight, 0.95);
  const flatten = lightMax - lightMin > 25 || crop;
  const cropX = Math.floor(x0 / f);
  const cropY = Math.floor(y0 / f);
  const cropW = Math.min(W - cropX, Math.ceil((x1 + 1) / f) - cropX);
  const cropH = Math.min(H - cropY, Math.ceil((y1 + 1) / f) - cropY);
  const out = new Uint8Array(cropW * cropH);
  for (let y = 0; y < cropH; y++) {
    const sy = Math.min(h - 1, Math.max(0, (y + cropY + 0.5) * f - 0.5));
    const ya = Math.floor(sy);
    const yb = Math.min(h - 1, ya + 1);
    const fy = sy - ya;
    for (let x = 0; x < cropW; x++) {
      const value = grey.data[(y + cropY) * W + x + cropX] as number;
      if (!flatten) {
        out[y * cropW + x] = value;
        continue;
      }
      const sx = Math.min(w - 1, Math.max(0, (x + cropX + 0.5) * f - 0.5));
      const xa = Math.floor(sx);
      const xb = Math.min(w - 1, xa + 1);
      const fx = sx - xa;
      const l =
        ((light.data[ya * w + xa] as number) * (1 - fx) + (light.data[ya * w + xb] as number) * fx) * (1 - fy) +
        ((light.data[yb * w + xa] as number) * (1 - fx) + (light.data[yb * w + xb] as number) * fx) * fy;
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
  const lineHeight = textLineHeight(rows) / f;
  // A positive skew estimate is text rising to the right; sharp turns clockwise for positive angles.
  const rotate = Math.abs(degrees) >= MIN_SKEW_DEGREES ? degrees : 0;
  if (rotate) steps.push('deskew');
  let scale =
    lineHeight > 0 && lineHeight < MIN_LINE_HEIGHT ? Math.min(MAX_UPSCALE, TARGET_LINE_HEIGHT / lineHeight) : 1;
  scale = Math.min(scale, Math.sqrt(MAX_CLEAN_PIXELS / (cropW * cropH)));
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
      return [cropX + cropW / 2 + px * cos - py * sin, cropY + cropH / 2 + px * sin + py * cos] as const;
    });
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const l = Math.max(0, Math.floor(Math.min(...xs)));
    const t = Math.max(0, Math.floor(Math.min(...ys)));
    return [l, t, Math.min(W, Math.ceil(Math.max(...xs))) - l, Math.min(H, Math.ceil(Math.max(...ys))) - t];
  };
  return { png, width: scale > 1 ? fw : rw, height: scale > 1 ? fh : rh, steps, toOriginal };
}
