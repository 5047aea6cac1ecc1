/**
 * The library's actions on a real engine: removing documents from the archive (everything docpipe made of
 * them goes, their files stay, a rescan leaves them out until their bytes change) and the bulk forms of
 * set type, confirm and reprocess.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocpipeEvent } from '../shared/contract/events.js';
import type { Core } from './createCore.js';
import { makeTextPdf } from './testing/fixtureFiles.js';
import { settle } from './testing/settle.js';
import { testCore, type TestCore } from './testing/testCore.js';
import { until } from './testing/until.js';

const invoice = (n: number) =>
  `ACME Supplies Ltd\nINVOICE\nInvoice number: INV-${n}\nInvoice date: 2024-03-1${n}\nSubtotal: 100.00 EUR\nVAT 20%: 20.00 EUR\nTotal: 120.00 EUR\n`;
const letter =
  'Dear Ms Smith,\n\nThank you for your letter of 2 May 2024. We are pleased to confirm the zeppelin meeting.\n\nYours sincerely,\nJohn Doe\n';

let fixture: TestCore;
let core: Core;
const events: DocpipeEvent[] = [];

beforeAll(async () => {
  fixture = await testCore(
    {
      'a/invoice-1.txt': invoice(1),
      'a/invoice-2.txt': invoice(2),
      'a/invoice-3.txt': invoice(3),
      'a/letter.txt': letter,
      'b/copy-of-letter.txt': letter,
      'b/scan.pdf': makeTextPdf([['INVOICE', 'Invoice number: INV-9', 'Total: 99.00 EUR']]),
    },
    { ingest: true },
  );
  core = fixture.core;
  core.events.subscribe((e) => events.push(e));
}, 120_000);

afterAll(() => fixture?.dispose());

async function idOf(name: string): Promise<number> {
  const { rows } = await core.api.library({ filter: { q: `/${name}` }, limit: 5 });
  if (rows.length !== 1) throw new Error(`${rows.length} documents named ${name}`);
  return rows[0]!.id;
}

/** What the store still holds of these documents, table by table (read beside the engine). */
function leftovers(ids: number[]): Record<string, number> {
  const db = new Database(join(fixture.dataDir, 'docpipe.sqlite'), { readonly: true });
  try {
    const list = ids.join(',');
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE document_id IN (${list})`).get() as { n: number }).n;
    return {
      documents: (db.prepare(`SELECT count(*) AS n FROM documents WHERE id IN (${list})`).get() as { n: number }).n,
      locations: count('locations'),
      pages: count('pages'),
      jobs: count('jobs'),
      fields: count('fields'),
      corrections: count('corrections'),
      batch_documents: count('batch_documents'),
    };
  } finally {
    db.close();
  }
}

describe('removing documents from the archive', () => {
  it('removes everything docpipe made of them and leaves their files as they were', async () => {
    const letterId = await idOf('copy-of-letter.txt');
    const scanId = await idOf('scan.pdf');
    const scan = await core.api.getDocument({ ref: scanId });
    // A thumbnail kept on disk, and a person's correction.
    expect((await core.api.pageImage({ id: scanId, page: 1, width: 64 })).contentType).toBe('image/png');
    const thumbnails = join(fixture.dataDir, 'thumbnails', scan.sha256!.slice(0, 2));
    expect(readdirSync(thumbnails).filter((n) => n.startsWith(scan.sha256!))).toHaveLength(1);
    await core.api.setField({ ref: letterId, field: 'sender', value: 'John Doe' });
    expect((await core.api.search({ query: 'zeppelin' })).total).toBe(1);
    const files = ['a/letter.txt', 'b/copy-of-letter.txt', 'b/scan.pdf'].map((p) => join(fixture.docs, p));
    const before = files.map((f) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs }));
    const archive = (await core.api.library({ limit: 0 })).counts!.archive;
    expect(leftovers([letterId]).corrections).toBeGreaterThan(0);

    expect(await core.api.removeDocuments({ ids: [letterId, scanId] })).toEqual({ removed: 2, paths: 3 });

    expect(leftovers([letterId, scanId])).toEqual({
      documents: 0,
      locations: 0,
      pages: 0,
      jobs: 0,
      fields: 0,
      corrections: 0,
      batch_documents: 0,
    });
    await until(
      'the search index to forget the letter',
      async () => (await core.api.search({ query: 'zeppelin' })).total === 0,
    );
    expect(readdirSync(thumbnails).filter((n) => n.startsWith(scan.sha256!))).toEqual([]);
    expect(files.map((f) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs }))).toEqual(before);
    expect((await core.api.library({ limit: 0 })).counts!.archive).toBe(archive - 2);
    expect(events.filter((e) => e.type === 'documents.removed').flatMap((e) => ('ids' in e ? e.ids : []))).toEqual(
      [letterId, scanId].sort((a, b) => a - b),
    );
    await expect(core.api.getDocument({ ref: letterId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a rescan leaves removed files out until their bytes change; a file added by name comes back', async () => {
    const paths = () => core.api.library({ limit: 100 }).then((p) => p.rows.map((r) => r.path));
    const rescan = await core.api.ingest({ paths: [fixture.docs] });
    await settle(core);
    expect(rescan).toMatchObject({ new: 0, changed: 0 });
    expect(await paths()).not.toContain(join(fixture.docs, 'a/letter.txt'));
    expect(await paths()).not.toContain(join(fixture.docs, 'b/scan.pdf'));

    // Touched (a sync tool, a backup) but the same bytes: still removed.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(fixture.docs, 'a/letter.txt'), later, later);
    await core.api.ingest({ paths: [fixture.docs] });
    expect(await paths()).not.toContain(join(fixture.docs, 'a/letter.txt'));

    // Other bytes: a new document.
    writeFileSync(join(fixture.docs, 'b/copy-of-letter.txt'), `${letter}\nP.S. The date moved.\n`);
    expect(await core.api.ingest({ paths: [fixture.docs] })).toMatchObject({ new: 1 });
    await settle(core);
    expect(await paths()).toContain(join(fixture.docs, 'b/copy-of-letter.txt'));

    // Named by itself: the person wants it back.
    expect(await core.api.ingest({ paths: [join(fixture.docs, 'b/scan.pdf')] })).toMatchObject({ new: 1 });
    await settle(core);
    expect(await paths()).toContain(join(fixture.docs, 'b/scan.pdf'));
    expect(await paths()).not.toContain(join(fixture.docs, 'a/letter.txt'));
  });

  it('refuses what is not a selection, with a sentence', async () => {
    await expect(core.api.removeDocuments({ ids: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await core.api.removeDocuments({ ids: [987_654] })).toEqual({ removed: 0, paths: 0 });
  });
});

describe('bulk actions', () => {
  it('sets the type of a selection by filter, except some, and learns from it once', async () => {
    const keep = await idOf('invoice-3.txt');
    const result = await core.api.setTypes({ filter: { q: '/invoice-' }, except: [keep], type: 'receipt' });
    expect(result).toEqual({ done: 2, skipped: 0, reasons: [] });
    await settle(core);
    const { rows } = await core.api.library({ filter: { q: '/invoice-' }, sort: 'name', direction: 'asc' });
    expect(rows.map((r) => [r.name, r.type, r.typeSource, r.review])).toEqual([
      ['invoice-1.txt', 'receipt', 'user', 'reviewed'],
      ['invoice-2.txt', 'receipt', 'user', 'reviewed'],
      ['invoice-3.txt', 'invoice', 'embedded', expect.not.stringMatching('reviewed')],
    ]);
    const corrected = events.filter((e) => e.type === 'documents.corrected');
    expect(corrected.at(-1)).toMatchObject({ field: 'type', ids: [expect.any(Number), expect.any(Number)] });
  });

  it('confirms what is understood and says what it skipped', async () => {
    const ids = (await core.api.library({ limit: 100 })).rows.map((r) => r.id);
    const waiting = await core.api.reprocessDocuments({ ids: ids.slice(0, 1) });
    expect(waiting.done).toBe(1);
    const result = await core.api.confirmDocuments({ ids });
    expect(result.done).toBe(ids.length - 1);
    expect(result.skipped).toBe(1);
    expect(result.reasons).toEqual([expect.stringMatching(/^1 document is not understood yet/)]);
    await settle(core);
    const { counts } = await core.api.library({ limit: 0 });
    expect(counts!.review.needs_review).toBe(0);
  });

  it('reprocesses a selection; documents already on their way are counted as skipped', async () => {
    const ids = (await core.api.library({ limit: 100 })).rows.map((r) => r.id);
    const first = await core.api.reprocessDocuments({ filter: {}, except: [] });
    expect(first).toEqual({ done: ids.length, skipped: 0, reasons: [] });
    const again = await core.api.reprocessDocuments({ ids });
    expect(again.done).toBe(0);
    expect(again.reasons).toEqual([expect.stringMatching(/already on their way/)]);
    await settle(core);
    const { counts } = await core.api.library({ limit: 0 });
    expect(counts!.state.completed).toBe(ids.length);
  });
});
