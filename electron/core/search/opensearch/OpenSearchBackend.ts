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
 *
 * The documents index is an alias (`<index>` → `<index>-v<N>`): everything reads and writes through the
 * alias, and `rebuild` fills `<index>-v<N+1>` while searches keep answering from the old one, then swaps
 * the alias in one `_aliases` call and deletes the old index. An index made before aliases (a concrete
 * index named `<index>`) keeps working as it is; the first rebuild replaces it in the same atomic call
 * (`remove_index`). Bulk writes are back-pressured: batches by count and bytes, a bounded number of bulk
 * requests in flight, and what the cluster rejects as overloaded (429) is sent again until it is taken.
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
  type ReindexReport,
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
  /** Bulk request size in operations (documents) at most. Default 500. */
  bulkSize?: number;
  /** Bulk request size in bytes of NDJSON at most (one larger document still goes alone). Default 5 MiB. */
  bulkBytes?: number;
  /** Bulk requests in flight at once, over every caller of this backend. Default 2. */
  bulkInFlight?: number;
  /**
   * Attempts for a bulk request that failed otherwise than by overload (5xx, no connection) before giving
   * up with a retryable error. Overload (429, es_rejected_execution_exception) is retried until taken. Default 5.
   */
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

interface BulkAction {
  action: Dsl;
  doc: Dsl | null;
  label: string;
}

/** A rebuild in progress: the new concrete index, and the ids live writes touched since it began. */
interface Rebuild {
  index: string;
  touched: Set<number>;
  /** Rebuild batches and live writes take turns on the new index, so the later write of an id wins. */
  turn: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A cluster's way of saying "too much at once": the request or item is sent again after a wait. */
function overloaded(status: number | undefined, type: string | undefined): boolean {
  return status === 429 || type === 'es_rejected_execution_exception';
}

/** Bulk requests in flight at once: a waiting caller is what slows the pipeline down. */
class BulkSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer never overtakes one.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

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
  private readonly bulkBytes: number;
  private readonly bulkSlots: BulkSlots;
  private readonly bulkAttempts: number;
  private readonly backoff: BackoffOptions;
  private ready: Promise<void> | null = null;
  private rebuilding: Rebuild | null = null;
  private disposed = false;

  constructor(private readonly config: OpenSearchConfig) {
    this.indexName = config.index ?? 'docpipe';
    this.chunks = `${this.indexName}-chunks`;
    this.embedder = config.embedder ?? null;
    this.bulkSize = config.bulkSize ?? 500;
    this.bulkBytes = config.bulkBytes ?? 5 * 1024 * 1024;
    this.bulkSlots = new BulkSlots(Math.max(1, config.bulkInFlight ?? 2));
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
      // A fresh installation gets `<index>-v1` behind the alias; an alias or an older concrete index is kept.
      const exists = await this.request('HEAD', `/${encodeURIComponent(this.indexName)}`, undefined, { ignore: [404] });
      if (exists.statusCode === 404)
        await this.request(
          'PUT',
          `/${encodeURIComponent(`${this.indexName}-v1`)}`,
          { aliases: { [this.indexName]: {} } },
          { ignore: [400] },
        );
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
    const actions = (into: string): BulkAction[] =>
      docs.map((d) => ({
        action: { index: { _index: into, _id: String(d.id) } },
        doc: toSource(d),
        label: `document ${d.id}`,
      }));
    // During a rebuild a write goes to the index that answers and to the one being built.
    await this.duringRebuild(
      docs.map((d) => d.id),
      async (building) => this.bulk([...actions(this.indexName), ...(building ? actions(building) : [])]),
    );
    if (this.embedder)
      for (let i = 0; i < docs.length; i += this.bulkSize) await this.indexChunks(docs.slice(i, i + this.bulkSize));
  }

  /**
   * Runs a live write of `ids`; while a rebuild runs, in turn with its batches, with the new index's
   * name, and the ids marked so the rebuild does not overwrite them with what it read earlier.
   */
  private async duringRebuild(ids: number[], write: (building: string | null) => Promise<void>): Promise<void> {
    const rebuild = this.rebuilding;
    if (!rebuild) return write(null);
    await this.takeTurn(rebuild, async () => {
      for (const id of ids) rebuild.touched.add(id);
      await write(this.rebuilding === rebuild ? rebuild.index : null);
    });
  }

  private takeTurn(rebuild: Rebuild, work: () => Promise<void>): Promise<void> {
    const done = rebuild.turn.then(work);
    rebuild.turn = done.catch(() => undefined);
    return done;
  }

  /**
   * Builds `<index>-v<N+1>` from `source` while searches keep answering from the index behind the alias,
   * then swaps the alias to it in one `_aliases` call and deletes the old index. Writes made meanwhile go
   * to both indexes (so neither the answers now nor the new index miss them), and the rebuild skips the
   * ids they touched: its copy was read from the store earlier and may be older. A failed rebuild deletes
   * its half-built index and leaves the alias where it was.
   */
  async rebuild(source: AsyncIterable<IndexDocument[]> | Iterable<IndexDocument[]>): Promise<ReindexReport> {
    this.assertOpen();
    const started = performance.now();
    await this.ensureIndex();
    if (this.rebuilding)
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        'A reindex of OpenSearch is already running; wait for it to end.',
        {
          retryable: true,
        },
      );
    const old = await this.concreteIndexes();
    const fresh = this.nextVersionName(old.names);
    await this.request('DELETE', `/${encodeURIComponent(fresh)}`, undefined, { ignore: [404] });
    await this.request('PUT', `/${encodeURIComponent(fresh)}`, {});
    const rebuild: Rebuild = { index: fresh, touched: new Set(), turn: Promise.resolve() };
    this.rebuilding = rebuild;
    let indexed = 0;
    try {
      for await (const batch of source) {
        this.assertOpen();
        await this.takeTurn(rebuild, async () => {
          const docs = batch.filter((d) => !rebuild.touched.has(d.id));
          if (docs.length === 0) return;
          await this.bulk(
            docs.map((d) => ({
              action: { index: { _index: fresh, _id: String(d.id) } },
              doc: toSource(d),
              label: `document ${d.id}`,
            })),
          );
          if (this.embedder)
            for (let i = 0; i < docs.length; i += this.bulkSize)
              await this.indexChunks(docs.slice(i, i + this.bulkSize));
          indexed += docs.length;
        });
      }
      await this.takeTurn(rebuild, async () => {
        const alias = this.indexName;
        // One call: searches see the old index or the new one, never none. An index from before aliases
        // has the alias's name itself; `remove_index` deletes it in the same step.
        const actions: Dsl[] = old.legacy
          ? [{ remove_index: { index: alias } }, { add: { index: fresh, alias } }]
          : [...old.names.map((index) => ({ remove: { index, alias } })), { add: { index: fresh, alias } }];
        await this.request('POST', '/_aliases', { actions });
        this.rebuilding = null;
      });
    } catch (error) {
      if (this.rebuilding === rebuild) this.rebuilding = null;
      await this.request('DELETE', `/${encodeURIComponent(fresh)}`, undefined, { ignore: [404] }).catch(
        () => undefined,
      );
      throw error;
    }
    if (!old.legacy)
      for (const index of old.names)
        await this.request('DELETE', `/${encodeURIComponent(index)}`, undefined, { ignore: [404] });
    return { indexed, removed: 0, tookMs: Math.round(performance.now() - started) };
  }

  /** The concrete indexes behind the alias; `legacy` when the name is an index of its own (made before aliases). */
  private async concreteIndexes(): Promise<{ names: string[]; legacy: boolean }> {
    const { body, statusCode } = await this.request<Record<string, unknown>>(
      'GET',
      `/_alias/${encodeURIComponent(this.indexName)}`,
      undefined,
      { ignore: [404] },
    );
    if (statusCode === 404) return { names: [this.indexName], legacy: true };
    return { names: Object.keys(body).sort(), legacy: false };
  }

  /** `<index>-v<N+1>` for the highest N among the current indexes (v1 after an index from before aliases). */
  private nextVersionName(current: string[]): string {
    const prefix = `${this.indexName}-v`;
    const versionOf = (name: string) => (name.startsWith(prefix) ? Number(name.slice(prefix.length)) || 0 : 0);
    let version = Math.max(0, ...current.map(versionOf)) + 1;
    // A leftover of a rebuild that was killed (not behind the alias) is replaced; one that is an alias target is not.
    while (current.includes(`${this.indexName}-v${version}`)) version++;
    return `${this.indexName}-v${version}`;
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
   * Sends `actions` in bulk requests of at most `bulkSize` operations and `bulkBytes` bytes, at most
   * `bulkInFlight` at once over the whole backend, and resolves when the cluster took every one: the
   * caller waits, so indexing slows down with the cluster instead of piling up in memory.
   */
  private async bulk(actions: BulkAction[]): Promise<void> {
    const batches: BulkAction[][] = [];
    let batch: BulkAction[] = [];
    let bytes = 0;
    for (const action of actions) {
      const size =
        Buffer.byteLength(JSON.stringify(action.action)) +
        (action.doc ? Buffer.byteLength(JSON.stringify(action.doc)) : 0) +
        2;
      if (batch.length > 0 && (batch.length >= this.bulkSize || bytes + size > this.bulkBytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(action);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
    const sent = batches.map((b) => this.bulkSlots.run(() => this.bulkOne(b)));
    const outcomes = await Promise.allSettled(sent);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * One bulk request and its retries. Overload (429, per request or per item) is retried with backoff
   * until the cluster takes it, those items only; other retryable failures (5xx, connection) up to
   * `bulkAttempts`; other item errors (mapping, malformed) fail the call with the documents named.
   */
  private async bulkOne(actions: BulkAction[]): Promise<void> {
    let pending = actions;
    let failures = 0;
    for (let round = 1; pending.length > 0; round++) {
      this.assertOpen();
      const body = pending.flatMap((a) => (a.doc ? [a.action, a.doc] : [a.action]));
      let items: BulkItem[];
      try {
        const response = await this.request<{ errors: boolean; items: BulkItem[] }>('POST', '/_bulk', body, {
          bulk: true,
          querystring: { refresh: 'wait_for' },
        });
        items = response.body.items;
      } catch (error) {
        const status = (
          AppError.is(error) ? (error.cause as { meta?: { statusCode?: number } } | undefined) : undefined
        )?.meta?.statusCode;
        if (AppError.is(error) && status === 429) {
          await sleep(backoffDelay(round, this.backoff));
          continue;
        }
        if (AppError.is(error) && error.retryable && ++failures < this.bulkAttempts) {
          await sleep(backoffDelay(failures, this.backoff));
          continue;
        }
        throw error;
      }
      const retry: BulkAction[] = [];
      const failed: string[] = [];
      let serverErrors = false;
      items.forEach((item, i) => {
        const result = Object.values(item)[0];
        if (!result || result.status < 300 || (result.status === 404 && 'delete' in item)) return;
        if (overloaded(result.status, result.error?.type)) retry.push(pending[i]!);
        else if (result.status >= 502 && failures + 1 < this.bulkAttempts) {
          serverErrors = true;
          retry.push(pending[i]!);
        } else
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
      if (serverErrors) failures++;
      pending = retry;
      if (pending.length > 0) await sleep(backoffDelay(round, this.backoff));
    }
  }

  async remove(ids: number[]): Promise<void> {
    this.assertOpen();
    if (ids.length === 0) return;
    await this.ensureIndex();
    for (let i = 0; i < ids.length; i += this.bulkSize) {
      const batch = ids.slice(i, i + this.bulkSize);
      const deletes = (from: string): BulkAction[] =>
        batch.map((id) => ({
          action: { delete: { _index: from, _id: String(id) } },
          doc: null,
          label: `document ${id}`,
        }));
      await this.duringRebuild(batch, (building) =>
        this.bulk([...deletes(this.indexName), ...(building ? deletes(building) : [])]),
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
