/**
 * One behaviour for every SearchBackend. Call `registerSearchBackendConformance` from a backend's test file
 * with a factory that returns a fresh, empty backend; the suite disposes what it creates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, SearchResult } from '../../shared/contract/search.js';
import { reindexFromStore } from '../search/reindex.js';
import type { IndexDocument, SearchBackend } from '../search/SearchBackend.js';
import { FlakyEmbedder } from './FlakyEmbedder.js';

export const CONFORMANCE_DOCS: IndexDocument[] = [
  {
    id: 1,
    title: 'ACME invoice 2023-0042',
    paths: ['/archive/invoices/2023/acme-0042.pdf'],
    type: 'invoice',
    text: 'Invoice from ACME Corporation for office chairs and standing desks. Total due within thirty days.',
    fields: { vendor: 'ACME Corporation', total: 1250.5, date: '2023-03-14', iban: 'DE89370400440532013000' },
    date: '2023-03-14',
    mtime: 1_700_000_000_000,
  },
  {
    id: 2,
    title: 'Globex invoice 17',
    paths: ['/archive/invoices/2023/globex-17.pdf', '/backup/globex-17.pdf'],
    type: 'invoice',
    text: 'Invoice for consulting services rendered by Globex. Payment terms: net 14.',
    fields: { vendor: 'Globex', total: 80, date: '2023-07-02' },
    mtime: 1_700_000_100_000,
  },
  {
    id: 3,
    title: 'Café receipt',
    paths: ['/archive/receipts/cafe.jpg'],
    type: 'receipt',
    text: 'Café Crème, two croissants. Paid by card. Thank you for visiting the café.',
    fields: { vendor: 'Café du Monde', total: 9.4, date: '2023-01-20' },
    mtime: 1_700_000_200_000,
  },
  {
    id: 4,
    title: 'Lease agreement',
    paths: ['/archive/contracts/lease.pdf'],
    type: 'contract',
    text: 'This lease agreement is made between the landlord and the tenant. The tenant pays rent monthly.',
    pages: [
      { page: 1, text: 'This lease agreement is made between the landlord and the tenant.' },
      { page: 2, text: 'The tenant pays rent monthly. Termination requires three months notice.' },
    ],
    fields: { parties: ['Landlord GmbH', 'Jane Tenant'], date: '2022-11-01' },
    mtime: 1_700_000_300_000,
  },
  {
    id: 5,
    title: 'notes.txt',
    paths: ['/home/me/notes.txt'],
    type: null,
    text: 'Meeting notes: invoices pending approval, chairs ordered, running late on the report.',
    fields: {},
    mtime: 1_700_000_400_000,
  },
];

const idsOf = (r: SearchResult) => r.hits.map((h) => h.id);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

async function expectQueryInvalid(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(AppError.is(error)).toBe(true);
    expect((error as AppError).code).toBe(ErrorCode.QUERY_INVALID);
    expect((error as AppError).message.length).toBeGreaterThan(10);
    return error as AppError;
  }
  throw new Error('expected the query to be rejected');
}

export function registerSearchBackendConformance(name: string, factory: () => Promise<SearchBackend>): void {
  describe(`SearchBackend conformance: ${name}`, () => {
    let backend: SearchBackend;
    // Lexical semantics are exact; hybrid adds vector neighbours on top (checked separately below).
    const search = async (query: string, extra: Record<string, unknown> = {}) =>
      SearchResult.parse(await backend.search({ query, limit: 50, mode: 'lexical', ...extra }));

    beforeAll(async () => {
      backend = await factory();
      await backend.clear();
      await backend.index(CONFORMANCE_DOCS);
    });
    afterAll(async () => {
      await backend.dispose();
    });

    it('reports health with the document count', async () => {
      const health = await backend.health();
      expect(health.documents).toBe(CONFORMANCE_DOCS.length);
      expect(typeof health.vectors).toBe('boolean');
      expect(health.note).not.toBe('');
    });

    it('requires all words by default and ranks title matches', async () => {
      expect(sorted(idsOf(await search('invoice globex')))).toEqual([2]);
      // "invoices" in the notes stems to the same word.
      const r = await search('invoice');
      expect(sorted(idsOf(r))).toEqual([1, 2, 5]);
      expect(r.total).toBe(3);
      expect(r.fallback).toBeNull();
    });

    it('stems English and folds accents', async () => {
      expect(sorted(idsOf(await search('invoices')))).toEqual([1, 2, 5]);
      expect(idsOf(await search('cafe'))).toEqual([3]);
      expect(idsOf(await search('CRÈME'))).toEqual([3]);
    });

    it('falls back to any word when nothing matches all, and says so', async () => {
      const r = await search('croissants landlord');
      expect(r.fallback).toBe('any-word');
      expect(sorted(idsOf(r))).toEqual([3, 4]);
      expect(r.hits.every((h) => h.match === 'any')).toBe(true);
    });

    it('suggests only for a misspelt word: never for words it has, rare words or numbers', async () => {
      for (const q of ['invoice', 'tenant agreement', '4711', 'INV-2024', 'total>100 chairs', 'invo*'])
        expect((await search(q)).suggestion, q).toBeUndefined();
      // A backend may offer no suggestion at all; one it offers replaces the misspelt word and finds documents.
      const r = await search('invoce');
      if (r.suggestion) {
        expect(r.suggestion).toEqual({ query: 'invoice', words: [{ word: 'invoce', suggestion: 'invoice' }] });
        expect(sorted(idsOf(await search(r.suggestion.query)))).toEqual([1, 2, 5]);
      }
    });

    it('matches exact phrases only in order', async () => {
      expect(idsOf(await search('"standing desks"'))).toEqual([1]);
      expect(idsOf(await search('"desks standing"'))).toEqual([]);
    });

    it('excludes words and phrases', async () => {
      expect(sorted(idsOf(await search('invoice -globex')))).toEqual([1, 5]);
      expect(sorted(idsOf(await search('invoice -"consulting services"')))).toEqual([1, 5]);
    });

    it('matches prefixes', async () => {
      expect(sorted(idsOf(await search('consult*')))).toEqual([2]);
      expect(sorted(idsOf(await search('termin*')))).toEqual([4]);
    });

    it('filters by type, and facets count types ignoring the type filter', async () => {
      const r = await search('type:invoice');
      expect(sorted(idsOf(r))).toEqual([1, 2]);
      expect(r.facets.type).toEqual({ invoice: 2, receipt: 1, contract: 1 });
      expect(sorted(idsOf(await search('type:invoice type:receipt')))).toEqual([1, 2, 3]);
      expect(sorted(idsOf(await search('-type:invoice')))).toEqual([3, 4, 5]);
      const words = await search('chairs');
      expect(words.facets.type).toEqual({ invoice: 1 });
    });

    it('filters by field text, numbers and date ranges', async () => {
      expect(idsOf(await search('vendor:acme'))).toEqual([1]);
      expect(idsOf(await search('vendor:"du monde"'))).toEqual([3]);
      expect(sorted(idsOf(await search('total>100')))).toEqual([1]);
      expect(sorted(idsOf(await search('total>=80')))).toEqual([1, 2]);
      expect(sorted(idsOf(await search('total<80')))).toEqual([3]);
      expect(sorted(idsOf(await search('total:10..100')))).toEqual([2]);
      expect(sorted(idsOf(await search('date:2023-01..2023-06')))).toEqual([1, 3]);
      expect(sorted(idsOf(await search('date:2023-07')))).toEqual([2]);
      expect(sorted(idsOf(await search('date>=2023-03')))).toEqual([1, 2]);
      expect(sorted(idsOf(await search('date:..2022-12')))).toEqual([4]);
      expect(sorted(idsOf(await search('parties:tenant')))).toEqual([4]);
      expect(sorted(idsOf(await search('invoice total>100')))).toEqual([1]);
    });

    it('filters by folder path prefix, not by string prefix', async () => {
      expect(sorted(idsOf(await search('path:/archive/invoices')))).toEqual([1, 2]);
      expect(sorted(idsOf(await search('path:/archive/invoices/')))).toEqual([1, 2]);
      expect(sorted(idsOf(await search('path:/backup')))).toEqual([2]);
      expect(sorted(idsOf(await search('path:/archive/invoice')))).toEqual([]);
      expect(sorted(idsOf(await search('path:/home/me/notes.txt')))).toEqual([5]);
      expect(sorted(idsOf(await search('invoice -path:/backup')))).toEqual([1, 5]);
    });

    it('returns hits with snippets, highlights, paths, type and fields', async () => {
      const [hit] = (await search('tenant rent')).hits;
      expect(hit).toBeDefined();
      expect(hit!.id).toBe(4);
      expect(hit!.snippet).toContain(HIGHLIGHT_START);
      expect(hit!.snippet).toContain(HIGHLIGHT_END);
      expect(hit!.snippet.toLowerCase()).toContain(`${HIGHLIGHT_START}tenant${HIGHLIGHT_END}`);
      expect(hit!.paths).toEqual(['/archive/contracts/lease.pdf']);
      expect(hit!.type).toBe('contract');
      expect(hit!.fields.parties).toEqual(['Landlord GmbH', 'Jane Tenant']);
      const two = (await search('globex')).hits[0]!;
      expect(sorted([...two.paths].map((p) => p.length))).toHaveLength(2);
    });

    it('lists documents for an empty query and pages', async () => {
      const all = await search('');
      expect(all.total).toBe(CONFORMANCE_DOCS.length);
      const page1 = await search('', { limit: 2, offset: 0 });
      const page2 = await search('', { limit: 2, offset: 2 });
      expect(page1.hits).toHaveLength(2);
      expect(page2.hits).toHaveLength(2);
      expect(new Set([...idsOf(page1), ...idsOf(page2)]).size).toBe(4);
    });

    it('rejects invalid syntax with QUERY_INVALID', async () => {
      await expectQueryInvalid(backend.search({ query: '"unclosed phrase' }));
      await expectQueryInvalid(backend.search({ query: 'total>abc' }));
      await expectQueryInvalid(backend.search({ query: 'date:2023-13..2024' }));
      await expectQueryInvalid(backend.search({ query: 'x', limit: -1 }));
    });

    it('survives hostile queries (valid result or QUERY_INVALID, never a crash)', async () => {
      const hostile = [
        'NEAR(a b)',
        'a OR b',
        'AND',
        'NOT',
        '*',
        '**',
        '^invoice',
        'title:invoice',
        '"',
        '""',
        '" "',
        '(((',
        ')',
        "'; DROP TABLE docs; --",
        'a:b:c',
        '-',
        '--',
        '- -',
        'invoice*' + '*'.repeat(50),
        '\u0000\u0002\u0003',
        '😀 invoice',
        'x'.repeat(1999),
        '{"query": 1}',
        'path:',
        'vendor:""',
        'total>',
        'total>=',
        'date:..',
        '%_%',
        '\\',
        'a\\"b',
      ];
      for (const q of hostile) {
        try {
          SearchResult.parse(await backend.search({ query: q }));
        } catch (error) {
          expect(
            AppError.is(error) && error.code === ErrorCode.QUERY_INVALID,
            `query ${JSON.stringify(q)}: ${String(error)}`,
          ).toBe(true);
        }
      }
    });

    it('updates a document in place and removes documents', async () => {
      await backend.index([{ ...CONFORMANCE_DOCS[4]!, text: 'Rewritten notes about zeppelins.' }]);
      expect(idsOf(await search('zeppelins'))).toEqual([5]);
      expect(idsOf(await search('approval'))).toEqual([]);
      await backend.remove([5, 999]);
      expect(idsOf(await search('zeppelins'))).toEqual([]);
      expect((await backend.health()).documents).toBe(CONFORMANCE_DOCS.length - 1);
      await backend.index([CONFORMANCE_DOCS[4]!]);
    });

    it('reindex converges to the store after a crash left stale and missing entries', async () => {
      // State after a crash: doc 5 deleted in the store but still indexed; doc 1 changed in the store;
      // doc 6 added to the store but never indexed.
      const store: IndexDocument[] = [
        { ...CONFORMANCE_DOCS[0]!, text: 'Invoice from ACME, corrected: office lamps.' },
        ...CONFORMANCE_DOCS.slice(1, 4),
        {
          id: 6,
          title: 'Initech memo',
          paths: ['/archive/memo.txt'],
          type: 'memo',
          text: 'TPS reports need cover sheets.',
          fields: {},
        },
      ];
      const report = await reindexFromStore(backend, [store.slice(0, 2), store.slice(2)]);
      expect(report).toMatchObject({ indexed: 5, removed: 1 });
      expect(sorted(await backend.ids())).toEqual([1, 2, 3, 4, 6]);
      expect(idsOf(await search('lamps'))).toEqual([1]);
      expect(idsOf(await search('chairs'))).toEqual([]);
      expect(idsOf(await search('tps'))).toEqual([6]);
      await backend.remove([6]);
      await backend.index([CONFORMANCE_DOCS[0]!, CONFORMANCE_DOCS[4]!]);
    });

    it('applies filters and exclusions to every hit in hybrid and vector modes', async () => {
      for (const mode of ['hybrid', 'vector'] as const) {
        const r = SearchResult.parse(
          await backend.search({ query: 'invoice chairs type:invoice -globex', mode, limit: 50 }),
        );
        expect(
          r.hits.every((h) => h.type === 'invoice' && h.id !== 2),
          mode,
        ).toBe(true);
      }
    });

    it('finds similar documents ("more like this")', async () => {
      const r = await search('', { similarTo: 1 });
      expect(idsOf(r)).not.toContain(1);
      // The other invoice, or the notes about invoices and chairs: both share its distinctive words.
      expect([2, 5]).toContain(idsOf(r)[0]);
    });

    it('clears everything', async () => {
      await backend.clear();
      expect((await backend.health()).documents).toBe(0);
      expect((await search('invoice')).hits).toEqual([]);
      await backend.index(CONFORMANCE_DOCS);
    });
  });
}

/**
 * An embedding model attached to a live index, as the app does when its model server becomes ready, and
 * lost again. Call with a factory of fresh backends without a model. What every backend does: documents
 * indexed after attaching get vectors and vector queries find them; a model that fails leaves queries
 * answered by words (never an error) and says so; detaching leaves words. (Filling vectors of documents
 * indexed before is the SQLite backend's own, tested there.)
 */
export function registerAttachEmbedderConformance(name: string, factory: () => Promise<SearchBackend>): void {
  describe(`SearchBackend conformance, an embedding model attached later: ${name}`, () => {
    it('attaches a model to a live index, answers by words while it fails, and detaches it', async () => {
      const backend = await factory();
      try {
        await backend.clear();
        await backend.index(CONFORMANCE_DOCS);
        const find = async (query: string, mode: 'lexical' | 'hybrid' | 'vector') =>
          SearchResult.parse(await backend.search({ query, mode, limit: 50 }));
        const words = sorted(idsOf(await find('invoice', 'lexical')));
        expect((await backend.health()).vectors).toBe(false);

        const model = new FlakyEmbedder(256);
        await backend.setEmbedder(model);
        await backend.index(CONFORMANCE_DOCS);
        expect((await backend.health()).vectors).toBe(true);
        const vector = await find('croissants paid by card', 'vector');
        expect(vector.hits[0]).toMatchObject({ id: 3, match: 'vector' });
        expect(vector.vectorsUnavailable).toBeUndefined();
        expect(sorted(idsOf(await find('invoice', 'lexical')))).toEqual(words);

        model.failing = true;
        const hybrid = await find('invoice', 'hybrid');
        expect(sorted(idsOf(hybrid))).toEqual(words);
        expect(hybrid.vectorsUnavailable).toMatch(/words only/);
        expect((await backend.health()).vectors).toBe(false);

        await backend.setEmbedder(null);
        expect((await backend.health()).vectors).toBe(false);
        expect(sorted(idsOf(await find('invoice', 'hybrid')))).toEqual(words);
      } finally {
        await backend.dispose();
      }
    });
  });
}
