import { randomUUID } from 'node:crypto';
import type { DocumentDetail } from '../../shared/contract/documents.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import {
  DOCUMENT_TYPES,
  FIELD_SPECS,
  fieldSpec,
  type DocumentType,
} from '../../shared/contract/schemas/documentTypes.js';
import type { Correction } from '../../understand/index.js';
import type { DocumentCatalog, DocumentRef } from '../documents/DocumentCatalog.js';
import { documentReunderstanding } from '../documents/documentLifecycle.js';
import type { ModelHost } from '../inference/ModelHost.js';
import type { JobQueue } from '../queue/JobQueue.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import type { Store } from '../store/Store.js';
import { normalizeUserValue } from './userValues.js';
import type { BulkResult } from '../../shared/contract/library.js';
import { chunks } from '../documents/Library.js';

export interface CorrectionsDeps {
  store: Store;
  queue: Pick<JobQueue, 'enqueue'>;
  catalog: DocumentCatalog;
  /** The embedded classifier, when the pipeline runs: type corrections are learned through it. Null: nothing learns. */
  models: Pick<ModelHost, 'relearn'> | null;
  /** Attempts of a job a correction enqueues. */
  maxAttempts: number;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** Clock (ISO text), injectable for tests. Default: now. */
  now?: () => string;
}

/**
 * A person's review: corrections are stored as such (a `corrections` row, a 'user' type or field that no
 * re-run overwrites), mark the document reviewed, and feed the classifier.
 */
export class Corrections {
  private readonly now: () => string;

  constructor(private readonly deps: CorrectionsDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** Sets the type. A new type re-runs understanding (the new type's fields); every type correction is learned again. */
  setType(ref: DocumentRef, type: DocumentType): DocumentDetail {
    const { store, catalog } = this.deps;
    const doc = catalog.find(ref);
    if (doc.state !== 'completed') {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `Document ${doc.id} is ${doc.state}; its type can be set once it is completed.`,
      );
    }
    const correlationId = `correction-${randomUUID()}`;
    store.tx(() => {
      store.corrections.add(doc.id, doc.sha256, 'type', type, doc.type, this.now());
      store.documents.setType(
        doc.id,
        { type, confidence: 1, source: 'user', probabilities: store.documents.typeProbabilities(doc.id) },
        this.now(),
      );
      store.documents.markReviewed(doc.id, this.now());
      store.emit({ type: 'document.corrected', field: 'type', correlationId, documentId: doc.id });
    });
    if (doc.type !== type) this.requeueUnderstanding(catalog.find(doc.id), correlationId);
    this.relearn();
    return catalog.detail(doc.id);
  }

  /** Sets one field from what a person wrote (normalized by the field's kind; refused when it is not one). */
  setField(ref: DocumentRef, field: string, value: string): DocumentDetail {
    const { store, catalog, queue } = this.deps;
    const doc = catalog.find(ref);
    const type = doc.type as DocumentType | null;
    const spec = type ? fieldSpec(type, field) : undefined;
    if (!type || !spec) {
      const known = type ? FIELD_SPECS[type].map((f) => f.name).join(', ') : '(none: the document has no type yet)';
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `"${field}" is not a field of ${type ?? 'this document'}. Fields: ${known}.`,
      );
    }
    const normalized = normalizeUserValue(spec, value);
    const previous = store.fields.list(doc.id).find((f) => f.name === field);
    store.tx(() => {
      // The index shows corrected values too: index this document again.
      if (doc.sha256 && doc.state === 'completed') {
        queue.enqueue({
          stage: 'index',
          documentId: doc.id,
          sha256: doc.sha256,
          correlationId: null,
          maxAttempts: this.deps.maxAttempts,
          requeueTerminal: true,
        });
      }
      store.corrections.add(doc.id, doc.sha256, field, value, previous?.value ?? null, this.now());
      store.fields.write(
        doc.id,
        {
          name: field,
          value,
          normalized,
          confidence: 1,
          source: 'user',
          page: previous?.page ?? null,
          box: previous?.box ?? null,
        },
        this.now(),
      );
      store.documents.markReviewed(doc.id, this.now());
      store.emit({
        type: 'document.corrected',
        field,
        correlationId: `correction-${randomUUID()}`,
        documentId: doc.id,
      });
    });
    this.deps.wake();
    return catalog.detail(doc.id);
  }

  /**
   * `setType` for many documents, in transactions of at most 10,000: completed ones get the type (and
   * understanding runs again where it changed); the others are skipped and counted. Learned once, after.
   */
  setTypes(ids: readonly number[], type: DocumentType): BulkResult {
    const { store, queue, models } = this.deps;
    let done = 0;
    let notCompleted = 0;
    for (const group of chunks(ids)) {
      const correlationId = `correction-${randomUUID()}`;
      store.tx(() => {
        const at = this.now();
        const changed: number[] = [];
        for (const id of group) {
          const doc = store.documents.get(id);
          if (!doc) continue;
          if (doc.state !== 'completed') {
            notCompleted++;
            continue;
          }
          store.corrections.add(doc.id, doc.sha256, 'type', type, doc.type, at);
          store.documents.setType(
            doc.id,
            { type, confidence: 1, source: 'user', probabilities: store.documents.typeProbabilities(doc.id) },
            at,
          );
          store.documents.markReviewed(doc.id, at);
          if (doc.type !== type && doc.sha256 && models) {
            queue.enqueue({
              stage: 'understand',
              documentId: doc.id,
              sha256: doc.sha256,
              correlationId,
              maxAttempts: this.deps.maxAttempts,
              requeueTerminal: true,
            });
            documentReunderstanding(store, doc.id, at);
          }
          changed.push(doc.id);
        }
        if (changed.length > 0)
          store.emit({ type: 'documents.corrected', field: 'type', ids: changed, correlationId, documentId: null });
        done += changed.length;
      });
    }
    this.deps.wake();
    if (done > 0) this.relearn();
    return bulkResult(
      done,
      notCompleted,
      'still being processed or failed; a type can be set once a document is completed',
    );
  }

  /** `confirm` for many documents: those understood (completed, with a type); the others are skipped and counted. */
  confirmMany(ids: readonly number[]): BulkResult {
    const { store } = this.deps;
    let done = 0;
    let skipped = 0;
    for (const group of chunks(ids)) {
      store.tx(() => {
        const at = this.now();
        const confirmed: number[] = [];
        for (const id of group) {
          const doc = store.documents.get(id);
          if (!doc) continue;
          if (doc.state !== 'completed' || doc.type === null) {
            skipped++;
            continue;
          }
          store.documents.markReviewed(doc.id, at);
          confirmed.push(doc.id);
        }
        if (confirmed.length > 0)
          store.emit({ type: 'documents.confirmed', ids: confirmed, correlationId: null, documentId: null });
        done += confirmed.length;
      });
    }
    return bulkResult(done, skipped, 'not understood yet (still being processed, or failed)');
  }

  /** A person looked and agrees with what is there: the document leaves the review queue. */
  confirm(ref: DocumentRef): DocumentDetail {
    const { store, catalog } = this.deps;
    const doc = catalog.find(ref);
    store.tx(() => store.documents.markReviewed(doc.id, this.now()));
    return catalog.detail(doc.id);
  }

  /** Re-runs the understanding of a completed document (after a type correction: fields of the new type). */
  private requeueUnderstanding(doc: DocumentRecord, correlationId: string): void {
    const { store, queue, models } = this.deps;
    // Without a classifier there is no understand stage to run.
    if (!doc.sha256 || doc.state !== 'completed' || !models) return;
    const sha256 = doc.sha256;
    store.tx(() => {
      queue.enqueue({
        stage: 'understand',
        documentId: doc.id,
        sha256,
        correlationId,
        maxAttempts: this.deps.maxAttempts,
        requeueTerminal: true,
      });
      documentReunderstanding(store, doc.id, this.now());
    });
    this.deps.wake();
  }

  /** Learns every type correction again, from the shipped model (in the background). */
  private relearn(): void {
    if (!this.deps.models) return;
    void this.deps.models.relearn(storedTypeCorrections(this.deps.store));
  }
}

/** The latest type correction of every document that still has its pages: what the classifier learns. */
export function storedTypeCorrections(store: Store): Correction[] {
  return store.corrections
    .latestTypeCorrections()
    .map((c) => ({ pages: store.pages.list(c.document_id!), label: c.value as DocumentType }))
    .filter((c) => c.pages.length > 0 && (DOCUMENT_TYPES as readonly string[]).includes(c.label));
}

/** A bulk action's answer: what was done, and what was skipped with why ("3 documents are …"). */
export function bulkResult(done: number, skipped: number, why: string): BulkResult {
  return {
    done,
    skipped,
    reasons: skipped === 0 ? [] : [`${skipped} document${skipped === 1 ? ' is' : 's are'} ${why}.`],
  };
}
