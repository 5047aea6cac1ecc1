/**
 * Generated documents as docpipe reads a phone photo of them: the text is typeset on paper (a till
 * slip's narrow roll, a form's page), photographed (evaluation/ocr/degradePhoto.ts: perspective,
 * rotation, uneven light, blur, noise, JPEG) and read by docpipe's own extraction and OCR. The
 * generators imitate OCR's damage with rules (ocrNoise, scan junk); a short, noisy slip or a page of a
 * form read by the real engine is what an unseen source sends, and only the engine makes its mistakes.
 *
 * OCR takes about two seconds a document, so the texts are kept in a cache file keyed by what was
 * rendered (the generated text, the paper, the photo's seed): training reads them back, and whatever
 * the cache lacks is rendered and read again (`npm run train` and `npm run eval:loso` do so).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_EXTRACT_LIMITS, type ExtractedPage } from '../../electron/shared/contract/extract.js';
import { degradeToPhoto } from '../../evaluation/ocr/degradePhoto.js';
import { extractFile } from '../../workers/extract/extractFile.js';
import { createOcrEngine } from '../../workers/extract/image/ocr/createOcrEngine.js';
import type { SyntheticDocument } from './syntheticParts.js';

/** Where the OCR'd texts are kept unless told otherwise. */
export const DEFAULT_RENDERED_CACHE = '/tmp/docpipe-rendered-synthetic.json';
/** Bumped when rendering or photographing changes, so that old texts are not reused. */
const RENDER_VERSION = 1;

export type Paper = 'slip' | 'page';

const CELL = 22;
const LINE = 30;
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The text typeset in a monospace font on white paper, as PNG: a slip as wide as its longest line (a
 * till prints 32 to 48 columns), a page 90 columns wide and at least as tall as a letter page, with the
 * document's first fifty lines.
 */
export async function renderText(text: string, paper: Paper): Promise<Buffer> {
  // A page holds about fifty lines: a longer document's first page (what the classifier reads first).
  const all = (text.split('\f')[0] ?? '').split('\n');
  const lines = paper === 'page' ? all.slice(0, 50) : all;
  const advance = CELL * 0.6;
  const columns = paper === 'slip' ? Math.max(24, ...lines.map((l) => l.length)) : 90;
  const width = Math.round(columns * advance + 2 * 40);
  const height = Math.max(lines.length * LINE + 120, paper === 'page' ? Math.round(width * 1.29) : 0);
  const spans = lines
    .map((l, i) => `<tspan x="40" y="${70 + i * LINE}" xml:space="preserve">${escapeXml(l)}</tspan>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><text font-family="DejaVu Sans Mono, monospace" font-size="${CELL}" fill="black">${spans}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface RenderRequest {
  doc: SyntheticDocument;
  paper: Paper;
  /** Seed of the photo's degradation. */
  seed: number;
}

interface CacheFile {
  version: number;
  texts: Record<string, { pages: ExtractedPage[] }>;
}

const keyOf = (request: RenderRequest): string =>
  createHash('sha256')
    .update(`${RENDER_VERSION}\t${request.paper}\t${request.seed}\t${request.doc.text}`)
    .digest('hex')
    .slice(0, 32);

async function readCache(file: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (parsed.version === RENDER_VERSION && parsed.texts) return parsed;
  } catch {
    // absent or unreadable: start afresh
  }
  return { version: RENDER_VERSION, texts: {} };
}

export interface RenderOptions {
  /** Cache file; default DEFAULT_RENDERED_CACHE. */
  cacheFile?: string;
  /** Photographs read at once. Default 2. */
  jobs?: number;
  /** Called for progress lines. */
  log?: (line: string) => void;
}

/**
 * The pages docpipe's extraction reads from a photo of each requested document, in request order:
 * from the cache where it has them, else rendered, photographed and OCR'd now (and added to the cache).
 * Words keep their boxes, so the pages are what the pipeline gives a real photo.
 */
export async function photographedPages(
  requests: readonly RenderRequest[],
  options: RenderOptions = {},
): Promise<ExtractedPage[][]> {
  const file = options.cacheFile ?? DEFAULT_RENDERED_CACHE;
  const cache = await readCache(file);
  const keys = requests.map(keyOf);
  const missing = requests.map((_, i) => i).filter((i) => !cache.texts[keys[i] as string]);
  if (missing.length) {
    options.log?.(`rendering and reading ${missing.length} generated photos (cache ${file})`);
    const dir = await mkdtemp(join(tmpdir(), 'docpipe-render-'));
    let next = 0;
    let done = 0;
    try {
      await Promise.all(
        Array.from({ length: Math.max(1, options.jobs ?? 2) }, async () => {
          const engine = createOcrEngine();
          try {
            for (;;) {
              const i = missing[next++];
              if (i === undefined) return;
              const request = requests[i] as RenderRequest;
              const photo = await degradeToPhoto(await renderText(request.doc.text, request.paper), request.seed);
              const path = join(dir, `${keys[i]}.jpg`);
              await writeFile(path, photo);
              const sha256 = createHash('sha256').update(photo).digest('hex');
              const response = await extractFile(
                { path, mime: 'image/jpeg', sha256, limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] },
                { ocr: () => engine },
              );
              if (!response.ok) throw new Error(`a generated photo could not be read: ${response.error.message}`);
              cache.texts[keys[i] as string] = { pages: response.output.pages };
              if (++done % 25 === 0) options.log?.(`  ${done}/${missing.length}`);
            }
          } finally {
            await engine.dispose();
          }
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
      await writeFile(file, JSON.stringify(cache));
    }
  }
  return keys.map((key) => (cache.texts[key] as { pages: ExtractedPage[] }).pages);
}
