import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../../../electron/shared/contract/extract.js';
import { ExtractContext } from '../../ExtractContext.js';
import { layoutForImage, looksLikeTillSlip, type OcrEngine, type OcrLayout } from './OcrEngine.js';

describe('layoutForImage', () => {
  it('reads tall, narrow images (till receipts) as one block and leaves page formats alone', () => {
    expect(layoutForImage(463, 1013)).toBe('single-block'); // a receipt scan, 2.2
    expect(layoutForImage(1000, 1700)).toBe('single-block');
    expect(layoutForImage(2480, 3508)).toBe('auto'); // A4, 1.41
    expect(layoutForImage(2550, 4200)).toBe('auto'); // US Legal, 1.65
    expect(layoutForImage(762, 1000)).toBe('auto'); // a scanned form
    expect(layoutForImage(0, 100)).toBe('auto');
  });
});

describe('looksLikeTillSlip', () => {
  it('needs till words and several amounts with cents', () => {
    expect(looksLikeTillSlip('SUB TOTAL 12.00\nGST 0.72\nTOTAL 12.72\nCASH 20.00\nCHANGE 7.28')).toBe(true);
    expect(looksLikeTillSlip('Date: 12/03/1998\nTo: R&D\nSubject: tar and nicotine\nTotal: 3 samples')).toBe(false);
    expect(looksLikeTillSlip('Amount 1.00 2.00 3.00')).toBe(false);
  });
});

/** An engine that records the layouts it was asked for and reads a till slip on every page. */
function recordingEngine(text: string): OcrEngine & { layouts: OcrLayout[] } {
  const layouts: OcrLayout[] = [];
  return {
    name: 'native',
    layouts,
    recognize: async (_image, _languages, options) => {
      layouts.push(options?.layout ?? 'auto');
      return { text: `${text} (${options?.layout ?? 'auto'})`, words: [], confidence: 0.9, missingLanguages: [] };
    },
    dispose: async () => {},
  };
}

describe('ExtractContext.ocrImage page segmentation', () => {
  const context = (engine: OcrEngine): ExtractContext =>
    new ExtractContext('/x/scan.png', DEFAULT_EXTRACT_LIMITS, ['eng'], () => engine, 30_000);
  const SLIP = 'TOTAL 9.00\nCASH 10.00\nCHANGE 1.00';

  it('reads a tall strip as one block, once', async () => {
    const engine = recordingEngine(SLIP);
    expect((await context(engine).ocrImage(new Uint8Array(1), 'the image', { width: 400, height: 1200 })).text).toBe(
      `${SLIP} (single-block)`,
    );
    expect(engine.layouts).toEqual(['single-block']);
  });

  it('reads a portrait page again as one block when it reads like a till slip, and keeps the second reading', async () => {
    const engine = recordingEngine(SLIP);
    expect((await context(engine).ocrImage(new Uint8Array(1), 'the image', { width: 900, height: 1200 })).text).toBe(
      `${SLIP} (single-block)`,
    );
    expect(engine.layouts).toEqual(['auto', 'single-block']);
  });

  it('reads other pages once with automatic segmentation', async () => {
    const form = recordingEngine('Name: Ann\nDate: 1998');
    await context(form).ocrImage(new Uint8Array(1), 'the image', { width: 762, height: 1000 });
    const landscape = recordingEngine(SLIP);
    await context(landscape).ocrImage(new Uint8Array(1), 'the image', { width: 1200, height: 900 });
    expect([form.layouts, landscape.layouts]).toEqual([['auto'], ['auto']]);
  });
});
