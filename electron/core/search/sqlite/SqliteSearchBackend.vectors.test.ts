import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchEmbedding, SearchRequestInput } from '../../../shared/contract/search.js';
import { FlakyEmbedder } from '../../testing/FlakyEmbedder.js';
import { HashingEmbedder } from '../../testing/HashingEmbedder.js';
import type { IndexDocument } from '../SearchBackend.js';
import { SqliteSearchBackend } from './SqliteSearchBackend.js';

const THEMES = [
  'invoice payment total due remittance',
  'lease tenant landlord rent deposit',
  'croissant coffee breakfast bakery pastry',
  'engine repair garage mechanic brakes',
  'insurance claim policy damage adjuster',
];

/** Fifty documents, ten per theme, each with a word of its own (`uniq7`); every third one in pages. */
function corpus(n = 50): IndexDocument[] {
  return Array.from({ length: n }, (_, k) => {
    const id = k + 1;
    const theme = THEMES[k % THEMES.length]!;
    const text = `Document ${id} about ${theme}. The word uniq${id} is only here. ${theme.split(' ').reverse().join(' ')}.`;
    const doc: IndexDocument = {
      id,
      title: `Doc ${id}`,
      paths: [`/docs/${id}.txt`],
      type: k % 2 === 0 ? 'letter' : 'note',
      text,
      fields: { n: id },
    };
    if (id % 3 === 0)
      doc.pages = [
        { page: 1, text: `Document ${id} about ${theme}.` },
        { page: 2, text: `The word uniq${id} is only here.` },
      ];
    return doc;
  });
}

const LEXICAL_QUERIES = [
  'invoice',
  'tenant rent',
  'uniq7',
  'croissant type:letter',
  'garage -brakes',
  '"insurance claim"',
];

const dirs: string[] = [];
const open: SqliteSearchBackend[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const b of open.splice(0)) await b.dispose();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function backend(
  file: string,
  options: Partial<ConstructorParameters<typeof SqliteSearchBackend>[0]> = {},
): SqliteSearchBackend {
  const b = new SqliteSearchBackend({ file, vectors: { batchDocuments: 8 }, ...options });
  open.push(b);
  return b;
}

function indexFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-vectors-'));
  dirs.push(dir);
  return join(dir, 'search.sqlite');
}

/** What the words index answers, query by query: must not change whatever happens to vectors. */
async function lexicalAnswers(b: SqliteSearchBackend): Promise<number[][]> {
  const out: number[][] = [];
  for (const query of LEXICAL_QUERIES)
    out.push((await b.search({ query, mode: 'lexical', limit: 50 })).hits.map((h) => h.id));
  return out;
}

const ids = async (b: SqliteSearchBackend, request: SearchRequestInput) =>
  (await b.search({ limit: 10, ...request })).hits.map((h) => h.id);
const theme = (id: number) => (id - 1) % THEMES.length;

describe('an embedding model attached to a live SQLite index', () => {
  it('fills vectors for documents indexed without them, in batches with progress; then vector and hybrid queries use them', async () => {
    const b = backend(indexFile());
    await b.index(corpus());
    expect(await b.health()).toMatchObject({ documents: 50, vectors: false, embedding: null });
    const before = await lexicalAnswers(b);

    const progress: SearchEmbedding[] = [];
    await b.setEmbedder(new HashingEmbedder(64), { onProgress: (s) => progress.push(s) });
    // Attached, not yet filled: queries still answer (by words and the vectors there are).
    expect((await b.health()).embedding).toMatchObject({
      model: 'hashing-bow-64',
      dims: 64,
      done: 0,
      total: 50,
      state: 'filling',
    });
    // A document indexed while the fill runs gets its vectors as it is written.
    await b.index([
      {
        id: 51,
        title: 'Doc 51',
        paths: ['/docs/51.txt'],
        type: null,
        text: 'zeppelin hangar airship mooring mast',
        fields: {},
      },
    ]);
    expect((await b.search({ query: 'airship mooring', mode: 'vector', limit: 1 })).hits[0]).toMatchObject({
      id: 51,
      match: 'vector',
    });

    await b.vectorsIdle();
    const filling = progress.filter((p) => p.state === 'filling');
    expect(filling.length).toBeGreaterThanOrEqual(6); // 50 documents, 8 a batch
    expect(filling.map((p) => p.done)).toEqual([...filling.map((p) => p.done)].sort((x, y) => x - y));
    expect(progress.at(-1)).toMatchObject({ state: 'complete', done: 51, total: 51, error: null });
    const health = await b.health();
    expect(health).toMatchObject({ vectors: true, embedding: { state: 'complete', done: 51, total: 51 } });
    expect(health.note).toMatch(/hybrid/);

    // Vector mode ranks the documents of the query's theme first.
    const vector = await b.search({ query: 'bakery croissant pastries', mode: 'vector', limit: 10 });
    expect(vector.hits.map((h) => theme(h.id))).toEqual(Array(10).fill(2));
    expect(vector.hits.every((h) => h.match === 'vector')).toBe(true);
    expect(vector.vectorsUnavailable).toBeUndefined();
    // Hybrid keeps the exact word first and adds neighbours by meaning.
    const hybrid = await b.search({ query: 'uniq12 tenant', mode: 'hybrid', limit: 10 });
    expect(hybrid.hits[0]!.id).toBe(12);
    expect(hybrid.hits.length).toBeGreaterThan(1);
    // Pages of a paged document come back with its vector hits.
    expect((await b.search({ query: 'uniq9 is only here', mode: 'vector', limit: 1 })).hits[0]).toMatchObject({
      id: 9,
      page: 2,
    });
    expect((await lexicalAnswers(b)).map((a) => a.filter((id) => id !== 51))).toEqual(before);
  });

  it('keeps the vectors when the index is opened without a model, and uses them again when the same model comes back', async () => {
    const file = indexFile();
    const first = backend(file, { embedder: new HashingEmbedder(64) });
    await first.index(corpus());
    await first.vectorsIdle();
    const before = await lexicalAnswers(first);
    const vectorHits = await ids(first, { query: 'engine mechanic', mode: 'vector' });
    await first.dispose();

    const reopened = backend(file);
    const health = await reopened.health();
    expect(health).toMatchObject({
      documents: 50,
      vectors: false,
      needsReindex: false,
      embedding: { model: 'hashing-bow-64', done: 50, total: 50, state: 'detached' },
    });
    expect(health.note).toMatch(/lexical only/);
    const lexicalOnly = await reopened.search({ query: 'engine mechanic', mode: 'hybrid', limit: 50 });
    expect(lexicalOnly.hits.every((h) => h.match === 'all')).toBe(true);
    expect(lexicalOnly.vectorsUnavailable).toMatch(/no embedding model is connected.*hashing-bow-64/);
    expect(await lexicalAnswers(reopened)).toEqual(before);

    const same = new FlakyEmbedder(64);
    await reopened.setEmbedder(same);
    await reopened.vectorsIdle();
    expect(same.embedded).toEqual([]); // nothing recomputed
    expect(await ids(reopened, { query: 'engine mechanic', mode: 'vector' })).toEqual(vectorHits);
    expect(same.embedded).toEqual(['engine mechanic']);
  });

  it('replaces only the vectors when another model is attached: the words index answers the same throughout', async () => {
    const b = backend(indexFile(), { embedder: new HashingEmbedder(64) });
    await b.index(corpus());
    await b.vectorsIdle();
    const before = await lexicalAnswers(b);

    // A model name with a colon of its own, as Ollama's tags have.
    const other = new FlakyEmbedder(48, 'nomic-embed-text:latest');
    await b.setEmbedder(other);
    expect(await b.health()).toMatchObject({
      documents: 50,
      needsReindex: false,
      embedding: { model: 'nomic-embed-text:latest', dims: 48, done: 0, total: 50, state: 'filling' },
    });
    expect(await lexicalAnswers(b)).toEqual(before);

    await b.vectorsIdle();
    expect(await b.health()).toMatchObject({
      vectors: true,
      embedding: { model: 'nomic-embed-text:latest', dims: 48, done: 50, total: 50, state: 'complete' },
    });
    expect(await lexicalAnswers(b)).toEqual(before);
    expect(
      (await b.search({ query: 'insurance adjuster', mode: 'vector', limit: 5 })).hits.map((h) => theme(h.id)),
    ).toEqual(Array(5).fill(4));
    // Every document's passages went through the new model once.
    expect(new Set(other.embedded.filter((t) => t.startsWith('Doc ')).map((t) => t.split('\n')[0])).size).toBe(50);
  });

  it('pauses when the model stops answering mid-fill: words keep answering, new documents are indexed, and the fill resumes on the retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const b = backend(indexFile(), { vectors: { batchDocuments: 8, retry: { baseMs: 1000, maxMs: 1000, jitter: 0 } } });
    await b.index(corpus());
    const before = await lexicalAnswers(b);

    const flaky = new FlakyEmbedder(64);
    flaky.failAfterCalls = 2; // two batches, then the server is gone
    const progress: SearchEmbedding[] = [];
    await b.setEmbedder(flaky, { onProgress: (s) => progress.push(s) });
    await b.vectorsIdle();
    const paused = await b.health();
    expect(paused).toMatchObject({
      documents: 50,
      vectors: false,
      embedding: { done: 16, total: 50, state: 'paused', error: expect.stringMatching(/ECONNREFUSED/) },
    });
    expect(paused.note).toMatch(/lexical only for now.*does not answer/);
    expect(progress.at(-1)).toMatchObject({ state: 'paused', done: 16 });

    // Words answer as before; a hybrid query says it got words only, without waiting on the model.
    expect(await lexicalAnswers(b)).toEqual(before);
    const calls = flaky.calls;
    const hybrid = await b.search({ query: 'tenant rent', mode: 'hybrid', limit: 50 });
    expect(hybrid.hits.map((h) => h.id)).toEqual(before[1]);
    expect(hybrid.vectorsUnavailable).toMatch(/not answering.*ECONNREFUSED/);
    // A document written meanwhile is indexed by its words at once (its vectors come with the fill).
    await b.index([
      { id: 51, title: 'Doc 51', paths: ['/docs/51.txt'], type: null, text: 'zeppelin hangar airship', fields: {} },
    ]);
    expect(await ids(b, { query: 'zeppelin', mode: 'lexical' })).toEqual([51]);
    expect(flaky.calls).toBe(calls);

    // The server is back; the retry is due after the backoff.
    flaky.failAfterCalls = null;
    await vi.advanceTimersByTimeAsync(1000);
    await b.vectorsIdle();
    expect(await b.health()).toMatchObject({
      vectors: true,
      embedding: { done: 51, total: 51, state: 'complete', error: null },
    });
    expect((await b.search({ query: 'zeppelin airship', mode: 'vector', limit: 1 })).hits[0]).toMatchObject({ id: 51 });
    expect((await lexicalAnswers(b)).map((a) => a.filter((id) => id !== 51))).toEqual(before);
  });

  it('resumes an interrupted fill where it stopped: the documents that have vectors are not embedded again', async () => {
    const file = indexFile();
    const first = backend(file);
    await first.index(corpus());
    const flaky = new FlakyEmbedder(64);
    flaky.failAfterCalls = 3;
    await first.setEmbedder(flaky);
    await first.vectorsIdle();
    expect((await first.health()).embedding).toMatchObject({ done: 24, state: 'paused' });
    // Each batch is its own transaction: what an abrupt end leaves on disk is what this close leaves.
    await first.dispose();

    const again = new FlakyEmbedder(64);
    const second = backend(file, { embedder: again });
    await second.vectorsIdle();
    expect((await second.health()).embedding).toMatchObject({ done: 50, total: 50, state: 'complete' });
    const embeddedDocs = new Set(
      again.embedded.filter((t) => t.startsWith('Doc ')).map((t) => Number(t.split('\n')[0]!.slice(4))),
    );
    expect([...embeddedDocs].sort((x, y) => x - y)).toEqual(Array.from({ length: 26 }, (_, i) => i + 25));
  });

  it('answers a query by words, and says so, when the model fails it', async () => {
    const flaky = new FlakyEmbedder(64);
    const b = backend(indexFile(), { embedder: flaky });
    await b.index(corpus());
    await b.vectorsIdle();
    expect((await b.health()).vectors).toBe(true);

    flaky.failing = true;
    const lexical = await ids(b, { query: 'garage brakes', mode: 'lexical', limit: 50 });
    for (const mode of ['hybrid', 'vector'] as const) {
      const result = await b.search({ query: 'garage brakes', mode, limit: 50 });
      expect(
        result.hits.map((h) => h.id),
        mode,
      ).toEqual(lexical);
      expect(result.vectorsUnavailable, mode).toMatch(
        /embedding model hashing-bow-64 (did not answer|is not answering).*ECONNREFUSED/,
      );
    }
    expect(await b.health()).toMatchObject({ vectors: false, embedding: { state: 'paused' } });

    await b.setEmbedder(null);
    const detached = await b.health();
    expect(detached).toMatchObject({ vectors: false, embedding: { state: 'detached', done: 50 } });
    expect((await b.search({ query: 'garage brakes', limit: 50 })).hits.map((h) => h.id)).toEqual(lexical);
  });

  it('refuses a model without a usable vector length, and keeps the one attached', async () => {
    const b = backend(indexFile(), { embedder: new HashingEmbedder(64) });
    await b.index(corpus(10));
    await b.vectorsIdle();
    const unknownLength = {
      model: 'nomic-embed-text',
      get dims(): number {
        throw new Error('The vector length of nomic-embed-text is not known yet');
      },
      embed: async () => [],
    };
    await expect(b.setEmbedder(unknownLength)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/not known yet/),
    });
    await expect(b.setEmbedder({ model: 'broken', dims: 0, embed: async () => [] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await b.health()).toMatchObject({
      vectors: true,
      embedding: { model: 'hashing-bow-64', done: 10, state: 'complete' },
    });
    expect((await b.search({ query: 'uniq4', mode: 'vector', limit: 1 })).hits[0]!.id).toBe(4);
  });

  it('writes no stale vectors for a document rewritten while its batch was being embedded', async () => {
    const file = indexFile();
    const b = backend(file);
    await b.index(corpus(8));
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = new HashingEmbedder(64);
    let calls = 0;
    // Call 1 (the fill's batch) waits until released; call 2 (the rewrite's) fails, so the rewritten
    // document is stored without vectors; later calls answer.
    const gated = {
      model: inner.model,
      dims: inner.dims,
      embed: async (texts: string[]) => {
        const call = ++calls;
        if (call === 1) await gate;
        if (call === 2) throw new Error('connect ECONNREFUSED');
        return inner.embed(texts);
      },
    };
    await b.setEmbedder(gated);
    // The fill's first batch (all eight documents) is waiting on the model; document 1 is rewritten meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    await b.index([
      { id: 1, title: 'Doc 1', paths: ['/docs/1.txt'], type: null, text: 'volcano lava eruption magma', fields: {} },
    ]);
    release();
    await b.vectorsIdle();
    expect(calls).toBe(3); // the batch, the failed rewrite, and the rewritten document's own vectors
    expect((await b.health()).embedding).toMatchObject({ done: 8, state: 'complete' });
    expect((await b.search({ query: 'volcano eruption magma', mode: 'vector', limit: 1 })).hits[0]!.id).toBe(1);
    // What the vectors were computed from: the new text only.
    const db = new Database(file, { readonly: true });
    const passages = db.prepare('SELECT text FROM chunks WHERE doc_id = 1').pluck().all() as string[];
    db.close();
    expect(passages).toEqual(['Doc 1\nvolcano lava eruption magma']);
  });
});
