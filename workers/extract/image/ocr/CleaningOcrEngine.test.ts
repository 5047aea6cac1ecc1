import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { degradeToPhoto } from '../../../../evaluation/ocr/degradePhoto.js';
import { TesseractCliEngine, findTesseractBinary } from './tesseractCli.js';
import type { CleanedImage } from './cleanImage.js';
import { CleaningOcrEngine, READS_LITTLE_BELOW, wordsRead } from './CleaningOcrEngine.js';
import type { OcrEngine, OcrLayout, OcrWord } from './OcrEngine.js';

const word = (text: string, confidence = 0.9): OcrWord => ({
  text,
  box: [10, 20, 30, 40],
  confidence,
  line: '1.1.1.1',
  paragraph: '1.1.1',
});

/** An engine that answers `words(layout)` and records what it was given. */
function recordingEngine(
  words: (layout: OcrLayout) => OcrWord[],
  name: OcrEngine['name'] = 'native',
): OcrEngine & { calls: Array<{ image: number[]; layout: OcrLayout }> } {
  const calls: Array<{ image: number[]; layout: OcrLayout }> = [];
  return {
    name,
    calls,
    recognize: async (image, _languages, options) => {
      const layout = options?.layout ?? 'auto';
      calls.push({ image: [...image], layout });
      const found = words(layout);
      return { text: found.map((w) => w.text).join(' '), words: found, confidence: 0.9, missingLanguages: [] };
    },
    dispose: async () => {},
  };
}

/** A cleaner that "cleans" to the bytes [9] and doubles coordinates back. */
const doubling = async (): Promise<CleanedImage> => ({
  png: Buffer.from([9]),
  width: 2,
  height: 2,
  steps: ['upscale'],
  toOriginal: ([l, t, w, h]) => [l * 2, t * 2, w * 2, h * 2],
});

const many = (n: number, confidence = 0.9): OcrWord[] =>
  Array.from({ length: n }, (_, i) => word(`word${i}`, confidence));

describe('CleaningOcrEngine', () => {
  it('reads the cleaned image and puts its boxes back in the original pixels', async () => {
    const inner = recordingEngine(() => many(READS_LITTLE_BELOW));
    const page = await new CleaningOcrEngine(inner, doubling).recognize(new Uint8Array([1]), ['eng']);
    expect(inner.calls).toEqual([{ image: [9], layout: 'auto' }]);
    expect(page.words[0]?.box).toEqual([20, 40, 60, 80]);
  });

  it('binarises the cleaned image by neighbourhood when the paper was found on a table (a photo), not a scan', async () => {
    const asked = async (steps: string[]): Promise<Array<string | undefined>> => {
      const seen: Array<string | undefined> = [];
      const inner = recordingEngine(() => many(READS_LITTLE_BELOW));
      const recognize = inner.recognize.bind(inner);
      inner.recognize = async (image, languages, options) => {
        seen.push(options?.binarisation);
        return recognize(image, languages, options);
      };
      await new CleaningOcrEngine(inner, async () => ({ ...(await doubling()), steps })).recognize(
        new Uint8Array([1]),
        ['eng'],
      );
      return seen;
    };
    expect(await asked(['perspective', 'flatten', 'normalise'])).toEqual(['local']);
    expect(await asked(['crop', 'flatten', 'deskew'])).toEqual(['local']);
    expect(await asked(['flatten', 'deskew', 'upscale'])).toEqual([undefined]);
  });

  it('reads the original when cleaning changes nothing or fails', async () => {
    const untouched = recordingEngine(() => many(20));
    await new CleaningOcrEngine(untouched, async () => ({ ...(await doubling()), steps: [] })).recognize(
      new Uint8Array([1]),
      ['eng'],
    );
    const failed = recordingEngine(() => many(20));
    await new CleaningOcrEngine(failed, () => Promise.reject(new Error('no decoder'))).recognize(new Uint8Array([1]), [
      'eng',
    ]);
    expect([untouched.calls, failed.calls]).toEqual([
      [{ image: [1], layout: 'auto' }],
      [{ image: [1], layout: 'auto' }],
    ]);
  });

  it('reads again in the other segmentation when the first reads little, and keeps the reading with more words read', async () => {
    const inner = recordingEngine((layout) => (layout === 'auto' ? many(3) : many(25)));
    const page = await new CleaningOcrEngine(inner, doubling).recognize(new Uint8Array([1]), ['eng']);
    expect(inner.calls.map((c) => c.layout)).toEqual(['auto', 'single-block']);
    expect(page.words).toHaveLength(25);

    const worse = recordingEngine((layout) => (layout === 'single-block' ? many(5) : many(2, 0.3)));
    const kept = await new CleaningOcrEngine(worse, doubling).recognize(new Uint8Array([1]), ['eng'], {
      layout: 'single-block',
    });
    expect(worse.calls.map((c) => c.layout)).toEqual(['single-block', 'auto']);
    expect(kept.words).toHaveLength(5);
  });

  it('reads once with tesseract.js, which ignores the segmentation', async () => {
    const inner = recordingEngine(() => many(2), 'tesseract.js');
    await new CleaningOcrEngine(inner, doubling).recognize(new Uint8Array([1]), ['eng']);
    expect(inner.calls).toHaveLength(1);
  });

  it('cleans an image once when it is read twice', async () => {
    let cleanings = 0;
    const counting = async (): Promise<CleanedImage> => {
      cleanings++;
      return doubling();
    };
    const engine = new CleaningOcrEngine(
      recordingEngine(() => many(20)),
      counting,
    );
    const image = new Uint8Array([1]);
    await engine.recognize(image, ['eng'], { layout: 'auto' });
    await engine.recognize(image, ['eng'], { layout: 'single-block' });
    expect(cleanings).toBe(1);
  });
});

describe('wordsRead', () => {
  it('counts sure words of two letters or digits', () => {
    expect(wordsRead({ words: [word('TOTAL'), word('9.00'), word('|'), word('a'), word('CASH', 0.4)] })).toBe(2);
  });
});

describe.skipIf(!findTesseractBinary())('CleaningOcrEngine with the native tesseract', () => {
  it('reads a phone photo of a page, with boxes inside the photo', async () => {
    const photo = await degradeToPhoto(readFileSync(new URL('../../fixtures/words.png', import.meta.url)), 5);
    const { width, height } = await sharp(photo).metadata();
    const engine = new CleaningOcrEngine(new TesseractCliEngine(findTesseractBinary() as string));
    const page = await engine.recognize(new Uint8Array(photo), ['eng']);
    await engine.dispose();
    expect(page.text).toMatch(/INVOICE\s+12345/);
    expect(page.text).toMatch(/Amount\s+250\.00/);
    for (const w of page.words) {
      expect(w.box[0] + w.box[2]).toBeLessThanOrEqual(width ?? 0);
      expect(w.box[1] + w.box[3]).toBeLessThanOrEqual(height ?? 0);
    }
  });
});
