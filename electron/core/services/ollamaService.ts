/**
 * docpipe's own Ollama: found (DOCPIPE_OLLAMA_BIN, the settings, or the bundled copy), started on a free
 * loopback port with its models in the data folder, supervised by ManagedProcess, and asked over HTTP to
 * list, pull (with progress, cancellable) and delete models. When an Ollama already answers at the
 * configured address (the user runs one), that one is used and left alone: state `external`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { DEFAULT_OLLAMA_HOST } from '../inference/ollama/ollamaConfig.js';
import { modelPlacements } from './gpu.js';
import {
  ManagedProcess,
  stoppedStatus,
  BASE_ENVIRONMENT,
  pickEnvironment,
  type ManagedProcessOptions,
  type ServiceLog,
} from './ManagedProcess.js';
import { isExecutableFile, type ProgramResolution } from './programLookup.js';
import { PullProgressMeter } from './pullProgress.js';
import type {
  InstalledModel,
  ModelPlacement,
  PullProgress,
  ServiceState,
  ServiceStatus,
} from '../../shared/contract/services.js';

export const OllamaServiceSettings = z.object({
  /** Path of an ollama program chosen in the settings. DOCPIPE_OLLAMA_BIN wins over it; the bundled copy comes after it. */
  binaryPath: z.string().min(1).optional(),
  /** Where an Ollama that someone else runs would answer (`OLLAMA_HOST` forms). Default http://127.0.0.1:11434. */
  host: z.string().min(1).default(DEFAULT_OLLAMA_HOST),
  /** OLLAMA_NUM_PARALLEL of the managed server: requests it answers at once per model. Default 1. */
  numParallel: z.number().int().positive().max(64).default(1),
  /** OLLAMA_KEEP_ALIVE of the managed server: how long a model stays in memory after its last use. Default 30m. */
  keepAlive: z.string().min(1).default('30m'),
  /** More environment for the managed server (OLLAMA_FLASH_ATTENTION=1, OLLAMA_CONTEXT_LENGTH…). Default none. */
  extraEnv: z.record(z.string(), z.string()).default({}),
  /** How long the managed server may take to answer after a start, ms. Default 60 s. */
  startTimeoutMs: z.number().int().positive().default(60_000),
});
export type OllamaServiceSettings = z.output<typeof OllamaServiceSettings>;
export type OllamaServiceSettingsInput = z.input<typeof OllamaServiceSettings>;

/** Variables of docpipe's environment the server needs to run: where programs and home are, which GPU to use. */
const INHERITED_VARIABLES = [
  ...BASE_ENVIRONMENT,
  'LD_LIBRARY_PATH',
  'CUDA_VISIBLE_DEVICES',
  'HIP_VISIBLE_DEVICES',
  'ROCR_VISIBLE_DEVICES',
  'GPU_DEVICE_ORDINAL',
  'HSA_OVERRIDE_GFX_VERSION',
];

/** What docpipe sets itself; the person's own OLLAMA_* tuning passes through (ollamaTuning). */
const SET_BY_DOCPIPE: ReadonlySet<string> = new Set([
  'OLLAMA_HOST',
  'OLLAMA_MODELS',
  'OLLAMA_NUM_PARALLEL',
  'OLLAMA_KEEP_ALIVE',
]);

/**
 * The person's Ollama tuning from docpipe's environment (OLLAMA_FLASH_ATTENTION, OLLAMA_CONTEXT_LENGTH,
 * OLLAMA_DEBUG…): someone who set it for Ollama expects the bundled one to honour it too.
 */
export function ollamaTuning(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key.toUpperCase().startsWith('OLLAMA_') && !SET_BY_DOCPIPE.has(key.toUpperCase()))
      picked[key] = value;
  }
  return picked;
}

/** How long docpipe waits for an answer from an Ollama that may already run, ms. */
const EXTERNAL_PROBE_MS = 1500;
/** Time limit of a model-management request other than a pull, ms. */
const REQUEST_TIMEOUT_MS = 15_000;

/** `OLLAMA_HOST` forms (`host:port`, `http://host:port`, `:port`, `host`) as a base URL without a trailing slash. */
export function ollamaBaseUrl(host: string): string {
  let text = host.trim();
  if (text.startsWith(':')) text = `127.0.0.1${text}`;
  const explicitScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  const url = new URL(explicitScheme ? text : `http://${text}`);
  if (!url.port && !explicitScheme) url.port = '11434';
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export interface ResolveOllamaBinaryInput {
  env: Readonly<Record<string, string | undefined>>;
  settingPath?: string | undefined;
  resourcesDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The address named in the "start it yourself" advice. */
  host: string;
  /** Default: a regular file that may be executed. */
  isExecutable?: (path: string) => boolean;
}

/** Where the bundled program lives: `<resourcesDir>/bin/<platform>-<arch>/ollama` (`ollama.exe` on Windows). */
export function bundledOllamaPath(resourcesDir: string, platform: NodeJS.Platform, arch: string): string {
  return join(resourcesDir, 'bin', `${platform}-${arch}`, platform === 'win32' ? 'ollama.exe' : 'ollama');
}

/**
 * Which ollama program to run: DOCPIPE_OLLAMA_BIN, then the path from the settings, then the bundled copy.
 * A path that was given but holds no program is reported rather than silently skipped: the person who
 * set it wants to know.
 */
export function resolveOllamaBinary(input: ResolveOllamaBinaryInput): ProgramResolution {
  const executable = input.isExecutable ?? ((path: string) => isExecutableFile(path, input.platform));
  const fromEnv = input.env.DOCPIPE_OLLAMA_BIN?.trim();
  if (fromEnv) {
    return executable(fromEnv)
      ? { kind: 'found', path: fromEnv, source: 'environment' }
      : {
          kind: 'absent',
          reason: `DOCPIPE_OLLAMA_BIN is set to ${fromEnv}, but there is no program there. Correct the path or unset the variable.`,
        };
  }
  if (input.settingPath) {
    return executable(input.settingPath)
      ? { kind: 'found', path: input.settingPath, source: 'settings' }
      : {
          kind: 'absent',
          reason: `The Ollama program chosen in the settings (${input.settingPath}) does not exist or cannot be run. Choose another one or clear the setting.`,
        };
  }
  const bundled = bundledOllamaPath(input.resourcesDir, input.platform, input.arch);
  if (executable(bundled)) return { kind: 'found', path: bundled, source: 'bundled' };
  return {
    kind: 'absent',
    reason:
      `Ollama is not installed with docpipe. Put the ollama program at ${bundled}, or set DOCPIPE_OLLAMA_BIN to its path, ` +
      `or choose it in the settings; or start Ollama yourself (https://ollama.com/download) so that it answers at ${input.host}.`,
  };
}

const VersionAnswer = z.object({ version: z.string() });

/** Ollama's version when an Ollama answers at `baseUrl` within the time limit, else null. */
export async function probeOllamaVersion(baseUrl: string, signal: AbortSignal): Promise<string | null> {
  try {
    const response = await fetch(`${baseUrl}/api/version`, { signal });
    if (!response.ok) return null;
    const parsed = VersionAnswer.safeParse(await response.json());
    return parsed.success ? parsed.data.version : null;
  } catch {
    return null;
  }
}

const TagsAnswer = z.object({
  models: z
    .array(
      z.object({
        name: z.string(),
        size: z.number().min(0),
        modified_at: z.union([z.string(), z.date()]),
        details: z
          .object({ parameter_size: z.string().optional(), quantization_level: z.string().optional() })
          .partial()
          .nullish(),
      }),
    )
    .nullable()
    .default([]),
});

export interface OllamaServiceOptions {
  dataDir: string;
  resourcesDir: string;
  /**
   * docpipe's environment, passed in (nothing here reads process.env): DOCPIPE_OLLAMA_BIN is looked up in
   * it, and the few variables a server needs (PATH, HOME, GPU selection) are passed on from it.
   */
  env: Readonly<Record<string, string | undefined>>;
  settings?: OllamaServiceSettingsInput;
  log: ServiceLog;
  onState?(status: ServiceStatus): void;
  /** Default process.platform / process.arch. */
  platform?: NodeJS.Platform;
  arch?: string;
  /** Supervision tuning (tests shorten the backoff and the crash window). */
  supervision?: Pick<
    ManagedProcessOptions,
    'health' | 'restartBackoff' | 'crashLoop' | 'stopGraceMs' | 'random' | 'readiness'
  >;
}

export interface PullOptions {
  /** Called as the pull advances (at most every `progressIntervalMs`, and at every change of phase). */
  onProgress?(progress: PullProgress): void;
  /** Ends the pull, like cancelPull(). */
  signal?: AbortSignal;
  /** Least time between two onProgress calls of the same phase, ms. Default 250. */
  progressIntervalMs?: number;
}

const SERVING: ReadonlySet<ServiceState> = new Set<ServiceState>(['ready', 'degraded', 'external']);
const ACTIVE: ReadonlySet<ServiceState> = new Set<ServiceState>(['starting', 'ready', 'degraded', 'restarting']);

export class OllamaService {
  readonly name = 'ollama';
  private readonly settings: OllamaServiceSettings;
  private readonly platform: NodeJS.Platform;
  private readonly arch: string;
  private managed: ManagedProcess | null = null;
  private current: ServiceStatus;
  private starting: Promise<ServiceStatus> | null = null;
  private readonly pulls = new Map<string, AbortController>();

  constructor(private readonly options: OllamaServiceOptions) {
    this.settings = OllamaServiceSettings.parse(options.settings ?? {});
    this.platform = options.platform ?? process.platform;
    this.arch = options.arch ?? process.arch;
    this.current = stoppedStatus(this.name);
  }

  status(): ServiceStatus {
    return { ...this.current };
  }

  /** The base URL to call while a server answers (managed or external); null otherwise. */
  url(): string | null {
    return SERVING.has(this.current.state) ? this.current.url : null;
  }

  /** Uses an Ollama that already answers, or starts docpipe's own; resolves once the outcome is known. */
  start(): Promise<ServiceStatus> {
    if (this.managed && ACTIVE.has(this.current.state)) return this.managed.settled();
    this.starting ??= this.startNow().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startNow(): Promise<ServiceStatus> {
    const configured = ollamaBaseUrl(this.settings.host);
    const version = await probeOllamaVersion(configured, AbortSignal.timeout(EXTERNAL_PROBE_MS));
    if (version !== null) {
      this.options.log.info(
        { service: this.name, url: configured, version },
        'an Ollama already answers; using it without managing it',
      );
      return this.setStatus({
        state: 'external',
        url: configured,
        reason: `Ollama ${version} already answers at ${configured}; docpipe uses it and leaves starting and stopping it to whoever runs it.`,
        command: null,
        logFile: null,
      });
    }
    const binary = resolveOllamaBinary({
      env: this.options.env,
      settingPath: this.settings.binaryPath,
      resourcesDir: this.options.resourcesDir,
      platform: this.platform,
      arch: this.arch,
      host: configured,
    });
    if (binary.kind === 'absent') {
      this.options.log.warn({ service: this.name }, binary.reason);
      return this.setStatus({ state: 'absent', url: null, reason: binary.reason, command: null, logFile: null });
    }
    const modelsDir = join(this.options.dataDir, 'ollama', 'models');
    mkdirSync(modelsDir, { recursive: true });
    this.managed = new ManagedProcess({
      name: this.name,
      command: binary.path,
      dataDir: this.options.dataDir,
      log: this.options.log,
      platform: this.platform,
      ...this.options.supervision,
      readiness: { deadlineMs: this.settings.startTimeoutMs, ...this.options.supervision?.readiness },
      // Twelve failed checks in a row (two minutes at the default interval) is a hung server, not a busy one.
      health: { failuresBeforeRestart: 12, ...this.options.supervision?.health },
      launch: (port) => ({
        args: ['serve'],
        env: {
          ...pickEnvironment(this.options.env, INHERITED_VARIABLES, this.platform),
          ...ollamaTuning(this.options.env),
          ...this.settings.extraEnv,
          OLLAMA_HOST: `127.0.0.1:${port}`,
          OLLAMA_MODELS: modelsDir,
          OLLAMA_NUM_PARALLEL: String(this.settings.numParallel),
          OLLAMA_KEEP_ALIVE: this.settings.keepAlive,
        },
      }),
      probe: async ({ url, signal }) => (await probeOllamaVersion(url, signal)) !== null,
      onState: (status) => this.setStatus(status),
    });
    return this.managed.start();
  }

  /** Stops docpipe's own server (and ends running pulls); an external one is only forgotten. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    for (const controller of this.pulls.values()) controller.abort();
    if (this.managed) await this.managed.stop();
    this.managed = null;
    if (this.current.state !== 'stopped')
      this.setStatus({ state: 'stopped', pid: null, url: null, port: null, reason: null });
  }

  /** The models on the server's disk. */
  async listModels(): Promise<InstalledModel[]> {
    const answer = await this.call('list the models', (client) => client.list());
    const parsed = TagsAnswer.parse(answer);
    return (parsed.models ?? []).map((m) => ({
      name: m.name,
      sizeBytes: Math.round(m.size),
      modifiedAt: new Date(m.modified_at).toISOString(),
      parameterSize: m.details?.parameter_size || null,
      quantization: m.details?.quantization_level || null,
    }));
  }

  /** The models in memory now, and how much of each sits in GPU memory. */
  async loadedModels(): Promise<ModelPlacement[]> {
    return modelPlacements(await this.call('list the loaded models', (client) => client.ps()));
  }

  /**
   * Downloads a model into the server (`ollama pull`). Resolves with the last progress, whose phase is
   * `success`, `cancelled` (cancelPull, the signal, or stop()) or `failed` (with the server's error);
   * it does not throw for those, so a caller shows the outcome the same way as the progress.
   */
  async pullModel(model: string, options: PullOptions = {}): Promise<PullProgress> {
    const base = this.requireUrl('pull a model');
    if (this.pulls.has(model))
      throw new AppError(ErrorCode.INVALID_ARGUMENT, `${model} is already being downloaded.`, { retryable: false });
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.pulls.set(model, controller);
    const meter = new PullProgressMeter(model);
    const interval = options.progressIntervalMs ?? 250;
    let reported: { phase: PullProgress['phase']; at: number } | null = null;
    const report = (progress: PullProgress): void => {
      const at = Date.now();
      if (reported && reported.phase === progress.phase && at - reported.at < interval) return;
      reported = { phase: progress.phase, at };
      try {
        options.onProgress?.(progress);
      } catch (error) {
        this.options.log.error({ service: this.name, err: error }, 'a pull progress listener failed');
      }
    };
    // One client per pull, whose requests all end with this pull's controller.
    const client = new Ollama({
      host: base,
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          signal: init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal,
        }),
    });
    try {
      const stream = await client.pull({ model, stream: true });
      for await (const line of stream) report(meter.update(line));
      this.options.log.info({ service: this.name, model }, 'model pulled');
      return meter.current();
    } catch (error) {
      const cancelled = controller.signal.aborted;
      const message = error instanceof Error ? error.message : String(error);
      const final = cancelled ? meter.end('cancelled') : meter.end('failed', `Downloading ${model} failed: ${message}`);
      this.options.log[cancelled ? 'info' : 'warn'](
        { service: this.name, model, err: cancelled ? undefined : error },
        cancelled ? 'model pull cancelled' : 'model pull failed',
      );
      reported = null;
      report(final);
      return final;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.pulls.delete(model);
    }
  }

  /** Ends a running pull of `model`; false when none runs. Ollama keeps what it downloaded for the next try. */
  cancelPull(model: string): boolean {
    const controller = this.pulls.get(model);
    controller?.abort();
    return controller !== undefined;
  }

  /** Removes a model from the server's disk (AppError LLM_MODEL_MISSING when it is not there). */
  async deleteModel(model: string): Promise<void> {
    await this.call(`delete ${model}`, (client) => client.delete({ model }));
  }

  private requireUrl(what: string): string {
    const url = this.url();
    if (url) return url;
    const why = this.current.reason ? ` ${this.current.reason}` : '';
    throw new AppError(ErrorCode.LLM_UNAVAILABLE, `Cannot ${what}: Ollama is ${this.current.state}.${why}`);
  }

  /** One time-limited request through the `ollama` client, its failures as AppErrors. */
  private async call<T>(what: string, request: (client: Ollama) => Promise<T>): Promise<T> {
    const base = this.requireUrl(what);
    const client = new Ollama({
      host: base,
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    });
    try {
      return await request(client);
    } catch (error) {
      const status =
        typeof error === 'object' && error !== null && 'status_code' in error
          ? Number((error as { status_code: unknown }).status_code)
          : null;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 404)
        throw new AppError(ErrorCode.LLM_MODEL_MISSING, `Ollama at ${base} could not ${what}: ${message}`, {
          retryable: false,
          cause: error,
        });
      throw new AppError(ErrorCode.LLM_UNAVAILABLE, `Ollama at ${base} could not ${what}: ${message}`, {
        cause: error,
      });
    }
  }

  private setStatus(change: Partial<ServiceStatus> & { state: ServiceState }): ServiceStatus {
    const next: ServiceStatus = { ...this.current, ...change, name: this.name };
    if (change.state !== this.current.state && change.since === undefined) next.since = new Date().toISOString();
    if (change.state === 'external' || change.state === 'absent')
      Object.assign(next, { pid: null, port: null, restarts: 0 });
    this.current = next;
    try {
      this.options.onState?.(this.status());
    } catch (error) {
      this.options.log.error({ service: this.name, err: error }, 'a service state listener failed');
    }
    return this.status();
  }
}
