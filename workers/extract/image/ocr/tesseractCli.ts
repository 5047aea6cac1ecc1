/**
 * OCR with the native `tesseract` executable (TSV output). The image goes in on stdin, the TSV comes
 * back on stdout: no temporary files. OMP_THREAD_LIMIT=1 because the pool already runs one OCR per
 * core; letting each tesseract process spread over every core oversubscribes the CPU (see CONTEXT.md).
 */
import { spawnSync } from 'node:child_process';
import { NativeRunError, findExecutable, runNative } from '../../nativeTools.js';
import {
  layoutOcrText,
  meanConfidence,
  type OcrEngine,
  type OcrPage,
  type OcrWord,
  type RecognizeOptions,
} from './OcrEngine.js';

/** Where a tesseract executable is (see findExecutable). Null when none is found. */
export function findTesseractBinary(options: { tesseractPath?: string; resourcesDir?: string } = {}): string | null {
  return findExecutable('tesseract', { path: options.tesseractPath, resourcesDir: options.resourcesDir });
}

/** Parses tesseract's TSV: level 5 rows are words, with left/top/width/height and confidence 0-100. */
export function parseTesseractTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n')) {
    const cols = row.split('\t');
    if (cols.length < 12 || cols[0] !== '5') continue;
    const [, page, block, par, line, , left, top, width, height, conf] = cols;
    const text = cols.slice(11).join('\t').trim();
    const confidence = Number(conf);
    if (!text || !(confidence >= 0)) continue;
    words.push({
      text,
      box: [Number(left), Number(top), Number(width), Number(height)],
      confidence: Math.round(Math.min(1, confidence / 100) * 1e4) / 1e4,
      line: `${page}.${block}.${par}.${line}`,
      paragraph: `${page}.${block}.${par}`,
    });
  }
  return words;
}

/** The native run was killed at its deadline. */
export class TesseractTimeout extends Error {
  override readonly name = 'TesseractTimeout';
}

/** The installed tesseract has none of the requested languages. */
export class TesseractNoLanguage extends Error {
  override readonly name = 'TesseractNoLanguage';
}

export class TesseractCliEngine implements OcrEngine {
  readonly name = 'native' as const;
  private available: Set<string> | null = null;

  constructor(
    private readonly binary: string,
    private readonly timeoutMs = 120_000,
  ) {}

  /** Languages the installed tesseract has data for (`--list-langs`), asked once. */
  private languages(): Set<string> {
    if (!this.available) {
      const r = spawnSync(this.binary, ['--list-langs'], { encoding: 'utf8', timeout: 10_000 });
      const lines = `${r.stdout ?? ''}`.split('\n').map((l) => l.trim());
      this.available = new Set(lines.filter((l) => l && !l.startsWith('List of')));
    }
    return this.available;
  }

  async recognize(
    image: Uint8Array,
    languages: readonly string[],
    options: RecognizeOptions = {},
  ): Promise<OcrPage & { missingLanguages: string[] }> {
    const have = this.languages();
    const use = languages.filter((l) => have.has(l));
    const missingLanguages = languages.filter((l) => !have.has(l));
    if (use.length === 0)
      throw new TesseractNoLanguage(`the tesseract at ${this.binary} has no data for ${languages.join(', ')}`);
    const psm = options.layout === 'single-block' ? '6' : '3';
    const local = options.binarisation === 'local' ? ['-c', 'thresholding_method=2'] : [];
    const tsv = await this.run(['stdin', 'stdout', '-l', use.join('+'), '--psm', psm, ...local, 'tsv'], image);
    const words = parseTesseractTsv(tsv);
    return { text: layoutOcrText(words), words, confidence: meanConfidence(words), missingLanguages };
  }

  private async run(args: string[], input: Uint8Array): Promise<string> {
    try {
      const out = await runNative(this.binary, args, input, this.timeoutMs, { ...process.env, OMP_THREAD_LIMIT: '1' });
      return out.toString('utf8');
    } catch (error) {
      if (error instanceof NativeRunError && error.failure.kind === 'timeout')
        throw new TesseractTimeout(error.message);
      throw error;
    }
  }

  async dispose(): Promise<void> {
    // Each recognition is its own short-lived process: nothing is kept between calls.
  }
}
