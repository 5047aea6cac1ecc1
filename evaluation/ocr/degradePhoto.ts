/**
 * Turns a flatbed scan into what a phone photo of the same paper looks like, reproducibly from a seed:
 * lower resolution, the paper lying on a table (background), seen at an angle (perspective warp with a
 * few degrees of rotation), lit unevenly (an illumination gradient and a soft shadow across the page),
 * out of focus (blur), sensor noise, and JPEG recompression. The same bytes and seed give the same bytes.
 *
 * sharp (libvips) decodes, resizes, blurs and encodes; the perspective warp, the lighting and the noise
 * are done here on raw pixels, since libvips has no projective transform.
 */
import sharp from 'sharp';
import { seededRandom } from '../../electron/understand/seededRandom.js';
import { homography } from '../../workers/extract/image/ocr/paperQuad.js';

export interface PhotoDegradation {
  /** Resolution kept, as a share of the scan's. */
  scale: number;
  /** Table around the paper on each side, as a share of the paper's size. */
  margin: number;
  /** Rotation of the paper in degrees. */
  angle: number;
  /** Corner displacements (perspective), in shares of the paper's width: [x, y] per corner, clockwise from top-left. */
  corners: Array<[number, number]>;
  /** Table colour (RGB). */
  background: [number, number, number];
  /** Brightness at the darkest edge of the lighting gradient (1 = even light). */
  lightFloor: number;
  /** Direction of the lighting gradient, radians. */
  lightAngle: number;
  /** A soft shadow over part of the page: darkness factor, its edge's direction and position; null: none. */
  shadow: { factor: number; angle: number; offset: number } | null;
  /** Gaussian blur sigma, pixels. */
  blur: number;
  /** Sensor noise, standard deviation in grey levels. */
  noise: number;
  /** JPEG quality of the recompression. */
  jpegQuality: number;
}

/** The degradation drawn for a seed. */
export function photoDegradation(seed: number): PhotoDegradation {
  const r = seededRandom(seed);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * r();
  const sign = (): number => (r() < 0.5 ? -1 : 1);
  const jitter = (): [number, number] => [between(-0.05, 0.05), between(-0.04, 0.04)];
  const grey = between(70, 150);
  return {
    scale: between(0.6, 0.9),
    margin: between(0.05, 0.12),
    angle: sign() * between(1, 4),
    corners: [jitter(), jitter(), jitter(), jitter()],
    background: [grey + between(0, 25), grey + between(-5, 10), grey - between(0, 25)].map((v) =>
      Math.round(Math.min(255, Math.max(0, v))),
    ) as [number, number, number],
    lightFloor: between(0.45, 0.8),
    lightAngle: between(0, 2 * Math.PI),
    shadow:
      r() < 0.7 ? { factor: between(0.6, 0.85), angle: between(0, 2 * Math.PI), offset: between(-0.3, 0.3) } : null,
    blur: between(0.6, 1.4),
    noise: between(4, 10),
    jpegQuality: Math.round(between(40, 70)),
  };
}

/** The projective transform taking four points to four others (shared with the cleaning that undoes it). */
export { homography };

/** Standard normal draws from a uniform generator (Box–Muller). */
function gaussian(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** A phone photo of the paper in `image` (any format sharp reads), as JPEG bytes. */
export async function degradeToPhoto(image: Uint8Array, seed: number): Promise<Buffer> {
  const d = photoDegradation(seed);
  const meta = await sharp(image).metadata();
  const width = Math.max(8, Math.round((meta.width ?? 8) * d.scale));
  const src = await sharp(image)
    .removeAlpha()
    .toColourspace('srgb')
    .resize({ width })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels } = src.info;
  const pixels = src.data;

  // The paper's corners on the photo: placed with a margin, rotated about the centre, each displaced.
  const mx = Math.round(w * d.margin);
  const my = Math.round(h * d.margin * 0.6);
  const outW = w + 2 * mx;
  const outH = h + 2 * my;
  const cx = outW / 2;
  const cy = outH / 2;
  const cos = Math.cos((d.angle * Math.PI) / 180);
  const sin = Math.sin((d.angle * Math.PI) / 180);
  const paper: Array<[number, number]> = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  const placed = paper.map(([x, y], i): [number, number] => {
    const [jx, jy] = d.corners[i] as [number, number];
    const px = mx + x + jx * w - cx;
    const py = my + y + jy * w - cy;
    return [cx + px * cos - py * sin, cy + px * sin + py * cos];
  });
  // Inverse mapping: for every photo pixel, where on the paper it looks.
  const m = homography(placed, paper);
  const [m0, m1, m2, m3, m4, m5, m6, m7] = m as [number, number, number, number, number, number, number, number];

  const out = Buffer.alloc(outW * outH * 3);
  const dirX = Math.cos(d.lightAngle);
  const dirY = Math.sin(d.lightAngle);
  const span = Math.abs(dirX) * outW + Math.abs(dirY) * outH;
  const lightOrigin = Math.min(0, dirX * outW) + Math.min(0, dirY * outH);
  const shadowX = d.shadow ? Math.cos(d.shadow.angle) : 0;
  const shadowY = d.shadow ? Math.sin(d.shadow.angle) : 0;
  const shadowEdge = Math.max(4, 0.06 * Math.min(outW, outH));
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const z = m6 * x + m7 * y + 1;
      const sx = (m0 * x + m1 * y + m2) / z;
      const sy = (m3 * x + m4 * y + m5) / z;
      let light = d.lightFloor + (1 - d.lightFloor) * ((dirX * x + dirY * y - lightOrigin) / span);
      if (d.shadow) {
        const t = ((x - cx) * shadowX + (y - cy) * shadowY) / Math.min(outW, outH) - d.shadow.offset;
        const inside = Math.min(1, Math.max(0, 0.5 + (t * Math.min(outW, outH)) / shadowEdge));
        light *= 1 - (1 - d.shadow.factor) * inside * inside * (3 - 2 * inside);
      }
      const o = (y * outW + x) * 3;
      if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) {
        for (let c = 0; c < 3; c++) out[o + c] = Math.round((d.background[c] as number) * light);
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const i00 = (y0 * w + x0) * channels;
      const i10 = (y0 * w + x1) * channels;
      const i01 = (y1 * w + x0) * channels;
      const i11 = (y1 * w + x1) * channels;
      for (let c = 0; c < 3; c++) {
        const k = c < channels ? c : channels - 1;
        const top = (pixels[i00 + k] as number) * (1 - fx) + (pixels[i10 + k] as number) * fx;
        const bottom = (pixels[i01 + k] as number) * (1 - fx) + (pixels[i11 + k] as number) * fx;
        out[o + c] = Math.round((top * (1 - fy) + bottom * fy) * light);
      }
    }
  }

  const blurred = await sharp(out, { raw: { width: outW, height: outH, channels: 3 } })
    .blur(d.blur)
    .raw()
    .toBuffer();
  const noise = gaussian(seededRandom(seed ^ 0x5eed));
  for (let i = 0; i < blurred.length; i++) {
    blurred[i] = Math.min(255, Math.max(0, Math.round((blurred[i] as number) + noise() * d.noise)));
  }
  return sharp(blurred, { raw: { width: outW, height: outH, channels: 3 } })
    .jpeg({ quality: d.jpegQuality })
    .toBuffer();
}
