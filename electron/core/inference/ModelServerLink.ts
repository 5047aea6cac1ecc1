/**
 * The model server as the pipeline sees it. It follows the Ollama service (managed by docpipe, someone
 * else's, or none) and the person's settings: when a server answers it lists the models, downloads the
 * missing ones if the person agreed to, and hands the understand stage an LLM and search an embedder as
 * soon as their models are there — no restart. When the server goes away both are taken back: the
 * embedded understanding and lexical search carry on.
 */
import type { InstalledModel, PullProgress } from '../../shared/contract/services.js';
import type { Settings } from '../../shared/contract/settings.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { Logger } from '../log/logger.js';
import type { Embedder } from '../search/SearchBackend.js';
import type { OllamaService } from '../services/ollamaService.js';
import { connectOllamaEmbedder } from './ollama/OllamaEmbedder.js';
import { createOllamaProvider, type OllamaProvider } from './ollama/OllamaProvider.js';
import { sameModel, type OllamaConfigInput } from './ollama/ollamaConfig.js';

/** What the understand stage needs of an LLM. */
export interface LlmRuntime {
  provider: OllamaProvider;
  /** Requests in flight at once (the server's parallel slots). */
  parallel: number;
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
  /** Timeouts and prompt limits (the host and model names come from the service and the settings). */
  base: OllamaConfigInput;
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

  constructor(private readonly options: ModelServerLinkOptions) {}

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
    for (const model of this.pulls.keys()) this.options.ollama?.cancelPull(model);
  }

  private serving(): OllamaService | null {
    const ollama = this.options.ollama;
    return ollama?.url() ? ollama : null;
  }

  private async look(): Promise<void> {
    if (this.disposed) return;
    const settings = this.options.settings();
    const ollama = this.options.ollama;
    const url = ollama?.url() ?? null;
    if (!settings.ollama.enabled || !ollama || !url) {
      const why = !settings.ollama.enabled
        ? 'The model server is turned off in the settings.'
        : (ollama?.status().reason ?? 'No model server answers.');
      this.set(null, null, { llm: false, vectors: false, reason: why, missing: [] });
      return;
    }
    let installed: InstalledModel[];
    try {
      installed = await ollama.listModels();
    } catch (error) {
      this.set(null, null, {
        llm: false,
        vectors: false,
        reason: `The model server at ${url} did not list its models (${AppError.wrap(error).message}).`,
        missing: [],
      });
      return;
    }
    const { text, embed, vision } = settings.models;
    const has = (name: string) => installed.some((m) => sameModel(m.name, name));
    const missing = [text, embed].filter((name) => !has(name));
    if (settings.models.pullAgreed) for (const name of missing) this.pull(name);

    const config: OllamaConfigInput = {
      ...this.options.base,
      host: url,
      textModel: text,
      visionModel: vision,
      embedModel: embed,
      parallel: settings.ollama.numParallel,
    };
    const llm = has(text) ? this.runtimeFor(config) : null;
    const embedder = has(embed) ? await this.embedderFor(config) : null;
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

  private runtimeFor(config: OllamaConfigInput): LlmRuntime {
    const key = JSON.stringify(config);
    if (this.llmRuntime && key === this.llmKey) return this.llmRuntime;
    this.llmKey = key;
    const provider = createOllamaProvider(config);
    return { provider, parallel: provider.config.parallel, timeoutMs: provider.config.timeoutMs };
  }

  private async embedderFor(config: OllamaConfigInput): Promise<Embedder | null> {
    const key = JSON.stringify(config);
    if (this.embedder && key === this.embedKey) return this.embedder;
    try {
      const embedder = await connectOllamaEmbedder(config);
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
