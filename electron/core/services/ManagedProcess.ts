/**
 * Supervises one server process that docpipe owns (the bundled Ollama, the bundled OpenSearch): starts
 * it with a private environment on a free loopback port, waits until it answers, checks its health while
 * it runs, starts it again with capped exponential backoff after a crash, gives up after a crash loop,
 * and stops it (SIGTERM, a grace period, SIGKILL) together with every process it started. A pid file lets
 * the next docpipe stop a server that a killed docpipe left behind. Every change of state is reported
 * through `onState`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { backoffDelay, type BackoffOptions } from '../queue/backoff.js';
import { findFreeLoopbackPort, isLoopbackPortFree, LOOPBACK_HOST } from './loopbackPort.js';
import { pidFilePath, removePidFile, stopLeftoverProcess, writePidFile } from './pidFile.js';
import { processGroupAlive, processStartMark, signalProcessGroup, waitFor } from './processTree.js';
import { RotatingLogFile } from './RotatingLogFile.js';
import type { ServiceState, ServiceStatus } from '../../shared/contract/services.js';

/** The part of the core's logger the services use (pino's Logger fits). */
export interface ServiceLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** How to run the server on a given port. */
export interface LaunchSpec {
  args: string[];
  /**
   * The whole environment of the server. Nothing of docpipe's own environment is passed on unless it is
   * in here: a user's OLLAMA_HOST or JAVA_OPTS must not change the server docpipe manages.
   */
  env: Record<string, string>;
  cwd?: string;
}

/** What any server needs of docpipe's environment to run: where programs, home, temporary files and the locale are. */
export const BASE_ENVIRONMENT: readonly string[] = [
  'PATH',
  'HOME',
  'USERPROFILE',
  'SYSTEMROOT',
  'WINDIR',
  'TEMP',
  'TMP',
  'TMPDIR',
  'LANG',
  'LC_ALL',
];

/** A service that docpipe has not started (or has stopped): the status every service begins with. */
export function stoppedStatus(name: string): ServiceStatus {
  return {
    name,
    state: 'stopped',
    pid: null,
    url: null,
    port: null,
    restarts: 0,
    since: new Date().toISOString(),
    reason: null,
    command: null,
    logFile: null,
  };
}

/**
 * The named variables of `source` (docpipe's environment), for a server's private environment. Windows
 * spells names in any case (`Path`), so there they are matched without regard to case.
 */
export function pickEnvironment(
  source: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const wanted = new Set(names.map((n) => (platform === 'win32' ? n.toUpperCase() : n)));
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && wanted.has(platform === 'win32' ? key.toUpperCase() : key)) picked[key] = value;
  }
  return picked;
}

/** What a readiness or health probe gets: where the server listens, and a signal that ends the probe. */
export interface ProbeTarget {
  url: string;
  port: number;
  signal: AbortSignal;
}

export interface ManagedProcessOptions {
  /** File-safe name: the pid file is `<dataDir>/run/<name>.pid`, the log `<dataDir>/logs/<name>.log`. */
  name: string;
  /** The program (an absolute path). */
  command: string;
  /** Arguments and environment for a start on `port` (called before every start, restarts included). */
  launch(port: number): LaunchSpec | Promise<LaunchSpec>;
  /** True when the server answers as ready. Also the health check, unless `health.check` is given. */
  probe(target: ProbeTarget): Promise<boolean>;
  dataDir: string;
  log: ServiceLog;
  /** Called with the new status after every change of state. */
  onState?(status: ServiceStatus): void;
  /** Base URL for a port. Default `http://127.0.0.1:<port>`. */
  urlFor?(port: number): string;
  /** A port to use when it is free. Default: one the kernel picks. Kept across restarts while it stays free. */
  preferredPort?: number;
  readiness?: {
    /** How long a start may take until the first successful probe, ms. Default 60 s. */
    deadlineMs?: number;
    /** Pause between probes, ms. Default 200. */
    intervalMs?: number;
  };
  health?: {
    /** Pause between health checks of a running server, ms. Default 10 s. */
    intervalMs?: number;
    /** Failed checks in a row that make it `degraded`. Default 3. */
    failuresBeforeDegraded?: number;
    /**
     * Failed checks in a row after which a server that still runs is taken for hung: it is stopped and
     * counted as a crash (so it is started again, or given up on in a crash loop). Default: never.
     */
    failuresBeforeRestart?: number;
    /** Default: the readiness probe. */
    check?(target: ProbeTarget): Promise<boolean>;
  };
  /** Time one probe may take, ms. Default 3 s. */
  probeTimeoutMs?: number;
  /** Backoff between a crash and the next start. Default 1 s doubling to 30 s, 25 % jitter. */
  restartBackoff?: Partial<BackoffOptions>;
  /** Crashes (including starts that never became ready) within `windowMs` that make docpipe give up. Default 5 in 2 minutes. */
  crashLoop?: { maxCrashes?: number; windowMs?: number };
  /** How long a server may take to exit after SIGTERM before it gets SIGKILL, ms. Default 10 s. */
  stopGraceMs?: number;
  /** Cap of the log file before it is rotated, bytes. Default 10 MiB. */
  logMaxBytes?: number;
  /** Random source of the backoff jitter (tests fix it). Default Math.random. */
  random?: () => number;
  /** Default process.platform. */
  platform?: NodeJS.Platform;
}

/** How many of the server's last output lines a failure reason quotes. */
const TAIL_LINES = 8;

interface Run {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Set before docpipe itself ends the process, so its exit is not taken for a crash. */
  ending: boolean;
  exited: boolean;
  exit: Promise<void>;
}

const SETTLED: ReadonlySet<ServiceState> = new Set<ServiceState>(['ready', 'external', 'failed', 'absent', 'stopped']);
/** States from which start() starts anew; from the others it waits for the outcome under way. */
const RESTARTABLE: ReadonlySet<ServiceState> = new Set<ServiceState>(['stopped', 'failed', 'absent', 'external']);

export class ManagedProcess {
  private readonly options: ManagedProcessOptions;
  private readonly backoff: BackoffOptions;
  private readonly maxCrashes: number;
  private readonly crashWindowMs: number;
  private readonly platform: NodeJS.Platform;
  private readonly logFile: RotatingLogFile;
  private readonly pidFile: string;
  private current: ServiceStatus;
  private run: Run | null = null;
  /** Bumped by stop() and every new start, so that loops and timers of an older run end quietly. */
  private generation = 0;
  private port: number | null = null;
  private crashTimes: number[] = [];
  private outputTail: string[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private settledWaiters: ((status: ServiceStatus) => void)[] = [];
  private stopping: Promise<void> | null = null;
  /** Whether the pid file is this instance's (written by its own start), so that stop() may remove it. */
  private ownsPidFile = false;

  constructor(options: ManagedProcessOptions) {
    this.options = options;
    this.backoff = { baseMs: 1000, maxMs: 30_000, jitter: 0.25, ...options.restartBackoff };
    this.maxCrashes = Math.max(1, options.crashLoop?.maxCrashes ?? 5);
    this.crashWindowMs = options.crashLoop?.windowMs ?? 120_000;
    this.platform = options.platform ?? process.platform;
    this.logFile = new RotatingLogFile(join(options.dataDir, 'logs', `${options.name}.log`), options.logMaxBytes);
    this.pidFile = pidFilePath(options.dataDir, options.name);
    this.current = { ...stoppedStatus(options.name), command: options.command, logFile: this.logFile.path };
  }

  get name(): string {
    return this.options.name;
  }

  status(): ServiceStatus {
    return { ...this.current };
  }

  /**
   * Starts the server (first stopping one that a killed docpipe left running) and resolves once the first
   * outcome is known: `ready`; `external` when another running docpipe on the same data folder runs it
   * (then it is used, not started twice); `failed` / `absent` when it could not be brought up. Calling it
   * while it runs resolves with the current status once that is settled.
   */
  async start(): Promise<ServiceStatus> {
    if (this.stopping) await this.stopping;
    if (!RESTARTABLE.has(this.current.state)) return this.settled();
    const generation = ++this.generation;
    this.crashTimes = [];
    this.port = null;
    this.setState({ state: 'starting', restarts: 0, reason: null, pid: null, url: null, port: null });
    const leftover = await stopLeftoverProcess(this.pidFile, this.options.stopGraceMs ?? 10_000, this.platform);
    if (leftover.kind === 'in-use') {
      // Another docpipe on this data folder runs it: use it, as with any server someone else runs.
      this.options.log.info(
        { service: this.name, pid: leftover.pid, owner: leftover.ownerPid },
        'the server runs for another docpipe on this data folder; using it',
      );
      if (generation === this.generation) {
        this.setState({
          state: 'external',
          url: leftover.url,
          reason: `${this.name} is run by another docpipe (pid ${leftover.ownerPid}) on this data folder; this one uses it and leaves it to that one.`,
        });
      }
      return this.status();
    }
    if (leftover.kind === 'stopped') {
      this.options.log.warn(
        { service: this.name, pid: leftover.pid, forced: leftover.forced },
        'stopped a server that an earlier docpipe left running',
      );
    } else if (leftover.kind === 'not-ours') {
      this.options.log.info(
        { service: this.name, pid: leftover.pid, commandLine: leftover.commandLine },
        'the pid file named a process that is not ours any more; left it alone',
      );
    }
    const settled = this.settled();
    if (generation === this.generation) void this.launch(generation);
    return settled;
  }

  /** Resolves with the status the next time the server is ready, external, failed, absent or stopped (at once when it is). */
  settled(): Promise<ServiceStatus> {
    if (SETTLED.has(this.current.state)) return Promise.resolve(this.status());
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /**
   * Stops the server and everything it started: SIGTERM to its process group, then SIGKILL after the
   * grace period. Removes the pid file. Safe to call at any time, and more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    this.generation++;
    this.clearTimers();
    const run = this.run;
    if (run) {
      run.ending = true;
      await this.terminate(run);
    }
    this.run = null;
    // A server used from another docpipe is that one's to stop, and so is its pid file.
    if (this.ownsPidFile) removePidFile(this.pidFile);
    this.ownsPidFile = false;
    if (this.current.state !== 'stopped') this.setState({ state: 'stopped', reason: null });
  }

  private async launch(generation: number): Promise<void> {
    let port: number;
    let spec: LaunchSpec;
    try {
      port = await this.choosePort();
      spec = await this.options.launch(port);
    } catch (error) {
      if (generation !== this.generation) return;
      this.setState({
        state: 'failed',
        reason: `${this.name} could not be prepared: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    if (generation !== this.generation) return;
    this.port = port;
    this.outputTail = [];
    this.logFile.write(
      `\n--- ${new Date().toISOString()} docpipe starts ${this.options.command} ${spec.args.join(' ')} on port ${port}\n`,
    );

    const child = spawn(this.options.command, spec.args, {
      env: spec.env,
      cwd: spec.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stop() reaches the processes it starts (model runners) too.
      detached: this.platform !== 'win32',
      windowsHide: true,
    });
    const pid = child.pid;
    if (pid === undefined) {
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
      if (generation !== this.generation) return;
      const missing = error.code === 'ENOENT';
      this.setState({
        state: missing ? 'absent' : 'failed',
        reason: missing
          ? `${this.options.command} does not exist.`
          : `${this.options.command} could not be started (${error.code ?? error.message}); check that it is an executable program for this machine.`,
      });
      return;
    }
    let markExited = (): void => {};
    const run: Run = {
      child,
      pid,
      port,
      ending: false,
      exited: false,
      exit: new Promise<void>((resolve) => (markExited = resolve)),
    };
    this.run = run;
    // A spawned child with a pid reports later failures as 'error' too; the exit handler does the work.
    child.on('error', (error) => this.options.log.warn({ service: this.name, err: error }, 'server process error'));
    child.stdout?.on('data', (chunk: Buffer) => this.logFile.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.logFile.write(chunk);
      this.rememberOutput(chunk);
    });
    child.once('exit', (code, signal) => {
      run.exited = true;
      markExited();
      this.onExit(run, code, signal);
    });
    writePidFile(this.pidFile, {
      pid,
      startedAt: new Date().toISOString(),
      command: this.options.command,
      args: spec.args,
      startMark: processStartMark(pid),
      owner: { pid: process.pid, startMark: processStartMark(process.pid) },
      url: this.urlFor(port),
    });
    this.ownsPidFile = true;
    this.setState({ state: 'starting', pid, port, url: this.urlFor(port), reason: null });
    this.options.log.info({ service: this.name, pid, port }, 'server started; waiting until it answers');
    await this.awaitReady(run, generation);
  }

  private async choosePort(): Promise<number> {
    const wanted = this.port ?? this.options.preferredPort;
    if (wanted !== undefined && wanted !== null && (await isLoopbackPortFree(wanted))) return wanted;
    return findFreeLoopbackPort();
  }

  private urlFor(port: number): string {
    return this.options.urlFor?.(port) ?? `http://${LOOPBACK_HOST}:${port}`;
  }

  private async probeOnce(run: Run, check: (target: ProbeTarget) => Promise<boolean>): Promise<boolean> {
    const signal = AbortSignal.timeout(this.options.probeTimeoutMs ?? 3000);
    try {
      return await check({ url: this.urlFor(run.port), port: run.port, signal });
    } catch {
      return false;
    }
  }

  private async awaitReady(run: Run, generation: number): Promise<void> {
    const deadlineMs = this.options.readiness?.deadlineMs ?? 60_000;
    const intervalMs = this.options.readiness?.intervalMs ?? 200;
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      if (run.exited || generation !== this.generation) return;
      if (await this.probeOnce(run, (t) => this.options.probe(t))) break;
      if (run.exited || generation !== this.generation) return;
      if (Date.now() >= deadline) {
        run.ending = true;
        this.options.log.warn(
          { service: this.name, pid: run.pid, deadlineMs },
          'server did not become ready in time; stopping it',
        );
        await this.terminate(run);
        if (generation !== this.generation) return;
        this.onCrash(`${this.name} did not answer within ${formatSeconds(deadlineMs)} of starting`);
        return;
      }
      await Promise.race([run.exit, new Promise((resolve) => setTimeout(resolve, intervalMs))]);
    }
    this.setState({ state: 'ready', reason: null });
    this.options.log.info({ service: this.name, pid: run.pid, url: this.urlFor(run.port) }, 'server ready');
    this.scheduleHealthCheck(run, generation, 0);
  }

  private scheduleHealthCheck(run: Run, generation: number, failures: number): void {
    const intervalMs = this.options.health?.intervalMs ?? 10_000;
    const limit = this.options.health?.failuresBeforeDegraded ?? 3;
    const check = this.options.health?.check ?? ((t: ProbeTarget) => this.options.probe(t));
    this.healthTimer = setTimeout(() => {
      this.healthTimer = null;
      void this.probeOnce(run, check).then((ok) => {
        if (run.exited || generation !== this.generation) return;
        const streak = ok ? 0 : failures + 1;
        if (ok && this.current.state === 'degraded') {
          this.setState({ state: 'ready', reason: null });
        } else if (!ok && streak >= limit && this.current.state === 'ready') {
          this.setState({
            state: 'degraded',
            reason: `${this.name} runs but did not answer ${streak} health checks in a row.`,
          });
        }
        const restartAfter = this.options.health?.failuresBeforeRestart;
        if (restartAfter !== undefined && streak >= restartAfter) {
          void this.restartHung(run, generation, streak);
          return;
        }
        this.scheduleHealthCheck(run, generation, streak);
      });
    }, intervalMs);
  }

  private async restartHung(run: Run, generation: number, failures: number): Promise<void> {
    run.ending = true;
    this.options.log.warn({ service: this.name, pid: run.pid, failures }, 'server stopped answering; ending it');
    await this.terminate(run);
    if (generation !== this.generation) return;
    this.onCrash(`${this.name} stopped answering (${failures} health checks in a row)`);
  }

  private onExit(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.healthTimer) clearTimeout(this.healthTimer);
    this.healthTimer = null;
    const how = code !== null ? `exited with code ${code}` : `was ended by ${signal ?? 'a signal'}`;
    this.options.log[run.ending ? 'info' : 'warn']({ service: this.name, pid: run.pid, code, signal }, `server ${how}`);
    this.logFile.write(`--- ${new Date().toISOString()} ${this.name} (pid ${run.pid}) ${how}\n`);
    if (run.ending) return;
    // What the crashed server started (model runners) must not outlive it.
    signalProcessGroup(run.pid, 'SIGKILL', this.platform);
    this.onCrash(`${this.name} ${how}`);
  }

  /** A crash or a start that never became ready: start again after a backoff, or give up after a crash loop. */
  private onCrash(what: string): void {
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.crashWindowMs), now];
    if (this.crashTimes.length >= this.maxCrashes) {
      this.run = null;
      removePidFile(this.pidFile);
      this.ownsPidFile = false;
      const tail =
        this.outputTail.length > 0
          ? ` Its last output lines: ${this.outputTail.join(' | ')}`
          : ' It wrote nothing to its error output.';
      const times = this.crashTimes.length === 1 ? 'once' : `${this.crashTimes.length} times`;
      this.setState({
        state: 'failed',
        reason: `${what}; it stopped ${times} within ${formatSeconds(this.crashWindowMs)}, so docpipe gave up.${tail} (full log: ${this.logFile.path})`,
      });
      return;
    }
    const delay = backoffDelay(this.crashTimes.length, this.backoff, this.options.random);
    this.setState({ state: 'restarting', reason: `${what}; starting it again in ${formatSeconds(delay)}.` });
    const generation = this.generation;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (generation !== this.generation) return;
      this.current = { ...this.current, restarts: this.current.restarts + 1 };
      void this.launch(generation);
    }, delay);
  }

  /** SIGTERM to the group, SIGKILL after the grace period; resolves when the server and its children are gone. */
  private async terminate(run: Run): Promise<void> {
    const graceMs = this.options.stopGraceMs ?? 10_000;
    const gone = (): boolean => run.exited && !processGroupAlive(run.pid, this.platform);
    if (gone()) return;
    signalProcessGroup(run.pid, 'SIGTERM', this.platform);
    if (await waitFor(gone, graceMs)) return;
    this.options.log.warn(
      { service: this.name, pid: run.pid, graceMs },
      'server did not stop after SIGTERM; killing it',
    );
    signalProcessGroup(run.pid, 'SIGKILL', this.platform);
    if (!(await waitFor(gone, 5000)))
      this.options.log.error({ service: this.name, pid: run.pid }, 'server processes survived SIGKILL');
  }

  private rememberOutput(chunk: Buffer): void {
    const lines = chunk
      .toString('utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    this.outputTail = [...this.outputTail, ...lines].slice(-TAIL_LINES);
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.healthTimer) clearTimeout(this.healthTimer);
    this.restartTimer = null;
    this.healthTimer = null;
  }

  /**
   * Records a new state and tells the listener. A server that is not running has no pid; one that is
   * stopped, failed or absent has no address either. While restarting, the port it will get again is kept.
   */
  private setState(change: Partial<ServiceStatus> & { state: ServiceState }): void {
    const next: ServiceStatus = { ...this.current, ...change };
    if (change.state !== this.current.state) next.since = new Date().toISOString();
    if (change.state === 'stopped' || change.state === 'failed' || change.state === 'absent')
      Object.assign(next, { pid: null, url: null, port: null });
    if (change.state === 'restarting') next.pid = null;
    this.current = next;
    const status = this.status();
    try {
      this.options.onState?.(status);
    } catch (error) {
      this.options.log.error({ service: this.name, err: error }, 'a service state listener failed');
    }
    if (SETTLED.has(status.state)) {
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const resolve of waiters) resolve(status);
    }
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}
