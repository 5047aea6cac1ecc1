import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { HIGHLIGHT_START, SearchResult } from '../../shared/contract/search.js';
import { HashingEmbedder } from '../testing/HashingEmbedder.js';
import { emptySearch, OpenSearchContractServer } from '../testing/openSearchContractServer.js';
import { registerAttachEmbedderConformance, registerSearchBackendConformance } from '../testing/searchConformance.js';
import { OpenSearchBackend } from './opensearch/OpenSearchBackend.js';
import { reindexFromStore } from './reindex.js';
import type { IndexDocument, SearchBackend } from './SearchBackend.js';
import { SqliteSearchBackend } from './sqlite/SqliteSearchBackend.js';
import {
  SwitchingSearchBackend,
  type OpenSearchTarget,
  type SearchBackendStatus,
  type SwitchingSearchOptions,
} from './SwitchingSearchBackend.js';

/** The snippet the contract server gives its hits: a result that carries it was answered by "OpenSearch". */
const FROM_OPENSEARCH = 'answered by OpenSearch';
const INDEX = 'docs';

const doc = (id: number, title: string, text: string): IndexDocument => ({
  id,
  title,
  paths: [`/archive/${id}.txt`],
  type: null,
  text,
  fields: {},
});
const STORE_DOCS = [
  doc(1, 'Ferry timetable', 'The ferry to Zanzibar leaves at nine.'),
  doc(2, 'Spice tour', 'The Zanzibar spice tour starts at noon.'),
  doc(3, 'Shopping list', 'Bread, milk and apples for the week.'),
  doc(4, 'Hotel invoice', 'Two nights in Stone Town, Zanzibar.'),
];

/**
 * The store as the fill reads it: batches of two in id order, each read when the fill asks for it (as
 * completedDocumentBatches does). `hold()` stops the fill after its first batch until released or aborted.
 */
class StoreStandIn {
  readonly docs = new Map<number, IndexDocument>(STORE_DOCS.map((d) => [d.id, d]));
  /** Fills started, in order (one per target filled). */
  fills = 0;
  private held: { reached: () => void; release: Promise<void>; resume: () => void } | null = null;

  /** The next fill stops after its first batch; resolves once it has written it, with the release. */
  hold(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let resume!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const release = new Promise<void>((resolve) => (resume = resolve));
    this.held = { reached, release, resume };
    return { reached: reachedPromise, release: resume };
  }

  readonly fill: SwitchingSearchOptions['fill'] = (target, signal) => {
    this.fills++;
    return reindexFromStore(target, this.batches(signal));
  };

  private async *batches(signal: AbortSignal): AsyncGenerator<IndexDocument[]> {
    const held = this.held;
    this.held = null;
    for (let after = 0, batch = 0; ; batch++) {
      if (batch === 1 && held) {
        // Asked for the second batch: the first is written.
        held.reached();
        await Promise.race([
          held.release,
          new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
        ]);
      }
      const page = [...this.docs.values()]
        .filter((d) => d.id > after)
        .sort((a, b) => a.id - b.id)
        .slice(0, 2);
      if (page.length === 0) return;
      yield page;
      after = page.at(-1)!.id;
    }
  }
}

/**
 * The contract server as far as these tests need a search engine: ids() gets every stored id; a query for
 * zanzibar gets the stored documents holding the word, with a snippet that says who answered. While
 * `outage.on`, every request gets a 503, as from a node that is restarting.
 */
async function startServer(outage = { on: false }): Promise<OpenSearchContractServer> {
  const server = new OpenSearchContractServer();
  server.use(() =>
    outage.on
      ? {
          status: 503,
          body: { error: { type: 'unavailable_shards_exception', reason: 'the node is restarting' }, status: 503 },
        }
      : undefined,
  );
  server.use((r) => {
    if (r.method !== 'POST' || r.path !== `/${INDEX}/_search`) return undefined;
    const stored = [...server.documents(INDEX).values()] as {
      id: number;
      body: string;
      paths: string[];
      type: string | null;
      fields: Record<string, never>;
    }[];
    const hits =
      JSON.stringify((r.json as { _source?: unknown })._source) === '["id"]'
        ? stored.map((s) => ({ _index: INDEX, _id: String(s.id), _score: null, _source: { id: s.id }, sort: [s.id] }))
        : stored
            .filter((s) => /zanzibar/i.test(s.body) && r.text.includes('zanzibar'))
            .map((s) => ({
              _index: INDEX,
              _id: String(s.id),
              _score: 1,
              _source: s,
              highlight: { body: [FROM_OPENSEARCH] },
            }));
    return {
      status: 200,
      body: { ...emptySearch(), hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits } },
    };
  });
  await server.start();
  return server;
}

/** OpenSearch clients that give up at once (one bulk attempt) instead of retrying for seconds. */
const fastOpenSearch: NonNullable<SwitchingSearchOptions['createOpenSearch']> = (target, embedder) =>
  new OpenSearchBackend({ ...target, embedder, bulkAttempts: 1, backoff: { baseMs: 1, maxMs: 5, jitter: 0 } });

/** Statuses as onStatus reports them, and a wait for one (no sleeping: it resolves on the report). */
class StatusLog {
  readonly seen: SearchBackendStatus[] = [];
  private waiters: { test: (s: SearchBackendStatus) => boolean; resolve: () => void }[] = [];
  readonly onStatus = (status: SearchBackendStatus) => {
    this.seen.push(status);
    this.waiters = this.waiters.filter((w) => (w.test(status) ? (w.resolve(), false) : true));
  };
  until(backend: SwitchingSearchBackend, test: (s: SearchBackendStatus) => boolean): Promise<void> {
    if (test(backend.status())) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

const idsOf = (result: SearchResult) => result.hits.map((h) => h.id).sort((a, b) => a - b);
const storedIds = (server: OpenSearchContractServer) =>
  [...server.documents(INDEX).keys()].map(Number).sort((a, b) => a - b);
/** Ids of the documents written or deleted through _bulk (its action lines). */
const bulkIds = (server: OpenSearchContractServer) =>
  server
    .to('POST', '/_bulk')
    .flatMap((r) =>
      (r.json as Record<string, { _id?: string } | null>[]).flatMap((line) =>
        [line.index?._id, line.delete?._id].filter((id) => id !== undefined),
      ),
    );

describe('SwitchingSearchBackend with the OpenSearch contract server', () => {
  let server: OpenSearchContractServer;
  let outage: { on: boolean };
  let store: StoreStandIn;
  let sqlite: SqliteSearchBackend;
  let statuses: StatusLog;
  let backend: SwitchingSearchBackend;
  const target = (): OpenSearchTarget => ({ node: server.url, index: INDEX });

  const make = (options: Partial<SwitchingSearchOptions> = {}) =>
    new SwitchingSearchBackend({
      sqlite,
      fill: store.fill,
      createOpenSearch: fastOpenSearch,
      onStatus: statuses.onStatus,
      ...options,
    });

  beforeEach(async () => {
    outage = { on: false };
    server = await startServer(outage);
    store = new StoreStandIn();
    statuses = new StatusLog();
    // As in the app: the built-in index already holds the store's documents when OpenSearch joins.
    sqlite = new SqliteSearchBackend({ file: ':memory:' });
    await sqlite.index(STORE_DOCS);
    backend = make();
  });
  afterEach(async () => {
    await backend.dispose();
    await server.stop();
  });

  it('answers from the built-in index while OpenSearch fills and from OpenSearch once filled; a document indexed meanwhile reaches both', async () => {
    const held = store.hold();
    const filled = backend.useOpenSearch(target());
    await held.reached;

    expect(backend.status()).toEqual({
      answering: 'sqlite',
      reason: 'OpenSearch is filling (2/4); answers come from the built-in index',
    });
    const whileFilling = SearchResult.parse(await backend.search({ query: 'zanzibar', mode: 'lexical' }));
    expect(idsOf(whileFilling)).toEqual([1, 2, 4]);
    expect(whileFilling.hits.every((h) => h.snippet.includes(HIGHLIGHT_START))).toBe(true);
    // The contract keeps the note (a field it did not know would be stripped here).
    expect(whileFilling.backendNote).toBe('OpenSearch is filling (2/4); answers come from the built-in index');
    expect(await backend.health()).toMatchObject({
      backend: 'sqlite',
      documents: 4,
      note: expect.stringMatching(
        /^OpenSearch is filling \(2\/4\); answers come from the built-in index\. Built-in index: /,
      ),
    });
    expect(storedIds(server)).toEqual([1, 2]);

    const late = doc(5, 'Flight', 'The flight to Zanzibar lands at six.');
    store.docs.set(5, late);
    await backend.index([late]);
    expect(storedIds(server)).toEqual([1, 2, 5]);
    expect((await sqlite.ids()).sort()).toEqual([1, 2, 3, 4, 5]);

    held.release();
    await filled;
    expect(backend.status()).toEqual({ answering: 'opensearch', reason: null });
    // Told at every step: progress while filling, then the switch (once).
    expect(statuses.seen.filter((s) => s.answering === 'opensearch')).toEqual([
      { answering: 'opensearch', reason: null },
    ]);
    expect(statuses.seen.at(-1)).toEqual({ answering: 'opensearch', reason: null });
    expect(statuses.seen.map((s) => s.reason)).toContain(
      'OpenSearch is filling (4/4); answers come from the built-in index',
    );
    const filledResult = await backend.search({ query: 'zanzibar', mode: 'lexical' });
    expect(idsOf(filledResult)).toEqual([1, 2, 4, 5]);
    expect(filledResult.hits.every((h) => h.snippet === FROM_OPENSEARCH)).toBe(true);
    expect(filledResult.backendNote).toBeUndefined();
    expect(await backend.health()).toMatchObject({ backend: 'opensearch', documents: 5, needsReindex: false });
    expect(storedIds(server)).toEqual([1, 2, 3, 4, 5]);

    // An invalid query is the query's fault, not OpenSearch's: refused as such, and OpenSearch keeps answering.
    await expect(backend.search({ query: '"unclosed phrase' })).rejects.toMatchObject({
      code: ErrorCode.QUERY_INVALID,
    });
    expect(backend.status().answering).toBe('opensearch');
  });

  it('when OpenSearch stops answering, the built-in index answers and says so; a new node named by useOpenSearch is filled, with the write it missed', async () => {
    await backend.useOpenSearch(target());
    expect(backend.status().answering).toBe('opensearch');
    await server.stop();

    const result = await backend.search({ query: 'zanzibar', mode: 'lexical' });
    expect(idsOf(result)).toEqual([1, 2, 4]);
    expect(result.backendNote).toMatch(
      /^OpenSearch did not answer \(OpenSearch at http:\/\/127\.0\.0\.1:\d+ did not answer POST \/docs\/_search: .*\); answers come from the built-in index until it answers again$/,
    );
    expect(backend.status()).toEqual({ answering: 'sqlite', reason: result.backendNote });
    expect(await backend.health()).toMatchObject({
      backend: 'sqlite',
      documents: 4,
      note: expect.stringMatching(/^OpenSearch did not answer/),
    });

    const missed = doc(6, 'Dhow cruise', 'A sunset dhow cruise off Zanzibar.');
    store.docs.set(6, missed);
    await backend.index([missed]);
    expect((await sqlite.ids()).sort()).toEqual([1, 2, 3, 4, 6]);
    expect(backend.status().reason).toMatch(/until it answers and is filled again from the store$/);
    expect(idsOf(await backend.search({ query: 'zanzibar', mode: 'lexical' }))).toEqual([1, 2, 4, 6]);

    const next = await startServer();
    try {
      await backend.useOpenSearch({ node: next.url, index: INDEX });
      expect(backend.status()).toEqual({ answering: 'opensearch', reason: null });
      expect(storedIds(next)).toEqual([1, 2, 3, 4, 6]);
      const answered = await backend.search({ query: 'zanzibar', mode: 'lexical' });
      expect(idsOf(answered)).toEqual([1, 2, 4, 6]);
      expect(answered.hits.every((h) => h.snippet === FROM_OPENSEARCH)).toBe(true);
    } finally {
      await backend.dispose();
      await next.stop();
    }
  });

  it('asks an unavailable OpenSearch again by itself; when it answers, it is filled again with the writes it missed', async () => {
    backend = make({ recheck: { baseMs: 5, maxMs: 20, jitter: 0 } });
    await backend.useOpenSearch(target());
    outage.on = true;

    // A write OpenSearch refuses: the built-in index has it, nothing is thrown, and OpenSearch is set aside.
    const refused = doc(7, 'Ferry refund', 'Refund for the Zanzibar ferry.');
    store.docs.set(7, refused);
    await backend.index([refused]);
    expect(backend.status()).toMatchObject({
      answering: 'sqlite',
      reason: expect.stringMatching(
        /^OpenSearch did not answer .*the node is restarting.*until it answers and is filled again from the store$/,
      ),
    });
    // A write while it is set aside is not sent at all.
    const bulksBefore = server.to('POST', '/_bulk').length;
    const skipped = doc(8, 'Snorkelling', 'Snorkelling near Zanzibar.');
    store.docs.set(8, skipped);
    await backend.index([skipped]);
    expect(server.to('POST', '/_bulk')).toHaveLength(bulksBefore);
    const result = await backend.search({ query: 'zanzibar', mode: 'lexical' });
    expect(idsOf(result)).toEqual([1, 2, 4, 7, 8]);
    expect(result.backendNote).toMatch(/^OpenSearch did not answer/);

    outage.on = false;
    await statuses.until(backend, (s) => s.answering === 'opensearch');
    expect(storedIds(server)).toEqual([1, 2, 3, 4, 7, 8]);
    expect(store.fills).toBe(2);
    expect(idsOf(await backend.search({ query: 'zanzibar', mode: 'lexical' }))).toEqual([1, 2, 4, 7, 8]);
  });

  it('a query OpenSearch fails with nothing missed: it answers again after a recheck, without a refill', async () => {
    backend = make({ recheck: { baseMs: 5, maxMs: 20, jitter: 0 } });
    await backend.useOpenSearch(target());
    outage.on = true;
    const result = await backend.search({ query: 'zanzibar', mode: 'lexical' });
    expect(idsOf(result)).toEqual([1, 2, 4]);
    expect(result.backendNote).toMatch(
      /^OpenSearch did not answer \(OpenSearch answered 503 .*the node is restarting\); answers come from the built-in index until it answers again$/,
    );
    outage.on = false;
    await statuses.until(backend, (s) => s.answering === 'opensearch');
    expect(idsOf(await backend.search({ query: 'zanzibar', mode: 'lexical' }))).toEqual([1, 2, 4]);
    expect(store.fills).toBe(1);
  });

  it('without a target the built-in index answers with no note, and OpenSearch is asked nothing more', async () => {
    await backend.useOpenSearch(target());
    await backend.useOpenSearch(null);
    expect(backend.status()).toEqual({ answering: 'sqlite', reason: null });
    const before = server.requests.length;
    const added = doc(9, 'Zanzibar map', 'A map of Zanzibar.');
    await backend.index([added]);
    const result = await backend.search({ query: 'zanzibar', mode: 'lexical' });
    expect(idsOf(result)).toEqual([1, 2, 4, 9]);
    expect(result.backendNote).toBeUndefined();
    expect((await backend.health()).note).not.toMatch(/OpenSearch/);
    expect(server.requests).toHaveLength(before);
  });

  it('the same target again while it answers is kept, not filled again', async () => {
    await backend.useOpenSearch(target());
    const bulks = server.to('POST', '/_bulk').length;
    await backend.useOpenSearch({ ...target() });
    expect(store.fills).toBe(1);
    expect(server.to('POST', '/_bulk')).toHaveLength(bulks);
    expect(backend.status().answering).toBe('opensearch');
  });

  it('a target replaced during its fill gets no more writes; the new one is filled', async () => {
    const held = store.hold();
    const first = backend.useOpenSearch(target());
    await held.reached;
    const next = await startServer();
    try {
      await backend.useOpenSearch({ node: next.url, index: INDEX });
      await first;
      expect(backend.status().answering).toBe('opensearch');
      expect(storedIds(next)).toEqual([1, 2, 3, 4]);
      expect(storedIds(server)).toEqual([1, 2]);
      // Also later writes go to the new target only.
      await backend.index([doc(10, 'Later', 'later words')]);
      expect(storedIds(next)).toEqual([1, 2, 3, 4, 10]);
      expect(bulkIds(server)).not.toContain('10');
    } finally {
      await backend.dispose();
      await next.stop();
    }
  });

  it('writes reach the target in the order they were made: a batch the fill read before a live update does not overwrite it', async () => {
    // A target whose first write (the fill's first batch, read from the store already) waits until released.
    let release!: () => void;
    let writing!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const firstWriteStarted = new Promise<void>((resolve) => (writing = resolve));
    let first = true;
    class SlowFirstWrite extends SqliteSearchBackend {
      override async index(docs: IndexDocument[]): Promise<void> {
        if (first) {
          first = false;
          writing();
          await released;
        }
        await super.index(docs);
      }
    }
    const slow = new SlowFirstWrite({ file: ':memory:' });
    backend = make({ createOpenSearch: () => slow });
    const filled = backend.useOpenSearch(target());
    await firstWriteStarted;

    const rewritten = doc(1, 'Ferry timetable', 'The ferry to Zanzibar now leaves from the lagoon pier.');
    store.docs.set(1, rewritten);
    const live = backend.index([rewritten]);
    release();
    await live;
    await filled;
    expect(backend.status().answering).toBe('opensearch');
    expect(idsOf(await slow.search({ query: 'lagoon', mode: 'lexical' }))).toEqual([1]);
    expect(idsOf(await backend.search({ query: 'lagoon', mode: 'lexical' }))).toEqual([1]);
  });

  it('clear() during a fill empties both and stops the fill, which would put the documents back', async () => {
    const held = store.hold();
    const filled = backend.useOpenSearch(target());
    await held.reached;
    await backend.clear();
    await filled;
    expect(backend.status()).toEqual({ answering: 'opensearch', reason: null });
    expect(storedIds(server)).toEqual([]);
    expect(await sqlite.ids()).toEqual([]);
  });

  it('dispose stops a fill in progress and closes both indexes', async () => {
    const held = store.hold();
    const filled = backend.useOpenSearch(target());
    await held.reached;
    await backend.dispose();
    await filled;
    expect(storedIds(server)).toEqual([1, 2]);
    await expect(sqlite.search({ query: 'zanzibar' })).rejects.toMatchObject({ code: ErrorCode.CORE_DISPOSED });
    // A service reporting ready while docpipe stops changes nothing.
    await backend.useOpenSearch(target());
    expect(backend.status()).toEqual({ answering: 'sqlite', reason: null });
  });

  it('attaches an embedding model to both, and to a target that joins later', async () => {
    const model = new HashingEmbedder(16);
    await backend.setEmbedder(model);
    expect((await sqlite.health()).vectors).toBe(true);
    await backend.useOpenSearch(target());
    // The fill wrote vectors: the target was built with the model.
    expect(server.documents(`${INDEX}-chunks`).size).toBeGreaterThan(0);
    await backend.setEmbedder(null);
    expect((await sqlite.health()).vectors).toBe(false);
    expect(await backend.health()).toMatchObject({ backend: 'opensearch', vectors: false });
  });

  it('a listener that throws does not stop the switch', async () => {
    backend = make({
      onStatus: () => {
        throw new AppError(ErrorCode.INTERNAL, 'listener bug');
      },
    });
    await backend.useOpenSearch(target());
    expect(backend.status().answering).toBe('opensearch');
  });
});

/**
 * The port's semantics through the switch while its target answers: the target here is a second SQLite
 * index (the suite needs a search engine, which the contract server is not), so every query, write and
 * model change must pass through unchanged.
 */
async function switchingOverTarget(): Promise<SearchBackend> {
  const backend = new SwitchingSearchBackend({
    sqlite: new SqliteSearchBackend({ file: ':memory:' }),
    fill: (target) => reindexFromStore(target, []),
    createOpenSearch: () => new SqliteSearchBackend({ file: ':memory:' }),
  });
  await backend.useOpenSearch({ node: 'http://127.0.0.1:9', index: 'conformance' });
  if (backend.status().answering !== 'opensearch')
    throw new Error(`the target does not answer: ${backend.status().reason}`);
  return backend;
}
registerSearchBackendConformance('switching, answering from its target', switchingOverTarget);
registerAttachEmbedderConformance('switching, answering from its target', switchingOverTarget);
