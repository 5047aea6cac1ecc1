/**
 * Builds a development text cache for `training/train.ts`: one `<sha256>.txt` per labelled document,
 * made with the command-line tools (pdftotext -layout for PDFs, tesseract for images) until the pipeline's
 * own extractor (workers/extract) can produce the same cache. Pages are separated by form feeds (\f),
 * as pdftotext writes them. Existing files are kept, so the script resumes after an interruption.
 *
 *   node bin/run-ts.js training/buildTextCache.ts [--corpus ../shared/corpus] [--out /tmp/docpipe-corpus-text] [--jobs 2]
 *                                               [--pipeline [--rebuild]]
 *
 * `--pipeline` makes the cache with docpipe's own extraction instead (pipelineTextCache.ts: its OCR and
 * page segmentation, word boxes, e-invoice XML), the cache `npm run eval:loso` reads.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile, access } from 'node:fs/promises';
import { join, resolve, extname } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { fillPipelineTextCache } from './pipelineTextCache.js';

const run = promisify(execFile);

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

const corpus = resolve(option('corpus', '../shared/corpus'));
const out = resolve(option('out', '/tmp/docpipe-corpus-text'));
const jobs = Math.max(1, Number(option('jobs', '2')));

interface LabelLine {
  path: string;
  class: string;
  sha256: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function extractText(file: string): Promise<string> {
  const ext = extname(file).toLowerCase();
  const big = { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 };
  switch (ext) {
    case '.pdf':
      return (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], big)).stdout;
    case '.png':
    case '.jpg':
    case '.jpeg':
    case '.tif':
    case '.tiff':
      // One tesseract thread per process: the machine is shared and we already run `jobs` processes.
      return (await run('tesseract', [file, 'stdout'], { ...big, env: { ...process.env, OMP_THREAD_LIMIT: '1' } }))
        .stdout;
    case '.docx':
      return (await mammoth.extractRawText({ path: file })).value;
    case '.txt':
    case '.eml':
    case '.md':
    case '.csv':
      return await readFile(file, 'utf8');
    default:
      throw new Error(`no extractor for ${ext}`);
  }
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const lines = (await readFile(join(corpus, 'labels.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  const todo = lines.map((l) => JSON.parse(l) as LabelLine).filter((l) => l.class !== 'bad');
  if (process.argv.includes('--pipeline')) {
    const result = await fillPipelineTextCache(corpus, todo, out, {
      jobs,
      rebuild: process.argv.includes('--rebuild'),
      log: (line) => console.log(line),
    });
    console.log(
      `text cache ${out}: ${result.extracted} new, ${result.failed} failed, ${todo.length} labelled documents`,
    );
    return;
  }
  // Cheap documents first, so the classifier can be developed while OCR is still running.
  const isImage = (p: string): boolean => /\.(png|jpe?g|tiff?)$/i.test(p);
  todo.sort((a, b) => Number(isImage(a.path)) - Number(isImage(b.path)));
  let next = 0;
  let done = 0;
  let failed = 0;
  async function worker(): Promise<void> {
    for (;;) {
      const item = todo[next++];
      if (!item) return;
      const target = join(out, `${item.sha256}.txt`);
      if (await exists(target)) continue;
      try {
        const text = await extractText(join(corpus, item.path));
        await writeFile(`${target}.tmp`, text);
        await rename(`${target}.tmp`, target);
        done++;
        if (done % 25 === 0) console.log(`${done} extracted (${next}/${todo.length})`);
      } catch (error) {
        failed++;
        console.error(`failed ${item.path}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }
  await Promise.all(Array.from({ length: jobs }, () => worker()));
  console.log(`text cache ${out}: ${done} new, ${failed} failed, ${todo.length} labelled documents`);
}

await main();
