/**
 * The facts about the bundled model server and search engine that leave the core: a service's state
 * and status, the machine's GPU, where a loaded model sits, and the progress of a model download.
 */
import { z } from 'zod';

/**
 * Where a supervised service is in its life.
 * - `absent`: its program is not installed; `reason` says where to put it or how to point at it.
 * - `starting`: the process runs and docpipe waits for it to answer its readiness check.
 * - `ready`: it answers.
 * - `degraded`: it runs but failed several health checks in a row; it returns to `ready` when it answers again.
 * - `restarting`: it exited without being asked to; docpipe starts it again after a backoff.
 * - `failed`: docpipe gave up (it crashed too often, or could not be started); `reason` says why.
 * - `external`: a server docpipe did not start already answers at the configured address; it is used, not managed.
 * - `stopped`: docpipe stopped it (or never started it).
 */
export const ServiceState = z.enum([
  'absent',
  'starting',
  'ready',
  'degraded',
  'restarting',
  'failed',
  'external',
  'stopped',
]);
export type ServiceState = z.infer<typeof ServiceState>;

/** One service as the status screen, the CLI and the event log show it. */
export const ServiceStatus = z.object({
  /** The service: `ollama` or `opensearch` for the bundled ones. */
  name: z.string().min(1),
  state: ServiceState,
  /** Process id of the running server when docpipe manages it; null when not running or external. */
  pid: z.number().int().positive().nullable(),
  /** Base URL clients use (`http://127.0.0.1:<port>`); null when there is no server to call. */
  url: z.string().nullable(),
  /** The loopback port of a managed server; null when not running or external. */
  port: z.number().int().positive().max(65_535).nullable(),
  /** Times docpipe started it again after it exited on its own, since docpipe started it. */
  restarts: z.number().int().min(0),
  /** When it entered this state (ISO 8601). */
  since: z.string(),
  /** A sentence for a person: why it is absent, degraded, restarting or failed; null otherwise. */
  reason: z.string().nullable(),
  /** The program docpipe runs (or would run); null when none was found. */
  command: z.string().nullable(),
  /** The file the server's own output goes to; null for external servers. */
  logFile: z.string().nullable(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

/** Which kind of accelerator the machine has, as far as docpipe can tell. */
export const GpuVendor = z.enum(['nvidia', 'amd', 'apple', 'none']);
export type GpuVendor = z.infer<typeof GpuVendor>;

/** One graphics device. Memory in bytes; null where the tool does not say. */
export const GpuDevice = z.object({
  name: z.string(),
  memoryTotalBytes: z.number().int().min(0).nullable(),
  memoryUsedBytes: z.number().int().min(0).nullable(),
  driverVersion: z.string().nullable(),
});
export type GpuDevice = z.infer<typeof GpuDevice>;

/** What the machine has for running models. */
export const GpuFacts = z.object({
  vendor: GpuVendor,
  /** The compute interface Ollama would use: `cuda`, `rocm`, `metal`, or null for none. */
  api: z.enum(['cuda', 'rocm', 'metal']).nullable(),
  devices: z.array(GpuDevice),
  /** True on Apple silicon: the GPU shares the machine's memory, so "VRAM" is the system memory. */
  unifiedMemory: z.boolean(),
  /** How this was found out (`nvidia-smi`, `rocm-smi`, `platform`), or why nothing was (a tool that failed). */
  source: z.string(),
});
export type GpuFacts = z.infer<typeof GpuFacts>;

/** How much of a loaded model sits in GPU memory, from Ollama's /api/ps. */
export const ModelPlacement = z.object({
  model: z.string(),
  sizeBytes: z.number().int().min(0),
  vramBytes: z.number().int().min(0),
  /** vramBytes / sizeBytes, 0-1 (0 when the size is unknown). */
  gpuFraction: z.number().min(0).max(1),
  /** `gpu` at 95 % or more, `partial` above 0, `cpu` at 0. */
  where: z.enum(['gpu', 'partial', 'cpu']),
  /** "on the GPU", "partly on the GPU (40 %)", "on the CPU (slow)". */
  verdict: z.string(),
});
export type ModelPlacement = z.infer<typeof ModelPlacement>;

/** One step of downloading a model into the managed Ollama (`ollama pull`). */
export const PullProgress = z.object({
  model: z.string(),
  /**
   * `pulling` while bytes arrive (and the manifest is fetched), `verifying` and `writing` at the end,
   * then one of `success`, `cancelled` or `failed` (with `error`).
   */
  phase: z.enum(['pulling', 'verifying', 'writing', 'success', 'cancelled', 'failed']),
  /** Ollama's own status line, e.g. "pulling manifest", "pulling 8eeb52dfb3bb", "verifying sha256 digest". */
  status: z.string(),
  /** Bytes received so far, over every layer seen. */
  completedBytes: z.number().int().min(0),
  /** Bytes to receive, over every layer seen so far (grows as Ollama announces layers). */
  totalBytes: z.number().int().min(0),
  /** completed / total × 100, null before any size is known. */
  percent: z.number().min(0).max(100).nullable(),
  /** Recent download speed, null until two samples a moment apart exist. */
  bytesPerSecond: z.number().min(0).nullable(),
  /** Why the pull failed, for `failed`; null otherwise. */
  error: z.string().nullable(),
});
export type PullProgress = z.infer<typeof PullProgress>;

/** A model on the Ollama server's disk (/api/tags). */
export const InstalledModel = z.object({
  /** The full name with its tag, as Ollama lists it: `qwen2.5:7b-instruct`, `nomic-embed-text:latest`. */
  name: z.string(),
  sizeBytes: z.number().int().min(0),
  /** When it was pulled or last changed (ISO 8601). */
  modifiedAt: z.string(),
  /** "7.6B", "137M"; null when the server does not say. */
  parameterSize: z.string().nullable(),
  /** "Q4_K_M", "F16"; null when the server does not say. */
  quantization: z.string().nullable(),
});
export type InstalledModel = z.infer<typeof InstalledModel>;

/**
 * One Ollama server of the list requests are spread over: the local one (run or found by docpipe) and
 * the remote ones a person named (`ollama.hosts`, `--ollama`).
 * - `checking`: not asked yet (or asked again now);
 * - `up`: it answered its last request or probe;
 * - `down`: a request failed there (refused, timed out, 5xx): no request goes to it until a probe of
 *   /api/version and /api/tags answers again, after a growing wait (`nextCheckAt`).
 */
export const OllamaHostState = z.enum(['checking', 'up', 'down']);
export type OllamaHostState = z.infer<typeof OllamaHostState>;

export const OllamaHostStatus = z.object({
  /** Base URL, `http://gpu1:11434`. */
  url: z.string(),
  /** `local`: the one docpipe runs or finds on this machine; `remote`: one named in the settings or on the command line. */
  role: z.enum(['local', 'remote']),
  state: OllamaHostState,
  /** Requests docpipe has running there now, all models together. */
  inFlight: z.number().int().min(0),
  /** Requests sent there at once per model at most (its OLLAMA_NUM_PARALLEL). */
  parallel: z.number().int().positive(),
  /** Models it has (/api/tags at the last probe); empty when unknown or down. */
  models: z.array(z.string()),
  /** Ollama's version there, null until it answered. */
  version: z.string().nullable(),
  /** Why it is down, in a sentence; null otherwise. */
  reason: z.string().nullable(),
  /** When it entered this state (ISO 8601). */
  since: z.string(),
  /** When a down host is probed next (ISO 8601); null otherwise. */
  nextCheckAt: z.string().nullable(),
});
export type OllamaHostStatus = z.infer<typeof OllamaHostStatus>;

/** A `docpipe worker` process the coordinator heard from lately (its heartbeats). */
export const RemoteWorkerStatus = z.object({
  /** The worker's own id (`host:pid:start`). */
  workerId: z.string(),
  /** The machine it runs on, as it names itself. */
  host: z.string(),
  pid: z.number().int(),
  /** Tasks it takes at once, per stage (`extract`). */
  slots: z.record(z.string(), z.number().int().min(0)),
  /** Tasks it was running at its last heartbeat. */
  busy: z.number().int().min(0),
  /** How long ago its last heartbeat came, ms. */
  heartbeatAgeMs: z.number().int().min(0),
});
export type RemoteWorkerStatus = z.infer<typeof RemoteWorkerStatus>;

/** The broker this process coordinates stage work through (`serve --broker`), and its live workers. */
export const BrokerOverview = z.object({
  /** The broker's address with its password hidden: `amqp://guest:***@host:5672/vhost`. */
  url: z.string(),
  /** Whether the connection to the broker is up now (it reconnects by itself when not). */
  connected: z.boolean(),
  /** The workers that count now; one silent for three of its heartbeats, or gone with the broker, is not listed. */
  workers: z.array(RemoteWorkerStatus),
  /** Tasks published and not answered yet. */
  inFlight: z.number().int().min(0),
});
export type BrokerOverview = z.infer<typeof BrokerOverview>;

/** Everything the Services & models screen and `docpipe services` show, in one answer. */
export const ServicesOverview = z.object({
  /** The supervised services, Ollama first (their last known state when none is supervised here). */
  services: z.array(ServiceStatus),
  /** What the machine has for running models; null when docpipe did not look (no model server in use). */
  gpu: GpuFacts.nullable(),
  /** The models on the model server; empty when none answers. */
  models: z.array(InstalledModel),
  /** Models loaded in memory, and how much of each sits on the GPU. */
  placements: z.array(ModelPlacement),
  /** Downloads running now. */
  pulls: z.array(PullProgress),
  /** Whether the pipeline uses the model server now, and if not, why. */
  llm: z.object({
    /** The LLM joins classification and field extraction. */
    active: z.boolean(),
    /** Search has vectors from the embedding model. */
    vectors: z.boolean(),
    /** A sentence when either is off: the server is absent, a model is missing… */
    reason: z.string().nullable(),
    /** Configured models the server does not have. */
    missing: z.array(z.string()),
    textModel: z.string(),
    embedModel: z.string(),
  }),
  /** Every Ollama server requests are spread over, local first; empty when the model server is off or none is known. */
  ollamaHosts: z.array(OllamaHostStatus).default([]),
  /** The broker and its remote workers when this process coordinates through one; null otherwise. */
  broker: BrokerOverview.nullable().default(null),
  /** Which search backend answers, and why it is not the one chosen, if so. */
  search: z.object({ backend: z.enum(['sqlite', 'opensearch']), reason: z.string().nullable() }),
});
export type ServicesOverview = z.infer<typeof ServicesOverview>;
