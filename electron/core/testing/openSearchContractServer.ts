/**
 * A contract test server for OpenSearchBackend: node:http on 127.0.0.1 (random port) answering the REST
 * endpoints the backend uses with responses shaped like OpenSearch 2.x's (recorded shapes, not a search
 * engine). It records every request, and tests script failures (429s, item errors) per endpoint. It proves
 * the wiring: request shapes, auth, retries, error handling. Semantics are the conformance suite's job
 * against a real server (OPENSEARCH_URL).
 *
 * Indexes and aliases behave as OpenSearch's do for what the backend uses: an index created with
 * `aliases`, `GET /_alias/<name>`, atomic `POST /_aliases` (add, remove, remove_index), `DELETE /<index>`,
 * and every read and write through an alias reaching its index. A search answers the stored documents of
 * the index (all of them, by id: no ranking), so a test can see which index answered. Back-pressure on
 * request: `rejectBulkItems(n)` answers the next n written items 429 (es_rejected_execution_exception),
 * `bulkDelayMs` holds bulk answers, and `maxBulksInFlight` / `accepted()` tell what the cluster saw.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Raw body text (NDJSON for _bulk). */
  text: string;
  /** Parsed JSON body, or each NDJSON line for _bulk. */
  json: unknown;
}

export interface ScriptedResponse {
  status: number;
  body: unknown;
}

/** Returns a response, or undefined to fall through to the default behaviour. */
export type Override = (request: RecordedRequest) => ScriptedResponse | undefined;

export class OpenSearchContractServer {
  readonly requests: RecordedRequest[] = [];
  private readonly overrides: Override[] = [];
  private readonly indexes = new Set<string>();
  private readonly stored = new Map<string, Map<string, unknown>>();
  /** alias → its indexes. */
  private readonly aliasMap = new Map<string, Set<string>>();
  /** index → id → writes the server took for it (a doubled write shows as 2). */
  private readonly acceptedWrites = new Map<string, Map<string, number>>();
  private itemsToReject = 0;
  private bulksInFlight = 0;
  private server: Server | null = null;
  url = '';
  /** How long a bulk request is held before it is answered, ms. Default 0. */
  bulkDelayMs = 0;
  /** The most bulk requests that were being answered at once. */
  maxBulksInFlight = 0;

  /** The next `count` written items (index, create) are answered 429 es_rejected_execution_exception and not stored. */
  rejectBulkItems(count: number): void {
    this.itemsToReject += count;
  }

  /** Writes taken per id in an index (or the index behind an alias). */
  accepted(index: string): Map<string, number> {
    return this.acceptedWrites.get(this.resolve(index)) ?? new Map();
  }

  /** The indexes an alias points at (empty: no such alias). */
  aliasTargets(alias: string): string[] {
    return [...(this.aliasMap.get(alias) ?? [])].sort();
  }

  /** Every index that exists (aliases not included). */
  indexNames(): string[] {
    return [...this.indexes].sort();
  }

  /** Creates an index as a docpipe from before aliases did (a concrete index with the alias's name). */
  createIndex(name: string): void {
    this.indexes.add(name);
  }

  /** Scripted behaviour, consulted in order before the defaults. */
  use(override: Override): void {
    this.overrides.push(override);
  }

  /** Answers the next `count` requests matching `test` with `response`, then falls through. */
  failNext(test: (r: RecordedRequest) => boolean, response: ScriptedResponse, count = 1): void {
    let left = count;
    this.use((r) => {
      if (left > 0 && test(r)) {
        left--;
        return response;
      }
      return undefined;
    });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://localhost');
        let json: unknown = null;
        try {
          json = url.pathname.endsWith('/_bulk')
            ? text
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l) as unknown)
            : text
              ? (JSON.parse(text) as unknown)
              : null;
        } catch {
          json = { unparsable: text };
        }
        const request: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          text,
          json,
        };
        this.requests.push(request);
        const isBulk = request.path === '/_bulk';
        const answer = () => {
          const response = this.overrides.map((o) => o(request)).find((r) => r !== undefined) ?? this.defaults(request);
          const payload = request.method === 'HEAD' ? '' : JSON.stringify(response.body);
          res.writeHead(response.status, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          });
          res.end(payload);
        };
        if (!isBulk || this.bulkDelayMs <= 0) return answer();
        this.bulksInFlight++;
        this.maxBulksInFlight = Math.max(this.maxBulksInFlight, this.bulksInFlight);
        setTimeout(() => {
          this.bulksInFlight--;
          answer();
        }, this.bulkDelayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests to a path (exact) or ending with a suffix like `/_bulk`. */
  to(method: string, pathOrSuffix: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (r.path === pathOrSuffix || r.path.endsWith(pathOrSuffix)),
    );
  }

  /** Documents the fake stored through _bulk (index or alias name -> id -> source). */
  documents(index: string): Map<string, unknown> {
    return this.stored.get(this.resolve(index)) ?? new Map();
  }

  /** An alias's index (the first: docpipe keeps one), else the name itself. */
  private resolve(name: string): string {
    const targets = this.aliasMap.get(name);
    return targets && targets.size > 0 ? ([...targets].sort()[0] as string) : name;
  }

  private exists(name: string): boolean {
    return this.indexes.has(name) || (this.aliasMap.get(name)?.size ?? 0) > 0;
  }

  private error(status: number, type: string, reason: string): ScriptedResponse {
    return { status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } };
  }

  /** POST /_aliases: every action checked first, then all applied (atomic, as OpenSearch does it). */
  private applyAliases(body: unknown): ScriptedResponse {
    const actions = ((body as { actions?: unknown[] } | null)?.actions ?? []) as Record<
      string,
      { index?: string; alias?: string }
    >[];
    for (const entry of actions) {
      const [kind, spec] = Object.entries(entry)[0] ?? [];
      if (!kind || !spec?.index || !this.indexes.has(spec.index))
        return this.error(404, 'index_not_found_exception', `no such index [${spec?.index ?? ''}]`);
      if (kind === 'remove' && !this.aliasMap.get(spec.alias ?? '')?.has(spec.index))
        return this.error(404, 'aliases_not_found_exception', `aliases [${spec.alias ?? ''}] missing`);
      if (kind !== 'add' && kind !== 'remove' && kind !== 'remove_index')
        return this.error(400, 'illegal_argument_exception', `unknown alias action [${kind}]`);
    }
    for (const entry of actions) {
      const [kind, spec] = Object.entries(entry)[0] as [string, { index: string; alias?: string }];
      if (kind === 'add') {
        if (this.indexes.has(spec.alias ?? ''))
          if (!actions.some((a) => a.remove_index?.index === spec.alias))
            return this.error(
              400,
              'invalid_alias_name_exception',
              `an index exists with the same name as the alias [${spec.alias}]`,
            );
        const set = this.aliasMap.get(spec.alias!) ?? new Set<string>();
        set.add(spec.index);
        this.aliasMap.set(spec.alias!, set);
      } else if (kind === 'remove') this.aliasMap.get(spec.alias!)?.delete(spec.index);
      else this.dropIndex(spec.index);
    }
    return { status: 200, body: { acknowledged: true } };
  }

  private dropIndex(name: string): void {
    this.indexes.delete(name);
    this.stored.delete(name);
    this.acceptedWrites.delete(name);
    for (const targets of this.aliasMap.values()) targets.delete(name);
  }

  private defaults(r: RecordedRequest): ScriptedResponse {
    const segments = r.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (r.method === 'PUT' && segments[0] === '_index_template') return { status: 200, body: { acknowledged: true } };
    if (r.method === 'POST' && segments[0] === '_aliases') return this.applyAliases(r.json);
    if (r.method === 'GET' && segments[0] === '_alias' && segments.length === 2) {
      const targets = this.aliasTargets(segments[1]!);
      if (targets.length === 0) return { status: 404, body: { error: `alias [${segments[1]}] missing`, status: 404 } };
      return {
        status: 200,
        body: Object.fromEntries(targets.map((index) => [index, { aliases: { [segments[1]!]: {} } }])),
      };
    }
    if (r.method === 'HEAD' && segments.length === 1)
      return { status: this.exists(segments[0]!) ? 200 : 404, body: {} };
    if (r.method === 'DELETE' && segments.length === 1) {
      if (!this.indexes.has(segments[0]!))
        return this.error(404, 'index_not_found_exception', `no such index [${segments[0]}]`);
      this.dropIndex(segments[0]!);
      return { status: 200, body: { acknowledged: true } };
    }
    if (r.method === 'PUT' && segments.length === 1) {
      const name = segments[0]!;
      if (this.exists(name))
        return this.error(400, 'resource_already_exists_exception', `index [${name}] already exists`);
      this.indexes.add(name);
      const aliases = (r.json as { aliases?: Record<string, unknown> } | null)?.aliases ?? {};
      for (const alias of Object.keys(aliases))
        this.aliasMap.set(alias, new Set([...(this.aliasMap.get(alias) ?? []), name]));
      return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: name } };
    }
    if (r.method === 'POST' && segments[0] === '_bulk')
      return { status: 200, body: this.applyBulk(r.json as Record<string, { _index: string; _id: string }>[]) };
    if (segments[1] === '_count')
      return {
        status: 200,
        body: { count: this.documents(segments[0]!).size, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } },
      };
    if (segments[1] === '_delete_by_query') {
      const n = this.documents(segments[0]!).size;
      this.stored.delete(this.resolve(segments[0]!));
      return {
        status: 200,
        body: {
          took: 1,
          timed_out: false,
          total: n,
          deleted: n,
          batches: 1,
          version_conflicts: 0,
          noops: 0,
          failures: [],
        },
      };
    }
    if (segments[1] === '_search') return { status: 200, body: this.storedSearch(segments[0]!, r.json) };
    if (segments[1] === '_mget') return { status: 200, body: { docs: [] } };
    return {
      status: 404,
      body: { error: { type: 'not_found', reason: `no route ${r.method} ${r.path}` }, status: 404 },
    };
  }

  /** Every stored document of the index as a hit, by id (no ranking: which index answered is what shows). */
  private storedSearch(name: string, body: unknown): Record<string, unknown> {
    const size = Number((body as { size?: unknown } | null)?.size ?? 10);
    const docs = [...this.documents(name)].sort(([a], [b]) => Number(a) - Number(b));
    const result = emptySearch();
    result.hits = {
      total: { value: docs.length, relation: 'eq' },
      max_score: docs.length ? 1 : null,
      hits: docs.slice(0, size).map(([id, source]) => ({
        _index: this.resolve(name),
        _id: id,
        _score: 1,
        _source: source,
        sort: [Number(id)],
      })),
    };
    return result;
  }

  private applyBulk(lines: Record<string, { _index: string; _id: string }>[]): unknown {
    const items: unknown[] = [];
    let errors = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const [action, named] = Object.entries(line)[0]!;
      const meta = { ...named, _index: this.resolve(named._index) };
      if (action !== 'delete' && this.itemsToReject > 0) {
        this.itemsToReject--;
        errors = true;
        i++;
        items.push({
          [action]: {
            _index: meta._index,
            _id: meta._id,
            status: 429,
            error: {
              type: 'es_rejected_execution_exception',
              reason: 'rejected execution of coordinating operation [write queue full]',
            },
          },
        });
        continue;
      }
      // Writing creates the index, as OpenSearch's auto-create does.
      if (action !== 'delete') this.indexes.add(meta._index);
      const docs = this.stored.get(meta._index) ?? new Map<string, unknown>();
      this.stored.set(meta._index, docs);
      if (action === 'delete') {
        const found = docs.delete(meta._id);
        items.push({
          delete: {
            _index: meta._index,
            _id: meta._id,
            status: found ? 200 : 404,
            result: found ? 'deleted' : 'not_found',
          },
        });
      } else {
        docs.set(meta._id, lines[++i]);
        const counts = this.acceptedWrites.get(meta._index) ?? new Map<string, number>();
        counts.set(meta._id, (counts.get(meta._id) ?? 0) + 1);
        this.acceptedWrites.set(meta._index, counts);
        items.push({ [action]: { _index: meta._index, _id: meta._id, _version: 1, result: 'created', status: 201 } });
      }
    }
    return { took: 3, errors, items };
  }
}

/** The shape of an OpenSearch 2.x search response with no hits. */
export function emptySearch(): Record<string, unknown> {
  return {
    took: 1,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] },
    aggregations: { types: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [] } },
  };
}
