import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportRequestInput } from '../../shared/contract/exports.js';
import { ExportRequest, SHARED_FIELD_NAMES } from '../../shared/contract/exports.js';
import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { SqliteSearchBackend } from '../search/sqlite/SqliteSearchBackend.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { CsvExports } from './exportCsv.js';

let t: TempStore;
let search: SqliteSearchBackend;
let exports: CsvExports;
const at = '2026-01-01T00:00:00.000Z';

function write(
  id: number,
  name: string,
  value: string,
  normalized: string | string[] | { key: string; value: string }[] | null,
  confidence: number,
) {
  t.store.tx(() =>
    t.store.fields.write(id, { name, value, normalized, confidence, source: 'embedded', page: null, box: null }, at),
  );
}

/** The CLI's file export of `request`: its rows and its text. */
async function exported(
  request: ExportRequestInput & { force?: boolean },
): Promise<{ rows: number; lines: string[]; text: string }> {
  const path = join(t.dir, 'out.csv');
  const result = await exports.toFile({ ...ExportRequest.parse(request), path, force: true });
  expect(result.path).toBe(path);
  const text = readFileSync(path, 'utf8');
  return { rows: result.rows, lines: text.split('\r\n').filter(Boolean), text };
}

/** The streamed export of `request`, read whole. */
async function streamed(request: ExportRequestInput): Promise<string> {
  const csv = await exports.stream(ExportRequest.parse(request));
  return [...csv.chunks].join('');
}

beforeEach(async () => {
  t = openTempStore();
  const invoice = t.addDocument({ sha256: 'a', paths: ['/d/b.pdf', '/d/a.pdf'] });
  const contract = t.addDocument({ sha256: 'b', paths: ['/d/c.pdf'] });
  t.addDocument({ sha256: 'c', paths: ['/d/new.pdf'], state: 'queued' });
  t.store.tx(() => {
    t.store.documents.setType(
      invoice,
      { type: 'invoice', confidence: 0.91234, source: 'embedded', probabilities: {} },
      at,
    );
    t.store.documents.setType(contract, { type: 'contract', confidence: 0.5, source: 'llm', probabilities: {} }, at);
  });
  write(invoice, 'total', '1.234,50 €', '1234.50', 0.95);
  write(invoice, 'vendor', '=HYPERLINK("x")', '=HYPERLINK("x")', 0.4);
  write(contract, 'parties', 'A; B', ['ACME Ltd', 'Beta GmbH'], 0.9);
  search = new SqliteSearchBackend({ file: ':memory:' });
  await search.index([
    { id: invoice, title: 'b.pdf', paths: ['/d/b.pdf'], type: 'invoice', text: 'Invoice from ACME', fields: {} },
    { id: contract, title: 'c.pdf', paths: ['/d/c.pdf'], type: 'contract', text: 'Agreement with ACME', fields: {} },
  ]);
  exports = new CsvExports({
    store: t.store,
    catalog: new DocumentCatalog(t.store, 0.8),
    search,
    dataDir: join(t.dir, 'data'),
    now: () => new Date('2026-12-07T10:00:00Z'),
  });
});

afterEach(async () => {
  await search.dispose();
  t.dispose();
});

describe('CSV export', () => {
  it("writes one row per document of the type, with the type's fields as columns", async () => {
    const { rows, lines } = await exported({ type: 'invoice', fields: ['total', 'vendor'] });
    expect(rows).toBe(1);
    expect(lines).toEqual([
      'id,paths,type,type_confidence,review_status,total,total_confidence,vendor,vendor_confidence',
      // Normalized values, confidences to three places, a formula defused, the review status from the threshold.
      `1,/d/a.pdf | /d/b.pdf,invoice,0.912,needs_review,1234.50,0.95,"'=HYPERLINK(""x"")",0.4`,
    ]);
  });

  it('leaves cells under minConfidence empty, joins lists, and covers every document without a type filter', async () => {
    const { rows, lines } = await exported({ fields: ['total', 'vendor', 'parties'], minConfidence: 0.9 });
    expect(rows).toBe(3);
    expect(lines.slice(1)).toEqual([
      '1,/d/a.pdf | /d/b.pdf,invoice,0.912,needs_review,1234.50,0.95,,,,',
      '2,/d/c.pdf,contract,0.5,needs_review,,,,,ACME Ltd; Beta GmbH,0.9',
      '3,/d/new.pdf,,,pending,,,,,,',
    ]);
  });

  it('defaults to every field of the type, or for all types to the fields types share, and adds a BOM when asked', async () => {
    const { lines, text } = await exported({ type: 'contract', bom: true });
    expect(text.startsWith('\uFEFFid,')).toBe(true);
    expect(lines[0]).toContain('parties,parties_confidence');
    expect(lines[0]).not.toContain('total');
    expect(lines).toHaveLength(2);

    const all = (await exported({})).lines[0]!.split(',');
    expect(all.slice(5).filter((c) => !c.endsWith('_confidence'))).toEqual([...SHARED_FIELD_NAMES]);
    expect(SHARED_FIELD_NAMES).toEqual(expect.arrayContaining(['date', 'total', 'currency', 'title', 'subject']));
    expect(all.length).toBeLessThan(30);
  });

  it('filters by state, review status, a selection of ids and a search query, all together', async () => {
    const ids = async (request: ExportRequestInput) =>
      (await exported({ ...request, fields: ['total'] })).lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(await ids({ state: 'queued' })).toEqual([3]);
    expect(await ids({ review: 'needs_review' })).toEqual([1, 2]);
    expect(await ids({ ids: [3, 1, 99] })).toEqual([1, 3]);
    expect(await ids({ q: 'acme' })).toEqual([1, 2]);
    expect(await ids({ q: 'agreement' })).toEqual([2]);
    // Every word must match: no any-word fallback for an export.
    expect(await ids({ q: 'agreement invoice' })).toEqual([]);
    expect(await ids({ q: 'acme', ids: [2, 3] })).toEqual([2]);
    expect(await ids({ q: 'acme', type: 'invoice' })).toEqual([1]);
  });

  it('previews the columns, the first rows as they will be written, and the count of all rows', async () => {
    const preview = await exports.preview({ fields: ['total'], limit: 2 });
    expect(preview).toEqual({
      columns: ['id', 'paths', 'type', 'type_confidence', 'review_status', 'total', 'total_confidence'],
      rows: [
        [1, '/d/a.pdf | /d/b.pdf', 'invoice', 0.912, 'needs_review', '1234.50', 0.95],
        [2, '/d/c.pdf', 'contract', 0.5, 'needs_review', null, null],
      ],
      total: 3,
      filename: 'docpipe-all-2026-12-07.csv',
    });
    // A review filter is counted row by row; the answer is the same kind.
    expect((await exports.preview({ review: 'pending', limit: 20 })).total).toBe(1);
    expect((await exports.preview({ type: 'invoice', limit: 20 })).filename).toBe('docpipe-invoice-2026-12-07.csv');
  });

  it('streams the same bytes the file export writes', async () => {
    for (const request of [{}, { type: 'invoice' as const, bom: true }, { fields: ['parties'], minConfidence: 0.95 }]) {
      expect(await streamed(request)).toBe((await exported(request)).text);
    }
  });

  it('reads the store as the stream is read, not ahead: a document added half-way is in the rest', async () => {
    const csv = await exports.stream(ExportRequest.parse({ fields: ['total'] }));
    const chunks = csv.chunks[Symbol.iterator]();
    const header = chunks.next();
    const first = chunks.next();
    expect(header.value).toMatch(/^id,paths,/);
    expect(first.value).toMatch(/^1,/);
    const late = t.addDocument({ sha256: 'late', paths: ['/d/late.pdf'] });
    const rest: string[] = [];
    for (let next = chunks.next(); !next.done; next = chunks.next()) rest.push(next.value);
    expect(rest.map((l) => Number(l.split(',')[0]))).toEqual([2, 3, late]);
  });

  it('refuses a file inside the data folder, an existing file without force, and a folder that is not there', async () => {
    const data = join(t.dir, 'data');
    mkdirSync(data);
    const request = ExportRequest.parse({});
    await expect(exports.toFile({ ...request, path: join(data, 'x.csv'), force: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/inside docpipe's data folder .* Write the CSV somewhere else\./),
    });
    await expect(exports.toFile({ ...request, path: join(data, 'docpipe.sqlite'), force: true })).rejects.toThrow(
      /data folder/,
    );
    // A link to the data folder is the data folder.
    symlinkSync(data, join(t.dir, 'link'));
    await expect(exports.toFile({ ...request, path: join(t.dir, 'link', 'x.csv'), force: false })).rejects.toThrow(
      /data folder/,
    );
    expect(existsSync(join(data, 'x.csv'))).toBe(false);

    const existing = join(t.dir, 'kept.csv');
    writeFileSync(existing, 'mine');
    await expect(exports.toFile({ ...request, path: existing, force: false })).rejects.toThrow(
      /kept\.csv exists already\. Add --force to replace it, or name another file\./,
    );
    expect(readFileSync(existing, 'utf8')).toBe('mine');
    expect(await exports.toFile({ ...request, path: existing, force: true })).toEqual({ path: existing, rows: 3 });
    expect(readFileSync(existing, 'utf8')).toMatch(/^id,paths,/);

    await expect(exports.toFile({ ...request, path: join(t.dir, 'nowhere', 'x.csv'), force: false })).rejects.toThrow(
      /The folder .*nowhere does not exist\. Create it first, or write the CSV somewhere else\./,
    );
  });

  it('refuses a field no type has, and more ids than a selection may name', () => {
    expect(ExportRequest.safeParse({ fields: ['total', 'colour'] }).error?.issues[0]?.message).toMatch(
      /not a field of any type/,
    );
    expect(ExportRequest.safeParse({ ids: Array.from({ length: 1001 }, (_, i) => i + 1) }).success).toBe(false);
  });
});
