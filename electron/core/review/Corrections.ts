import { randomUUID } from 'node:crypto';
import type { DocumentDetail } from '../../shared/contract/documents.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { DOCUMENT_TYPES, DocumentType, FIELD_SPECS, fieldSpec } from '../../shared/contract/schemas/documentTypes.js';
import type { Correction } from '../../understand/index.js';
import type { DocumentCatalog, DocumentRef } from '../documents/DocumentCatalog.js';
import { documentReunderstanding } from '../documents/documentLifecycle.js';
import type { ModelHost } from '../inference/ModelHost.js';
import { embeddedUnderstanding, storeUnderstanding } from '../pipeline/understandStage.js';
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
  /**
   * The embedded classifier, when the pipeline runs: a new type's fields are read with it at once, and
   * type corrections are learned through it. Null: nothing is read again or learned.
   */
  models: Pick<ModelHost, 'relearn' | 'understand' | 'idle'> | null;
  /** Type or field confidence under which a document needs review (for confirmConfident). */
  reviewThreshold: number;
  /** Attempts of a job a correction enqueues. */
  maxAttempts: number;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** Clock (ISO text), injectable for tests. Default: now. */
  now?: () => string;
}

/**
 * A person's review. Corrections are stored as such (a `corrections` row, a 'user' type or field that no
 * re-run overwrites) and feed the classifier. A correction settles what it corrects, nothing more: only
 * `confirm` says the whole document was looked at, and so does a correction after which nothing uncertain
 * is left (both set `reviewed_at`, which the review queue, the library and the details all read). A withdrawn correction (undo) is a row with an
 * empty value, so the history stays and the classifier stops learning it.
 */
export class Corrections {
  private readonly now: () => string;

  constructor(private readonly deps: CorrectionsDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /**
   * Sets the type. Another type than the document had brings that type's fields: the old type's go at
   * once, and the new type's are read before this answers (with a classifier; else they come with the
   * next re-processing). Every type correction is learned again.
   */
  async setType(ref: DocumentRef, type: DocumentType): Promise<DocumentDetail> {
    const { store, catalog } = this.deps;
    const doc = catalog.find(ref);
    if (doc.state !== 'completed') {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `Document ${doc.id} is ${doc.state}; its type can be set once it is completed.`,
      );
    }
    const correlationId = `correction-${randomUUID()}`;
    const changed = doc.type !== type;
    store.tx(() => {
      store.corrections.add(doc.id, doc.sha256, 'type', type, doc.type, this.now());
      store.documents.setType(
        doc.id,
        { type, confidence: 1, source: 'user', probabilities: store.documents.typeProbabilities(doc.id) },
        this.now(),
      );
      if (changed) {
        store.fields.keepOnly(
          doc.id,
          FIELD_SPECS[type].map((f) => f.name),
        );
        // What a person confirmed was the old type's reading; the new type's fields are unchecked.
        store.documents.clearReviewed(doc.id);
      }
      store.emit({ type: 'document.corrected', field: 'type', correlationId, documentId: doc.id });
    });
    if (changed) await this.readFields(doc.id, type, correlationId);
    else {
      this.reindex(doc);
      this.deps.wake();
    }
    this.relearn();
    store.tx(() => this.settle(doc.id));
    return catalog.detail(doc.id);
  }

  /** Sets one field from what a person wrote (normalized by the field's kind; refused when it is not one). */
  setField(ref: DocumentRef, field: string, value: string): DocumentDetail {
    const { store, catalog } = this.deps;
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
      store.emit({
        type: 'document.corrected',
        field,
        correlationId: `correction-${randomUUID()}`,
        documentId: doc.id,
      });
      this.reindex(doc);
      this.settle(doc.id);
    });
    this.deps.wake();
    return catalog.detail(doc.id);
  }

  /**
   * A correction after which nothing is uncertain completes the review; one that leaves something
   * uncertain does not (the rest may still need a look).
   */
  private settle(id: number): void {
    const { store, catalog } = this.deps;
    if (catalog.detail(id).review === 'ok') store.documents.markReviewed(id, this.now());
  }

  /**
   * After an undo: a document that has something uncertain again waits for review again; one that does
   * not keeps its review.
   */
  private unsettle(id: number): void {
    const { store, catalog } = this.deps;
    const reviewedAt = store.documents.get(id)?.reviewedAt ?? null;
    if (reviewedAt === null) return;
    store.documents.clearReviewed(id);
    if (catalog.detail(id).review !== 'needs_review') store.documents.markReviewed(id, reviewedAt);
  }

  /**
   * Withdraws a person's correction of a field (its name) or of the type (`type`): the machine's value
   * shows again. A withdrawn type goes back to what the classifier reads, with that type's fields.
   */
  async clearCorrection(ref: DocumentRef, field: string): Promise<DocumentDetail> {
    const { store, catalog } = this.deps;
    const doc = catalog.find(ref);
    const correlationId = `correction-${randomUUID()}`;
    if (field === 'type') {
      const probabilities = store.documents.typeProbabilities(doc.id);
      const likeliest = Object.entries(probabilities)
        .filter((entry): entry is [DocumentType, number] => DocumentType.safeParse(entry[0]).success)
        .sort((a, b) => b[1] - a[1])[0];
      if (doc.typeSource !== 'user' || !doc.type)
        throw nothingToUndo(`The type of document ${doc.id} was not set by a person`);
      if (!likeliest) {
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `Document ${doc.id} has no type of the classifier's to go back to: re-process it ("docpipe reprocess ${doc.id}").`,
        );
      }
      const [machineType, confidence] = likeliest;
      store.tx(() => {
        store.corrections.add(doc.id, doc.sha256, 'type', '', doc.type, this.now());
        store.documents.setType(
          doc.id,
          { type: machineType, confidence, source: 'embedded', probabilities },
          this.now(),
        );
        if (machineType !== doc.type)
          store.fields.keepOnly(
            doc.id,
            FIELD_SPECS[machineType].map((f) => f.name),
          );
        store.emit({ type: 'document.corrected', field: 'type', correlationId, documentId: doc.id });
      });
      // The classifier forgets the withdrawn type first, then reads the document as it would on its own.
      this.relearn();
      await this.readFields(doc.id, null, correlationId);
      store.tx(() => this.unsettle(doc.id));
      return catalog.detail(doc.id);
    }
    const corrected = store.fields.listAll(doc.id).find((f) => f.name === field && f.source === 'user');
    if (!corrected) throw nothingToUndo(`"${field}" of document ${doc.id} was not corrected by a person`);
    store.tx(() => {
      store.corrections.add(doc.id, doc.sha256, field, '', corrected.value, this.now());
      store.fields.deleteValue(doc.id, field, 'user');
      store.emit({ type: 'document.corrected', field, correlationId, documentId: doc.id });
      this.reindex(doc);
      this.unsettle(doc.id);
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

  /**
   * Confirms every document of `type` waiting for review whose uncertain values are all at least
   * `above` (or only finds them, with `dryRun`).
   */
  confirmConfident(request: { type: DocumentType; above: number; dryRun: boolean }): {
    ids: number[];
    confirmed: boolean;
  } {
    const { store, reviewThreshold } = this.deps;
    const ids = store.review.confidentOfType(request.type, request.above, reviewThreshold);
    if (!request.dryRun) {
      const now = this.now();
      store.tx(() => {
        for (const id of ids) store.documents.markReviewed(id, now);
      });
    }
    return { ids, confirmed: !request.dryRun };
  }

  /**
   * Reads a document's fields again (type forced, or null: the classifier decides) in the understanding
   * thread, and stores them. Should the thread fail, the understand job does it, retried like any job.
   */
  private async readFields(documentId: number, type: DocumentType | null, correlationId: string): Promise<void> {
    const { store, models } = this.deps;
    const doc = store.documents.get(documentId);
    if (!models || !doc?.sha256 || doc.state !== 'completed') return;
    try {
      const understanding = await embeddedUnderstanding(store, models, documentId, type);
      store.tx(() => {
        storeUnderstanding(store, documentId, understanding, correlationId, this.now());
        this.reindex(doc);
      });
      this.deps.wake();
    } catch {
      this.requeueUnderstanding(doc, correlationId);
    }
  }

  /** The index shows corrected values too: the document is indexed again. */
  private reindex(doc: DocumentRecord): void {
    if (!doc.sha256 || doc.state !== 'completed') return;
    this.deps.queue.enqueue({
      stage: 'index',
      documentId: doc.id,
      sha256: doc.sha256,
      correlationId: null,
      maxAttempts: this.deps.maxAttempts,
      requeueTerminal: true,
    });
  }

  /** Re-runs the understanding of a completed document in the pipeline. */
  private requeueUnderstanding(doc: DocumentRecord, correlationId: string): void {
    const { store, queue } = this.deps;
    if (!doc.sha256 || doc.state !== 'completed') return;
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

function nothingToUndo(what: string): AppError {
  return new AppError(ErrorCode.INVALID_ARGUMENT, `${what}: there is no correction to undo.`);
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
