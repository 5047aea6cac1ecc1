/**
 * Several Ollama servers as one. A request for a model goes to the server with the fewest requests of
 * that model in flight, among those not known to be down and not known to lack the model (ties in turn);
 * a server never gets more than its own `parallel` requests of one model at once, so a request waits here
 * for a free slot instead of queueing inside Ollama against its timeout. A server that fails a request
 * (refused, reset, timed out, 5xx) is taken out and the request goes to another one; the server is
 * probed (/api/version and /api/tags) after a growing wait and comes back when it answers. A server
 * without the model (404) is not down: it is only skipped for that model until it lists it.
 */
import { ErrorCode } from '../../../shared/contract/errors.js';
import type { OllamaHostStatus } from '../../../shared/contract/services.js';
import { backoffDelay, type BackoffOptions } from '../../queue/backoff.js';
import type { CallOutcome, LlmFailure } from './ollamaCall.js';
import { sameModel, type OllamaHostSpec } from './ollamaConfig.js';

export interface OllamaHostPoolOptions {
  /** Wait before probing a failed server again: from `baseMs`, doubling to `maxMs`, jittered. Default 2 s to 2 min. */
  recheck?: BackoffOptions;
  /** How often servers that answer are listed again (models pulled there since), ms; 0: never. Default 60 s. Runs after start(). */
  relistMs?: number;
  /** How long a probe may take, ms. Default 5 s. */
  probeTimeoutMs?: number;
  /** Hears every change of a server's state (the core writes it to the log). */
  onChange?(host: OllamaHostStatus): void;
  random?: () => number;
}

const DEFAULT_RECHECK: BackoffOptions = { baseMs: 2000, maxMs: 120_000, jitter: 0.25 };

interface HostEntry {
  spec: OllamaHostSpec;
  /** Position in the list: ties are broken in turn by it. */
  index: number;
  state: OllamaHostStatus['state'];
  since: number;
  reason: string | null;
  version: string | null;
  /** What /api/tags listed last; null before it was asked. */
  models: string[] | null;
  /** Models a request found missing (404) since the last listing. */
  missing: Set<string>;
  /** Requests in flight, by model. */
  inFlight: Map<string, number>;
  /** Failures in a row (the recheck backoff's attempt). */
  failures: number;
  recheckTimer: NodeJS.Timeout | null;
  nextCheckAt: number | null;
  probing: Promise<void> | null;
  gone: boolean;
}

/** How a failed call reflects on the server it went to. */
type Verdict = 'server' | 'model' | 'busy' | 'request';

export class OllamaHostPool {
  private entries: HostEntry[] = [];
  private readonly waiters = new Set<() => void>();
  /** Per model, the index of the server chosen last (for turns among equally loaded ones). */
  private readonly lastChosen = new Map<string, number>();
  private readonly recheck: BackoffOptions;
  private relistTimer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    hosts: readonly OllamaHostSpec[],
    private readonly options: OllamaHostPoolOptions = {},
  ) {
    this.recheck = options.recheck ?? DEFAULT_RECHECK;
    this.setHosts(hosts);
  }

  /**
   * Replaces the list (the local server moved to another port, the settings changed). A server that
   * stays keeps its state and its requests in flight; requests to a removed one finish there.
   */
  setHosts(hosts: readonly OllamaHostSpec[]): void {
    const next: HostEntry[] = [];
    for (const spec of hosts) {
      if (next.some((e) => e.spec.url === spec.url)) continue;
      const kept = this.entries.find((e) => e.spec.url === spec.url);
      if (kept) {
        kept.spec = spec;
        kept.index = next.length;
        next.push(kept);
        continue;
      }
      next.push({
        spec,
        index: next.length,
        state: 'checking',
        since: Date.now(),
        reason: null,
        version: null,
        models: null,
        missing: new Set(),
        inFlight: new Map(),
        failures: 0,
        recheckTimer: null,
        nextCheckAt: null,
        probing: null,
        gone: false,
      });
    }
    for (const old of this.entries) {
      if (next.includes(old)) continue;
      old.gone = true;
      if (old.recheckTimer) clearTimeout(old.recheckTimer);
    }
    this.entries = next;
    this.wake();
  }

  /** Probes every server once (awaited), then lists the ones that answer again every `relistMs`. */
  async start(): Promise<void> {
    await this.probeAll();
    const every = this.options.relistMs ?? 60_000;
    if (every > 0 && !this.relistTimer && !this.disposed) {
      this.relistTimer = setInterval(() => {
        for (const entry of this.entries) if (entry.state !== 'down') void this.probe(entry);
      }, every);
      this.relistTimer.unref();
    }
  }

  /** Probes every server now (a pull ended, the link looks again). */
  async probeAll(): Promise<void> {
    await Promise.all(this.entries.map((entry) => this.probe(entry)));
  }

  /** Every model some answering server has. */
  modelsAvailable(): string[] {
    const all = new Set<string>();
    for (const entry of this.entries) if (entry.state === 'up') for (const model of entry.models ?? []) all.add(model);
    return [...all];
  }

  /** Whether some server that answers lists `model`. */
  hasModel(model: string): boolean {
    return this.entries.some((e) => e.state === 'up' && (e.models ?? []).some((m) => sameModel(m, model)));
  }

  /**
   * Requests of one model that may run at once over the servers not known to be down (and, given a
   * model, not known to lack it): at least 1.
   */
  capacity(model?: string): number {
    const total = this.entries
      .filter((e) => e.state !== 'down' && (model === undefined || this.mayHave(e, model)))
      .reduce((sum, e) => sum + e.spec.parallel, 0);
    return Math.max(1, total);
  }

  /** The servers as the Services screen shows them, in list order. */
  status(): OllamaHostStatus[] {
    return this.entries.map((entry) => this.statusOf(entry));
  }

  /**
   * Runs one request for `model` on a server chosen as described above: `call` gets the server's URL
   * and returns the outcome. A failure that is the server's (or its lack of the model, or 503 busy) sends
   * the request to another server not yet tried; when none is left, the last failure is the answer.
   */
  async run<T>(
    model: string,
    call: (url: string) => Promise<CallOutcome<T>>,
    signal?: AbortSignal,
  ): Promise<CallOutcome<T>> {
    const tried = new Set<HostEntry>();
    let last: LlmFailure | null = null;
    let probedAgain = false;
    for (;;) {
      if (signal?.aborted) return { ok: false, failure: stoppedWhileWaiting(model) };
      const choice = this.choose(model, tried);
      if (choice === 'none') {
        // Nothing can take it: before saying so, ask the servers skipped as down or without the model
        // again, once (a single server that came back, or pulled the model, is used at once).
        const stale = this.entries.filter((e) => !tried.has(e) && (e.state === 'down' || !this.mayHave(e, model)));
        if (!probedAgain && stale.length > 0) {
          probedAgain = true;
          await Promise.all(stale.map((entry) => this.probe(entry)));
          continue;
        }
        return { ok: false, failure: last ?? this.nothingFor(model) };
      }
      if (choice === 'wait') {
        await this.waitForChange(signal);
        continue;
      }
      const entry = choice;
      const key = modelKey(model);
      entry.inFlight.set(key, (entry.inFlight.get(key) ?? 0) + 1);
      let outcome: CallOutcome<T>;
      try {
        outcome = await call(entry.spec.url);
      } finally {
        const left = (entry.inFlight.get(key) ?? 1) - 1;
        if (left > 0) entry.inFlight.set(key, left);
        else entry.inFlight.delete(key);
        this.wake();
      }
      if (outcome.ok) {
        if (entry.state !== 'up') this.markUp(entry, entry.version, entry.models);
        return outcome;
      }
      const verdict = judge(outcome.failure, signal?.aborted === true);
      if (verdict === 'request') return outcome;
      tried.add(entry);
      last = outcome.failure;
      if (verdict === 'server') this.markDown(entry, failureSentence(outcome.failure));
      else if (verdict === 'model') {
        entry.missing.add(key);
        this.changed(entry);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.relistTimer) clearInterval(this.relistTimer);
    for (const entry of this.entries) if (entry.recheckTimer) clearTimeout(entry.recheckTimer);
    this.wake();
  }

  private mayHave(entry: HostEntry, model: string): boolean {
    if (entry.missing.has(modelKey(model))) return false;
    return entry.models === null || entry.models.some((m) => sameModel(m, model));
  }

  private load(entry: HostEntry, model: string): number {
    return entry.inFlight.get(modelKey(model)) ?? 0;
  }

  private choose(model: string, tried: ReadonlySet<HostEntry>): HostEntry | 'wait' | 'none' {
    const candidates = this.entries.filter((e) => e.state !== 'down' && !tried.has(e) && this.mayHave(e, model));
    if (candidates.length === 0) return 'none';
    const free = candidates.filter((e) => this.load(e, model) < e.spec.parallel);
    if (free.length === 0) return 'wait';
    const least = Math.min(...free.map((e) => this.load(e, model)));
    const tied = free.filter((e) => this.load(e, model) === least);
    const key = modelKey(model);
    const previous = this.lastChosen.get(key) ?? -1;
    const chosen = tied.find((e) => e.index > previous) ?? (tied[0] as HostEntry);
    this.lastChosen.set(key, chosen.index);
    return chosen;
  }

  /** The answer when no server could be tried: every one down, or none has the model. */
  private nothingFor(model: string): LlmFailure {
    const down = this.entries.filter((e) => e.state === 'down');
    if (this.entries.length === 0 || down.length > 0) {
      const where = down.map((e) => `${e.spec.url}${e.reason ? ` (${e.reason})` : ''}`).join('; ');
      return {
        kind: 'retry',
        error: {
          code: ErrorCode.LLM_UNAVAILABLE,
          message:
            this.entries.length === 0
              ? 'No Ollama server is configured; documents wait and are not failed.'
              : `No Ollama server that could run ${model} answers: ${where}. Start it (\`ollama serve\`) or check the hosts in the settings; documents wait and are not failed.`,
          retryable: true,
        },
      };
    }
    const urls = this.entries.map((e) => e.spec.url).join(', ');
    return {
      kind: 'cancel',
      error: {
        code: ErrorCode.LLM_MODEL_MISSING,
        message: `The model "${model}" is not on the Ollama server${this.entries.length > 1 ? 's' : ''} at ${urls}. Run \`ollama pull ${model}\` there, or choose a model the server has in the settings.`,
        retryable: false,
      },
    };
  }

  private waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** One probe per server at a time; its outcome moves the server up or down. */
  private probe(entry: HostEntry): Promise<void> {
    if (entry.probing) return entry.probing;
    if (entry.recheckTimer) {
      clearTimeout(entry.recheckTimer);
      entry.recheckTimer = null;
    }
    const timeoutMs = this.options.probeTimeoutMs ?? 5000;
    entry.probing = (async () => {
      try {
        const signal = AbortSignal.timeout(timeoutMs);
        const [version, tags] = await Promise.all([
          getJson(`${entry.spec.url}/api/version`, signal),
          getJson(`${entry.spec.url}/api/tags`, signal),
        ]);
        const models = Array.isArray((tags as { models?: unknown }).models)
          ? (tags as { models: Array<{ name?: unknown }> }).models.flatMap((m) =>
              typeof m.name === 'string' ? [m.name] : [],
            )
          : [];
        const named = (version as { version?: unknown }).version;
        entry.missing.clear();
        this.markUp(entry, typeof named === 'string' ? named : null, models);
      } catch (error) {
        this.markDown(entry, `its probe failed: ${probeProblem(error)}`);
      } finally {
        entry.probing = null;
      }
    })();
    return entry.probing;
  }

  private markUp(entry: HostEntry, version: string | null, models: string[] | null): void {
    if (entry.gone || this.disposed) return;
    const was = entry.state;
    entry.version = version;
    entry.models = models;
    entry.failures = 0;
    entry.reason = null;
    entry.nextCheckAt = null;
    if (entry.recheckTimer) clearTimeout(entry.recheckTimer);
    entry.recheckTimer = null;
    if (was !== 'up') {
      entry.state = 'up';
      entry.since = Date.now();
    }
    this.changed(entry);
    this.wake();
  }

  private markDown(entry: HostEntry, reason: string): void {
    if (entry.gone || this.disposed) return;
    if (entry.state !== 'down') {
      entry.state = 'down';
      entry.since = Date.now();
    }
    entry.failures++;
    entry.reason = reason;
    entry.models = entry.models ?? null;
    const delay = backoffDelay(entry.failures, this.recheck, this.options.random);
    entry.nextCheckAt = Date.now() + delay;
    if (entry.recheckTimer) clearTimeout(entry.recheckTimer);
    entry.recheckTimer = setTimeout(() => {
      entry.recheckTimer = null;
      void this.probe(entry);
    }, delay);
    entry.recheckTimer.unref();
    this.changed(entry);
    this.wake();
  }

  private changed(entry: HostEntry): void {
    this.options.onChange?.(this.statusOf(entry));
  }

  private statusOf(entry: HostEntry): OllamaHostStatus {
    let inFlight = 0;
    for (const n of entry.inFlight.values()) inFlight += n;
    return {
      url: entry.spec.url,
      role: entry.spec.role,
      state: entry.state,
      inFlight,
      parallel: entry.spec.parallel,
      models: entry.state === 'down' ? [] : [...(entry.models ?? [])],
      version: entry.version,
      reason: entry.reason,
      since: new Date(entry.since).toISOString(),
      nextCheckAt: entry.nextCheckAt === null ? null : new Date(entry.nextCheckAt).toISOString(),
    };
  }
}

/** `name` and `name:latest` are one model: counted and remembered under the long form. */
function modelKey(model: string): string {
  return model.includes(':') ? model : `${model}:latest`;
}

/**
 * - the caller stopped the request: not the server's doing, the answer as it is;
 * - not reachable, 5xx other than 503, or no answer within the timeout: the server's failure;
 * - 404 model not found: the server lacks the model, nothing more;
 * - 503 (busy, loading): another server may take it, this one stays;
 * - anything else (a refused request, a body that is no JSON) belongs to the request: no other server would do better.
 */
function judge(failure: LlmFailure, callerStopped: boolean): Verdict {
  if (callerStopped) return 'request';
  switch (failure.kind) {
    case 'snooze':
      return 'busy';
    case 'retry':
      return failure.error.code === ErrorCode.LLM_UNAVAILABLE || failure.error.code === ErrorCode.STAGE_TIMEOUT
        ? 'server'
        : 'request';
    case 'cancel':
      return failure.error.code === ErrorCode.LLM_MODEL_MISSING ? 'model' : 'request';
    default:
      return 'request';
  }
}

function failureSentence(failure: LlmFailure): string {
  return failure.kind === 'snooze' ? failure.reason : failure.error.message;
}

function stoppedWhileWaiting(model: string): LlmFailure {
  return {
    kind: 'retry',
    error: {
      code: ErrorCode.STAGE_TIMEOUT,
      message: `The request for ${model} was stopped while waiting for a free Ollama slot.`,
      retryable: true,
    },
  };
}

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as unknown;
}

function probeProblem(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}
