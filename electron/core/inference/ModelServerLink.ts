/**
 * The model server as the pipeline sees it. It follows the Ollama service (managed by docpipe, someone
 * else's, or none) and the person's settings: when a server answers it lists the models, downloads the
 * missing ones if the person agreed to, and hands the understand stage an LLM and search an embedder as
 * soon as their models are there — no restart. When the server goes away both are taken back: the
 * embedded understanding and lexical search carry on.
 */
import type { InstalledModel, OllamaHostStatus, PullProgress } from '../../shared/contract/services.js';
import type { Settings } from '../../shared/contract/settings.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { Logger } from '../log/logger.js';
import type { Embedder } from '../search/SearchBackend.js';
import type { OllamaService } from '../services/ollamaService.js';
import { connectOllamaEmbedder } from './ollama/OllamaEmbedder.js';
import { createOllamaProvider, type OllamaProvider } from './ollama/OllamaProvider.js';
import { OllamaHostPool } from './ollama/OllamaHostPool.js';
import { parseOllamaHost, type OllamaConfigInput, type OllamaHostSpec } from './ollama/ollamaConfig.js';

/** What the understand stage needs of an LLM. */
export interface LlmRuntime {
  provider: OllamaProvider;
  /** Requests in flight at once (the parallel slots of the servers that answer, together). */
  readonly parallel: number;
  timeoutMs: number;
}

/** Whether the LLM and the vectors are in use, and if not, why, in a sentence. */
export interface ModelServerState {
  llm: boolean;
  vectors: boolean;
  /** Null when both are in use. */
  reason: string | null;
  /** Configured models the server does not have. */
  missing: string[];
}

export interface ModelServerLinkOptions {
  /** Null when no model server is managed or used at all. */
  ollama: OllamaService | null;
  settings: () => Settings;
  /**
   * Timeouts and prompt limits (the local host and the model names come from the service and the
   * settings); its `moreHosts` (the command line's) join the settings' `ollama.hosts`.
   */
  base: OllamaConfigInput;
  /** Tuning of the server pool (tests shorten the rechecks). */
  pool?: ConstructorParameters<typeof OllamaHostPool>[1];
  log: Pick<Logger, 'info' | 'warn'>;
  /** A download moved on or ended (the core writes it as a `model.pull` event). */
  onPull(progress: PullProgress): void;
  /** The embedder changed (null: none); search attaches it. */
  onEmbedder(embedder: Embedder | null): void;
}

export class ModelServerLink {
  private llmRuntime: LlmRuntime | null = null;
  private llmKey = '';
  private embedder: Embedder | null = null;
  private embedKey = '';
  private current: ModelServerState = {
    llm: false,
    vectors: false,
    reason: 'docpipe has not looked for a model server yet.',
    missing: [],
  };
  private readonly pulls = new Map<string, PullProgress>();
  private refreshing: Promise<void> = Promise.resolve();
  private disposed = false;
  /** Every server requests are spread over: the local one while it serves, and the remote ones. */
  private readonly pool: OllamaHostPool;

  constructor(private readonly options: ModelServerLinkOptions) {
    const lastState = new Map<string, OllamaHostStatus['state']>();
    this.pool = new OllamaHostPool([], {
      ...options.pool,
      onChange: (host) => {
        options.pool?.onChange?.(host);
        const was = lastState.get(host.url);
        lastState.set(host.url, host.state);
        if (was === host.state) return;
        if (host.state === 'down')
          options.log.warn({ host: host.url, reason: host.reason }, 'an Ollama server is taken out');
        else if (host.state === 'up') {
          options.log.info({ host: host.url }, 'an Ollama server answers');
          // A server back (its recheck, a probe) may bring the LLM or the vectors back: look again.
          if (was !== undefined && (!this.current.llm || !this.current.vectors)) void this.refresh();
        }
      },
    });
  }

  /** The Ollama servers, with their states, requests in flight and models. */
  hosts(): OllamaHostStatus[] {
    return this.options.settings().ollama.enabled ? this.pool.status() : [];
  }

  /**
   * The servers after asking each again (/api/version, /api/tags): a server that went away while no
   * request was sent to it shows as down, one that came back as up, without waiting for a recheck.
   */
  async checkHosts(): Promise<OllamaHostStatus[]> {
    if (!this.options.settings().ollama.enabled) return [];
    await this.pool.probeAll();
    return this.pool.status();
  }

  /** The LLM for the next document, or null (embedded understanding only). */
  llm(): LlmRuntime | null {
    return this.llmRuntime;
  }

  state(): ModelServerState {
    return { ...this.current, missing: [...this.current.missing] };
  }

  /** Downloads running now, with their last progress. */
  activePulls(): PullProgress[] {
    return [...this.pulls.values()];
  }

  /** Looks again (the service changed state, a download ended, the settings changed). Calls are queued, never overlap. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.look())
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'looking at the model server failed'));
    return this.refreshing;
  }

  /** The models on the server; empty when none answers. */
  async models(): Promise<InstalledModel[]> {
    const ollama = this.serving();
    if (!ollama) return [];
    try {
      return await ollama.listModels();
    } catch {
      return [];
    }
  }

  /** Starts downloading a model (progress as `onPull`); resolves when it has started. */
  pull(model: string): { started: boolean } {
    const ollama = this.serving();
    if (!ollama)
      throw new AppError(
        ErrorCode.LLM_UNAVAILABLE,
        'No model server answers, so nothing can be downloaded: see "docpipe services".',
      );
    if (this.pulls.has(model)) return { started: false };
    let ended = false;
    const report = (progress: PullProgress) => {
      // The last progress and the pull's result can both carry the end: it is reported once.
      if (this.disposed || ended) return;
      ended = ['success', 'cancelled', 'failed'].includes(progress.phase);
      if (ended) this.pulls.delete(model);
      else this.pulls.set(model, progress);
      this.options.onPull(progress);
    };
    this.pulls.set(model, {
      model,
      phase: 'pulling',
      status: 'starting',
      completedBytes: 0,
      totalBytes: 0,
      percent: null,
      bytesPerSecond: null,
      error: null,
    });
    void ollama
      .pullModel(model, { onProgress: report, progressIntervalMs: 1000 })
      .then((final) => {
        report(final);
        if (final.phase === 'success') void this.refresh();
      })
      .catch((error: unknown) => {
        report({
          model,
          phase: 'failed',
          status: 'failed',
          completedBytes: 0,
          totalBytes: 0,
          percent: null,
          bytesPerSecond: null,
          error: AppError.wrap(error).message,
        });
      });
    return { started: true };
  }

  cancelPull(model: string): { cancelled: boolean } {
    return { cancelled: this.options.ollama?.cancelPull(model) ?? false };
  }

  async deleteModel(model: string): Promise<{ deleted: boolean }> {
    const ollama = this.serving();
    if (!ollama) throw new AppError(ErrorCode.LLM_UNAVAILABLE, 'No model server answers: see "docpipe services".');
    await ollama.deleteModel(model);
    await this.refresh();
    return { deleted: true };
  }

  dispose(): void {
    this.disposed = true;
    this.pool.dispose();
    for (const model of this.pulls.keys()) this.options.ollama?.cancelPull(model);
  }

  private serving(): OllamaService | null {
    const ollama = this.options.ollama;
    return ollama?.url() ? ollama : null;
  }

  /** The servers now: the local one while it serves, then the settings' and the command line's. */
  private hostList(url: string | null, parallel: number): OllamaHostSpec[] {
    const remote = [...this.options.settings().ollama.hosts, ...(this.options.base.moreHosts ?? [])];
    const specs: OllamaHostSpec[] = url ? [parseOllamaHost(url, { parallel, role: 'local' })] : [];
    for (const text of remote) {
      try {
        specs.push(parseOllamaHost(text, { parallel, role: 'remote' }));
      } catch (error) {
        this.options.log.warn({ err: error }, 'an Ollama host in the settings is not an address; it is left out');
      }
    }
    return specs.filter((spec, i) => specs.findIndex((other) => other.url === spec.url) === i);
  }

  private async look(): Promise<void> {
    if (this.disposed) return;
    const settings = this.options.settings();
    const ollama = this.options.ollama;
    const url = ollama?.url() ?? null;
    const hosts = settings.ollama.enabled ? this.hostList(url, settings.ollama.numParallel) : [];
    this.pool.setHosts(hosts);
    if (!settings.ollama.enabled || hosts.length === 0) {
      const why = !settings.ollama.enabled
        ? 'The model server is turned off in the settings.'
        : (ollama?.status().reason ?? 'No model server answers.');
      this.set(null, null, { llm: false, vectors: false, reason: why, missing: [] });
      return;
    }
    await this.pool.start();
    if (this.disposed) return;
    if (!this.pool.status().some((host) => host.state === 'up')) {
      const down = this.pool
        .status()
        .map((host) => `${host.url} (${host.reason ?? host.state})`)
        .join('; ');
      this.set(null, null, {
        llm: false,
        vectors: false,
        reason: `No model server answers: ${down}.`,
        missing: [],
      });
      return;
    }
    const { text, embed, vision } = settings.models;
    const has = (name: string) => this.pool.hasModel(name);
    const missing = [text, embed].filter((name) => !has(name));
    // What no server has is downloaded into the local one only: the remote ones are someone else's to fill.
    if (settings.models.pullAgreed && url) for (const name of missing) this.pull(name);

    const config: OllamaConfigInput = {
      ...this.options.base,
      host: hosts[0]?.url ?? url ?? undefined,
      moreHosts: [],
      textModel: text,
      visionModel: vision,
      embedModel: embed,
      parallel: settings.ollama.numParallel,
    };
    const llm = has(text) ? this.runtimeFor(config, hosts) : null;
    const embedder = has(embed) ? await this.embedderFor(config, hosts) : null;
    const reason =
      missing.length === 0
        ? null
        : `The model server has no ${missing.join(' and no ')}: ${settings.models.pullAgreed ? 'downloading' : `download with "docpipe models pull ${missing[0]}" or from the Services screen`}.`;
    this.set(llm, embedder, {
      llm: llm !== null,
      vectors: embedder !== null,
      reason: embedder || !has(embed) ? reason : `${embed} did not answer.`,
      missing,
    });
  }

  private runtimeFor(config: OllamaConfigInput, hosts: OllamaHostSpec[]): LlmRuntime {
    const key = JSON.stringify([config, hosts]);
    if (this.llmRuntime && key === this.llmKey) return this.llmRuntime;
    this.llmKey = key;
    return llmRuntimeOver(createOllamaProvider(config, { pool: this.pool }));
  }

  private async embedderFor(config: OllamaConfigInput, hosts: OllamaHostSpec[]): Promise<Embedder | null> {
    const key = JSON.stringify([config, hosts]);
    if (this.embedder && key === this.embedKey) return this.embedder;
    try {
      const embedder = await connectOllamaEmbedder(config, undefined, this.pool);
      this.embedKey = key;
      return embedder;
    } catch (error) {
      // A look cut short by dispose() (the server stopped under it) is no failure to report.
      if (!this.disposed)
        this.options.log.warn({ err: error }, 'the embedding model did not answer; search stays lexical');
      return null;
    }
  }

  private set(llm: LlmRuntime | null, embedder: Embedder | null, state: ModelServerState): void {
    if (this.disposed) return;
    if (llm !== this.llmRuntime)
      this.options.log.info(
        { llm: llm !== null },
        llm ? 'the LLM joins understanding' : 'understanding is embedded only',
      );
    this.llmRuntime = llm;
    if (!llm) this.llmKey = '';
    // Handed over again at every look while it answers: a server that came back (a restart) resumes a
    // vector fill that paused while it was away, at once rather than after the fill's backoff.
    if (embedder !== this.embedder || embedder) {
      this.embedder = embedder;
      if (!embedder) this.embedKey = '';
      this.options.onEmbedder(embedder);
    }
    this.current = state;
  }
}

/** The understand stage's view of a provider: as many documents at once as its servers have slots. */
export function llmRuntimeOver(provider: OllamaProvider): LlmRuntime {
  return {
    provider,
    get parallel() {
      return provider.pool.capacity(provider.config.textModel);
    },
    timeoutMs: provider.config.timeoutMs,
  };
}
