/**
 * OCR word recall against the SROIE line transcriptions (../shared/corpus/gt/receipt/sroie): docpipe's
 * own image extraction (workers/extract: its OCR engine, page segmentation and cleaning) on the receipt
 * scans as they are, and on the same receipts turned into phone photos by a seeded generator
 * (evaluation/ocr/degradePhoto.ts: lower resolution, perspective, rotation, uneven light and shadow,
 * blur, noise, JPEG). Recall is the share of transcribed words the OCR text contains, both sides
 * normalised alike (evaluation/ocr/wordRecall.ts).
 *
 *   npm run bench:ocr -- [--half score | tune] [--limit 40 | --all] [--corpus ../shared/corpus] [--seed 1]
 *                        [--jobs 2] [--compare] [--no-clean] [--clean-options JSON] [--keep-photos DIR]
 *                        [--json FILE] [--sets scans,photos]
 *
 * The receipts are split in two halves by a fixed hash of the file name (`receiptHalf`): the cleaning is
 * tuned on the `tune` half only, and the `score` half (the default) gives the figure of record.
 *
 * `--compare` reads both sets twice, without and with the cleaning before OCR (OcrConfig.clean), in the
 * same run, and prints the time ratio.
 * `--no-clean` reads without the cleaning only. `--limit N` reads a seeded draw of N of the half's
 * receipts; the default and `--all` read the whole half.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_EXTRACT_LIMITS } from '../electron/shared/contract/extract.js';
import { seededRandom, shuffleInPlace } from '../electron/understand/seededRandom.js';
import { extractFile } from '../workers/extract/extractFile.js';
import { createOcrEngine } from '../workers/extract/image/ocr/createOcrEngine.js';
import { CleaningOcrEngine } from '../workers/extract/image/ocr/CleaningOcrEngine.js';
import { cleanForOcr, DEFAULT_CLEAN_OPTIONS, type CleanOptions } from '../workers/extract/image/ocr/cleanImage.js';
import { degradeToPhoto } from '../evaluation/ocr/degradePhoto.js';
import { recallSummary, sroieTranscript, wordRecall } from '../evaluation/ocr/wordRecall.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

interface Receipt {
  path: string;
  transcript: string;
}

interface Reading {
  path: string;
  recall: number;
  seconds: number;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Which half a receipt is in, by the first byte of the SHA-256 of its file name: fixed, so that no
 * change of the cleaning or of the draw moves a receipt from the half it was tuned on to the scored one.
 */
function receiptHalf(path: string): 'tune' | 'score' {
  const first = Number.parseInt(sha256(new TextEncoder().encode(basename(path))).slice(0, 2), 16);
  return first % 2 === 0 ? 'score' : 'tune';
}

/** docpipe's text of one image file, and how long extraction took. */
async function ocrText(
  path: string,
  bytes: Uint8Array,
  mime: string,
  clean: boolean,
): Promise<{ text: string; seconds: number }> {
  const started = process.hrtime.bigint();
  // Tuning: `--clean-options '{"maxUpscale":2}'` reads with other cleaning options than the defaults.
  const tuned = option('clean-options', '');
  const engine =
    clean && tuned
      ? new CleaningOcrEngine(createOcrEngine({ clean: false }), (image) =>
          cleanForOcr(image, { ...DEFAULT_CLEAN_OPTIONS, ...(JSON.parse(tuned) as Partial<CleanOptions>) }),
        )
      : createOcrEngine({ clean });
  const response = await extractFile(
    { path, mime, sha256: sha256(bytes), limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] },
    { ocr: () => engine },
  ).finally(() => engine.dispose());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!response.ok) throw new Error(`${basename(path)}: ${response.error.message}`);
  return { text: response.output.pages.map((p) => p.text).join('\n'), seconds };
}

/** Runs `work` over the items with at most `jobs` at once; returns the results in item order and the wall-clock seconds. */
async function inParallel<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<R>,
): Promise<[R[], number]> {
  const started = Date.now();
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        results[i] = await work(items[i] as T);
      }
    }),
  );
  return [results, (Date.now() - started) / 1000];
}

async function main(): Promise<void> {
  const corpus = resolve(option('corpus', '../shared/corpus'));
  const seed = Number(option('seed', '1'));
  const jobs = Number(option('jobs', '2'));
  let labels: Array<{ path: string; class: string; fields?: { ocr_lines_gt?: string } }>;
  try {
    labels = (await readFile(join(corpus, 'labels.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as (typeof labels)[number]);
  } catch {
    console.error(`bench:ocr needs the corpus at ${corpus} (labels.jsonl); pass --corpus DIR`);
    process.exit(2);
  }
  const all: Receipt[] = [];
  for (const label of labels) {
    const gt = label.fields?.ocr_lines_gt;
    if (label.class !== 'receipt' || !gt) continue;
    all.push({ path: label.path, transcript: sroieTranscript(await readFile(join(corpus, gt), 'utf8')) });
  }
  all.sort((a, b) => (a.path < b.path ? -1 : 1));
  const half = option('half', 'score');
  if (half !== 'score' && half !== 'tune') {
    console.error(`--half is 'score' (the figure of record) or 'tune' (what the cleaning was tuned on), not '${half}'`);
    process.exit(2);
  }
  const inHalf = all.filter((r) => receiptHalf(r.path) === half);
  const limit = flag('all') ? inHalf.length : Math.min(inHalf.length, Number(option('limit', String(inHalf.length))));
  const subset = shuffleInPlace([...inHalf], seededRandom(20261208))
    .slice(0, limit)
    .sort((a, b) => (a.path < b.path ? -1 : 1));

  const keep = option('keep-photos', '');
  const photoDir = keep ? resolve(keep) : await mkdtemp(join(tmpdir(), 'docpipe-ocr-photos-'));
  await mkdir(photoDir, { recursive: true });
  try {
    // The photos first, outside the timing: the generator is not what is measured.
    const generated = Date.now();
    const photos = new Map<string, string>();
    for (const receipt of subset) {
      const file = join(photoDir, `${basename(receipt.path).replace(/\.\w+$/, '')}-seed${seed}.jpg`);
      // Each receipt's own degradation, whatever subset it is drawn in.
      const own = Number.parseInt(sha256(new TextEncoder().encode(`${seed}:${receipt.path}`)).slice(0, 8), 16);
      await writeFile(file, await degradeToPhoto(await readFile(join(corpus, receipt.path)), own));
      photos.set(receipt.path, file);
    }
    console.error(
      `bench:ocr: ${subset.length} of the ${inHalf.length} SROIE receipts of the ${half} half (${all.length} in all); photos generated in ${((Date.now() - generated) / 1000).toFixed(0)} s (${photoDir})`,
    );

    const read = async (receipt: Receipt, file: string, clean: boolean): Promise<Reading> => {
      const bytes = await readFile(file);
      const mime = /\.png$/i.test(file) ? 'image/png' : 'image/jpeg';
      const { text, seconds } = await ocrText(file, bytes, mime, clean);
      return { path: receipt.path, recall: wordRecall(receipt.transcript, text), seconds };
    };
    const rows: Array<{ set: string; cleaning: boolean; readings: Reading[]; seconds: number }> = [];
    for (const cleaning of flag('compare') ? [false, true] : flag('no-clean') ? [false] : [true]) {
      for (const set of option('sets', 'scans,photos').split(',') as Array<'scans' | 'photos'>) {
        const file = (r: Receipt): string => (set === 'scans' ? join(corpus, r.path) : (photos.get(r.path) as string));
        const [readings, seconds] = await inParallel(subset, jobs, (r) => read(r, file(r), cleaning));
        rows.push({ set, cleaning, readings, seconds });
        console.error(`  ${set}, ${cleaning ? 'with' : 'without'} cleaning: ${seconds.toFixed(0)} s`);
      }
    }
    console.log(
      `OCR word recall against the SROIE transcriptions, ${half} half${half === 'tune' ? ' (tuned on)' : ' (the figure of record)'}, ${new Date().toISOString().slice(0, 10)}, ${jobs} at once, photo seed ${seed}`,
    );
    console.log('set      cleaning  documents   mean  median  under 0.5   seconds  s/page (one OCR)');
    const mean = (readings: readonly Reading[]): number => recallSummary(readings.map((r) => r.recall)).mean;
    for (const row of rows) {
      const s = recallSummary(row.readings.map((r) => r.recall));
      const perPage = row.readings.reduce((sum, r) => sum + r.seconds, 0) / (row.readings.length || 1);
      console.log(
        `${row.set.padEnd(8)} ${(row.cleaning ? 'yes' : 'no').padEnd(8)} ${String(row.readings.length).padStart(10)}  ${s.mean.toFixed(3)}   ${s.median.toFixed(3)}     ${s.shareUnder.toFixed(3)}  ${row.seconds.toFixed(1).padStart(8)}  ${perPage.toFixed(2).padStart(6)}`,
      );
    }
    for (const cleaning of new Set(rows.map((r) => r.cleaning))) {
      const of = (set: string): Reading[] => rows.find((r) => r.cleaning === cleaning && r.set === set)?.readings ?? [];
      if (of('scans').length === 0 || of('photos').length === 0) continue;
      console.log(
        `${cleaning ? 'with' : 'without'} cleaning: photos within ${(mean(of('scans')) - mean(of('photos'))).toFixed(3)} of the scans (target: 0.1)`,
      );
    }
    if (flag('compare')) {
      const time = (cleaning: boolean): number =>
        rows
          .filter((r) => r.cleaning === cleaning)
          .reduce((sum, r) => sum + r.readings.reduce((t, x) => t + x.seconds, 0), 0);
      console.log(`OCR time with cleaning / without: ${(time(true) / time(false)).toFixed(2)}`);
    }
    const json = option('json', '');
    if (json) await writeFile(json, `${JSON.stringify({ seed, rows }, null, 1)}\n`);
  } finally {
    if (!keep) await rm(photoDir, { recursive: true, force: true });
  }
}

await main();
