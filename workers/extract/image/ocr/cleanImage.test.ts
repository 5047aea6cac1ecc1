import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { degradeToPhoto } from '../../../../evaluation/ocr/degradePhoto.js';
import {
  cleanForOcr,
  DEFAULT_CLEAN_OPTIONS,
  estimateSkew,
  glyphHeight,
  localInk,
  paperLightClosed,
  maxFilter,
  otsuThreshold,
  percentile,
  textLineHeight,
} from './cleanImage.js';

/**
 * A white page of "words" (26-pixel blocks on lines 44 pixels apart, text of a size tesseract reads
 * well) with a blank band holding one black square at [left, top, size]: what a box must be mapped to.
 */
async function pageWithSquare(width: number, height: number, square: [number, number, number]): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height, 255);
  const [left, top, size] = square;
  for (let y = top; y < top + size; y++) pixels.fill(0, y * width + left, y * width + left + size);
  for (let line = 40; line < height - 60; line += 44) {
    if (line + 26 > top - 40 && line < top + size + 40) continue;
    for (let y = line; y < line + 26; y++)
      for (let x = 30; x < width - 40; x += 22) pixels.fill(0, y * width + x, y * width + x + 12);
  }
  return sharp(pixels, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** Bounding box [left, top, width, height] of the pixels darker than 100 inside a region. */
async function darkBox(
  png: Buffer,
  region?: [number, number, number, number],
): Promise<[number, number, number, number]> {
  const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  const [rx, ry, rw, rh] = region ?? [0, 0, info.width, info.height];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = ry; y < ry + rh; y++)
    for (let x = rx; x < rx + rw; x++) {
      if ((data[y * info.width + x] as number) >= 100) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/** Runs of rows with ink (under 128) in the middle half of the columns, at least 3 rows high: lines of text. */
async function inkedLines(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  const rows: number[] = [];
  for (let y = 0; y < info.height; y++) {
    let n = 0;
    for (let x = Math.round(info.width * 0.25); x < Math.round(info.width * 0.75); x++)
      if ((data[y * info.width + x] as number) < 128) n++;
    rows.push(n);
  }
  const busiest = Math.max(...rows);
  let lines = 0;
  let run = 0;
  for (const n of [...rows, 0]) {
    if (n > busiest / 10) run++;
    else {
      if (run >= 3) lines++;
      run = 0;
    }
  }
  return lines;
}

/**
 * Till-slip text drawn small (DejaVu Sans 12 px: capitals 9 px high), lines 11 px apart, slightly blurred,
 * on paper lit unevenly, with a black rim down the left side: every row has ink, and only the glyphs tell
 * how small the print is.
 */
async function smallSlipWithRim(): Promise<Buffer> {
  const lines = Array.from(
    { length: 30 },
    (_, i) =>
      `<text x="30" y="${24 + i * 11}" font-family="DejaVu Sans" font-size="12">TOTAL RM ${i}2.50 CASH ${i}0.00</text>`,
  ).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="260" height="380">` +
    `<defs><linearGradient id="g"><stop offset="0" stop-color="#c8c8c8"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/><rect width="12" height="100%" fill="#101010"/>${lines}</svg>`;
  return sharp(Buffer.from(svg)).blur(0.7).grayscale().png().toBuffer();
}

describe('cleanForOcr', () => {
  it('leaves a clean, straight scan with large text alone', async () => {
    const cleaned = await cleanForOcr(await pageWithSquare(600, 800, [300, 380, 60]));
    expect(cleaned?.steps).toEqual([]);
    expect(cleaned?.toOriginal([10, 20, 30, 40])).toEqual([10, 20, 30, 40]);
  });

  it('straightens a page turned by 3 degrees and maps boxes back to the original pixels', async () => {
    const turned = await sharp(await pageWithSquare(600, 800, [300, 380, 60]))
      .rotate(3, { background: '#ffffff' })
      .png()
      .toBuffer();
    const cleaned = await cleanForOcr(turned);
    expect(cleaned?.steps).toContain('deskew');
    const lines = await sharp(cleaned?.png).grayscale().raw().toBuffer({ resolveWithObject: true });
    const ink: number[] = [];
    for (let i = 0; i < lines.data.length; i++) if ((lines.data[i] as number) < 100) ink.push(i);
    expect(Math.abs(estimateSkew(ink, lines.info.width, lines.info.height).degrees)).toBeLessThanOrEqual(0.5);
    // The square, found on the cleaned page and mapped back, is where it is on the turned page.
    // The square sits just right of and below the page's centre, in a band without words.
    const squareOnCleaned = await darkBox(cleaned?.png as Buffer, [
      Math.round((cleaned?.width ?? 0) / 2) - 20,
      Math.round((cleaned?.height ?? 0) / 2) - 40,
      110,
      100,
    ]);
    const back = cleaned?.toOriginal(squareOnCleaned) ?? [0, 0, 0, 0];
    const onTurned = await darkBox(turned, [back[0] - 10, back[1] - 10, back[2] + 20, back[3] + 20]);
    for (let i = 0; i < 4; i++) expect(Math.abs((back[i] as number) - (onTurned[i] as number))).toBeLessThanOrEqual(4);
  });

  it('maps a photo of paper seen at an angle back to a rectangle, evens its light, and boxes back onto the photo', async () => {
    const photo = await degradeToPhoto(await pageWithSquare(400, 900, [200, 420, 40]), 2);
    const cleaned = await cleanForOcr(photo);
    expect(cleaned?.steps).toEqual(expect.arrayContaining(['perspective', 'flatten']));
    const { data, info } = await sharp(cleaned?.png).grayscale().raw().toBuffer({ resolveWithObject: true });
    // The table around the paper is gone but for a rim: 2 % in from each side, the page is paper-white.
    const edge: number[] = [];
    const dx = Math.round(info.width * 0.02);
    const dy = Math.round(info.height * 0.02);
    for (let x = 0; x < info.width; x++)
      edge.push(data[dy * info.width + x] as number, data[(info.height - 1 - dy) * info.width + x] as number);
    for (let y = 0; y < info.height; y++)
      edge.push(data[y * info.width + dx] as number, data[y * info.width + info.width - 1 - dx] as number);
    expect(edge.filter((v) => v > 200).length / edge.length).toBeGreaterThan(0.85);
    // The lines of words are level again at the top and at the bottom of the page.
    for (const [from, to] of [
      [0.05, 0.35],
      [0.6, 0.9],
    ] as const) {
      const ink: number[] = [];
      const y0 = Math.round(info.height * from);
      const y1 = Math.round(info.height * to);
      for (let i = y0 * info.width; i < y1 * info.width; i++)
        if ((data[i] as number) < 100) ink.push(i - y0 * info.width);
      expect(Math.abs(estimateSkew(ink, info.width, y1 - y0).degrees)).toBeLessThanOrEqual(0.5);
    }
    // The square, found on the cleaned page and mapped back, is where it is on the photo.
    const squareOnCleaned = await darkBox(cleaned?.png as Buffer, [
      Math.round(info.width * 0.4),
      Math.round(info.height * 0.42),
      Math.round(info.width * 0.3),
      Math.round(info.height * 0.13),
    ]);
    const back = cleaned?.toOriginal(squareOnCleaned) ?? [0, 0, 0, 0];
    const onPhoto = await darkBox(photo, [back[0] - 10, back[1] - 10, back[2] + 20, back[3] + 20]);
    for (let i = 0; i < 4; i++) expect(Math.abs((back[i] as number) - (onPhoto[i] as number))).toBeLessThanOrEqual(4);
  });

  it('crops a paper whose shadowed part is darker than the table to the paper and that part: no line is cut off', async () => {
    // Seed 11 lights the top of the paper at half the bottom's light, below the table's level elsewhere.
    const photo = await degradeToPhoto(await pageWithSquare(400, 900, [200, 420, 40]), 11);
    const meta = await sharp(photo).metadata();
    const cleaned = await cleanForOcr(photo);
    expect(cleaned?.steps).toEqual(expect.arrayContaining(['crop', 'flatten']));
    // The bright region's outline is not the paper's: no warp by it.
    expect(cleaned?.steps).not.toContain('perspective');
    // Every one of the page's 16 lines of words and its square are kept...
    expect(await inkedLines(cleaned?.png as Buffer)).toBe(17);
    // ...and some of the table is cut off (seen without the rotation, which widens the canvas).
    const unturned = await cleanForOcr(photo, { ...DEFAULT_CLEAN_OPTIONS, deskew: false });
    expect(unturned?.steps).toContain('crop');
    expect((unturned?.width ?? 0) * (unturned?.height ?? 0)).toBeLessThan((meta.width ?? 0) * (meta.height ?? 0));
  });

  it('stretches a grey slip to white paper and black ink, and fills the corners of a rotation with its paper', async () => {
    const page = await pageWithSquare(600, 800, [300, 380, 60]);
    const grey = await sharp(page)
      .linear(110 / 255, 40)
      .rotate(2, { background: '#969696' })
      .png()
      .toBuffer();
    const cleaned = await cleanForOcr(grey);
    expect(cleaned?.steps).toEqual(expect.arrayContaining(['normalise', 'deskew']));
    const { data } = await sharp(cleaned?.png).grayscale().raw().toBuffer({ resolveWithObject: true });
    // The corner pixel (added by the rotation) and the paper are both white now.
    expect(data[0]).toBeGreaterThan(240);
    expect(percentile(data, 0.5)).toBeGreaterThan(240);
    expect(percentile(data, 0.02)).toBeLessThan(30);
  });

  it('upscales small print whose rows all hold ink (a rim down the side), measured by its glyphs', async () => {
    const slip = await smallSlipWithRim();
    const { data, info } = await sharp(slip).grayscale().raw().toBuffer({ resolveWithObject: true });
    const grey = { data: new Uint8Array(data), width: info.width, height: info.height };
    // The row profile cannot say how high the lines are: the rim puts ink in every row...
    const threshold = otsuThreshold(data);
    const ink: number[] = [];
    const mask = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++)
      if ((data[i] as number) < threshold) {
        ink.push(i);
        mask[i] = 1;
      }
    expect(textLineHeight(estimateSkew(ink, info.width, info.height).rows)).toBe(0);
    // ...the glyphs can (the rim touches the border and is no glyph), with one threshold or by the neighbourhood.
    expect(glyphHeight(mask, info.width, info.height)).toBe(9);
    expect(glyphHeight(localInk(grey), info.width, info.height)).toBe(9);
    const cleaned = await cleanForOcr(slip);
    expect(cleaned?.steps).toEqual(expect.arrayContaining(['flatten', 'upscale']));
    expect(cleaned?.width).toBeGreaterThan(info.width * 1.3);
  });

  it('localInk finds faint print beside black that one threshold calls paper', () => {
    // Paper 230, a black band (20) over the left half, a faint stroke (170) on the right half.
    const width = 80;
    const height = 40;
    const data = new Uint8Array(width * height).fill(230);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < 40; x++) data[y * width + x] = 20;
      for (let x = 60; x < 62; x++) data[y * width + x] = 170;
    }
    const ink = localInk({ data, width, height });
    expect(otsuThreshold(data)).toBeLessThanOrEqual(170);
    expect(ink[20 * width + 60]).toBe(1);
    expect(ink[20 * width + 70]).toBe(0);
  });

  it('gives null for bytes that are no image', async () => {
    expect(await cleanForOcr(new Uint8Array([1, 2, 3, 4]))).toBeNull();
  });
});

describe('image measures', () => {
  it('otsuThreshold splits two populations', () => {
    const t = otsuThreshold([...new Array<number>(100).fill(30), ...new Array<number>(300).fill(220)]);
    expect(t).toBeGreaterThanOrEqual(30);
    expect(t).toBeLessThan(220);
  });

  it('percentile is the value at that rank of the sorted values', () => {
    const values = [9, 200, 3, 3, 50, 7, 255, 0, 120, 3];
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.05, 0.5, 0.9, 0.99])
      expect(percentile(values, q)).toBe(sorted[Math.floor(values.length * q)]);
    expect(percentile([], 0.5)).toBe(255);
  });

  it('textLineHeight is the median run of inked rows', () => {
    const rows = [0, 0, 5, 9, 8, 0, 0, 7, 9, 9, 6, 0, 0, 4, 8, 7, 0, 1, 0];
    expect(textLineHeight(rows)).toBe(3);
    expect(textLineHeight([0, 9, 9, 0])).toBe(0);
  });
});

describe('paperLightClosed', () => {
  it('removes thin ink and follows a shadow to its edge, where a max filter alone carries the light over', () => {
    // Left half in shadow (110), right half lit (240), a thin dark stroke every 10 columns on both.
    const width = 200;
    const height = 60;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) data[y * width + x] = x % 10 === 5 ? 20 : x < 100 ? 110 : 240;
    const r = 6;
    const light = paperLightClosed({ data, width, height }, r);
    const at = (x: number): number => light.data[30 * width + x] as number;
    // No stroke is left in the lit half.
    for (let x = 100 + 2 * r; x < width; x++) expect(at(x)).toBeGreaterThanOrEqual(235);
    // In the shadow, up to the radius from its edge, the light is the shadow's, not the lit half's (the
    // blur of half the radius mixes them nearer the edge); a max filter alone lights that band at 240.
    for (let x = 2 * r; x <= 100 - r; x++) expect(at(x)).toBeLessThanOrEqual(120);
    expect(maxFilter({ data, width, height }, r).data[30 * width + 100 - r]).toBe(240);
  });
});

describe('maxFilter', () => {
  it('gives the maximum of each square window, clipped at the edges, for any radius', () => {
    const width = 23;
    const height = 17;
    let state = 7;
    const data = new Uint8Array(width * height).map(() => (state = (state * 1103515245 + 12345) % 2147483648) % 256);
    for (const r of [0, 1, 2, 5, 11, 30]) {
      const got = maxFilter({ data, width, height }, r).data;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          let want = 0;
          for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++)
            for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++)
              want = Math.max(want, data[yy * width + xx] as number);
          expect(got[y * width + x]).toBe(want);
        }
    }
  });
});
