import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { degradeToPhoto, homography, photoDegradation } from './degradePhoto.js';

/** A small "scan": white paper with dark text-like bars. */
async function scan(): Promise<Buffer> {
  const width = 120;
  const height = 240;
  const pixels = Buffer.alloc(width * height, 255);
  for (let y = 20; y < height - 20; y += 12) pixels.fill(20, y * width + 15, y * width + 100);
  return sharp(pixels, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

describe('degradeToPhoto', () => {
  it('gives the same bytes for the same image and seed, other bytes for another seed', async () => {
    const image = await scan();
    const a = await degradeToPhoto(image, 7);
    const b = await degradeToPhoto(image, 7);
    const c = await degradeToPhoto(image, 8);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('writes a JPEG of the lower resolution plus the table around the paper', async () => {
    const photo = await degradeToPhoto(await scan(), 3);
    const d = photoDegradation(3);
    const meta = await sharp(photo).metadata();
    expect(meta.format).toBe('jpeg');
    const paperWidth = Math.round(120 * d.scale);
    expect(meta.width).toBe(paperWidth + 2 * Math.round(paperWidth * d.margin));
    expect(meta.width).toBeLessThan(120 * 1.25);
  });

  it('draws its parameters within the ranges of a hand-held phone photo', () => {
    for (let seed = 0; seed < 50; seed++) {
      const d = photoDegradation(seed);
      expect(Math.abs(d.angle)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(d.angle)).toBeLessThanOrEqual(4);
      expect(d.scale).toBeGreaterThanOrEqual(0.6);
      expect(d.jpegQuality).toBeLessThanOrEqual(70);
      expect(d.blur).toBeGreaterThan(0.5);
    }
  });
});

describe('homography', () => {
  it('maps each of four points to its partner', () => {
    const from: Array<[number, number]> = [
      [3, 4],
      [110, -2],
      [120, 250],
      [-5, 230],
    ];
    const to: Array<[number, number]> = [
      [0, 0],
      [100, 0],
      [100, 200],
      [0, 200],
    ];
    const m = homography(from, to);
    for (let i = 0; i < 4; i++) {
      const [x, y] = from[i] as [number, number];
      const z = (m[6] as number) * x + (m[7] as number) * y + 1;
      expect(((m[0] as number) * x + (m[1] as number) * y + (m[2] as number)) / z).toBeCloseTo(to[i]?.[0] as number, 6);
      expect(((m[3] as number) * x + (m[4] as number) * y + (m[5] as number)) / z).toBeCloseTo(to[i]?.[1] as number, 6);
    }
  });
});
