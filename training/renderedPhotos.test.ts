import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { photographedPages, renderText } from './synthetic/renderedPhotos.js';
import { photoRequests } from './trainingSet.js';

describe('generated documents as photographs', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('photographs slips and clean forms in Latin script, a few per template, slips on their roll', () => {
    const requests = photoRequests(3, 2);
    expect(requests.length).toBeGreaterThan(10);
    const perSource = new Map<string, number>();
    for (const { doc, paper } of requests) {
      expect(['receipt', 'form']).toContain(doc.label);
      expect(paper).toBe(doc.label === 'receipt' ? 'slip' : 'page');
      expect(doc.source).not.toMatch(/cjk|paper/);
      if (doc.label === 'form') expect(doc.ocr).toBeFalsy();
      perSource.set(doc.source, (perSource.get(doc.source) ?? 0) + 1);
    }
    expect(Math.max(...perSource.values())).toBe(2);
    expect(new Set(requests.map((r) => r.seed)).size).toBe(requests.length);
  });

  it('sets a slip on a narrow roll and a form on a portrait page', async () => {
    const text = 'CORNER SHOP\nMILK            1.20\nTOTAL           1.20';
    const slip = await sharp(await renderText(text, 'slip')).metadata();
    const page = await sharp(await renderText(text, 'page')).metadata();
    // 24 columns (a slip's narrowest) against 90.
    expect((slip.width ?? 0) / (page.width ?? 1)).toBeLessThan(0.35);
    expect((page.width ?? 0) / (page.height ?? 1)).toBeCloseTo(1 / 1.29, 2);
  });

  it("reads a photographed slip with docpipe's OCR once, then from the cache", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docpipe-photos-test-'));
    dirs.push(dir);
    const cacheFile = join(dir, 'cache.json');
    const doc = {
      label: 'receipt' as const,
      source: 'synthetic:test',
      text: 'CORNER SHOP\n\nBREAD           2.30\nMILK            1.20\n\nTOTAL           3.50\nCASH            5.00\nCHANGE          1.50',
      fields: {},
    };
    const [pages] = await photographedPages([{ doc, paper: 'slip', seed: 3 }], { cacheFile, jobs: 1 });
    expect(pages?.[0]?.method).toBe('ocr');
    expect(pages?.[0]?.words.length).toBeGreaterThan(0);
    expect(pages?.map((p) => p.text).join('\n')).toMatch(/TOTAL|CASH|CHANGE|BREAD/);
    // What the cache holds is what a second read returns: no OCR would read this.
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as {
      texts: Record<string, { pages: Array<{ text: string }> }>;
    };
    const [key] = Object.keys(cache.texts);
    (cache.texts[key as string]?.pages[0] as { text: string }).text = 'kept in the cache';
    await writeFile(cacheFile, JSON.stringify(cache));
    const [again] = await photographedPages([{ doc, paper: 'slip', seed: 3 }], { cacheFile });
    expect(again?.[0]?.text).toBe('kept in the cache');
    // Another photo of the same slip is another entry.
    await photographedPages([{ doc, paper: 'slip', seed: 4 }], { cacheFile, jobs: 1 });
    expect(Object.keys((JSON.parse(await readFile(cacheFile, 'utf8')) as typeof cache).texts)).toHaveLength(2);
  }, 60_000);
});
