import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../shared/contract/errors.js';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../shared/contract/search.js';
import {
  CONFORMANCE_DOCS,
  registerAttachEmbedderConformance,
  registerSearchBackendConformance,
} from '../../testing/searchConformance.js';
import { FlakyEmbedder } from '../../testing/FlakyEmbedder.js';
import { HashingEmbedder } from '../../testing/HashingEmbedder.js';
import { emptySearch, OpenSearchContractServer } from '../../testing/openSearchContractServer.js';
import { OpenSearchBackend } from './OpenSearchBackend.js';

const FAST_BACKOFF = { baseMs: 1, maxMs: 5, jitter: 0 };

const url = process.env.OPENSEARCH_URL;
if (url) {
  const cluster = (index: string) =>
    new OpenSearchBackend({
      node: url,
      index,
      rejectUnauthorized: process.env.OPENSEARCH_INSECURE !== '1',
      ...(process.env.OPENSEARCH_USER
        ? { auth: { username: process.env.OPENSEARCH_USER, password: process.env.OPENSEARCH_PASSWORD ?? '' } }
        : {}),
    });
  registerSearchBackendConformance('opensearch', async () => cluster(`docpipe-conformance-${process.pid}`));
  registerAttachEmbedderConformance('opensearch', async () => cluster(`docpipe-attach-${process.pid}`));
} else {
  describe('SearchBackend conformance: opensearch', () => {
    it.skip('skipped: set OPENSEARCH_URL (e.g. http://127.0.0.1:9200) to run the conformance suite against a real server', () => {});
  });
}

describe('OpenSearchBackend against the contract server', () => {
  let server: OpenSearchContractServer;
  let backend: OpenSearchBackend;

  beforeEach(async () => {
    server = new OpenSearchContractServer();
    await server.start();
    backend = new OpenSearchBackend({
      node: server.url,
      index: 'docs',
      auth: { username: 'admin', password: 's3cret' },
      backoff: FAST_BACKOFF,
    });
  });
  afterEach(async () => {
    await backend.dispose();
    await server.stop();
  });

  it('puts the index template (english analyzer, keyword filters) and creates the index once', async () => {
    await backend.index(CONFORMANCE_DOCS.slice(0, 2));
    await backend.index(CONFORMANCE_DOCS.slice(2));
    const [template] = server.to('PUT', '/_index_template/docs');
    expect(server.to('PUT', '/_index_template/docs')).toHaveLength(1);
    const body = template!.json as {
      index_patterns: string[];
      template: {
        settings: { analysis: { analyzer: Record<string, { filter: string[] }> } };
        mappings: { properties: Record<string, { type: string }> };
      };
    };
    expect(body.index_patterns).toContain('docs');
    expect(body.template.settings.analysis.analyzer.docpipe_english!.filter).toEqual(
      expect.arrayContaining(['lowercase', 'asciifolding', 'porter_stem']),
    );
    expect(body.template.mappings.properties.type!.type).toBe('keyword');
    expect(body.template.mappings.properties.paths!.type).toBe('keyword');
    expect(body.template.mappings.properties.fv!.type).toBe('nested');
    expect(body.template.mappings.properties.vector).toBeUndefined();
    expect(body.index_patterns).toContain('docs-v*');
    // A fresh installation: `docs-v1` behind the alias `docs`, made once.
    const created = server.requests.filter((r) => r.method === 'PUT' && r.path === '/docs-v1');
    expect(created.map((r) => r.json)).toEqual([{ aliases: { docs: {} } }]);
    expect(server.aliasTargets('docs')).toEqual(['docs-v1']);
  });

  it('maps chunk vectors as knn_vector when an embedder is configured', async () => {
    const withVectors = new OpenSearchBackend({
      node: server.url,
      index: 'vec',
      embedder: new HashingEmbedder(16),
      backoff: FAST_BACKOFF,
    });
    await withVectors.index([CONFORMANCE_DOCS[3]!]);
    const body = server.to('PUT', '/_index_template/vec')[0]!.json as {
      template: {
        settings: Record<string, unknown>;
        mappings: { properties: Record<string, { type: string; dimension?: number }> };
      };
    };
    expect(body.template.mappings.properties.vector).toMatchObject({ type: 'knn_vector', dimension: 16 });
    expect(body.template.settings['index.knn']).toBe(true);
    const chunks = server.documents('vec-chunks');
    expect(chunks.size).toBeGreaterThan(0);
    expect([...chunks.values()][0]).toMatchObject({ doc_id: 4, page: 1 });
    await withVectors.dispose();
  });

  it('attaches a model later: the template gets the vector mapping, a chunks index is made for the model, new documents get vectors', async () => {
    await backend.index(CONFORMANCE_DOCS.slice(0, 2));
    expect(server.documents('docs-chunks').size).toBe(0);
    await backend.setEmbedder(new HashingEmbedder(16));
    await backend.index([CONFORMANCE_DOCS[3]!]);
    const templates = server
      .to('PUT', '/_index_template/docs')
      .map((r) => r.json as { template: { mappings: { properties: Record<string, unknown> } } });
    expect(templates).toHaveLength(2);
    expect(templates[0]!.template.mappings.properties.vector).toBeUndefined();
    expect(templates[1]!.template.mappings.properties.vector).toMatchObject({ type: 'knn_vector', dimension: 16 });
    expect(server.to('PUT', '/docs-chunks').map((r) => r.json)).toEqual([
      { mappings: { _meta: { embedding: 'hashing-bow-16:16' } } },
    ]);
    const chunks = [...server.documents('docs-chunks').values()] as { doc_id: number; vector: number[] }[];
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.doc_id === 4 && c.vector.length === 16)).toBe(true);
    const health = await backend.health();
    expect(health).toMatchObject({ vectors: true });
    expect(health.note).toMatch(/indexed before the model was attached get vectors by a reindex/);
  });

  it("keeps a chunks index of the attached model and replaces one of another model's vectors", async () => {
    let stored = 'hashing-bow-16:16';
    server.use((r) => (r.method === 'HEAD' && r.path === '/docs-chunks' ? { status: 200, body: {} } : undefined));
    server.use((r) =>
      r.method === 'GET' && r.path === '/docs-chunks/_mapping'
        ? {
            status: 200,
            body: {
              'docs-chunks': {
                mappings: {
                  _meta: { embedding: stored },
                  properties: { vector: { type: 'knn_vector', dimension: 16 } },
                },
              },
            },
          }
        : undefined,
    );
    server.use((r) =>
      r.method === 'DELETE' && r.path === '/docs-chunks' ? { status: 200, body: { acknowledged: true } } : undefined,
    );
    await backend.setEmbedder(new HashingEmbedder(16));
    await backend.health();
    expect(server.to('DELETE', '/docs-chunks')).toHaveLength(0);
    expect(server.to('PUT', '/docs-chunks')).toHaveLength(0);

    stored = 'all-minilm:16';
    await backend.setEmbedder(new HashingEmbedder(16));
    await backend.health();
    expect(server.to('DELETE', '/docs-chunks')).toHaveLength(1);
    expect(server.to('PUT', '/docs-chunks').map((r) => r.json)).toEqual([
      { mappings: { _meta: { embedding: 'hashing-bow-16:16' } } },
    ]);
  });

  it('indexes the words and answers by words, saying so, when the model does not answer', async () => {
    const model = new FlakyEmbedder(16);
    model.failing = true;
    await backend.setEmbedder(model);
    await backend.index(CONFORMANCE_DOCS.slice(0, 1));
    expect(server.documents('docs').size).toBe(1);
    expect(server.documents('docs-chunks').size).toBe(0);
    const result = await backend.search({ query: 'invoice', mode: 'hybrid' });
    expect(result.vectorsUnavailable).toMatch(/hashing-bow-16 did not answer.*ECONNREFUSED.*words only/);
    expect(server.to('POST', '/docs-chunks/_search')).toHaveLength(0);
    const health = await backend.health();
    expect(health).toMatchObject({ vectors: false });
    expect(health.note).toMatch(/lexical only for now/);

    model.failing = false;
    await backend.index(CONFORMANCE_DOCS.slice(0, 1));
    expect(server.documents('docs-chunks').size).toBeGreaterThan(0);
    expect((await backend.health()).vectors).toBe(true);

    await backend.setEmbedder(null);
    const words = await backend.search({ query: 'invoice', mode: 'hybrid' });
    expect(words.vectorsUnavailable).toBeUndefined();
    expect(server.to('POST', '/docs-chunks/_search')).toHaveLength(0);
  });

  it('sends basic auth on every request', async () => {
    await backend.health();
    const expected = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.headers.authorization === expected)).toBe(true);
  });

  it('bulk-indexes as NDJSON index actions with the document source', async () => {
    await backend.index(CONFORMANCE_DOCS);
    const [bulk] = server.to('POST', '/_bulk');
    expect(bulk!.headers['content-type']).toMatch(/ndjson|json/);
    expect(bulk!.query.get('refresh')).toBe('wait_for');
    const lines = bulk!.json as Record<string, unknown>[];
    expect(lines).toHaveLength(CONFORMANCE_DOCS.length * 2);
    expect(lines[0]).toEqual({ index: { _index: 'docs', _id: '1' } });
    expect(lines[1]).toMatchObject({
      id: 1,
      type: 'invoice',
      paths: ['/archive/invoices/2023/acme-0042.pdf'],
      fields: { vendor: 'ACME Corporation', total: 1250.5 },
    });
    expect((lines[1] as { fv: unknown[] }).fv).toEqual(
      expect.arrayContaining([
        { name: 'vendor', text: 'acme corporation', num: null },
        { name: 'total', text: '1250.5', num: 1250.5 },
      ]),
    );
  });

  it('splits large batches into several bulk requests', async () => {
    const small = new OpenSearchBackend({ node: server.url, index: 'docs', bulkSize: 2, backoff: FAST_BACKOFF });
    await small.index(CONFORMANCE_DOCS);
    expect(server.to('POST', '/_bulk').map((r) => (r.json as unknown[]).length)).toEqual([4, 4, 2]);
    await small.dispose();
  });

  it('retries a whole bulk request the cluster rejected with 429', async () => {
    server.failNext(
      (r) => r.path === '/_bulk',
      {
        status: 429,
        body: { error: { type: 'es_rejected_execution_exception', reason: 'rejected execution' }, status: 429 },
      },
      2,
    );
    await backend.index(CONFORMANCE_DOCS.slice(0, 2));
    expect(server.to('POST', '/_bulk')).toHaveLength(3);
    expect(server.documents('docs').size).toBe(2);
  });

  it('retries only the items rejected with 429', async () => {
    server.failNext((r) => r.path === '/_bulk', {
      status: 200,
      body: {
        took: 2,
        errors: true,
        items: [
          { index: { _index: 'docs', _id: '1', status: 201, result: 'created' } },
          {
            index: {
              _index: 'docs',
              _id: '2',
              status: 429,
              error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
            },
          },
        ],
      },
    });
    await backend.index(CONFORMANCE_DOCS.slice(0, 2));
    const bulks = server.to('POST', '/_bulk');
    expect(bulks).toHaveLength(2);
    expect(bulks[1]!.json).toEqual([{ index: { _index: 'docs', _id: '2' } }, expect.objectContaining({ id: 2 })]);
  });

  it('fails with the documents named when items are rejected for good (mapping errors)', async () => {
    server.failNext((r) => r.path === '/_bulk', {
      status: 200,
      body: {
        took: 2,
        errors: true,
        items: [
          { index: { _index: 'docs', _id: '1', status: 201 } },
          {
            index: {
              _index: 'docs',
              _id: '2',
              status: 400,
              error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [mtime]' },
            },
          },
        ],
      },
    });
    const error = await backend.index(CONFORMANCE_DOCS.slice(0, 2)).catch((e: unknown) => e);
    expect(AppError.is(error)).toBe(true);
    expect((error as AppError).code).toBe(ErrorCode.SEARCH_UNAVAILABLE);
    expect((error as AppError).message).toMatch(/document 2: mapper_parsing_exception failed to parse field \[mtime\]/);
    expect(server.to('POST', '/_bulk')).toHaveLength(1);
  });

  it('gives up after the configured attempts with a retryable error', async () => {
    const limited = new OpenSearchBackend({ node: server.url, index: 'docs', bulkAttempts: 3, backoff: FAST_BACKOFF });
    server.failNext(
      (r) => r.path === '/_bulk',
      { status: 503, body: { error: { type: 'unavailable', reason: 'no master' }, status: 503 } },
      10,
    );
    const error = await limited.index(CONFORMANCE_DOCS.slice(0, 1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.SEARCH_UNAVAILABLE, retryable: true });
    expect(server.to('POST', '/_bulk')).toHaveLength(3);
    await limited.dispose();
  });

  it('translates the query language into one bool query, with type filters as post_filter and facets as aggs', async () => {
    await backend.search({
      query:
        'invoice "net 14" consult* -globex type:invoice vendor:acme total>100 date:2023-01..2023-06 path:/archive/invoices -path:/tmp',
      limit: 5,
      mode: 'lexical',
    });
    const body = server.to('POST', '/docs/_search')[0]!.json as Record<string, unknown>;
    expect(body).toMatchObject({
      size: 5,
      track_total_hits: true,
      post_filter: { terms: { type: ['invoice'] } },
      aggs: { types: { terms: { field: 'type' } } },
    });
    const bool = (body.query as { bool: Record<string, unknown[]> }).bool;
    expect(bool.must).toEqual([
      { multi_match: { query: 'invoice', fields: ['title^4', 'body', 'field_text^2'] } },
      { multi_match: { query: 'net 14', fields: ['title^4', 'body', 'field_text^2'], type: 'phrase' } },
      { multi_match: { query: 'consult', fields: ['title^4', 'body', 'field_text^2'], type: 'phrase_prefix' } },
    ]);
    expect(bool.must_not).toEqual([
      { multi_match: { query: 'globex', fields: ['title^4', 'body', 'field_text^2'] } },
      {
        bool: {
          should: [{ term: { paths: '/tmp' } }, { prefix: { paths: '/tmp/' } }, { prefix: { paths: '/tmp\\' } }],
          minimum_should_match: 1,
        },
      },
    ]);
    expect(bool.filter).toEqual([
      {
        nested: {
          path: 'fv',
          query: {
            bool: { filter: [{ term: { 'fv.name': 'vendor' } }, { wildcard: { 'fv.text': { value: '*acme*' } } }] },
          },
        },
      },
      {
        nested: {
          path: 'fv',
          query: { bool: { filter: [{ term: { 'fv.name': 'total' } }, { range: { 'fv.num': { gt: 100 } } }] } },
        },
      },
      {
        nested: {
          path: 'fv',
          query: {
            bool: {
              filter: [
                { term: { 'fv.name': 'date' } },
                { range: { 'fv.text': { gte: '2023-01', lte: '2023-06\uffff' } } },
              ],
            },
          },
        },
      },
      {
        bool: {
          should: [
            { term: { paths: '/archive/invoices' } },
            { prefix: { paths: '/archive/invoices/' } },
            { prefix: { paths: '/archive/invoices\\' } },
          ],
          minimum_should_match: 1,
        },
      },
    ]);
    expect((body.highlight as { pre_tags: string[] }).pre_tags).toEqual([HIGHLIGHT_START]);
  });

  it('maps a search response to hits, snippets and facets', async () => {
    server.use((r) =>
      r.path === '/docs/_search'
        ? {
            status: 200,
            body: {
              ...emptySearch(),
              hits: {
                total: { value: 2, relation: 'eq' },
                max_score: 3.2,
                hits: [
                  {
                    _index: 'docs',
                    _id: '1',
                    _score: 3.2,
                    _source: { id: 1, type: 'invoice', paths: ['/a.pdf'], fields: { total: 10 }, body: 'x' },
                    highlight: { body: [`an ${HIGHLIGHT_START}invoice${HIGHLIGHT_END} from ACME`] },
                  },
                  {
                    _index: 'docs',
                    _id: '2',
                    _score: 1.1,
                    _source: { id: 2, type: null, paths: ['/b.txt'], fields: {}, body: 'plain text without a match' },
                  },
                ],
              },
              aggregations: {
                types: {
                  doc_count_error_upper_bound: 0,
                  sum_other_doc_count: 0,
                  buckets: [
                    { key: 'invoice', doc_count: 1 },
                    { key: 'receipt', doc_count: 4 },
                  ],
                },
              },
            },
          }
        : undefined,
    );
    const result = await backend.search({ query: 'invoice' });
    expect(result).toMatchObject({ total: 2, facets: { type: { invoice: 1, receipt: 4 } }, fallback: null });
    expect(result.hits).toEqual([
      {
        id: 1,
        score: 3.2,
        snippet: `an ${HIGHLIGHT_START}invoice${HIGHLIGHT_END} from ACME`,
        paths: ['/a.pdf'],
        type: 'invoice',
        fields: { total: 10 },
        page: null,
        match: 'all',
      },
      {
        id: 2,
        score: 1.1,
        snippet: 'plain text without a match',
        paths: ['/b.txt'],
        type: null,
        fields: {},
        page: null,
        match: 'all',
      },
    ]);
  });

  it('falls back to any word when nothing matches all', async () => {
    const result = await backend.search({ query: 'croissants landlord' });
    const searches = server.to('POST', '/docs/_search');
    expect(searches).toHaveLength(2);
    expect(
      (searches[1]!.json as { query: { bool: { minimum_should_match: number; should: unknown[] } } }).query.bool,
    ).toMatchObject({ minimum_should_match: 1 });
    expect(result.fallback).toBeNull(); // the fake has no documents: nothing to fall back to
  });

  it('rejects invalid queries before any request', async () => {
    await expect(backend.search({ query: '"open' })).rejects.toMatchObject({ code: ErrorCode.QUERY_INVALID });
    expect(server.to('POST', '/docs/_search')).toHaveLength(0);
  });

  it('reports an unreachable cluster as retryable SEARCH_UNAVAILABLE', async () => {
    const down = new OpenSearchBackend({ node: 'http://127.0.0.1:1', index: 'docs', requestTimeoutMs: 2000 });
    const error = await down.health().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.SEARCH_UNAVAILABLE, retryable: true });
    expect((error as AppError).message).toMatch(/did not answer/);
    await down.dispose();
  });

  it('counts documents for health and removes by id', async () => {
    await backend.index(CONFORMANCE_DOCS);
    expect(await backend.health()).toMatchObject({ backend: 'opensearch', documents: 5, vectors: false });
    await backend.remove([1, 2, 77]);
    expect(await backend.health()).toMatchObject({ documents: 3 });
    const [del] = server.to('POST', '/_bulk').slice(-1);
    expect(del!.json).toEqual([
      { delete: { _index: 'docs', _id: '1' } },
      { delete: { _index: 'docs', _id: '2' } },
      { delete: { _index: 'docs', _id: '77' } },
    ]);
  });

  describe('back-pressure', () => {
    it('retries only the items the cluster rejects with 429 until each is taken: every document indexed once', async () => {
      const pressed = new OpenSearchBackend({
        node: server.url,
        index: 'docs',
        bulkSize: 4,
        bulkInFlight: 2,
        backoff: FAST_BACKOFF,
      });
      server.bulkDelayMs = 5;
      await pressed.index([]);
      const docs = Array.from({ length: 30 }, (_, i) => ({
        ...CONFORMANCE_DOCS[i % CONFORMANCE_DOCS.length]!,
        id: i + 1,
      }));
      // More rejections than the attempts a failing request gets: overload is waited out, never given up on.
      server.rejectBulkItems(12);
      await pressed.index(docs);
      expect(server.documents('docs').size).toBe(30);
      const accepted = server.accepted('docs');
      expect([...accepted.values()].every((n) => n === 1)).toBe(true);
      expect(accepted.size).toBe(30);
      const sentItems = server.to('POST', '/_bulk').reduce((n, r) => n + (r.json as unknown[]).length / 2, 0);
      expect(sentItems).toBe(30 + 12);
      expect(server.maxBulksInFlight).toBeLessThanOrEqual(2);
      await pressed.dispose();
    });

    it('waits out whole bulk requests rejected with 429 beyond the attempts other failures get', async () => {
      const limited = new OpenSearchBackend({
        node: server.url,
        index: 'docs',
        bulkAttempts: 2,
        backoff: FAST_BACKOFF,
      });
      server.failNext(
        (r) => r.path === '/_bulk',
        {
          status: 429,
          body: { error: { type: 'es_rejected_execution_exception', reason: 'rejected execution' }, status: 429 },
        },
        5,
      );
      await limited.index(CONFORMANCE_DOCS.slice(0, 3));
      expect(server.to('POST', '/_bulk')).toHaveLength(6);
      expect(server.documents('docs').size).toBe(3);
      await limited.dispose();
    });

    it('cuts bulk requests by bytes as well as by count', async () => {
      const small = new OpenSearchBackend({ node: server.url, index: 'docs', bulkBytes: 1500, backoff: FAST_BACKOFF });
      await small.index(CONFORMANCE_DOCS);
      const bulks = server.to('POST', '/_bulk');
      expect(bulks.length).toBeGreaterThan(1);
      for (const bulk of bulks)
        if ((bulk.json as unknown[]).length > 2) expect(Buffer.byteLength(bulk.text)).toBeLessThanOrEqual(1500);
      expect(server.documents('docs').size).toBe(CONFORMANCE_DOCS.length);
      await small.dispose();
    });
  });

  describe('reindex behind the alias', () => {
    const ids = (result: { hits: { id: number }[] }) => result.hits.map((h) => h.id);

    it('builds a new index while searches answer from the old one, then swaps the alias at once and deletes the old', async () => {
      await backend.index(CONFORMANCE_DOCS);
      const before = ids(await backend.search({ query: '', limit: 50 }));
      expect(before.length).toBe(CONFORMANCE_DOCS.length);
      const seenDuring: number[][] = [];
      const store = CONFORMANCE_DOCS.map((d) => ({ ...d, title: `${d.title} (rebuilt)` }));
      async function* batches() {
        for (let i = 0; i < store.length; i += 2) {
          // Between the rebuild's batches: searches still answer, from the old index, with everything.
          seenDuring.push(ids(await backend.search({ query: '', limit: 50 })));
          expect(server.aliasTargets('docs')).toEqual(['docs-v1']);
          yield store.slice(i, i + 2);
        }
      }
      const report = await backend.rebuild(batches());
      expect(report.indexed).toBe(CONFORMANCE_DOCS.length);
      expect(seenDuring.length).toBeGreaterThan(1);
      for (const seen of seenDuring) expect(seen).toEqual(before);
      expect(server.aliasTargets('docs')).toEqual(['docs-v2']);
      expect(server.indexNames()).not.toContain('docs-v1');
      const swaps = server.to('POST', '/_aliases').map((r) => r.json);
      expect(swaps).toEqual([
        { actions: [{ remove: { index: 'docs-v1', alias: 'docs' } }, { add: { index: 'docs-v2', alias: 'docs' } }] },
      ]);
      const titles = [...server.documents('docs').values()].map((d) => (d as { title: string }).title);
      expect(titles.every((t) => t.endsWith('(rebuilt)'))).toBe(true);
    });

    it('keeps writes made during the rebuild: in the old index at once, and in the new one over what the rebuild read earlier', async () => {
      await backend.index(CONFORMANCE_DOCS);
      const [first, second] = CONFORMANCE_DOCS as [IndexDocumentOf, IndexDocumentOf];
      const fresh = { ...first, id: 900, title: 'written during the rebuild' };
      async function* batches() {
        // The store as read before the live writes: it still has `second` and an older `first`.
        const snapshot = CONFORMANCE_DOCS.map((d) => ({ ...d }));
        yield snapshot.slice(0, 1);
        await backend.index([{ ...first, title: 'changed during the rebuild' }, fresh]);
        await backend.remove([second.id]);
        // The old index answers with the writes already made.
        expect(server.documents('docs-v1').has('900')).toBe(true);
        expect(server.documents('docs-v1').has(String(second.id))).toBe(false);
        yield snapshot.slice(1);
      }
      await backend.rebuild(batches());
      const now = server.documents('docs');
      expect(server.aliasTargets('docs')).toEqual(['docs-v2']);
      expect(now.has('900')).toBe(true);
      expect(now.has(String(second.id))).toBe(false);
      expect((now.get(String(first.id)) as { title: string }).title).toBe('changed during the rebuild');
      expect(now.size).toBe(CONFORMANCE_DOCS.length);
    });

    it('replaces an index from before aliases (a concrete index with the alias name) in the same atomic call', async () => {
      server.createIndex('docs');
      await backend.index(CONFORMANCE_DOCS);
      // Used as it is until the rebuild: nothing else is created.
      expect(server.indexNames()).toEqual(['docs']);
      expect(server.documents('docs').size).toBe(CONFORMANCE_DOCS.length);
      await backend.rebuild([CONFORMANCE_DOCS]);
      expect(server.to('POST', '/_aliases').map((r) => r.json)).toEqual([
        { actions: [{ remove_index: { index: 'docs' } }, { add: { index: 'docs-v1', alias: 'docs' } }] },
      ]);
      expect(server.indexNames()).toEqual(['docs-v1']);
      expect(server.aliasTargets('docs')).toEqual(['docs-v1']);
      expect((await backend.search({ query: '', limit: 50 })).hits).toHaveLength(CONFORMANCE_DOCS.length);
    });

    it('leaves the alias where it was and removes the half-built index when the rebuild fails', async () => {
      await backend.index(CONFORMANCE_DOCS);
      async function* failing() {
        yield CONFORMANCE_DOCS.slice(0, 2);
        throw new Error('the store went away');
      }
      await expect(backend.rebuild(failing())).rejects.toThrow('the store went away');
      expect(server.aliasTargets('docs')).toEqual(['docs-v1']);
      expect(server.indexNames()).toEqual(['docs-v1']);
      expect(server.documents('docs').size).toBe(CONFORMANCE_DOCS.length);
    });
  });
});

type IndexDocumentOf = (typeof CONFORMANCE_DOCS)[number];

describe('reindex behind the alias on a real cluster', () => {
  if (!url) {
    it.skip('skipped: set OPENSEARCH_URL to rebuild and swap an alias on a real cluster', () => {});
    return;
  }
  it('builds v2 beside v1, swaps the alias, deletes v1, and answers from the new index', async () => {
    const index = `docpipe-alias-${process.pid}`;
    const user = process.env.OPENSEARCH_USER;
    const headers: Record<string, string> = user
      ? { authorization: `Basic ${Buffer.from(`${user}:${process.env.OPENSEARCH_PASSWORD ?? ''}`).toString('base64')}` }
      : {};
    const cluster = new OpenSearchBackend({
      node: url,
      index,
      rejectUnauthorized: process.env.OPENSEARCH_INSECURE !== '1',
      ...(process.env.OPENSEARCH_USER
        ? { auth: { username: process.env.OPENSEARCH_USER, password: process.env.OPENSEARCH_PASSWORD ?? '' } }
        : {}),
    });
    try {
      await cluster.index(CONFORMANCE_DOCS);
      await cluster.rebuild([CONFORMANCE_DOCS.slice(1)]);
      expect((await cluster.health()).documents).toBe(CONFORMANCE_DOCS.length - 1);
      expect((await cluster.search({ query: 'invoice', limit: 10 })).total).toBeGreaterThan(0);
      const aliases = (await (await fetch(`${url}/_alias/${index}`, { headers })).json()) as Record<string, unknown>;
      expect(Object.keys(aliases)).toEqual([`${index}-v2`]);
    } finally {
      await cluster.clear().catch(() => undefined);
      await fetch(`${url}/${index}-v2`, { method: 'DELETE', headers }).catch(() => undefined);
      await cluster.dispose();
    }
  });
});
