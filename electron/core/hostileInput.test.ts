/**
 * Hostile files through the whole engine (electron/core/testing/hostileFiles.ts, small sizes, with
 * budgets scaled down to match): each ends with its own code and a sentence, and the good files of the
 * same batch complete. Full sizes and memory: bench/hostile.bench.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../shared/contract/documents.js';
import type { DocpipeEvent } from '../shared/contract/events.js';
import { SMALL_SIZES, makeDocx, writeHostileFiles, type HostileFile } from './testing/hostileFiles.js';
import { makeTextPdf, prose } from './testing/fixtureFiles.js';
import { testCore, type TestCore } from './testing/testCore.js';

const MiB = 1024 * 1024;
// The small files are a few MiB: these budgets make each of them trip the one it is about.
const budgets = {
  maxUnpackedBytes: 4 * MiB,
  maxArchiveEntries: 1000,
  maxStreamBytes: 4 * MiB,
  maxTextChars: 200_000,
};
const GOOD = ['good/report.pdf', 'good/letter.docx', 'good/note-1.txt', 'good/note-2.txt'];

let fixture: TestCore;
let hostile: HostileFile[];
let docs: DocumentSummary[];
const events: DocpipeEvent[] = [];
const byName = (name: string) => docs.find((d) => d.paths.some((p) => p.endsWith(`/${name}`)));

beforeAll(async () => {
  fixture = await testCore(
    {
      'good/report.pdf': makeTextPdf([['Quarterly report', prose(2, 30)]]),
      'good/letter.docx': makeDocx(['Dear customer,', prose(3, 30)]),
      'good/note-1.txt': `Note one. ${prose(4, 40)}`,
      'good/note-2.txt': `Note two. ${prose(5, 40)}`,
    },
    { config: { workers: 2, extract: budgets } },
  );
  // The name that is not UTF-8 is left out: it is stored under its name with U+FFFD for the bytes, which
  // this test's name map cannot match (nameNotUtf8.test.ts covers it, FILE_NAME_NOT_UTF8).
  const names = (await import('./testing/hostileFiles.js'))
    .hostileFileNames()
    .filter((n) => !n.startsWith('name-not-utf8'));
  hostile = await writeHostileFiles(`${fixture.docs}/hostile`, { sizes: SMALL_SIZES, only: names });
  fixture.core.events.subscribe((e) => events.push(e));
  await fixture.core.api.ingest({ paths: [fixture.docs] });
  const { settle } = await import('./testing/settle.js');
  await settle(fixture.core, 240_000);
  docs = await fixture.core.api.listDocuments({});
}, 300_000);

afterAll(() => fixture?.dispose());

describe('hostile files, small, with budgets to match', () => {
  it('every one ends as meant: its own code and a sentence, or completed', () => {
    const outcomes = Object.fromEntries(
      hostile.map((f) => {
        const doc = byName(f.name);
        return [f.name, doc?.state === 'failed' ? doc.error?.code : doc?.state];
      }),
    );
    expect(outcomes).toEqual(Object.fromEntries(hostile.map((f) => [f.name, f.meant])));
    for (const doc of docs.filter((d) => d.state === 'failed')) expect(doc.error?.message).toMatch(/\w+ \w+ \w+.*\./);
  });

  it('the good files of the same batch complete', () => {
    expect(GOOD.map((g) => byName(g.split('/')[1]!)?.state)).toEqual(GOOD.map(() => 'completed'));
  });

  it('cuts text at the budget in the extraction thread, with a warning, for a one-line text and a wide CSV', async () => {
    for (const name of ['one-line.txt', 'wide.csv']) {
      const doc = byName(name)!;
      expect(doc.textLength).toBe(budgets.maxTextChars);
      const detail = await fixture.core.api.getDocument({ ref: doc.id });
      expect(detail.pageTexts.reduce((n, p) => n + p.text.length, 0)).toBe(budgets.maxTextChars);
      const extracted = events.find((e) => e.type === 'document.extracted' && e.documentId === doc.id);
      expect(extracted).toMatchObject({
        warnings: [expect.stringContaining('cut at 200,000 characters (maxTextChars)')],
      });
    }
  });

  it('says why a ZIP-based file was refused: entries, sizes, a ratio, a lying directory', () => {
    expect(byName('zip-many-entries.xlsx')?.error?.message).toMatch(/more than 1,000 entries|3,\d{3} entries/);
    expect(byName('zip-bomb.docx')?.error?.message).toMatch(/unpack to 8\.0 MiB, over the 4\.0 MiB/);
    expect(byName('zip-ratio.pptx')?.error?.message).toMatch(/\d+ times its packed size/);
    expect(byName('zip-bomb-lying.docx')?.error?.message).toMatch(
      /unpacks to more than the 20 KiB its directory states/,
    );
    expect(byName('flate-bomb.pdf')?.error?.message).toMatch(/unpacks to more than 4 MiB \(maxStreamBytes\)/);
  });
});

describe('a file that needs more memory than an extraction thread may use', () => {
  let small: TestCore;
  afterAll(() => small?.dispose());

  it('ends with EXTRACT_OUT_OF_MEMORY; the thread is replaced and the other files complete', async () => {
    // mammoth needs about 60 bytes per byte of a DOCX's XML: 3 MiB of it cannot fit in a 64 MB heap.
    small = await testCore(
      { 'note-a.txt': `A. ${prose(6, 30)}`, 'note-b.txt': `B. ${prose(7, 30)}` },
      {
        config: { workers: 1, extract: { maxWorkerHeapMb: 64 } },
      },
    );
    await writeHostileFiles(small.docs, { sizes: { ...SMALL_SIZES, zipBombBytes: 3 * MiB }, only: ['zip-bomb.docx'] });
    await small.core.api.ingest({ paths: [small.docs] });
    const { settle } = await import('./testing/settle.js');
    await settle(small.core, 120_000);
    const list = await small.core.api.listDocuments({});
    const outcome = (name: string) => {
      const doc = list.find((d) => d.paths[0]!.endsWith(name))!;
      return doc.state === 'failed' ? doc.error : doc.state;
    };
    expect(outcome('zip-bomb.docx')).toMatchObject({
      code: 'EXTRACT_OUT_OF_MEMORY',
      message: expect.stringContaining('needs more memory than the 64 MB an extraction thread may use'),
    });
    expect([outcome('note-a.txt'), outcome('note-b.txt')]).toEqual(['completed', 'completed']);
  }, 180_000);
});
