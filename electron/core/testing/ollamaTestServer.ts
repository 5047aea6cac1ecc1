/**
 * A small Ollama-API server for contract tests (node:http on 127.0.0.1, a free port). It speaks the
 * request and response shapes the `ollama` client uses for /api/chat (non-streamed), /api/embed,
 * /api/tags, /api/ps and /api/version, answers deterministically from the request (the `format`
 * schema and the document in the prompt), and can be scripted per test to misbehave the ways a real
 * server does: malformed or truncated output, slow answers, 503 while loading, 404 for a model that is
 * not pulled, and no server at all (close it, then call it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers one /api/chat request. */
export type ChatBehaviour =
  /** Derived from the format schema and the document in the prompt (see deterministicAnswer). */
  | { kind: 'deterministic' }
  /** Exactly this content. */
  | { kind: 'content'; content: string; doneReason?: 'stop' | 'length' }
  /** Text that is not JSON. */
  | { kind: 'malformed' }
  /** The first half of the deterministic answer with done_reason `length`, as when num_predict runs out. */
  | { kind: 'truncated' }
  /** An HTTP error with Ollama's `{ error }` body (503 loading, 500 runner crashed…). */
  | { kind: 'status'; status: number; error: string }
  /** Waits, then answers as `then` (default deterministic); a client that gives up closes the socket. */
  | { kind: 'slow'; ms: number; then?: ChatBehaviour };

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

/** The chat request body as the client sends it (only the parts the tests look at are typed). */
export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string; images?: string[] }>;
  format?: unknown;
  stream?: boolean;
  options?: Record<string, unknown>;
}

export interface LoadedModelEntry {
  name: string;
  size: number;
  size_vram: number;
}

export interface OllamaTestServerOptions {
  /** Models "pulled" on the server; others get 404. Default: the provider's default text and embed models. */
  models?: string[];
  /** Models in memory (/api/ps). Default none. */
  loaded?: LoadedModelEntry[];
  /** Vector length of /api/embed answers. Default 8. */
  embedDims?: number;
  /** Delay of every chat and embed answer, ms (so that calls overlap in concurrency tests). Default 0. */
  latencyMs?: number;
}

export interface OllamaTestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The /api/chat request bodies, in arrival order. */
  chats(): ChatRequestBody[];
  /** Behaviours for the next /api/chat requests, in order; after them, deterministic answers. */
  script(...behaviours: ChatBehaviour[]): void;
  /** Models on the server; change it to simulate `ollama pull` / `ollama rm`. */
  models: string[];
  loaded: LoadedModelEntry[];
  embedDims: number;
  latencyMs: number;
  /** Chat and embed requests being answered now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Sizes of the /api/embed batches received. */
  readonly embedBatches: number[];
  /** Stops listening and drops open connections; later calls get ECONNREFUSED. */
  close(): Promise<void>;
}

const DOCUMENT = /<(document-[0-9a-f]+)>\n([\s\S]*?)\n<\/\1>/;

/** The document text inside the prompt's delimiters (the whole prompt when there are none). */
export function documentInPrompt(messages: ReadonlyArray<{ role: string; content: string }>): string {
  const user = [...messages].reverse().find((m) => m.role === 'user' && DOCUMENT.test(m.content)) ?? messages.at(-1);
  const content = user?.content ?? '';
  return DOCUMENT.exec(content)?.[2] ?? content;
}

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A deterministic answer to a structured-output request: for a schema with a `type` enum, the allowed
 * type whose name occurs first in the document ("other" when none does); for a field schema, each
 * field's value from a `label: value` line of the document (label = field name, `_` read as a space),
 * lists split on `;`, else null. A stand-in for a model, so the tests exercise the client, not a model.
 */
export function deterministicAnswer(format: unknown, laidOut: string): string {
  // Lines of a laid-out prompt start with their `[x,y]` position (prompt.ts layoutText); the rule reads the text.
  const document = laidOut.replace(/^\[\d{1,3},\d{1,3}\] /gm, '');
  const schema = (typeof format === 'object' && format !== null ? format : {}) as SchemaNode;
  const properties = schema.properties ?? {};
  const typeEnum = properties.type?.enum;
  if (Array.isArray(typeEnum) && Object.keys(properties).length === 1) {
    let best: { name: string; at: number } | null = null;
    for (const name of typeEnum.filter((t): t is string => typeof t === 'string')) {
      const m = new RegExp(`\\b${escapeRegExp(name).replace(/_/g, '[ _]')}\\b`, 'i').exec(document);
      if (m && (!best || m.index < best.at)) best = { name, at: m.index };
    }
    return JSON.stringify({ type: best?.name ?? (typeEnum.includes('other') ? 'other' : typeEnum[0]) });
  }
  const answer: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(properties)) {
    const label = escapeRegExp(key).replace(/_/g, '[ _]');
    const line = new RegExp(`^[ \\t]*${label}[ \\t]*:[ \\t]*(.+)$`, 'im').exec(document)?.[1]?.trim();
    const isList = [node, ...(node.anyOf ?? [])].some(
      (n) => n.type === 'array' || (Array.isArray(n.type) && n.type.includes('array')),
    );
    answer[key] = line ? (isList ? line.split(/\s*;\s*/).filter(Boolean) : line) : null;
  }
  return JSON.stringify(answer);
}

function vectorFor(text: string, dims: number): number[] {
  // FNV-1a seeded per component: the same text always gives the same vector.
  return Array.from({ length: dims }, (_, i) => {
    let h = 0x811c9dc5 ^ i;
    for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    return ((h >>> 0) % 2000) / 1000 - 1;
  });
}

const hasModel = (models: readonly string[], name: string): boolean => {
  const long = (n: string): string => (n.includes(':') ? n : `${n}:latest`);
  return models.some((m) => long(m) === long(name));
};

export async function startOllamaTestServer(options: OllamaTestServerOptions = {}): Promise<OllamaTestServer> {
  const requests: RecordedRequest[] = [];
  const scripted: ChatBehaviour[] = [];
  const embedBatches: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const wait = (res: ServerResponse, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve(!res.destroyed);
      const timer = setTimeout(() => resolve(!res.destroyed), ms);
      // A client that gave up closes the socket: stop waiting, like Ollama cancels the generation.
      res.once('close', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });

  const answerChat = async (res: ServerResponse, body: ChatRequestBody, behaviour: ChatBehaviour): Promise<void> => {
    const reply = (content: string, doneReason: string): void =>
      sendJson(res, 200, {
        model: body.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content },
        done: true,
        done_reason: doneReason,
        total_duration: 1,
        load_duration: 0,
        prompt_eval_count: 1,
        prompt_eval_duration: 1,
        eval_count: 1,
        eval_duration: 1,
      });
    const derived = (): string => deterministicAnswer(body.format, documentInPrompt(body.messages ?? []));
    switch (behaviour.kind) {
      case 'deterministic':
        return reply(derived(), 'stop');
      case 'content':
        return reply(behaviour.content, behaviour.doneReason ?? 'stop');
      case 'malformed':
        return reply('Sure! Here is the answer: type = invoice', 'stop');
      case 'truncated': {
        const full = derived();
        return reply(full.slice(0, Math.max(1, Math.floor(full.length / 2))), 'length');
      }
      case 'status':
        return sendJson(res, behaviour.status, { error: behaviour.error });
      case 'slow':
        if (await wait(res, behaviour.ms)) await answerChat(res, body, behaviour.then ?? { kind: 'deterministic' });
        return;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = `${req.method} ${path}`;
    if (route === 'GET /api/version') return sendJson(res, 200, { version: '0.12.0-docpipe-test' });
    if (route === 'GET /api/tags') {
      return sendJson(res, 200, {
        models: server.models.map((name) => ({
          name,
          model: name,
          modified_at: new Date(0).toISOString(),
          size: 1,
          digest: 'test',
          details: { format: 'gguf', family: 'test', parameter_size: '1B', quantization_level: 'Q4_0' },
        })),
      });
    }
    if (route === 'GET /api/ps') {
      return sendJson(res, 200, {
        models: server.loaded.map((m) => ({
          name: m.name,
          model: m.name,
          size: m.size,
          size_vram: m.size_vram,
          digest: 'test',
          details: {},
          expires_at: new Date(Date.now() + 300_000).toISOString(),
        })),
      });
    }
    if (route !== 'POST /api/chat' && route !== 'POST /api/embed')
      return sendJson(res, 404, { error: `404 page not found: ${route}` });
    const request = (body ?? {}) as { model?: unknown };
    const model = typeof request.model === 'string' ? request.model : '';
    if (!hasModel(server.models, model))
      return sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight--;
      counted = false;
    };
    res.once('close', done);
    try {
      if (route === 'POST /api/embed') {
        const input = (body as { input?: unknown }).input;
        const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
        embedBatches.push(texts.length);
        if (!(await wait(res, server.latencyMs))) return;
        return sendJson(res, 200, {
          model,
          embeddings: texts.map((t) => vectorFor(t, server.embedDims)),
          total_duration: 1,
          load_duration: 0,
          prompt_eval_count: texts.length,
        });
      }
      const behaviour = scripted.shift() ?? { kind: 'deterministic' };
      if (!(await wait(res, server.latencyMs))) return;
      await answerChat(res, body as ChatRequestBody, behaviour);
    } finally {
      if (res.writableEnded) done();
    }
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return sendJson(res, 400, { error: 'invalid JSON body' });
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', body });
      handle(req, res, body).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  const server: OllamaTestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    chats: () => requests.filter((r) => r.path === '/api/chat').map((r) => r.body as ChatRequestBody),
    script: (...behaviours) => void scripted.push(...behaviours),
    models: options.models ?? ['qwen2.5:7b-instruct', 'nomic-embed-text:latest'],
    loaded: options.loaded ?? [],
    embedDims: options.embedDims ?? 8,
    latencyMs: options.latencyMs ?? 0,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    embedBatches,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
  return server;
}
