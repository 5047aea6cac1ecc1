import { resolve } from 'node:path';
import type { BatchProgress, Status } from '../../shared/contract/api.js';
import type { DocumentDetail, DocumentSummary } from '../../shared/contract/documents.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { DocumentState } from '../../shared/contract/jobs.js';
import type { PageDocument } from '../pages/pageImages.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import type { Store } from '../store/Store.js';
import { toDetail, toSummary } from './documentViews.js';

/** A document as a person names it: its id (a number, or digits as text) or one of its paths. */
export type DocumentRef = number | string;

/** What the store knows about documents, as the API shows it (fields and review status included). */
export class DocumentCatalog {
  constructor(
    private readonly store: Store,
    /** Type or field confidence under which a document's review status is needs_review. */
    private readonly reviewThreshold: number,
  ) {}

  /** The stored document `ref` names; NOT_FOUND with what to do when there is none. */
  find(ref: DocumentRef): DocumentRecord {
    const id =
      typeof ref === 'number'
        ? ref
        : /^\d+$/.test(ref)
          ? Number(ref)
          : this.store.locations.getByPath(resolve(ref))?.document_id;
    const doc = id === undefined ? undefined : this.store.documents.get(id);
    if (!doc)
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `No document ${JSON.stringify(ref)}. List documents with "docpipe docs".`,
      );
    return doc;
  }

  summary(record: DocumentRecord): DocumentSummary {
    return toSummary(this.store, record, this.reviewThreshold);
  }

  /** The document as it stands now (read again: callers pass the id after writing). */
  detail(ref: DocumentRef): DocumentDetail {
    return toDetail(this.store, this.find(ref), this.reviewThreshold);
  }

  /** What a page picture needs: the document's record and its page sizes, not its text. */
  pageDocument(ref: DocumentRef): PageDocument {
    const record = this.find(ref);
    return { ...record, pageTexts: this.store.pages.sizes(record.id) };
  }

  list(filter: {
    state?: DocumentState | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  }): DocumentSummary[] {
    return this.store.documents.list(filter).map((d) => this.summary(d));
  }

  status(): Status {
    return {
      documents: this.store.documents.count(),
      documentStates: this.store.documents.stateCounts(),
      jobs: this.store.jobs.counts(),
      watched: this.store.watched.list(),
    };
  }

  batchProgress(batchId: string): BatchProgress {
    const counts = this.store.batches.stateCounts(batchId);
    return {
      batchId,
      pending: (counts.queued ?? 0) + (counts.processing ?? 0),
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      failures: this.store.batches.failures(batchId),
    };
  }
}
