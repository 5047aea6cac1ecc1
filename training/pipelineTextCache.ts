/**
 * A text cache made by docpipe's own extraction (workers/extract: pdf.js text layers, docpipe's OCR with
 * its page segmentation, e-invoice XML), so that figures measured on it are the pipeline's and not those
 * of other tools. Per labelled document it writes `<sha256>.txt` (pages separated by form feeds: the
 * format `npm run train -- --texts DIR` reads) and `<sha256>.pages.json` (the pages with their word
 * boxes and OCR confidence, and the e-invoice the file carries: what the field rules see in the app).
 *
 * `cache.json` records a fingerprint of the extraction code; a cache made by other code is reported as
 * stale, since OCR changes what the pages say. Existing entries are kept, so an interrupted fill resumes.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, writeFile, access } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_EXTRACT_LIMITS, type EInvoice, type ExtractedPage } from '../electron/shared/contract/extract.js';
import { sniffMime } from '../electron/core/ingest/sniff.js';
import { extractFile } from '../workers/extract/extractFile.js';

/** One cached document: what extraction gave the pipeline. */
export interface CachedExtraction {
  pages: ExtractedPage[];
  eInvoice: EInvoice | null;
}

const Word = z.object({
  text: z.string(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  confidence: z.number().optional(),
});
const CachedExtractionSchema = z.object({
  pages: z.array(
    z.object({
      page: z.number(),
      text: z.string(),
      method: z.enum(['text', 'ocr']),
      ocrConfidence: z.number().nullable(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      words: z.array(Word),
    }),
  ),
  eInvoice: z
    .object({
      fileName: z.string(),
      syntax: z.enum(['CII', 'UBL']),
      fields: z.record(z.string(), z.string()),
    })
    .nullable(),
});

/** The cache's manifest: which extraction code made it. */
const Manifest = z.object({ extractionFingerprint: z.string() });

const ROOT = resolve(new URL('..', import.meta.url).pathname);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures') out.push(...(await sourceFiles(path)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** sha256 over the extraction code (workers/extract, tests aside): the cache's version. */
export async function extractionFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await sourceFiles(join(ROOT, 'workers/extract'))) {
    hash
      .update(relative(ROOT, file))
      .update('\0')
      .update(await readFile(file));
  }
  return `sha256:${hash.digest('hex').slice(0, 16)}`;
}

export interface CacheStatus {
  /** The fingerprint of the code that made the cache, or null for a new or foreign cache. */
  madeBy: string | null;
  current: string;
}

export async function cacheStatus(dir: string): Promise<CacheStatus> {
  const current = await extractionFingerprint();
  try {
    const manifest = Manifest.parse(JSON.parse(await readFile(join(dir, 'cache.json'), 'utf8')));
    return { madeBy: manifest.extractionFingerprint, current };
  } catch {
    return { madeBy: null, current };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The cached extraction of a document, or null when the cache has none (or a damaged one). */
export async function readCachedExtraction(dir: string, sha256: string): Promise<CachedExtraction | null> {
  try {
    const parsed = CachedExtractionSchema.safeParse(
      JSON.parse(await readFile(join(dir, `${sha256}.pages.json`), 'utf8')),
    );
    return parsed.success ? (parsed.data as CachedExtraction) : null;
  } catch {
    return null;
  }
}

async function mimeOf(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffMime(head.subarray(0, bytesRead), path);
  } finally {
    await handle.close();
  }
}

export interface FillOptions {
  /** Documents extracted at once (each OCR is one tesseract process). Default 2. */
  jobs?: number;
  /** Re-extract documents already in the cache. Default false. */
  rebuild?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * Extracts every listed document that the cache lacks (all of them with `rebuild`) with docpipe's own
 * extraction and writes both files. Returns how many were extracted and how many failed.
 */
export async function fillPipelineTextCache(
  corpus: string,
  documents: ReadonlyArray<{ path: string; sha256: string }>,
  dir: string,
  options: FillOptions = {},
): Promise<{ extracted: number; failed: number }> {
  await mkdir(dir, { recursive: true });
  const log = options.log ?? (() => {});
  const status = await cacheStatus(dir);
  // Entries made by other extraction code stay stale until rebuilt: the manifest must not hide them.
  const mayStamp = options.rebuild === true || status.madeBy === null || status.madeBy === status.current;
  const todo: Array<{ path: string; sha256: string }> = [];
  const seen = new Set<string>();
  for (const doc of documents) {
    if (seen.has(doc.sha256)) continue;
    seen.add(doc.sha256);
    if (options.rebuild || !(await exists(join(dir, `${doc.sha256}.pages.json`)))) todo.push(doc);
  }
  // Cheap documents first, so a run interrupted during OCR has kept everything else.
  const isImage = (p: string): boolean => /\.(png|jpe?g|tiff?|bmp|gif|webp)$/i.test(p);
  todo.sort((a, b) => Number(isImage(a.path)) - Number(isImage(b.path)));
  if (todo.length) log(`text cache ${dir}: extracting ${todo.length} documents with docpipe's extraction`);
  let next = 0;
  let extracted = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const doc = todo[next++];
      if (!doc) return;
      const path = join(corpus, doc.path);
      const response = await extractFile({
        path,
        mime: await mimeOf(path),
        sha256: doc.sha256,
        limits: DEFAULT_EXTRACT_LIMITS,
        languages: ['eng'],
      });
      if (!response.ok) {
        failed++;
        log(`  failed ${doc.path}: ${response.error.message}`);
        continue;
      }
      const cached: CachedExtraction = { pages: response.output.pages, eInvoice: response.output.eInvoice ?? null };
      const base = join(dir, doc.sha256);
      await writeFile(`${base}.txt.tmp`, cached.pages.map((p) => p.text).join('\f'));
      await rename(`${base}.txt.tmp`, `${base}.txt`);
      await writeFile(`${base}.pages.json.tmp`, JSON.stringify(cached));
      await rename(`${base}.pages.json.tmp`, `${base}.pages.json`);
      extracted++;
      if (extracted % 25 === 0) log(`  ${extracted} extracted (${next}/${todo.length})`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 2) }, () => worker()));
  if (todo.length && mayStamp) {
    await writeFile(
      join(dir, 'cache.json'),
      `${JSON.stringify({ extractionFingerprint: await extractionFingerprint() })}\n`,
    );
  }
  return { extracted, failed };
}
