/**
 * OpenSearch backend (the bundled server or a remote cluster): same query language and result shape as the
 * embedded SQLite backend. Documents go to `<index>`, vector chunks to `<index>-chunks`; hybrid ranking is
 * client-side reciprocal rank fusion (works on every OpenSearch 2.x without a search pipeline).
 *
 * An embedding model attached later (`setEmbedder`) gives vectors to documents indexed from then on, and
 * queries use it while it answers (words only, said in the result, when it does not). What this backend
 * does not do, unlike the SQLite one: fill vectors of documents indexed before the model was attached or
 * while it was down (`docpipe reindex` gives them vectors), pause a model that keeps failing (every query
 * asks it again; a server that is down refuses at once), or report fill progress (`health().embedding`).
 * Requests go through the official client's transport (connection pool, TLS, basic auth, serialization),
 * with explicit paths so the request shapes are the documented REST API and testable against a fake server.
 */
import { Client } from '@opensearch-project/opensearch';
import { AppError, ErrorCode } from '../../../shared/contract/errors.js';
import type {
  SearchHealth,
  SearchHit,
  SearchRequest,
  SearchRequestInput,
  SearchResult,
} from '../../../shared/contract/search.js';
import { textClauses, type ParsedQuery } from '../../../shared/search/query.js';
import { backoffDelay, type BackoffOptions } from '../../queue/backoff.js';
import { chunkDocument } from '../chunking.js';
import { reciprocalRankFusion } from '../fusion.js';
import {
  embeddingKey,
  parseSearchRequest,
  type Embedder,
  type IndexDocument,
  type SearchBackend,
} from '../SearchBackend.js';
import { highlightSpec, indexTemplate, translateQuery, type Dsl } from './queryBuilder.js';

export interface OpenSearchConfig {
  /** Node URL, e.g. http://127.0.0.1:9200 or https://search.example.org:9200. */
  node: string;
  /** Basic auth. Default none. */
  auth?: { username: string; password: string };
  /** Verify the server's TLS certificate. Default true; false only for a self-signed local cluster. */
  rejectUnauthorized?: boolean;
  /** Index name; chunks go to `<index>-chunks`. Default 'docpipe'. */
  index?: string;
  embedder?: Embedder | null;
  /** Bulk request size in documents. Default 500. */
  bulkSize?: number;
  /** Attempts for a bulk request (or its rejected items) before giving up. Default 5. */
  bulkAttempts?: number;
  /** Backoff between bulk attempts. Default 200 ms doubling to 10 s, 25 % jitter. */
  backoff?: BackoffOptions;
  /** Per-request timeout, ms. Default 30 000. */
  requestTimeoutMs?: number;
}

const FUSION_DEPTH = 100;
const RRF_K = 60;

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

interface SourceDoc {
  id: number;
  type: string | null;
  paths: string[];
  fields: Record<string, string | number | string[] | null>;
  body?: string;
}

interface SearchResponse {
  hits: {
    total: { value: number } | number;
    hits: { _id: string; _score: number | null; _source?: SourceDoc; highlight?: Record<string, string[]> }[];
  };
  aggregations?: { types?: { buckets: { key: string; doc_count: number }[] } };
}

interface BulkItem {
  [action: string]: { _id?: string; status: number; error?: { type: string; reason: string } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class OpenSearchBackend implements SearchBackend {
  private readonly client: Client;
  private readonly indexName: string;
  private readonly chunks: string;
  private embedder: Embedder | null;
  /** The model's last call failed (with this message): health says so, and queries get words only. */
  private embedderError: string | null = null;
  /** A model was attached after start: documents indexed before have no vectors until a reindex. */
  private attachedLater = false;
  private readonly bulkSize: number;
  private readonly bulkAttempts: number;
  private readonly backoff: BackoffOptions;
  private ready: Promise<void> | null = null;
  private disposed = false;

  constructor(private readonly config: OpenSearchConfig) {
    this.indexName = config.index ?? 'docpipe';
    this.chunks = `${this.indexName}-chunks`;
    this.embedder = config.embedder ?? null;
    this.bulkSize = config.bulkSize ?? 500;
    this.bulkAttempts = config.bulkAttempts ?? 5;
    this.backoff = config.backoff ?? { baseMs: 200, maxMs: 10_000, jitter: 0.25 };
    this.client = new Client({
      node: config.node,
      ...(config.auth ? { auth: config.auth } : {}),
      ssl: { rejectUnauthorized: config.rejectUnauthorized ?? true },
      // Retries are ours (bulk item-level retries need them); the client's would resend whole bulks blindly.
      maxRetries: 0,
      requestTimeout: config.requestTimeoutMs ?? 30_000,
    });
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { querystring?: Record<string, string>; ignore?: number[]; bulk?: boolean } = {},
  ): Promise<{ body: T; statusCode: number }> {
    try {
      const response = await this.client.transport.request(
        {
          method,
          path,
          ...(options.bulk ? { bulkBody: body as Dsl[] } : body === undefined ? {} : { body: body as Dsl }),
          ...(options.querystring ? { querystring: options.querystring } : {}),
        },
        options.ignore ? { ignore: options.ignore } : {},
      );
      return { body: response.body as T, statusCode: response.statusCode ?? 200 };
    } catch (error) {
      throw toAppError(error, `${method} ${path}`, this.config.node);
    }
  }

  /**
   * Puts the index template and creates the indexes once (idempotent; an existing index is kept), again
   * after an embedding model is attached. The chunks index records its model in its mapping's `_meta`:
   * one of another model (or of another vector length) is deleted and created empty, since vectors of two
   * models cannot be compared.
   */
  private ensureIndex(): Promise<void> {
    this.ready ??= (async () => {
      const embedder = this.embedder;
      const dims = embedder?.dims ?? null;
      await this.request(
        'PUT',
        `/_index_template/${encodeURIComponent(this.indexName)}`,
        indexTemplate(this.indexName, dims),
      );
      const exists = await this.request('HEAD', `/${encodeURIComponent(this.indexName)}`, undefined, { ignore: [404] });
      if (exists.statusCode === 404)
        await this.request('PUT', `/${encodeURIComponent(this.indexName)}`, {}, { ignore: [400] });
      if (embedder && dims) await this.ensureChunksIndex(embeddingKey({ model: embedder.model, dims }), dims);
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async ensureChunksIndex(key: string, dims: number): Promise<void> {
    const path = `/${encodeURIComponent(this.chunks)}`;
    const exists = await this.request('HEAD', path, undefined, { ignore: [404] });
    if (exists.statusCode !== 404) {
      const { body, statusCode } = await this.request<
        Record<
          string,
          { mappings?: { _meta?: { embedding?: string }; properties?: { vector?: { dimension?: number } } } }
        >
      >('GET', `${path}/_mapping`, undefined, { ignore: [404] });
      const mappings = statusCode === 404 ? undefined : Object.values(body)[0]?.mappings;
      const storedKey = mappings?._meta?.embedding;
      const storedDims = mappings?.properties?.vector?.dimension;
      // A chunks index from before models were recorded (no _meta) is kept when its vector length fits.
      if ((storedKey === undefined || storedKey === key) && (storedDims === undefined || storedDims === dims)) return;
      await this.request('DELETE', path, undefined, { ignore: [404] });
    }
    await this.request('PUT', path, { mappings: { _meta: { embedding: key } } }, { ignore: [400] });
  }

  /**
   * Attaches an embedding model (null detaches it). The words index is untouched; the chunks index is
   * created for the model, or replaced when it holds another model's vectors. Documents indexed from now
   * on get vectors; older ones get them by a reindex (no background fill here).
   */
  async setEmbedder(embedder: Embedder | null): Promise<void> {
    this.assertOpen();
    if (embedder !== null) {
      let dims: number;
      try {
        dims = embedder.dims;
      } catch (error) {
        throw AppError.wrap(error, ErrorCode.INVALID_ARGUMENT, `Cannot use the embedding model ${embedder.model}`);
      }
      if (!Number.isInteger(dims) || dims <= 0) {
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `The embedding model ${embedder.model} has no usable vector length (${dims}).`,
          { retryable: false },
        );
      }
    }
    this.embedder = embedder;
    this.embedderError = null;
    this.attachedLater = embedder !== null;
    // The next request puts the template with the model's vector length and checks the chunks index.
    this.ready = null;
  }

  async index(docs: IndexDocument[]): Promise<void> {
    this.assertOpen();
    if (docs.length === 0) return;
    await this.ensureIndex();
    for (let i = 0; i < docs.length; i += this.bulkSize) {
      const batch = docs.slice(i, i + this.bulkSize);
      const actions: { action: Dsl; doc: Dsl | null; label: string }[] = batch.map((d) => ({
        action: { index: { _index: this.indexName, _id: String(d.id) } },
        doc: toSource(d),
        label: `document ${d.id}`,
      }));
      await this.bulk(actions);
      if (this.embedder) await this.indexChunks(batch);
    }
  }

  /**
   * Replaces the documents' chunk vectors. When the model does not answer, the old vectors (of the old
   * text) are still removed and the documents are left without: their words are indexed all the same.
   */
  private async indexChunks(batch: IndexDocument[]): Promise<void> {
    const embedder = this.embedder!;
    await this.request(
      'POST',
      `/${encodeURIComponent(this.chunks)}/_delete_by_query`,
      { query: { terms: { doc_id: batch.map((d) => d.id) } } },
      { querystring: { refresh: 'true', conflicts: 'proceed' } },
    );
    const pieces = batch.flatMap((d) => chunkDocument(d).map((c, n) => ({ ...c, docId: d.id, n })));
    const actions: { action: Dsl; doc: Dsl | null; label: string }[] = [];
    try {
      for (let i = 0; i < pieces.length; i += 64) {
        const slice = pieces.slice(i, i + 64);
        const vectors = await embedder.embed(slice.map((p) => p.text));
        slice.forEach((p, j) =>
          actions.push({
            action: { index: { _index: this.chunks, _id: `${p.docId}:${p.n}` } },
            doc: { doc_id: p.docId, page: p.page, vector: Array.from(vectors[j] ?? []) },
            label: `chunk ${p.n} of document ${p.docId}`,
          }),
        );
      }
      this.embedderError = null;
    } catch (error) {
      this.embedderError = error instanceof Error ? error.message : String(error);
      return;
    }
    await this.bulk(actions);
  }

  /**
   * One bulk request at a time (backpressure: the caller waits for the cluster). A rejected request (429,
   * 502-504, connection) is retried whole; rejected items (429) are retried alone; other item errors
   * (mapping, malformed) fail the call with the documents named.
   */
  private async bulk(actions: { action: Dsl; doc: Dsl | null; label: string }[]): Promise<void> {
    let pending = actions;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const body = pending.flatMap((a) => (a.doc ? [a.action, a.doc] : [a.action]));
      let items: BulkItem[];
      try {
        const response = await this.request<{ errors: boolean; items: BulkItem[] }>('POST', '/_bulk', body, {
          bulk: true,
          querystring: { refresh: 'wait_for' },
        });
        items = response.body.items;
      } catch (error) {
        if (AppError.is(error) && error.retryable && attempt < this.bulkAttempts) {
          await sleep(backoffDelay(attempt, this.backoff));
          continue;
        }
        throw error;
      }
      const retry: typeof pending = [];
      const failed: string[] = [];
      items.forEach((item, i) => {
        const result = Object.values(item)[0];
        if (!result || result.status < 300 || (result.status === 404 && 'delete' in item)) return;
        if ((result.status === 429 || result.status >= 502) && attempt < this.bulkAttempts) retry.push(pending[i]!);
        else
          failed.push(
            `${pending[i]?.label ?? `item ${i}`}: ${result.error?.type ?? result.status} ${result.error?.reason ?? ''}`.trim(),
          );
      });
      if (failed.length > 0) {
        throw new AppError(
          ErrorCode.SEARCH_UNAVAILABLE,
          `OpenSearch rejected ${failed.length} of ${pending.length} index operations: ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? '; …' : ''}`,
          { retryable: false },
        );
      }
      pending = retry;
      if (pending.length > 0) await sleep(backoffDelay(attempt, this.backoff));
    }
  }

  async remove(ids: number[]): Promise<void> {
    this.assertOpen();
    if (ids.length === 0) return;
    await this.ensureIndex();
    for (let i = 0; i < ids.length; i += this.bulkSize) {
      const batch = ids.slice(i, i + this.bulkSize);
      await this.bulk(
        batch.map((id) => ({
          action: { delete: { _index: this.indexName, _id: String(id) } },
          doc: null,
          label: `document ${id}`,
        })),
      );
      // Also while no model is attached: the chunks index keeps the vectors of a model that is away.
      await this.request(
        'POST',
        `/${encodeURIComponent(this.chunks)}/_delete_by_query`,
        { query: { terms: { doc_id: batch } } },
        { querystring: { refresh: 'true', conflicts: 'proceed' }, ignore: [404] },
      );
    }
  }

  async ids(): Promise<number[]> {
    this.assertOpen();
    await this.ensureIndex();
    const out: number[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const { body } = await this.request<{ hits: { hits: { _source: { id: number }; sort: unknown[] }[] } }>(
        'POST',
        `/${encodeURIComponent(this.indexName)}/_search`,
        {
          size: 5000,
          _source: ['id'],
          sort: [{ id: 'asc' }],
          query: { match_all: {} },
          ...(after ? { search_after: after } : {}),
        },
      );
      const hits = body.hits.hits;
      for (const h of hits) out.push(h._source.id);
      if (hits.length < 5000) return out;
      after = hits[hits.length - 1]!.sort;
    }
  }

  async clear(): Promise<void> {
    this.assertOpen();
    await this.ensureIndex();
    for (const name of [this.indexName, this.chunks]) {
      await this.request(
        'POST',
        `/${encodeURIComponent(name)}/_delete_by_query`,
        { query: { match_all: {} } },
        { querystring: { refresh: 'true', conflicts: 'proceed' }, ignore: [404] },
      );
    }
  }

  async health(): Promise<SearchHealth> {
    this.assertOpen();
    await this.ensureIndex();
    const { body } = await this.request<{ count: number }>('GET', `/${encodeURIComponent(this.indexName)}/_count`);
    const at = `OpenSearch at ${this.config.node}`;
    let note: string;
    if (this.embedder === null) note = `${at}, lexical only: no embedding model configured`;
    else if (this.embedderError !== null)
      note = `${at}, lexical only for now: the embedding model ${this.embedder.model} does not answer (${this.embedderError})`;
    else
      note = `${at}, hybrid: words + vectors (${this.embedder.model})${this.attachedLater ? '; documents indexed before the model was attached get vectors by a reindex' : ''}`;
    return {
      backend: 'opensearch',
      documents: body.count,
      vectors: this.embedder !== null && this.embedderError === null,
      note,
      needsReindex: false,
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.client.close();
  }

  async search(input: SearchRequestInput): Promise<SearchResult> {
    this.assertOpen();
    const started = performance.now();
    const { request, query } = parseSearchRequest(input);
    await this.ensureIndex();
    const need = request.offset + request.limit;
    const wantsVectors =
      this.embedder !== null &&
      request.mode !== 'lexical' &&
      (textClauses(query).length > 0 || request.similarTo !== undefined);
    const { vector: queryVector, unavailable } = wantsVectors
      ? await this.queryVector(query, request)
      : { vector: null, unavailable: null };
    const useVectors = queryVector !== null;
    const depth = useVectors ? Math.max(need, FUSION_DEPTH) : need;

    const lexical = await this.lexical(query, request, depth);
    type Ranked = {
      id: number;
      score: number;
      match: SearchHit['match'];
      hit: SearchResponse['hits']['hits'][number] | null;
      page: number | null;
    };
    let ranked: Ranked[] = lexical.hits.map((h) => ({
      id: Number(h._id),
      score: h._score ?? 0,
      match: lexical.match,
      hit: h,
      page: null,
    }));
    let total = lexical.total;
    if (queryVector !== null) {
      const vector = await this.vectorRanking(queryVector, query, request, depth);
      if (request.mode === 'vector') {
        ranked = vector.map((v) => ({ ...v, match: 'vector' as const, hit: null }));
        total = vector.length;
      } else {
        const byId = new Map<number, Ranked>(vector.map((v) => [v.id, { ...v, match: 'vector' as const, hit: null }]));
        for (const r of ranked) byId.set(r.id, { ...r, page: byId.get(r.id)?.page ?? null });
        const lexicalIds = new Set(ranked.map((r) => r.id));
        ranked = reciprocalRankFusion([ranked, vector], RRF_K).map(({ id, score }) => ({ ...byId.get(id)!, score }));
        total = lexical.total + vector.filter((v) => !lexicalIds.has(v.id)).length;
      }
    }
    const page = ranked.slice(request.offset, need);
    const missing = page.filter((r) => r.hit === null).map((r) => r.id);
    const sources = missing.length > 0 ? await this.fetchSources(missing) : new Map<number, SourceDoc>();
    const hits: SearchHit[] = [];
    for (const r of page) {
      const source = r.hit?._source ?? sources.get(r.id);
      if (!source) continue;
      const highlight = r.hit?.highlight;
      const snippet = !request.snippets
        ? ''
        : (highlight?.body?.[0] ?? highlight?.field_text?.[0] ?? highlight?.title?.[0] ?? leading(source.body ?? ''));
      hits.push({
        id: r.id,
        score: Math.round(r.score * 1e6) / 1e6,
        snippet,
        paths: source.paths,
        type: source.type,
        fields: source.fields,
        page: r.page,
        match: r.match,
      });
    }
    return {
      total,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets: { type: lexical.facets },
      fallback: lexical.fallback,
      ...(unavailable === null ? {} : { vectorsUnavailable: unavailable }),
    };
  }

  private async lexical(query: ParsedQuery, request: SearchRequest, size: number) {
    const run = async (mode: 'all' | 'any') => {
      const t = translateQuery(query.clauses, mode);
      let q = t.query;
      if (request.similarTo !== undefined) {
        q = {
          bool: {
            must: [
              {
                more_like_this: {
                  fields: ['title', 'body', 'field_text'],
                  like: [{ _index: this.indexName, _id: String(request.similarTo) }],
                  min_term_freq: 1,
                  min_doc_freq: 1,
                  max_query_terms: 25,
                },
              },
            ],
            filter: [t.filterOnly],
          },
        };
      }
      const hasWords = textClauses(query).length > 0 || request.similarTo !== undefined;
      const body: Dsl = {
        size,
        track_total_hits: true,
        query: q,
        ...(t.postFilter ? { post_filter: t.postFilter } : {}),
        aggs: { types: { terms: { field: 'type', size: 100 } } },
        _source: ['id', 'type', 'paths', 'fields', 'body'],
        ...(request.snippets ? { highlight: highlightSpec() } : {}),
        ...(hasWords ? {} : { sort: [{ mtime: { order: 'desc', missing: '_last' } }, { id: 'desc' }] }),
      };
      const { body: response } = await this.request<SearchResponse>(
        'POST',
        `/${encodeURIComponent(this.indexName)}/_search`,
        body,
      );
      const total = typeof response.hits.total === 'number' ? response.hits.total : response.hits.total.value;
      const facets: Record<string, number> = {};
      for (const b of response.aggregations?.types?.buckets ?? []) facets[b.key] = b.doc_count;
      return { hits: response.hits.hits, total, facets };
    };
    const anyMode = request.plain || request.similarTo !== undefined;
    const first = await run(anyMode ? 'any' : 'all');
    const words = textClauses(query).filter((c) => c.kind === 'phrase' || !c.prefix).length;
    if (!anyMode && first.total === 0 && words >= 2) {
      const any = await run('any');
      if (any.total > 0) return { ...any, match: 'any' as const, fallback: 'any-word' as const };
    }
    return { ...first, match: anyMode ? ('any' as const) : ('all' as const), fallback: null };
  }

  /**
   * The query's vector from the model, or the mean of a document's chunk vectors ("more like this"); null
   * when there is none. A model that does not answer gives words only, with the reason, never a failure.
   */
  private async queryVector(
    query: ParsedQuery,
    request: SearchRequest,
  ): Promise<{ vector: number[] | null; unavailable: string | null }> {
    if (request.similarTo !== undefined) {
      const { body } = await this.request<{ hits: { hits: { _source: { vector: number[] } }[] } }>(
        'POST',
        `/${encodeURIComponent(this.chunks)}/_search`,
        { size: 100, query: { term: { doc_id: request.similarTo } }, _source: ['vector'] },
      );
      const vs = body.hits.hits.map((h) => h._source.vector);
      if (vs.length === 0) return { vector: null, unavailable: null };
      return { vector: vs[0]!.map((_, i) => vs.reduce((s, v) => s + (v[i] ?? 0), 0) / vs.length), unavailable: null };
    }
    const embedder = this.embedder!;
    const text = textClauses(query)
      .map((c) => (c.kind === 'phrase' ? c.words.join(' ') : c.text))
      .join(' ');
    try {
      const vector = Array.from((await embedder.embed([text]))[0] ?? []);
      this.embedderError = null;
      return { vector, unavailable: null };
    } catch (error) {
      this.embedderError = error instanceof Error ? error.message : String(error);
      return {
        vector: null,
        unavailable: `the embedding model ${embedder.model} did not answer (${this.embedderError}): words only`,
      };
    }
  }

  private async vectorRanking(
    vector: number[],
    query: ParsedQuery,
    request: SearchRequest,
    depth: number,
  ): Promise<{ id: number; score: number; page: number | null }[]> {
    const k = Math.min(depth * 4, 1000);
    const { body } = await this.request<{
      hits: { hits: { _source: { doc_id: number; page: number | null }; _score: number }[] };
    }>('POST', `/${encodeURIComponent(this.chunks)}/_search`, {
      size: k,
      query: { knn: { vector: { vector, k } } },
      _source: ['doc_id', 'page'],
    });
    const best = new Map<number, { score: number; page: number | null }>();
    for (const h of body.hits.hits)
      if (!best.has(h._source.doc_id) && h._source.doc_id !== request.similarTo)
        best.set(h._source.doc_id, { score: h._score, page: h._source.page });
    if (best.size === 0) return [];
    // Filters and exclusions apply to vector hits too: keep the ids the main index accepts.
    const t = translateQuery(query.clauses, 'all');
    const { body: kept } = await this.request<{ hits: { hits: { _id: string }[] } }>(
      'POST',
      `/${encodeURIComponent(this.indexName)}/_search`,
      {
        size: best.size,
        _source: false,
        query: { bool: { filter: [{ ids: { values: [...best.keys()].map(String) } }, t.filterOnly] } },
      },
    );
    const keep = new Set(kept.hits.hits.map((h) => Number(h._id)));
    return [...best]
      .filter(([id]) => keep.has(id))
      .slice(0, depth)
      .map(([id, v]) => ({ id, score: v.score, page: v.page }));
  }

  private async fetchSources(ids: number[]): Promise<Map<number, SourceDoc>> {
    const { body } = await this.request<{ docs: { _id: string; found: boolean; _source?: SourceDoc }[] }>(
      'POST',
      `/${encodeURIComponent(this.indexName)}/_mget`,
      { ids: ids.map(String) },
      { querystring: { _source_includes: 'id,type,paths,fields,body' } },
    );
    return new Map(body.docs.filter((d) => d.found && d._source).map((d) => [Number(d._id), d._source!]));
  }

  private assertOpen(): void {
    if (this.disposed)
      throw new AppError(ErrorCode.CORE_DISPOSED, 'The search backend is closed.', { retryable: false });
  }
}

function leading(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length <= 200 ? text : `${text.slice(0, 200).replace(/\s\S*$/, '')}…`;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The document as stored in OpenSearch: text, keyword filters, and field values flattened for nested queries. */
export function toSource(doc: IndexDocument): Dsl {
  const clean = (s: string) => s.replace(CONTROL_CHARS, ' ');
  const body = doc.pages && doc.pages.length > 0 ? doc.pages.map((p) => clean(p.text)).join('\n\n') : clean(doc.text);
  const fields: Record<string, string | number | string[] | null> = { ...doc.fields };
  if (doc.date != null && fields.date === undefined) fields.date = doc.date;
  const fv: { name: string; text: string; num: number | null }[] = [];
  const texts: string[] = [];
  for (const [rawName, value] of Object.entries(fields)) {
    const values = value === null ? [] : Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v === 'number' && !Number.isFinite(v)) continue;
      const s = clean(String(v));
      const num = typeof v === 'number' ? v : /^-?\d+(?:\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : null;
      fv.push({ name: rawName.toLowerCase(), text: fold(s), num });
      texts.push(s);
    }
  }
  return {
    id: doc.id,
    title: clean(doc.title),
    body,
    field_text: texts.join(' ; '),
    type: doc.type === null ? null : doc.type.toLowerCase(),
    paths: doc.paths,
    mtime: doc.mtime ?? null,
    fields,
    fv,
  };
}

/** Client errors as AppErrors: unreachable or overloaded is retryable SEARCH_UNAVAILABLE; a 4xx is not. */
function toAppError(error: unknown, what: string, node: string): AppError {
  if (AppError.is(error)) return error;
  const status = (error as { meta?: { statusCode?: number | null } }).meta?.statusCode ?? undefined;
  const reason = (error as { meta?: { body?: { error?: { reason?: string } } } }).meta?.body?.error?.reason;
  const message = error instanceof Error ? error.message : String(error);
  if (status === undefined) {
    return new AppError(
      ErrorCode.SEARCH_UNAVAILABLE,
      `OpenSearch at ${node} did not answer ${what}: ${message}. Check that it is running and reachable.`,
      { retryable: true, cause: error },
    );
  }
  const retryable = status === 429 || status >= 500;
  return new AppError(ErrorCode.SEARCH_UNAVAILABLE, `OpenSearch answered ${status} to ${what}: ${reason ?? message}`, {
    retryable,
    cause: error,
  });
}
