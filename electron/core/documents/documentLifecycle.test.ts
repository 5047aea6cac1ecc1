import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNever, ErrorCode } from '../../shared/contract/errors.js';
import type { DocpipeEvent } from '../../shared/contract/events.js';
import { DOCUMENT_STATES, type DocumentState } from '../../shared/contract/jobs.js';
import { EventBus } from '../bus/EventBus.js';
import { openDatabase } from '../store/Database.js';
import { Store } from '../store/Store.js';
import {
  canMove,
  DOCUMENT_TRANSITIONS,
  documentCompleted,
  documentFailed,
  documentRequeued,
  documentReunderstanding,
  documentsClaimed,
  type DocumentTransition,
} from './documentLifecycle.js';

let dir: string;
let store: Store;
let events: DocpipeEvent[];
const at = '2026-01-01T00:00:00.000Z';
const error = { code: ErrorCode.PDF_CORRUPT, message: 'bad.pdf is damaged', retryable: false };

function newDocument(state: DocumentState, sha = `sha-${Math.random()}`): number {
  return store.tx(() =>
    store.documents.insert(
      {
        sha256: sha,
        mime: 'application/pdf',
        size: 1,
        state,
        error: state === 'failed' ? { code: ErrorCode.STAGE_TIMEOUT, message: 'slow' } : undefined,
      },
      at,
    ),
  );
}

/** Applies one transition through the module's function for it. */
function apply(transition: DocumentTransition, id: number): void {
  switch (transition) {
    case 'claimed':
      return documentsClaimed(store, [id], at);
    case 'reunderstanding':
      return void documentReunderstanding(store, id, at);
    case 'requeued':
      return void documentRequeued(store, id, at);
    case 'completed':
      return void documentCompleted(store, id, 'c1', at);
    case 'failed':
      return void documentFailed(store, id, error, 'c1', at);
    default:
      assertNever(transition, 'document transition');
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'docpipe-lifecycle-'));
  const bus = new EventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  store = new Store(openDatabase({ path: join(dir, 'db.sqlite') }), bus);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('document lifecycle', () => {
  it('moves a document only along the written transitions, from every state', () => {
    for (const transition of Object.keys(DOCUMENT_TRANSITIONS) as DocumentTransition[]) {
      for (const state of DOCUMENT_STATES) {
        const id = newDocument(state);
        apply(transition, id);
        const expected = canMove(state, transition) ? DOCUMENT_TRANSITIONS[transition].to : state;
        expect(store.documents.get(id)?.state, `${transition} from ${state}`).toBe(expected);
      }
    }
  });

  it('a claim starts only queued documents: a completed one being indexed again stays completed', () => {
    const queued = newDocument('queued');
    const completed = newDocument('completed');
    documentsClaimed(store, [queued, completed], at);
    expect(store.documents.get(queued)?.state).toBe('processing');
    expect(store.documents.get(completed)?.state).toBe('completed');
  });

  it('fails with the error and its event in one transaction; requeueing clears the error', () => {
    const id = newDocument('processing');
    expect(documentFailed(store, id, error, 'batch-1', at)).toBe(true);
    expect(store.documents.get(id)).toMatchObject({
      state: 'failed',
      error: { code: ErrorCode.PDF_CORRUPT, message: 'bad.pdf is damaged' },
    });
    expect(events).toMatchObject([
      { type: 'document.failed', code: ErrorCode.PDF_CORRUPT, correlationId: 'batch-1', documentId: id },
    ]);

    expect(documentRequeued(store, id, at)).toBe(true);
    expect(store.documents.get(id)).toMatchObject({ state: 'queued', error: null });
  });

  it('completing keeps an earlier error and says so once per completion; a refused move says nothing', () => {
    const failed = newDocument('failed');
    expect(documentCompleted(store, failed, 'c2', at)).toBe(true);
    expect(store.documents.get(failed)).toMatchObject({ state: 'completed', error: { code: ErrorCode.STAGE_TIMEOUT } });
    const queued = newDocument('queued');
    expect(documentCompleted(store, queued, 'c2', at)).toBe(false);
    expect(events.filter((e) => e.type === 'document.completed').map((e) => e.documentId)).toEqual([failed]);
  });

  it('a rolled-back transaction leaves the state and publishes nothing', () => {
    const id = newDocument('processing');
    expect(() =>
      store.tx(() => {
        documentCompleted(store, id, null, at);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(store.documents.get(id)?.state).toBe('processing');
    expect(events).toHaveLength(0);
  });
});
