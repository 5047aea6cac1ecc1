import { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { Understanding } from '../../shared/contract/schemas/fieldValue.js';
import type { StageResult } from '../../shared/contract/jobs.js';
import type { ModelHost } from '../inference/ModelHost.js';
import type { Store } from '../store/Store.js';
import type { StageDefinition } from './Stage.js';

export interface UnderstandStageOptions {
  timeoutMs: number;
  maxAttempts: number;
}

/**
 * understand: type + fields from the extracted pages, with the embedded model (CPU, milliseconds per
 * document). A type a person set is kept: the fields are extracted for that type instead.
 */
export function createUnderstandStage(store: Store, models: ModelHost, options: UnderstandStageOptions): StageDefinition<Understanding> {
  return {
    stage: 'understand',
    // Pure CPU in this thread for a few ms; one at a time keeps the event loop responsive.
    concurrency: 1,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,

    async run(job): Promise<StageResult<Understanding>> {
      const doc = store.documents.get(job.documentId);
      if (!doc) return { kind: 'cancel', error: { code: 'NOT_FOUND', message: `Document ${job.documentId} is gone.`, retryable: false } };
      const pages = store.pages.list(job.documentId);
      const userType = doc.typeSource === 'user' ? DocumentType.safeParse(doc.type) : null;
      const understanding = models.understand(pages, userType?.success ? userType.data : undefined);
      return { kind: 'ok', value: understanding };
    },

    commit(job, u) {
      const now = new Date().toISOString();
      const doc = store.documents.get(job.documentId);
      if (doc?.typeSource !== 'user') {
        store.documents.setType(job.documentId, { type: u.type, confidence: u.typeConfidence, source: 'embedded', probabilities: u.probabilities }, now);
      }
      store.fields.replaceMachine(job.documentId, 'embedded', u.fields, now);
      store.emit({ type: 'document.understood', docType: u.type, confidence: u.typeConfidence, correlationId: job.correlationId, documentId: job.documentId });
    },
  };
}
