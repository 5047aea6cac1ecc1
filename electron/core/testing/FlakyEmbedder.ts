/**
 * A HashingEmbedder whose model server can go down: `failing`, or `failAfterCalls` (down from that call
 * on, e.g. in the middle of a fill). It fails as an unreachable Ollama does, with a retryable
 * LLM_UNAVAILABLE, and records every text it embedded so tests can see what was (re)computed.
 */
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { Embedder } from '../search/SearchBackend.js';
import { HashingEmbedder } from './HashingEmbedder.js';

export class FlakyEmbedder implements Embedder {
  readonly model: string;
  readonly dims: number;
  /** Every call fails while true. */
  failing = false;
  /** Calls after this many fail (null: no limit). */
  failAfterCalls: number | null = null;
  calls = 0;
  /** Texts of the calls that succeeded, in order. */
  readonly embedded: string[] = [];
  private readonly inner: HashingEmbedder;

  /** @param model defaults to the HashingEmbedder's own name, so it can stand in for one (same vectors). */
  constructor(dims = 64, model?: string) {
    this.inner = new HashingEmbedder(dims);
    this.dims = dims;
    this.model = model ?? this.inner.model;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    if (this.failing || (this.failAfterCalls !== null && this.calls > this.failAfterCalls)) {
      throw new AppError(
        ErrorCode.LLM_UNAVAILABLE,
        'Ollama at http://127.0.0.1:11434 did not answer: connect ECONNREFUSED',
        { retryable: true },
      );
    }
    this.embedded.push(...texts);
    return this.inner.embed(texts);
  }
}
