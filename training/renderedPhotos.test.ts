import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { photographedPages, renderText } from './synthetic/renderedPhotos.js';
import { paperOf, photoRequests, syntheticExamples } from './trainingSet.js';

describe('generated documents as photographs', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('photographs slips on their roll and forms on a page, a few per template', () => {
    const requests = photoRequests(3, 3);
    const perSource = new Map<string, number>();
    for (const { doc, paper } of requests) {
      expect(['receipt', 'form']).toContain(doc.label);
      expect(paper).toBe(doc.label === 'receipt' ? 'slip' : 'page');
      // Not what imitates a scan's OCR already, nor what the English OCR cannot read.
      expect(doc.source).not.toMatch(/cjk|paper|_scan/);
      perSource.set(`${doc.label} ${doc.source}`, (perSource.get(`${doc.label} ${doc.source}`) ?? 0) + 1);
    }
    const most = (label: string): number =>
      Math.max(...[...perSource].filter(([key]) => key.startsWith(`${label} `)).map(([, n]) => n));
    expect(most('receipt')).toBe(3);
    // Forms from two generations.
    expect(most('form')).toBe(6);
    expect(new Set(requests.map((r) => r.seed)).size).toBe(requests.length);
  });

  it('prints generated documents on paper: slips on a roll, letters and the like on a page, e-mails on none', () => {
    const aspects = new Map<string, number[]>();
    for (const example of syntheticExamples(1)) {
      const page = example.pages[0];
      const list = aspects.get(example.label) ?? [];
      list.push(page?.width && page.height ? page.width / page.height : -1);
      aspects.set(example.label, list);
    }
    expect(aspects.get('email')?.every((a) => a === -1)).toBe(true);
    for (const label of ['invoice', 'contract', 'letter', 'form', 'resume'])
      expect(aspects.get(label)?.every((a) => a > 0.7 && a < 0.8)).toBe(true);
    expect(Math.min(...(aspects.get('receipt') ?? []))).toBeGreaterThan(0);
    expect(Math.min(...(aspects.get('receipt') ?? []))).toBeLessThan(0.6);
    const slip = { label: 'receipt' as const, source: 'synthetic:x', text: 'A\n'.repeat(30), fields: {} };
    const paper = paperOf(slip, 0);
    expect((paper?.width ?? 0) / (paper?.height ?? 1)).toBeLessThan(0.45);
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
