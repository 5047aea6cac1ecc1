import { basename } from 'node:path';
import type { StageResult } from '../../shared/contract/jobs.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import type { IndexDocument, IndexFieldValue, SearchBackend } from '../search/SearchBackend.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import type { Store } from '../store/Store.js';
import type { StageDefinition } from './Stage.js';

export interface IndexStageOptions {
  timeoutMs: number;
  maxAttempts: number;
}

/**
 * The store's completed documents as the index sees them, 200 at a time (memory stays flat), for
 * reindexFromStore. `stopped` is asked before every batch: a stopping core ends a background rebuild by
 * a throw, so that reindexFromStore does not take the documents it never reached for stale ones.
 */
export function* completedDocumentBatches(
  store: Store,
  stopped: () => boolean = () => false,
): Generator<IndexDocument[]> {
  for (let after = 0; ;) {
    if (stopped())
      throw new AppError(ErrorCode.CORE_DISPOSED, 'The search index rebuild stopped: docpipe is shutting down.', {
        retryable: true,
      });
    const page = store.documents.listAfter(after, 200);
    if (page.length === 0) return;
    yield page.filter((d) => d.state === 'completed').map((d) => toIndexDocument(store, d));
    after = page[page.length - 1]!.id;
  }
}

/** The document as the search index sees it: text by page, type, and the fields people see. */
export function toIndexDocument(store: Store, doc: DocumentRecord): IndexDocument {
  const pages = store.pages.listTexts(doc.id).map((p) => ({ page: p.page, text: p.text }));
  const fields: Record<string, IndexFieldValue> = {};
  for (const f of store.fields.list(doc.id)) fields[f.name] = indexValue(f);
  const title =
    typeof fields.title === 'string' && fields.title ? fields.title : basename(doc.paths[0] ?? `document ${doc.id}`);
  const date = typeof fields.date === 'string' ? fields.date : null;
  return {
    id: doc.id,
    title,
    paths: doc.paths,
    type: doc.type,
    text: pages.map((p) => p.text).join('\n\n'),
    pages,
    fields,
    date,
  };
}

function indexValue(f: FieldValue): IndexFieldValue {
  const n = f.normalized;
  if (n === null) return f.value;
  if (typeof n === 'string') return /^-?\d+(\.\d+)?$/.test(n) && !/^\d{4}$/.test(n) ? Number(n) : n;
  return n.map((v) => (typeof v === 'string' ? v : `${v.key}: ${v.value}`));
}

/**
 * index: writes the document to the search backend. The write is an idempotent replace by id, so a
 * crash between the index write and the job's completion only repeats it. A backend that is down is a
 * retry with backoff; the documents stay searchable after `docpipe reindex` in any case.
 */
export function createIndexStage(
  store: Store,
  backend: SearchBackend,
  options: IndexStageOptions,
): StageDefinition<null> {
  return {
    stage: 'index',
    concurrency: 2,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,

    async run(job): Promise<StageResult<null>> {
      const doc = store.documents.get(job.documentId);
      if (!doc)
        return {
          kind: 'cancel',
          error: { code: ErrorCode.NOT_FOUND, message: `Document ${job.documentId} is gone.`, retryable: false },
        };
      try {
        await backend.index([toIndexDocument(store, doc)]);
      } catch (error) {
        const e = AppError.wrap(error, ErrorCode.SEARCH_UNAVAILABLE, 'The search index could not be written');
        return { kind: 'retry', error: { ...e.toJSON(), retryable: true } };
      }
      return { kind: 'ok', value: null };
    },

    commit(job) {
      store.emit({ type: 'document.indexed', correlationId: job.correlationId, documentId: job.documentId });
    },
  };
}
