/**
 * What a person can set, persisted in the store (one row per section, JSON checked by this schema on
 * the way in and out): the models, the model server, the search backend and the limits. The desktop
 * app's screen, `docpipe config get|set` and the API all read and write this one shape; every field
 * has its default here, so an empty store means "the defaults".
 */
import { z } from 'zod';

export const ModelSettings = z.object({
  /** Model for classification and field extraction. Default `qwen2.5:7b-instruct`. */
  text: z.string().min(1).default('qwen2.5:7b-instruct'),
  /** Model for page images (scans). Default `qwen2.5vl:7b`. */
  vision: z.string().min(1).default('qwen2.5vl:7b'),
  /** Model for search vectors. Default `nomic-embed-text`. */
  embed: z.string().min(1).default('nomic-embed-text'),
  /**
   * The person agreed to download the models above (gigabytes): only then does docpipe pull what is
   * missing by itself. Default false: nothing is downloaded unasked.
   */
  pullAgreed: z.boolean().default(false),
});

/** `http://host:port` (scheme and port optional), optionally `?parallel=N` with N from 1 to 64. */
const OLLAMA_ADDRESS =
  /^(https?:\/\/)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)?(:\d{1,5})?(\/[^\s?#,]*)?(\?parallel=(\d{1,2}))?$/i;

export function isOllamaAddress(text: string): boolean {
  const match = OLLAMA_ADDRESS.exec(text);
  if (!match || (!match[2] && !match[3])) return false;
  const slots = match[6] === undefined ? 1 : Number(match[6]);
  return slots >= 1 && slots <= 64;
}

const OllamaAddress = z.string().refine(isOllamaAddress, {
  message: 'an Ollama address: http://host:port, optionally ending in ?parallel=N (1 to 64)',
});

export const OllamaSettings = z.object({
  /** Use a model server at all (the embedded understanding always runs). Default true. */
  enabled: z.boolean().default(true),
  /** Where to look for an Ollama that already runs (used as it is); docpipe's own takes a free loopback port. Default http://127.0.0.1:11434. */
  host: z.string().min(1).default('http://127.0.0.1:11434'),
  /** The `ollama` program to run; DOCPIPE_OLLAMA_BIN wins over it, the bundled one comes after. */
  binaryPath: z.string().min(1).nullable().default(null),
  /** Requests the server runs at once (OLLAMA_NUM_PARALLEL); docpipe sends as many. Default 1. */
  numParallel: z.number().int().min(1).max(16).default(1),
  /**
   * More Ollama servers, on other machines, beside the local one: requests are spread over all that
   * answer, fewest in flight first. Each `http://host:port`, optionally `?parallel=N` (its own slots;
   * default `numParallel`). Default none.
   */
  hosts: z.array(OllamaAddress).max(64).default([]),
  /** How long a model stays in memory after its last request (OLLAMA_KEEP_ALIVE). Default 30m. */
  keepAlive: z.string().min(1).default('30m'),
});

export const SearchSettings = z.object({
  /**
   * `sqlite`: the built-in index (default). `bundled`: docpipe runs its own OpenSearch and searches there
   * once it is ready. `remote`: an OpenSearch cluster at `url`.
   */
  backend: z.enum(['sqlite', 'bundled', 'remote']).default('sqlite'),
  /** The bundled distribution's folder; DOCPIPE_OPENSEARCH_HOME wins over it. */
  openSearchHome: z.string().min(1).nullable().default(null),
  /** JVM heap of the bundled node, MB. Default 512. */
  heapMb: z.number().int().min(128).max(32_768).default(512),
  /** The remote cluster's URL. */
  url: z.url().nullable().default(null),
  username: z.string().min(1).nullable().default(null),
});

/**
 * More than one machine: extraction goes to `docpipe worker` processes through a RabbitMQ broker, this
 * docpipe (the app or `serve`) coordinating them. Applies at the next start; `serve --broker` wins over it.
 */
export const BrokerSettings = z.object({
  /** amqp://user:password@host:port/vhost (kept in the data folder, readable by its owner only). Default none: all work here. */
  url: z
    .string()
    .regex(/^amqps?:\/\/\S+$/, 'a broker URL: amqp://user:password@host:port/vhost')
    .nullable()
    .default(null),
  /** Extraction threads of this machine beside the workers; 0 leaves extraction to them. Default null: as without a broker. */
  localWorkers: z.number().int().min(0).max(64).nullable().default(null),
  /** Where workers fetch documents, HOST:PORT (0.0.0.0:PORT for other machines). Default 127.0.0.1:0. */
  workerAddress: z
    .string()
    .regex(/^\S+:\d{1,5}$/, 'HOST:PORT')
    .default('127.0.0.1:0'),
  /** Times a task may be handed back (its worker died) before the broker dead-letters it. Default 3. */
  deliveryLimit: z.number().int().min(1).max(100).default(3),
});

export const Settings = z.object({
  models: ModelSettings.prefault({}),
  ollama: OllamaSettings.prefault({}),
  search: SearchSettings.prefault({}),
  broker: BrokerSettings.prefault({}),
});
export type Settings = z.output<typeof Settings>;

/** A change: any part of any section; what is left out keeps its value. */
export const SettingsChange = z.object({
  models: ModelSettings.partial().optional(),
  ollama: OllamaSettings.partial().optional(),
  search: SearchSettings.partial().optional(),
  broker: BrokerSettings.partial().optional(),
});
export type SettingsChange = z.input<typeof SettingsChange>;

/** The sections, in the order the settings screen shows them. */
export const SETTINGS_SECTIONS = ['models', 'ollama', 'search', 'broker'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** A URL without its password (`amqp://user:***@host/vhost`), for logs, status and listings of the settings. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]+@/i, '$1:***@');
}
