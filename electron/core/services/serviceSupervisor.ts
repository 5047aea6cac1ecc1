/**
 * The one owner of docpipe's server processes: the model server (Ollama) and, when enabled, the search
 * server (OpenSearch). createCore makes one, starts it, reads URLs from it, and awaits stop() on dispose.
 * Every change of a service's state reaches `onState`, which the core turns into an event and a row.
 */
import { z } from 'zod';
import { detectGpu, type RunCommand } from './gpu.js';
import type { ManagedProcessOptions, ServiceLog } from './ManagedProcess.js';
import { OllamaService, OllamaServiceSettings } from './ollamaService.js';
import { OpenSearchService, OpenSearchServiceSettings } from './openSearchService.js';
import type { GpuFacts, ServiceStatus } from '../../shared/contract/services.js';

/** What the core config says about the services (settings screen and config file alike). */
export const ServicesConfig = z.object({
  ollama: OllamaServiceSettings.extend({
    /** Use an Ollama that answers at `host`, or run docpipe's own. Default true. */
    enabled: z.boolean().default(true),
  }).prefault({}),
  opensearch: OpenSearchServiceSettings.extend({
    /** Run docpipe's own OpenSearch (the built-in SQLite search needs none). Default false. */
    enabled: z.boolean().default(false),
  }).prefault({}),
});
export type ServicesConfig = z.output<typeof ServicesConfig>;
export type ServicesConfigInput = z.input<typeof ServicesConfig>;

export interface ServiceSupervisorOptions {
  dataDir: string;
  resourcesDir: string;
  log: ServiceLog;
  /** Called with a service's new status at every change. */
  onState?(status: ServiceStatus): void;
  /** Default: every service at its defaults (Ollama on, OpenSearch off). */
  config?: ServicesConfigInput;
  /** docpipe's environment (for DOCPIPE_OLLAMA_BIN, DOCPIPE_OPENSEARCH_HOME, PATH…). Default process.env: the shell's to decide. */
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  arch?: string;
  /** How GPU tools are run (tests replay outputs). Default: the real programs. */
  runCommand?: RunCommand;
  /** Supervision tuning for both services (tests shorten waits). */
  supervision?: Pick<
    ManagedProcessOptions,
    'health' | 'restartBackoff' | 'crashLoop' | 'stopGraceMs' | 'random' | 'readiness'
  >;
}

export interface ServiceSupervisor {
  /** Null when disabled in the config. */
  readonly ollama: OllamaService | null;
  readonly opensearch: OpenSearchService | null;
  /**
   * Starts every enabled service at once and resolves when each has a first outcome (ready, external,
   * absent or failed). It does not throw: an unavailable service is a state, shown to the user.
   */
  start(): Promise<ServiceStatus[]>;
  /** The enabled services now, Ollama first. */
  status(): ServiceStatus[];
  /** What the machine has for running models (asked afresh each time: drivers come and go). */
  gpu(): Promise<GpuFacts>;
  /** Stops every service docpipe started, and what they started. */
  stop(): Promise<void>;
}

export function createServiceSupervisor(options: ServiceSupervisorOptions): ServiceSupervisor {
  const config = ServicesConfig.parse(options.config ?? {});
  const env = options.env ?? process.env;
  const common = {
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    env,
    log: options.log,
    ...(options.onState ? { onState: options.onState } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.arch ? { arch: options.arch } : {}),
    ...(options.supervision ? { supervision: options.supervision } : {}),
  };
  const ollama = config.ollama.enabled ? new OllamaService({ ...common, settings: config.ollama }) : null;
  const opensearch = config.opensearch.enabled
    ? new OpenSearchService({ ...common, settings: config.opensearch })
    : null;
  const services = [ollama, opensearch].filter((s): s is OllamaService | OpenSearchService => s !== null);

  return {
    ollama,
    opensearch,
    start: () => Promise.all(services.map((service) => service.start())),
    status: () => services.map((service) => service.status()),
    gpu: () =>
      detectGpu({
        ...(options.runCommand ? { run: options.runCommand } : {}),
        ...(options.platform ? { platform: options.platform } : {}),
        ...(options.arch ? { arch: options.arch } : {}),
      }),
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
    },
  };
}
