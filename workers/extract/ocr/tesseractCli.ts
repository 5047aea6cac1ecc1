/**
 * OCR with the native `tesseract` executable (TSV output). The image goes in on stdin, the TSV comes
 * back on stdout: no temporary files. OMP_THREAD_LIMIT=1 because the pool already runs one OCR per
 * core; letting each tesseract process spread over every core oversubscribes the CPU (see CONTEXT.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { layoutOcrText, meanConfidence, type OcrEngine, type OcrPage, type OcrWord, type RecognizeOptions } from './OcrEngine.js';

/**
 * Where a tesseract executable is: the configured path, the app's bundled copy under
 * resources/bin/<platform-arch>/, then PATH. Null when none is found.
 */
export function findTesseractBinary(options: { tesseractPath?: string; resourcesDir?: string } = {}): string | null {
  const exe = process.platform === 'win32' ? 'tesseract.exe' : 'tesseract';
  const candidates: string[] = [];
  if (options.tesseractPath) candidates.push(options.tesseractPath);
  if (options.resourcesDir) candidates.push(join(options.resourcesDir, 'bin', `${process.platform}-${process.arch}`, exe));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, exe));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there or not executable: try the next place
    }
  }
  return null;
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

  async recognize(image: Uint8Array, languages: readonly string[], options: RecognizeOptions = {}): Promise<OcrPage & { missingLanguages: string[] }> {
    const have = this.languages();
    const use = languages.filter((l) => have.has(l));
    const missingLanguages = languages.filter((l) => !have.has(l));
    if (use.length === 0) throw new TesseractNoLanguage(`the tesseract at ${this.binary} has no data for ${languages.join(', ')}`);
    const psm = options.layout === 'single-block' ? '6' : '3';
    const tsv = await this.run(['stdin', 'stdout', '-l', use.join('+'), '--psm', psm, 'tsv'], image);
    const words = parseTesseractTsv(tsv);
    return { text: layoutOcrText(words), words, confidence: meanConfidence(words), missingLanguages };
  }

  private run(args: string[], input: Uint8Array): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        windowsHide: true,
      });
      const out: Buffer[] = [];
      let err = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        if (err.length < 4000) err += chunk.toString('utf8');
      });
      // A child that dies before reading all of stdin makes the write fail with EPIPE; the exit code says why.
      child.stdin.on('error', () => {});
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else if (timedOut) reject(new TesseractTimeout(`tesseract took longer than ${this.timeoutMs} ms and was stopped`));
        else if (signal) reject(new Error(`tesseract was stopped by the system (${signal})`));
        else reject(new Error(`tesseract exited with code ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
      });
      child.stdin.end(input);
    });
  }

  async dispose(): Promise<void> {
    // Each recognition is its own short-lived process: nothing is kept between calls.
  }
}
