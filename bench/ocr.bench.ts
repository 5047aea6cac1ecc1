/**
 * OCR word recall against the SROIE line transcriptions (../shared/corpus/gt/receipt/sroie): docpipe's
 * own image extraction (workers/extract: its OCR engine, page segmentation and cleaning) on the receipt
 * scans as they are, and on the same receipts turned into phone photos by a seeded generator
 * (evaluation/ocr/degradePhoto.ts: lower resolution, perspective, rotation, uneven light and shadow,
 * blur, noise, JPEG). Recall is the share of transcribed words the OCR text contains, both sides
 * normalised alike (evaluation/ocr/wordRecall.ts).
 *
 *   npm run bench:ocr -- [--limit 40 | --all] [--corpus ../shared/corpus] [--seed 1] [--jobs 2]
 *                        [--compare] [--keep-photos DIR] [--json FILE]
 *
 * `--compare` reads both sets twice, without and with the cleaning before OCR (OcrConfig.clean), in the
 * same run, and prints the time ratio.
 * The default subset is 40 of the 130 receipts (a seeded draw), about ten minutes here with 2 cores;
 * `--all` reads every one.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_EXTRACT_LIMITS } from '../electron/shared/contract/extract.js';
import { seededRandom, shuffleInPlace } from '../electron/understand/seededRandom.js';
import { extractFile } from '../workers/extract/extractFile.js';
import { createOcrEngine } from '../workers/extract/image/ocr/createOcrEngine.js';
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

/** docpipe's text of one image file, and how long extraction took. */
async function ocrText(
  path: string,
  bytes: Uint8Array,
  mime: string,
  clean: boolean,
): Promise<{ text: string; seconds: number }> {
  const started = process.hrtime.bigint();
  const engine = createOcrEngine({ clean });
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
  const limit = flag('all') ? all.length : Math.min(all.length, Number(option('limit', '40')));
  const subset = shuffleInPlace([...all], seededRandom(20261208))
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
      `bench:ocr: ${subset.length} of ${all.length} SROIE receipts; photos generated in ${((Date.now() - generated) / 1000).toFixed(0)} s (${photoDir})`,
    );

    const read = async (receipt: Receipt, file: string, clean: boolean): Promise<Reading> => {
      const bytes = await readFile(file);
      const mime = /\.png$/i.test(file) ? 'image/png' : 'image/jpeg';
      const { text, seconds } = await ocrText(file, bytes, mime, clean);
      return { path: receipt.path, recall: wordRecall(receipt.transcript, text), seconds };
    };
    const rows: Array<{ set: string; cleaning: boolean; readings: Reading[]; seconds: number }> = [];
    for (const cleaning of flag('compare') ? [false, true] : [true]) {
      for (const set of ['scans', 'photos'] as const) {
        const file = (r: Receipt): string => (set === 'scans' ? join(corpus, r.path) : (photos.get(r.path) as string));
        const [readings, seconds] = await inParallel(subset, jobs, (r) => read(r, file(r), cleaning));
        rows.push({ set, cleaning, readings, seconds });
        console.error(`  ${set}, ${cleaning ? 'with' : 'without'} cleaning: ${seconds.toFixed(0)} s`);
      }
    }
    console.log(
      `OCR word recall against the SROIE transcriptions, ${new Date().toISOString().slice(0, 10)}, ${jobs} at once, photo seed ${seed}`,
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
