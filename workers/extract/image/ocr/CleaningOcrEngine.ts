/**
 * OCR on a cleaned image (cleanImage.ts: lit evenly, cropped to the paper, straight, large enough), with
 * the word boxes put back in the original image's pixels, and a second reading in the other page
 * segmentation when the first reads little. Wraps either engine.
 */
import { cleanForOcr, type CleanedImage } from './cleanImage.js';
import { type OcrEngine, type OcrLayout, type OcrPage, type OcrWord, type RecognizeOptions } from './OcrEngine.js';

/** A word counts as read when tesseract is at least this sure of it and it has two letters or digits. */
const READ_CONFIDENCE = 0.6;
/** A reading with fewer read words than this "reads little" and earns a second reading. */
export const READS_LITTLE_BELOW = 15;

/** Words of a reading that were read with some certainty (what decides between two readings). */
export function wordsRead(page: Pick<OcrPage, 'words'>): number {
  return page.words.filter((w) => w.confidence >= READ_CONFIDENCE && (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2)
    .length;
}

const otherLayout = (layout: OcrLayout): OcrLayout => (layout === 'single-block' ? 'auto' : 'single-block');

export class CleaningOcrEngine implements OcrEngine {
  /** The last image cleaned: ExtractContext may read one image twice (two page segmentations). */
  private last: { image: Uint8Array; cleaned: Promise<CleanedImage | null> } | null = null;

  constructor(
    private readonly inner: OcrEngine,
    private readonly clean: (image: Uint8Array) => Promise<CleanedImage | null> = cleanForOcr,
  ) {}

  get name(): OcrEngine['name'] {
    return this.inner.name;
  }

  private cleanedOf(image: Uint8Array): Promise<CleanedImage | null> {
    if (this.last?.image !== image) {
      // A failure to clean is no failure to read: the engine gets the original.
      this.last = { image, cleaned: this.clean(image).catch(() => null) };
    }
    return this.last.cleaned;
  }

  async recognize(
    image: Uint8Array,
    languages: readonly string[],
    options: RecognizeOptions = {},
  ): ReturnType<OcrEngine['recognize']> {
    const cleaned = await this.cleanedOf(image);
    const layout = options.layout ?? 'auto';
    // A photo (paper found on a table) is binarised by neighbourhood: its cleaned light is even only
    // roughly. Scans keep tesseract's one threshold, which read them as well or better.
    const photo = cleaned?.steps.some((step) => step === 'crop' || step === 'perspective') ?? false;
    const read = async (which: OcrLayout): ReturnType<OcrEngine['recognize']> => {
      if (!cleaned || cleaned.steps.length === 0) return this.inner.recognize(image, languages, { layout: which });
      const page = await this.inner.recognize(new Uint8Array(cleaned.png), languages, {
        layout: which,
        ...(photo ? { binarisation: 'local' as const } : {}),
      });
      const words: OcrWord[] = page.words.map((w) => ({ ...w, box: cleaned.toOriginal(w.box) }));
      return { ...page, words };
    };
    const first = await read(layout);
    // tesseract.js reads every image as one block whatever it is asked: a second reading would be the same.
    if (this.inner.name !== 'native' || wordsRead(first) >= READS_LITTLE_BELOW) return first;
    const second = await read(otherLayout(layout));
    return wordsRead(second) > wordsRead(first) ? second : first;
  }

  async dispose(): Promise<void> {
    this.last = null;
    await this.inner.dispose();
  }
}
