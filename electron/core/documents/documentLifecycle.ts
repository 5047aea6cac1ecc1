/**
 * Where a document stands as a whole, derived from its jobs: the one place its state changes.
 *
 *   queued ──a job claimed──▶ processing ──last stage done, nothing pending──▶ completed
 *     ▲                          │                                               │
 *     │                          └──a job discarded──▶ failed ◀──────────────────┘ (a re-index discarded)
 *     └──── requeued (reprocess, retry) ◀── completed | failed
 *   completed ──type corrected──▶ processing (understanding runs again)
 *
 * The job queue, the orchestrator's completion and the services call these functions; nothing else
 * writes `documents.state`. Each runs in (or joins) a transaction, and the event describing the change is
 * written in it. A transition from a state it does not allow changes nothing and returns false.
 */
import type { AppErrorData } from '../../shared/contract/errors.js';
import { DOCUMENT_STATES, type DocumentState } from '../../shared/contract/jobs.js';
import type { Store } from '../store/Store.js';

export const DOCUMENT_TRANSITIONS = {
  /**
   * A job of the document was claimed. Only a queued document starts processing: a completed one whose
   * index job runs again after a correction stays completed (it is searchable and reviewable meanwhile).
   */
  claimed: { from: ['queued'], to: 'processing' },
  /** A person changed a completed document's type: the fields of the new type are being found. */
  reunderstanding: { from: ['completed'], to: 'processing' },
  /**
   * Back to the queue, its error cleared: a person asked for it to be processed again, or for its
   * discarded job to be retried. A queued or processing document is already on its way.
   */
  requeued: { from: ['completed', 'failed'], to: 'queued' },
  /**
   * The last stage finished and no job of the document is pending. Again from `completed`: indexed once
   * more after a correction; from `failed`: a stage the pipeline ran again after a discarded job finished.
   * Never from `queued`: a queued document always has a job pending.
   */
  completed: { from: ['processing', 'completed', 'failed'], to: 'completed' },
  /** A job of the document was discarded (no attempts left, or not worth retrying), whatever it stood at. */
  failed: { from: DOCUMENT_STATES, to: 'failed' },
} as const satisfies Record<string, { from: readonly DocumentState[]; to: DocumentState }>;

export type DocumentTransition = keyof typeof DOCUMENT_TRANSITIONS;

/** Whether a document in `state` may take `transition`. */
export function canMove(state: DocumentState, transition: DocumentTransition): boolean {
  return (DOCUMENT_TRANSITIONS[transition].from as readonly DocumentState[]).includes(state);
}

function move(
  store: Store,
  documentId: number,
  transition: DocumentTransition,
  at: string,
  error?: AppErrorData | null,
): boolean {
  const { from, to } = DOCUMENT_TRANSITIONS[transition];
  return store.documents.moveState(
    documentId,
    from,
    to,
    at,
    error === undefined || error === null ? error : { code: error.code, message: error.message },
  );
}

/** Jobs of these documents were claimed (inside the claim's transaction). */
export function documentsClaimed(store: Store, documentIds: readonly number[], at: string): void {
  store.tx(() => {
    for (const id of documentIds) move(store, id, 'claimed', at);
  });
}

/** A person changed the type: understanding runs again. False unless the document was completed. */
export function documentReunderstanding(store: Store, documentId: number, at: string): boolean {
  return store.tx(() => move(store, documentId, 'reunderstanding', at));
}

/** The document goes back to the queue with its error cleared (the caller enqueues its job). */
export function documentRequeued(store: Store, documentId: number, at: string): boolean {
  return store.tx(() => move(store, documentId, 'requeued', at, null));
}

/** The last stage finished with nothing pending: `document.completed`. */
export function documentCompleted(store: Store, documentId: number, correlationId: string | null, at: string): boolean {
  return store.tx(() => {
    if (!move(store, documentId, 'completed', at)) return false;
    store.emit({ type: 'document.completed', correlationId, documentId });
    return true;
  });
}

/** A job of the document was discarded: the document fails with that job's error (`document.failed`). */
export function documentFailed(
  store: Store,
  documentId: number,
  error: AppErrorData,
  correlationId: string | null,
  at: string,
): boolean {
  return store.tx(() => {
    if (!move(store, documentId, 'failed', at, error)) return false;
    store.emit({ type: 'document.failed', code: error.code, message: error.message, correlationId, documentId });
    return true;
  });
}
