/**
 * A contract test server for OpenSearchBackend: node:http on 127.0.0.1 (random port) answering the REST
 * endpoints the backend uses with responses shaped like OpenSearch 2.x's (recorded shapes, not a search
 * engine). It records every request, and tests script failures (429s, item errors) per endpoint. It proves
 * the wiring: request shapes, auth, retries, error handling. Semantics are the conformance suite's job
 * against a real server (OPENSEARCH_URL).
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
  private server: Server | null = null;
  url = '';

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
        const response = this.overrides.map((o) => o(request)).find((r) => r !== undefined) ?? this.defaults(request);
        const payload = request.method === 'HEAD' ? '' : JSON.stringify(response.body);
        res.writeHead(response.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        });
        res.end(payload);
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

  /** Documents the fake stored through _bulk (index name -> id -> source). */
  documents(index: string): Map<string, unknown> {
    return this.stored.get(index) ?? new Map();
  }

  private defaults(r: RecordedRequest): ScriptedResponse {
    const segments = r.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (r.method === 'PUT' && segments[0] === '_index_template') return { status: 200, body: { acknowledged: true } };
    if (r.method === 'HEAD' && segments.length === 1)
      return { status: this.indexes.has(segments[0]!) ? 200 : 404, body: {} };
    if (r.method === 'PUT' && segments.length === 1) {
      this.indexes.add(segments[0]!);
      return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: segments[0] } };
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
      this.stored.delete(segments[0]!);
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
    if (segments[1] === '_search') return { status: 200, body: emptySearch() };
    if (segments[1] === '_mget') return { status: 200, body: { docs: [] } };
    return {
      status: 404,
      body: { error: { type: 'not_found', reason: `no route ${r.method} ${r.path}` }, status: 404 },
    };
  }

  private applyBulk(lines: Record<string, { _index: string; _id: string }>[]): unknown {
    const items: unknown[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const [action, meta] = Object.entries(line)[0]!;
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
        items.push({ [action]: { _index: meta._index, _id: meta._id, _version: 1, result: 'created', status: 201 } });
      }
    }
    return { took: 3, errors: false, items };
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
