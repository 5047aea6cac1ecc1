/**
 * The vector side of a live SQLite index: which embedding model is attached, whether it answers, and the
 * background fill of vectors for documents that have none (indexed before the model was attached, or
 * while it was down). The words index never waits for it: a document is written with its vectors when the
 * model answers, without them otherwise, and the fill gives it them later.
 *
 * States (what `health().embedding.state` shows):
 *
 *   detached  --attach-->                                   filling
 *   filling   --a sweep finds every document with vectors-->  complete
 *   filling   --the model fails-->                           paused   (a retry is due after a backoff)
 *   complete  --documents without vectors were written-->    filling
 *   complete  --the model fails a query or an index write--> paused
 *   paused    --retry due, or the model answered a query-->   filling
 *   any       --attach(null)-->                              detached (stored vectors are kept)
 *
 * Resumability rests on the repository's invariant (SearchIndexRepo): a document has chunks exactly when
 * it has vectors of the index's model, written in one transaction. A crash loses at most the batch being
 * embedded; the next sweep starts again from the documents without chunks.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, ErrorCode, assertNever } from '../../../shared/contract/errors.js';
import type { SearchEmbedding } from '../../../shared/contract/search.js';
import { backoffDelay, type BackoffOptions } from '../../queue/backoff.js';
import { chunkDocument, type TextChunk } from '../chunking.js';
import { embeddingKey, type Embedder } from '../SearchBackend.js';
import type { ChunkRow, SearchIndexRepo, UnembeddedDoc } from './SearchIndexRepo.js';

export interface VectorFillOptions {
  /** Documents per fill batch (their chunks go to the embedder in one call, which splits it by its own batch size). Default 16. */
  batchDocuments?: number;
  /** Wait before asking a failing model again. Default 5 s doubling to 5 min, 25 % jitter. */
  retry?: BackoffOptions;
}

export type VectorProgressListener = (status: SearchEmbedding) => void;

type State = SearchEmbedding['state'];
type FillOutcome = { kind: 'complete' } | { kind: 'failed'; error: unknown } | { kind: 'aborted' };
const ABORTED: FillOutcome = { kind: 'aborted' };

/** Texts per embed() call from index writes and the fill (a bounded request, whatever the document). */
const EMBED_SLICE = 64;
const DEFAULT_RETRY: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000, jitter: 0.25 };

export class VectorSide {
  private embedder: Embedder | null = null;
  private key = '';
  private state: State = 'detached';
  /** Whether the model's last answer was a success (false until one, after a failure). */
  private answering = false;
  private lastError: string | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private pass: { controller: AbortController; done: Promise<void> } | null = null;
  /** Documents lost their vectors behind the running sweep's cursor: sweep once more from the start. */
  private dirty = false;
  /** Documents with vectors, counted once and then kept by the fill; null after any other write. */
  private embedded: number | null = null;
  private listener: VectorProgressListener | null = null;
  /** Attach and detach one at a time: each waits for the previous one's pass to stop. */
  private switching: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly batchDocuments: number;
  private readonly retry: BackoffOptions;

  constructor(
    private readonly repo: SearchIndexRepo,
    options: VectorFillOptions = {},
  ) {
    this.batchDocuments = options.batchDocuments ?? 16;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /**
   * Attaches a model (null detaches it) once the running fill has stopped, then starts filling. Throws
   * when the model's vector length is unknown or unusable; the model's failures to answer never throw.
   */
  attach(embedder: Embedder | null, listener: VectorProgressListener | null = null): Promise<void> {
    const next = this.switching.then(async () => {
      await this.stopPass();
      try {
        this.attachNow(embedder, listener);
      } catch (error) {
        // The model attached before stays: its stopped fill goes on.
        if (this.state === 'filling') this.startPass();
        throw error;
      }
    });
    this.switching = next.catch(() => undefined);
    return next;
  }

  /** `attach` when no fill is running (the backend's constructor). */
  attachNow(embedder: Embedder | null, listener: VectorProgressListener | null = null): void {
    if (this.disposed) throw new AppError(ErrorCode.CORE_DISPOSED, 'The search index is closed.', { retryable: false });
    if (embedder === null) {
      this.clearRetry();
      this.listener = listener;
      this.embedder = null;
      this.state = 'detached';
      return;
    }
    // Both may throw (a vector length not known yet, or out of range): before anything changes.
    const id = { model: embedder.model, dims: embedder.dims };
    if (this.repo.useEmbedding(id)) this.embedded = null;
    this.clearRetry();
    this.listener = listener;
    this.embedder = embedder;
    this.key = embeddingKey(id);
    // Attaching is the caller saying the model server is ready; the first answer confirms it.
    this.answering = true;
    this.lastError = null;
    this.failures = 0;
    this.startPass();
  }

  /** The model for a query or an index write, or null when detached or paused (never wait on a model that is down). */
  usable(): { embedder: Embedder; key: string } | null {
    switch (this.state) {
      case 'filling':
      case 'complete':
        return this.embedder === null ? null : { embedder: this.embedder, key: this.key };
      case 'paused':
      case 'detached':
        return null;
      default:
        return assertNever(this.state, 'vector state');
    }
  }

  /** Whether queries use vectors now (health().vectors). */
  connected(): boolean {
    return this.usable() !== null && this.answering;
  }

  /** A query or an index write got an answer from the model: a paused fill resumes at once. */
  succeeded(): void {
    this.answering = true;
    if (this.state === 'paused') {
      this.clearRetry();
      this.failures = 0;
      this.startPass();
    }
  }

  /** A query or an index write could not get vectors: pause (a running fill finds out by itself). */
  failed(error: unknown): void {
    if (this.embedder === null) return;
    this.answering = false;
    this.lastError = describe(error);
    if (this.pass === null) this.pause();
  }

  /**
   * Documents were written or removed. `withoutVectors`: some were written without vectors while a model
   * is attached (it was down), so the fill has work again.
   */
  written(withoutVectors: boolean): void {
    this.embedded = null;
    if (!withoutVectors || this.embedder === null) return;
    if (this.pass !== null) this.dirty = true;
    else if (this.state === 'complete') this.startPass();
  }

  /** Another process wrote the index file: it may have left documents without vectors. */
  otherWriter(): void {
    this.written(true);
  }

  /** Why a query that wanted vectors got words only, or null when it got vectors or the index has none. */
  unavailableReason(): string | null {
    if (this.embedder !== null) {
      return this.connected()
        ? null
        : `the embedding model ${this.embedder.model} is not answering (${this.lastError ?? 'unknown error'}): words only`;
    }
    const stored = this.repo.storedEmbedding();
    return stored === null
      ? null
      : `no embedding model is connected (the index has vectors of ${stored.model}): words only`;
  }

  status(): SearchEmbedding | null {
    const id = this.embedder ? { model: this.embedder.model, dims: this.embedder.dims } : this.repo.storedEmbedding();
    if (id === null) return null;
    this.embedded ??= this.repo.embeddedDocuments();
    return {
      model: id.model,
      dims: id.dims,
      done: this.embedded,
      total: this.repo.countDocuments(),
      state: this.state,
      error: this.state === 'paused' ? this.lastError : null,
    };
  }

  /** Resolves when no fill is running (it finished or paused). */
  async idle(): Promise<void> {
    await this.switching;
    while (this.pass !== null) await this.pass.done;
  }

  /** Stops the fill (an embed in flight is aborted) and the retries; the caller closes the database after. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearRetry();
    await this.switching;
    await this.stopPass();
    this.embedder = null;
    this.state = 'detached';
  }

  private startPass(): void {
    if (this.pass !== null || this.embedder === null || this.disposed) return;
    const controller = new AbortController();
    this.state = 'filling';
    this.dirty = false;
    // The outcome is applied after the pass is gone, so that whatever comes next (a retry, a resume on a
    // query's success, documents written without vectors) finds no pass and starts one.
    const done = this.fill(this.embedder, this.key, controller.signal).then((outcome) => {
      if (this.pass?.controller === controller) this.pass = null;
      if (this.disposed) return;
      switch (outcome.kind) {
        case 'aborted':
          return;
        case 'failed':
          this.answering = false;
          this.lastError = describe(outcome.error);
          this.pause();
          return;
        case 'complete':
          if (this.dirty) {
            this.startPass();
            return;
          }
          this.state = 'complete';
          this.report();
          return;
        default:
          return assertNever(outcome, 'fill outcome');
      }
    });
    this.pass = { controller, done };
  }

  private async stopPass(): Promise<void> {
    const pass = this.pass;
    if (pass === null) return;
    pass.controller.abort();
    await pass.done;
  }

  /**
   * Sweeps the documents without vectors in id order, a batch at a time: read, embed, write. A document
   * rewritten while its batch was embedded keeps its new state (addVectors checks the slot); one that lost
   * its vectors behind the cursor is caught by another sweep (`dirty`).
   */
  private async fill(embedder: Embedder, key: string, signal: AbortSignal): Promise<FillOutcome> {
    try {
      let after = 0;
      for (;;) {
        // A model that answers at once (a test embedder, a fast GPU) would otherwise keep the event loop
        // to itself for the whole sweep.
        await nextTurn();
        if (signal.aborted) return ABORTED;
        const docs = this.repo.unembedded(after, this.batchDocuments);
        if (docs.length === 0) {
          if (after > 0 && this.dirty) {
            this.dirty = false;
            after = 0;
            continue;
          }
          break;
        }
        const pieces = docs.flatMap((d) => chunksOfStored(d).map((c) => ({ ...c, docId: d.id })));
        const vectors = await embedTexts(
          embedder,
          pieces.map((p) => p.text),
          signal,
        );
        if (signal.aborted) return ABORTED;
        const chunks = new Map<number, ChunkRow[]>();
        pieces.forEach((p, i) => {
          const list = chunks.get(p.docId) ?? [];
          list.push({ docId: p.docId, page: p.page, text: p.text, vector: vectors[i]! });
          chunks.set(p.docId, list);
        });
        const written = this.repo.addVectors(
          key,
          docs.map((d) => ({ id: d.id, slot: d.slot, chunks: chunks.get(d.id) ?? [] })),
        );
        if (this.embedded !== null) this.embedded += written;
        this.answered();
        after = docs[docs.length - 1]!.id;
        this.report();
      }
      if (!this.answering) {
        // Nothing was left to embed, so nothing proved the model is back after a failure: ask it.
        await embedTexts(embedder, ['docpipe'], signal);
        if (signal.aborted) return ABORTED;
        this.answered();
      }
      return { kind: 'complete' };
    } catch (error) {
      return signal.aborted ? ABORTED : { kind: 'failed', error };
    }
  }

  private answered(): void {
    this.answering = true;
    this.failures = 0;
    this.lastError = null;
  }

  private pause(): void {
    this.state = 'paused';
    this.failures++;
    this.clearRetry();
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (this.state === 'paused') this.startPass();
      },
      backoffDelay(this.failures, this.retry),
    );
    // A pending retry must not keep a CLI process alive.
    this.retryTimer.unref();
    this.report();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private report(): void {
    const listener = this.listener;
    if (listener === null) return;
    try {
      const status = this.status();
      if (status !== null) listener(status);
    } catch {
      // A progress listener's failure is its own; the fill goes on.
    }
  }
}

/**
 * Vectors for texts, in slices of EMBED_SLICE, checked for count and length: a model that answers with
 * the wrong number or size of vectors is a failure of the model, not vectors to store.
 */
export async function embedTexts(embedder: Embedder, texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += EMBED_SLICE) {
    const slice = texts.slice(i, i + EMBED_SLICE);
    const got = await embedder.embed(slice, signal);
    if (got.length !== slice.length || got.some((v) => v.length !== embedder.dims)) {
      throw new AppError(
        ErrorCode.LLM_BAD_OUTPUT,
        `The embedding model ${embedder.model} returned ${got.length} vectors for ${slice.length} texts, or vectors of the wrong size (expected ${embedder.dims}).`,
      );
    }
    out.push(...got);
  }
  return out;
}

/**
 * A stored document's passages: its pages cut back out of the body at the stored offsets (toDocRow joins
 * them with a blank line). Index writes chunk the same stored form, so a document gets the same chunks
 * whether it was embedded when written or later by the fill.
 */
export function chunksOfStored(doc: Pick<UnembeddedDoc, 'title' | 'body' | 'pages'>): TextChunk[] {
  const offsets = doc.pages;
  if (offsets === null || offsets.length === 0) return chunkDocument({ title: doc.title, text: doc.body });
  const pages = offsets.map(([page, start], i) => {
    const next = offsets[i + 1];
    return { page, text: doc.body.slice(start, next === undefined ? doc.body.length : Math.max(start, next[1] - 2)) };
  });
  return chunkDocument({ title: doc.title, text: doc.body, pages });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
