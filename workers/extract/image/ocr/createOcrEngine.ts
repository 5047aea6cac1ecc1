import { TesseractCliEngine, TesseractNoLanguage, TesseractTimeout, findTesseractBinary } from './tesseractCli.js';
import { TesseractJsEngine } from './tesseractJs.js';
import type { OcrConfig, OcrEngine, RecognizeOptions } from './OcrEngine.js';
import { CleaningOcrEngine } from './CleaningOcrEngine.js';

/**
 * The OCR engine for one extraction thread. 'auto' (the default) prefers the native CLI, which
 * measured faster with the same text (CONTEXT.md), and falls back to tesseract.js, which always works
 * because its code and English data are npm dependencies. Either reads images cleaned first
 * (CleaningOcrEngine), unless `clean` is false.
 */
export function createOcrEngine(config: OcrConfig = {}): OcrEngine {
  const engine = createRawEngine(config);
  return config.clean === false || engine instanceof MissingNativeEngine ? engine : new CleaningOcrEngine(engine);
}

function createRawEngine(config: OcrConfig): OcrEngine {
  const choice = config.engine ?? 'auto';
  if (choice === 'tesseract.js') return new TesseractJsEngine();
  const binary = findTesseractBinary(config);
  if (binary && choice === 'native') return new TesseractCliEngine(binary, config.nativeTimeoutMs);
  if (binary) return new NativeWithFallback(new TesseractCliEngine(binary, config.nativeTimeoutMs));
  if (choice === 'native') return new MissingNativeEngine();
  return new TesseractJsEngine();
}

/**
 * 'auto' with a binary: the native engine, and tesseract.js (started only when needed) for an image
 * the native one cannot read. Leptonica refuses some valid files that tesseract.js decodes itself,
 * e.g. BMPs with BI_BITFIELDS as ImageMagick writes them ("cannot read compressed BMP files").
 */
class NativeWithFallback implements OcrEngine {
  readonly name = 'native' as const;
  private fallback: TesseractJsEngine | null = null;

  constructor(private readonly native: TesseractCliEngine) {}

  async recognize(
    image: Uint8Array,
    languages: readonly string[],
    options?: RecognizeOptions,
  ): ReturnType<OcrEngine['recognize']> {
    try {
      return await this.native.recognize(image, languages, options);
    } catch (nativeError) {
      // A timeout or a missing language would fail the same way (or worse) in WebAssembly.
      if (nativeError instanceof TesseractTimeout || nativeError instanceof TesseractNoLanguage) throw nativeError;
      this.fallback ??= new TesseractJsEngine();
      return this.fallback.recognize(image, languages, options);
    }
  }

  async dispose(): Promise<void> {
    await this.native.dispose();
    await this.fallback?.dispose();
    this.fallback = null;
  }
}

/** 'native' was asked for explicitly but there is no binary: every page fails with a clear message. */
class MissingNativeEngine implements OcrEngine {
  readonly name = 'native' as const;
  async recognize(): Promise<never> {
    throw new Error(
      'native OCR is configured but no tesseract executable was found: set tesseractPath, install tesseract, or use ocrEngine "auto"',
    );
  }
  async dispose(): Promise<void> {}
}
