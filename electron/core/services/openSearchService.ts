/**
 * docpipe's own OpenSearch: a distribution folder (DOCPIPE_OPENSEARCH_HOME, the settings, or the bundled
 * copy under resources/opensearch/<platform>-<arch>/) started as one node on the loopback interface, with
 * its data, logs and configuration in docpipe's data folder, supervised by ManagedProcess and ready when
 * the cluster health is yellow or green. A remote cluster is not a service: the search backend connects
 * to it directly.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { findFreeLoopbackPort, LOOPBACK_HOST } from './loopbackPort.js';
import {
  ManagedProcess,
  stoppedStatus,
  BASE_ENVIRONMENT,
  pickEnvironment,
  type ManagedProcessOptions,
  type ServiceLog,
} from './ManagedProcess.js';
import { isExecutableFile, type ProgramResolution } from './programLookup.js';
import type { ServiceState, ServiceStatus } from '../../shared/contract/services.js';

export const OpenSearchServiceSettings = z.object({
  /** A distribution folder chosen in the settings (holding bin/opensearch). DOCPIPE_OPENSEARCH_HOME wins over it. */
  home: z.string().min(1).optional(),
  /** JVM heap, MB (-Xms and -Xmx alike, as OpenSearch advises). Default 512. */
  heapMb: z.number().int().min(128).max(32_768).default(512),
  /** How long the node may take to reach yellow or green after a start, ms (a JVM starts slowly). Default 120 s. */
  startTimeoutMs: z.number().int().positive().default(120_000),
});
export type OpenSearchServiceSettings = z.output<typeof OpenSearchServiceSettings>;
export type OpenSearchServiceSettingsInput = z.input<typeof OpenSearchServiceSettings>;

/**
 * Variables of docpipe's environment the node needs. JAVA_HOME is left out on purpose: a distribution
 * brings its own JDK, and a user's JAVA_HOME pointing at an older Java would stop it from starting;
 * OPENSEARCH_JAVA_HOME is the deliberate override and is passed on.
 */
const INHERITED_VARIABLES = [...BASE_ENVIRONMENT, 'OPENSEARCH_JAVA_HOME'];

export interface ResolveOpenSearchHomeInput {
  env: Readonly<Record<string, string | undefined>>;
  settingHome?: string | undefined;
  resourcesDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Default: a regular file that may be executed. */
  isExecutable?: (path: string) => boolean;
}

export function bundledOpenSearchHome(resourcesDir: string, platform: NodeJS.Platform, arch: string): string {
  return join(resourcesDir, 'opensearch', `${platform}-${arch}`);
}

/** The start script of a distribution. */
export function openSearchProgram(home: string): string {
  return join(home, 'bin', 'opensearch');
}

/**
 * Which distribution to run: DOCPIPE_OPENSEARCH_HOME, then the settings, then the bundled copy. The
 * found path is the start script. Windows distributions start through a .bat file, which Node only runs
 * through cmd.exe with quoting of its own; until that is done and tested, Windows says so.
 */
export function resolveOpenSearchProgram(input: ResolveOpenSearchHomeInput): ProgramResolution {
  if (input.platform === 'win32') {
    return {
      kind: 'absent',
      reason:
        'docpipe does not start a bundled OpenSearch on Windows yet; use the built-in search, or point docpipe at an OpenSearch server.',
    };
  }
  const executable = input.isExecutable ?? ((path: string) => isExecutableFile(path, input.platform));
  const fromEnv = input.env.DOCPIPE_OPENSEARCH_HOME?.trim();
  if (fromEnv) {
    const program = openSearchProgram(fromEnv);
    return executable(program)
      ? { kind: 'found', path: program, source: 'environment' }
      : {
          kind: 'absent',
          reason: `DOCPIPE_OPENSEARCH_HOME is set to ${fromEnv}, but ${program} is not there. Point it at an unpacked OpenSearch distribution or unset it.`,
        };
  }
  if (input.settingHome) {
    const program = openSearchProgram(input.settingHome);
    return executable(program)
      ? { kind: 'found', path: program, source: 'settings' }
      : {
          kind: 'absent',
          reason: `The OpenSearch folder chosen in the settings (${input.settingHome}) holds no bin/opensearch. Choose an unpacked OpenSearch distribution or clear the setting.`,
        };
  }
  const home = bundledOpenSearchHome(input.resourcesDir, input.platform, input.arch);
  const program = openSearchProgram(home);
  if (executable(program)) return { kind: 'found', path: program, source: 'bundled' };
  return {
    kind: 'absent',
    reason: `OpenSearch is not installed with docpipe. Unpack an OpenSearch 2.x distribution into ${home}, or set DOCPIPE_OPENSEARCH_HOME to one, or choose it in the settings; the built-in search works without it.`,
  };
}

const HealthAnswer = z.object({ status: z.enum(['green', 'yellow', 'red']) });

/** True when the node answers and its cluster is yellow or green (one node never gets replicas: yellow is normal). */
export async function openSearchIsReady(baseUrl: string, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/_cluster/health`, { signal });
    if (!response.ok) return false;
    const parsed = HealthAnswer.safeParse(await response.json());
    return parsed.success && parsed.data.status !== 'red';
  } catch {
    return false;
  }
}

export interface OpenSearchServiceOptions {
  dataDir: string;
  resourcesDir: string;
  /** docpipe's environment, passed in: DOCPIPE_OPENSEARCH_HOME and the few variables the node needs. */
  env: Readonly<Record<string, string | undefined>>;
  settings?: OpenSearchServiceSettingsInput;
  log: ServiceLog;
  onState?(status: ServiceStatus): void;
  platform?: NodeJS.Platform;
  arch?: string;
  supervision?: Pick<
    ManagedProcessOptions,
    'health' | 'restartBackoff' | 'crashLoop' | 'stopGraceMs' | 'random' | 'readiness'
  >;
}

const ACTIVE: ReadonlySet<ServiceState> = new Set<ServiceState>(['starting', 'ready', 'degraded', 'restarting']);

export class OpenSearchService {
  readonly name = 'opensearch';
  private readonly settings: OpenSearchServiceSettings;
  private readonly platform: NodeJS.Platform;
  private readonly arch: string;
  private managed: ManagedProcess | null = null;
  private current: ServiceStatus;

  constructor(private readonly options: OpenSearchServiceOptions) {
    this.settings = OpenSearchServiceSettings.parse(options.settings ?? {});
    this.platform = options.platform ?? process.platform;
    this.arch = options.arch ?? process.arch;
    this.current = stoppedStatus(this.name);
  }

  status(): ServiceStatus {
    return { ...this.current };
  }

  /** The node URL for the search backend while the node answers; null otherwise. */
  url(): string | null {
    return this.current.state === 'ready' || this.current.state === 'degraded' ? this.current.url : null;
  }

  async start(): Promise<ServiceStatus> {
    if (this.managed && ACTIVE.has(this.current.state)) return this.managed.settled();
    const program = resolveOpenSearchProgram({
      env: this.options.env,
      settingHome: this.settings.home,
      resourcesDir: this.options.resourcesDir,
      platform: this.platform,
      arch: this.arch,
    });
    if (program.kind === 'absent') {
      this.options.log.warn({ service: this.name }, program.reason);
      return this.setStatus({
        state: 'absent',
        pid: null,
        url: null,
        port: null,
        reason: program.reason,
        command: null,
        logFile: null,
      });
    }
    const home = join(program.path, '..', '..');
    const root = join(this.options.dataDir, 'opensearch');
    const dataPath = join(root, 'data');
    const logsPath = join(root, 'logs');
    const configPath = join(root, 'config');
    const heap = `${this.settings.heapMb}m`;
    this.managed = new ManagedProcess({
      name: this.name,
      command: program.path,
      dataDir: this.options.dataDir,
      log: this.options.log,
      platform: this.platform,
      ...this.options.supervision,
      readiness: { deadlineMs: this.settings.startTimeoutMs, intervalMs: 500, ...this.options.supervision?.readiness },
      // Twelve failed checks in a row (two minutes at the default interval) is a hung server, not a busy one.
      health: { failuresBeforeRestart: 12, ...this.options.supervision?.health },
      launch: async (port) => {
        prepareConfig(home, configPath);
        mkdirSync(dataPath, { recursive: true });
        mkdirSync(logsPath, { recursive: true });
        // Its own transport port too: the default (9300) may belong to another OpenSearch on this machine.
        const transportPort = await findFreeLoopbackPort();
        const settings: Record<string, string> = {
          'cluster.name': 'docpipe',
          'node.name': 'docpipe',
          'discovery.type': 'single-node',
          'network.host': LOOPBACK_HOST,
          'http.port': String(port),
          'transport.port': String(transportPort),
          'path.data': dataPath,
          'path.logs': logsPath,
        };
        // Only where the plugin is installed: OpenSearch refuses to start on a setting no plugin knows.
        if (existsSync(join(home, 'plugins', 'opensearch-security'))) settings['plugins.security.disabled'] = 'true';
        return {
          args: Object.entries(settings).map(([key, value]) => `-E${key}=${value}`),
          env: {
            ...pickEnvironment(this.options.env, INHERITED_VARIABLES, this.platform),
            OPENSEARCH_JAVA_OPTS: `-Xms${heap} -Xmx${heap}`,
            OPENSEARCH_PATH_CONF: configPath,
          },
          cwd: home,
        };
      },
      probe: ({ url, signal }) => openSearchIsReady(url, signal),
      onState: (status) => this.setStatus(status),
    });
    return this.managed.start();
  }

  async stop(): Promise<void> {
    if (this.managed) await this.managed.stop();
    this.managed = null;
    if (this.current.state !== 'stopped')
      this.setStatus({ state: 'stopped', pid: null, url: null, port: null, reason: null });
  }

  private setStatus(change: Partial<ServiceStatus> & { state: ServiceState }): ServiceStatus {
    const next: ServiceStatus = { ...this.current, ...change, name: this.name };
    if (change.state !== this.current.state && change.since === undefined) next.since = new Date().toISOString();
    this.current = next;
    try {
      this.options.onState?.(this.status());
    } catch (error) {
      this.options.log.error({ service: this.name, err: error }, 'a service state listener failed');
    }
    return this.status();
  }
}

/**
 * The node's configuration lives in the data folder (OPENSEARCH_PATH_CONF), because the distribution may
 * sit in a read-only app bundle and OpenSearch writes there (its keystore). The distribution's files are
 * copied over at every start, so an updated distribution brings its jvm.options along; files only the
 * node created (the keystore) are kept.
 */
function prepareConfig(home: string, configPath: string): void {
  mkdirSync(configPath, { recursive: true });
  const source = join(home, 'config');
  if (existsSync(source)) cpSync(source, configPath, { recursive: true, force: true });
}
