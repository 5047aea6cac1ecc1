/**
 * Search embeddings from Ollama (/api/embed), batched, with the vector length learned from the model's
 * first answer. The search backend reads `dims` when it opens its index, so `connectOllamaEmbedder`
 * asks once before handing the embedder out.
 */
import { AppError, ErrorCode } from '../../../shared/contract/errors.js';
import type { Embedder } from '../../search/SearchBackend.js';
import { OllamaHostPool } from './OllamaHostPool.js';
import { callOllama, type LlmFailure } from './ollamaCall.js';
import { hostsOf, OllamaConfig, type OllamaConfigInput } from './ollamaConfig.js';

export class OllamaEmbedder implements Embedder {
  readonly config: OllamaConfig;
  readonly model: string;
  private detected: number | null;
  readonly pool: OllamaHostPool;

  /**
   * `dims` may be given when known (from the index's metadata); else the first answer sets it. `pool`:
   * the servers, shared with the LLM provider (default: a pool of the config's hosts of its own).
   */
  constructor(config: OllamaConfigInput = {}, dims: number | null = null, pool?: OllamaHostPool) {
    this.config = OllamaConfig.parse(config);
    this.model = this.config.embedModel;
    this.detected = dims;
    this.pool = pool ?? new OllamaHostPool(hostsOf(this.config));
  }

  /** Vector length of the model. Throws before the first answer when it was not given. */
  get dims(): number {
    if (this.detected === null)
      throw new AppError(
        ErrorCode.INTERNAL,
        `The vector length of ${this.model} is not known yet: use connectOllamaEmbedder() or embed() once first.`,
      );
    return this.detected;
  }

  /** Whether `dims` is known. */
  get ready(): boolean {
    return this.detected !== null;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const size = this.config.embedBatchSize;
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
    // Batches go out together up to the slot limit; results are put back in order.
    const results = await Promise.all(batches.map((batch) => this.embedBatch(batch, signal)));
    return results.flat();
  }

  private async embedBatch(batch: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const target = {
      model: this.model,
      timeoutMs: this.config.timeoutMs,
      loadingSnoozeMs: this.config.loadingSnoozeMs,
      signal,
    };
    const answered = await this.pool.run(
      this.model,
      (host) =>
        callOllama({ ...target, host }, (client) => client.embed({ model: this.model, input: batch, truncate: true })),
      signal,
    );
    if (!answered.ok) throw failureAsError(answered.failure);
    const vectors = answered.value.embeddings;
    if (!Array.isArray(vectors) || vectors.length !== batch.length) {
      throw new AppError(
        ErrorCode.LLM_BAD_OUTPUT,
        `${this.model} returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${batch.length} texts.`,
        { retryable: true },
      );
    }
    const length = vectors[0]?.length ?? 0;
    this.detected ??= length;
    if (length === 0 || vectors.some((v) => v.length !== this.detected)) {
      throw new AppError(
        ErrorCode.LLM_BAD_OUTPUT,
        `${this.model} returned vectors of length ${length}, expected ${this.detected}: was the model changed? The search index must be rebuilt for a new model.`,
        { retryable: false },
      );
    }
    return vectors.map((v) => Float32Array.from(v));
  }
}

/** The Embedder interface throws; a snooze (model loading) is a retryable unavailability there. */
function failureAsError(failure: LlmFailure): AppError {
  if (failure.kind === 'snooze') return new AppError(ErrorCode.LLM_UNAVAILABLE, failure.reason, { retryable: true });
  return new AppError(failure.error.code, failure.error.message, { retryable: failure.error.retryable });
}

/** An embedder whose `dims` is known: one short text is embedded to learn it. Throws AppError when Ollama cannot answer. */
export async function connectOllamaEmbedder(
  config: OllamaConfigInput = {},
  signal?: AbortSignal,
  pool?: OllamaHostPool,
): Promise<OllamaEmbedder> {
  const embedder = new OllamaEmbedder(config, null, pool);
  await embedder.embed(['docpipe'], signal);
  return embedder;
}
