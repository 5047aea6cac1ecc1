/**
 * How docpipe reaches an Ollama server. Parsed with zod so that the core config, the CLI and the
 * settings screen share one definition and its defaults. The host is never read from the environment
 * here (no hidden inputs): the shell passes `OLLAMA_HOST` in when it wants to honour it.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../shared/contract/errors.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export const OllamaConfig = z.object({
  /** `OLLAMA_HOST` style: `http://127.0.0.1:11434`, `127.0.0.1:11434`, `:11434`. Default http://127.0.0.1:11434. */
  host: z.string().min(1).default(DEFAULT_OLLAMA_HOST),
  /**
   * More servers beside `host`, requests spread over all of them (OllamaHostPool.ts). Each in the form of
   * `host`, optionally ending in `?parallel=N` (its own slot count; default `parallel`). Default none.
   */
  moreHosts: z.array(z.string().min(1)).default([]),
  /** Model for classification and field extraction. Default `qwen2.5:7b-instruct`. */
  textModel: z.string().min(1).default('qwen2.5:7b-instruct'),
  /**
   * Model for page images: a document whose pages were all read by OCR, with a mean OCR confidence under
   * `visionBelowConfidence`, is shown to this model as pictures (with the OCR text as a guide) instead of
   * to the text model. Default `qwen2.5vl:7b`.
   */
  visionModel: z.string().min(1).default('qwen2.5vl:7b'),
  /**
   * Mean OCR confidence (0-1) under which a scanned document goes to the vision model; 0 never sends
   * one. A prior, not measured against a real model (see CONTEXT.md). Default 0.7.
   */
  visionBelowConfidence: z.number().min(0).max(1).default(0.7),
  /** Pages shown to the vision model at most (the first ones). Default 2. */
  visionMaxPages: z.number().int().positive().max(16).default(2),
  /** Bytes of one page picture at most; a larger one is not sent (the text model reads the OCR text). Default 8 MiB. */
  visionMaxImageBytes: z
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  /** Lines of pages with word boxes headed by their `[x,y]` position on the page in prompts. Default true. */
  promptPositions: z.boolean().default(true),
  /** Model for search embeddings. Default `nomic-embed-text`. */
  embedModel: z.string().min(1).default('nomic-embed-text'),
  /**
   * Requests in flight at once, per model: set it to the server's parallel slots (OLLAMA_NUM_PARALLEL).
   * More only queue inside Ollama, where they count against our timeout. Default 1.
   */
  parallel: z.number().int().positive().max(64).default(1),
  /** Time one request may take, ms, from sending to the last byte; then the call is a retry. Default 120 s. */
  timeoutMs: z.number().int().positive().default(120_000),
  /**
   * Characters of document text in one prompt at most (instructions and schema come on top, about
   * 1–3k characters). The trimming rule is in prompt.ts (`documentExcerpt`). Default 12000.
   */
  maxPromptChars: z.number().int().min(500).default(12_000),
  /**
   * Context window asked of the model (`num_ctx`). Ollama's default (2048–4096 tokens depending on the
   * version) silently cuts a 12000-character prompt; 8192 tokens hold it with the answer. Default 8192.
   */
  contextTokens: z.number().int().positive().default(8192),
  /** Tokens one answer may take (`num_predict`); a field answer is short. Doubled on the retry of a truncated answer. Default 1024. */
  maxOutputTokens: z.number().int().positive().default(1024),
  /** How long a job waits when the model is still loading (HTTP 503), ms. Default 15 s. */
  loadingSnoozeMs: z.number().int().positive().default(15_000),
  /** Texts per /api/embed request. Default 32. */
  embedBatchSize: z.number().int().positive().default(32),
});
export type OllamaConfig = z.output<typeof OllamaConfig>;
export type OllamaConfigInput = z.input<typeof OllamaConfig>;

/** `name` and `name:latest` are the same model to Ollama; a tag list shows the long form. */
export function sameModel(a: string, b: string): boolean {
  const long = (name: string): string => (name.includes(':') ? name : `${name}:latest`);
  return long(a) === long(b);
}

/** One server of the pool: its base URL and how many requests per model it takes at once. */
export interface OllamaHostSpec {
  /** `http://host:port`, no trailing slash. */
  url: string;
  parallel: number;
  /** `local`: the one docpipe runs or finds on this machine; `remote`: one a person named. */
  role: 'local' | 'remote';
}

/**
 * A host as a person writes it (`OLLAMA_HOST` style, optionally `?parallel=N`) → its spec. Throws a
 * AppError (INVALID_ARGUMENT) with a sentence on what cannot be a server address.
 */
export function parseOllamaHost(
  text: string,
  defaults: { parallel: number; role: OllamaHostSpec['role'] },
): OllamaHostSpec {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `http://${trimmed.startsWith(':') ? `127.0.0.1${trimmed}` : trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badAddress(`"${text}" is not an Ollama address: write it as http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badAddress(`"${text}" is not an Ollama address: only http:// and https:// are spoken.`);
  const given = url.searchParams.get('parallel');
  const parallel = given === null ? defaults.parallel : Number(given);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
    throw badAddress(`"${text}": parallel must be a whole number from 1 to 64.`);
  // Ollama's own default port when none is written, as its client does.
  const port = url.port || (url.protocol === 'https:' ? '443' : '11434');
  const path = url.pathname.replace(/\/+$/, '');
  return { url: `${url.protocol}//${url.hostname}:${port}${path}`, parallel, role: defaults.role };
}

/** The servers of a config: `host` (local) first, then `moreHosts` (remote); one address only once. */
export function hostsOf(config: OllamaConfig): OllamaHostSpec[] {
  const all = [
    parseOllamaHost(config.host, { parallel: config.parallel, role: 'local' }),
    ...config.moreHosts.map((text) => parseOllamaHost(text, { parallel: config.parallel, role: 'remote' })),
  ];
  return all.filter((spec, i) => all.findIndex((other) => other.url === spec.url) === i);
}

function badAddress(sentence: string): AppError {
  return new AppError(
    ErrorCode.INVALID_ARGUMENT,
    `${sentence} Fix it in --ollama or "docpipe config set ollama.hosts=...".`,
    {
      retryable: false,
    },
  );
}
