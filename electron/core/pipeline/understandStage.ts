import { ErrorCode } from '../../shared/contract/errors.js';
import { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { Understanding } from '../../shared/contract/schemas/fieldValue.js';
import type { StageResult } from '../../shared/contract/jobs.js';
import type { ModelHost } from '../inference/ModelHost.js';
import type { LlmRuntime } from '../inference/ModelServerLink.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/Store.js';
import { withEInvoice } from './eInvoiceUnderstanding.js';
import type { StageDefinition } from './Stage.js';

export interface UnderstandStageOptions {
  timeoutMs: number;
  maxAttempts: number;
  /**
   * The LLM, when there is one: its answer is combined with the embedded one. A function is asked for
   * every job, so a model server that comes (or goes) later joins (or leaves) without a restart.
   */
  llm?: LlmRuntime | null | (() => LlmRuntime | null);
  /** How long the stage pauses when the model server is down, ms. Default 30 s. */
  serverDownPauseMs?: number;
  /**
   * The picture of a document's page (PNG or JPEG bytes), for the vision model when OCR read the
   * document poorly (core/pages/pageImages.ts); null or a throw when it cannot be made. Default none.
   */
  pageImage?: (documentId: number, page: number) => Promise<Uint8Array | null>;
}

/**
 * understand: type + fields from the extracted pages. The embedded model (CPU, milliseconds, in the
 * understanding thread) always runs; with an LLM configured its answer is combined in (agreement raises
 * confidence, disagreement lowers it and keeps both candidates). A type a person set is kept: the fields
 * are extracted for it.
 */
export function createUnderstandStage(
  store: Store,
  models: ModelHost,
  log: Logger,
  options: UnderstandStageOptions,
): StageDefinition<Understanding> {
  const given = options.llm;
  const currentLlm = typeof given === 'function' ? given : () => given ?? null;
  return {
    stage: 'understand',
    // Embedded only: one at a time, as the understanding thread takes them (more would only wait in its
    // pool with their pages in memory). With an LLM: as many as the model server has slots (more would
    // only queue inside it); the embedded part of each waits its turn for the thread.
    get concurrency() {
      return currentLlm()?.parallel ?? 1;
    },
    // Two model calls, each retried once at most, plus waiting for a slot.
    get timeoutMs() {
      const llm = currentLlm();
      return llm ? Math.max(options.timeoutMs, 5 * llm.timeoutMs) : options.timeoutMs;
    },
    maxAttempts: options.maxAttempts,

    async run(job, signal): Promise<StageResult<Understanding>> {
      const doc = store.documents.get(job.documentId);
      const llm = currentLlm();
      if (!doc)
        return {
          kind: 'cancel',
          error: { code: ErrorCode.NOT_FOUND, message: `Document ${job.documentId} is gone.`, retryable: false },
        };
      const parsed = doc.typeSource === 'user' ? DocumentType.safeParse(doc.type) : null;
      const userType = parsed?.success ? parsed.data : null;
      const embedded = await embeddedUnderstanding(store, models, job.documentId, userType);
      // A type a person set, or an e-invoice (its XML states what it is): no LLM needs asking.
      if (!llm || userType !== null || store.documents.eInvoice(job.documentId)) return { kind: 'ok', value: embedded };

      const pages = store.pages.list(job.documentId);
      const pageImage = options.pageImage;
      const result = await llm.provider.understand(pages, embedded, {
        signal,
        ...(pageImage ? { pageImage: (page: number) => pageImage(job.documentId, page) } : {}),
      });
      switch (result.kind) {
        case 'ok':
          if (result.value.llm.read === 'images')
            log.info(
              { documentId: job.documentId, model: result.value.llm.model, outcome: result.value.llm.outcome },
              'OCR was unsure: the vision model read the page pictures',
            );
          if (result.value.llm.problem)
            log.info(
              { documentId: job.documentId, outcome: result.value.llm.outcome, code: result.value.llm.problem.code },
              'LLM answer partly unusable',
            );
          return { kind: 'ok', value: result.value.understanding };
        case 'retry':
          // The server is down: pause, do not spend the document's attempts; it resumes when the server is back.
          if (result.error.code === ErrorCode.LLM_UNAVAILABLE)
            return { kind: 'snooze', ms: options.serverDownPauseMs ?? 30_000, reason: result.error.message };
          return result;
        case 'cancel':
          // The model is not pulled: the document keeps its embedded result; health() tells the user how to fix it.
          if (result.error.code === ErrorCode.LLM_MODEL_MISSING) {
            log.warn({ documentId: job.documentId }, result.error.message);
            return { kind: 'ok', value: embedded };
          }
          return result;
        default:
          return result;
      }
    },

    commit(job, u) {
      storeUnderstanding(store, job.documentId, u, job.correlationId, new Date().toISOString());
    },
  };
}

/**
 * The embedded understanding of a stored document (in the understanding thread), with its e-invoice's
 * data when it has one: what the stage runs before any LLM, and what a type correction runs at once to
 * read the new type's fields. `type` forces the type (a person's), null lets the classifier decide.
 */
export async function embeddedUnderstanding(
  store: Store,
  models: Pick<ModelHost, 'understand' | 'idle'>,
  documentId: number,
  type: DocumentType | null,
): Promise<Understanding> {
  const pages = store.pages.list(documentId);
  // A correction made just before must count: wait for any relearning in progress (usually none).
  await models.idle();
  // An e-invoice's XML says what the document is and what it states: no model needs asking.
  const eInvoice = store.documents.eInvoice(documentId);
  if (eInvoice && (type === null || type === 'invoice'))
    return withEInvoice(await models.understand(pages, 'invoice'), eInvoice, pages, type !== null);
  // In the understanding thread: a crash or a timeout there rejects, and the job is retried like an extraction.
  return models.understand(pages, type ?? undefined);
}

/**
 * Stores an understanding: the type unless a person set it, and the machine's fields of every source
 * replaced (a person's values stay), with `document.understood`. The caller holds no transaction or one.
 */
export function storeUnderstanding(
  store: Store,
  documentId: number,
  u: Understanding,
  correlationId: string | null,
  now: string,
): void {
  store.tx(() => {
    const doc = store.documents.get(documentId);
    const llmTookPart = u.fields.some((f) => f.source === 'llm');
    if (doc?.typeSource !== 'user') {
      store.documents.setType(
        documentId,
        {
          type: u.type,
          confidence: u.typeConfidence,
          source: llmTookPart ? 'llm' : 'embedded',
          probabilities: u.probabilities,
        },
        now,
      );
    }
    store.fields.replaceMachine(
      documentId,
      'embedded',
      u.fields.filter((f) => f.source === 'embedded'),
      now,
    );
    store.fields.replaceMachine(
      documentId,
      'llm',
      u.fields.filter((f) => f.source === 'llm'),
      now,
    );
    store.emit({
      type: 'document.understood',
      docType: u.type,
      confidence: u.typeConfidence,
      correlationId,
      documentId,
    });
  });
}
