import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode } from '../../shared/contract/errors.js';
import type { DocpipeEvent } from '../../shared/contract/events.js';
import type { DocumentState } from '../../shared/contract/jobs.js';
import { EventBus } from '../bus/EventBus.js';
import { openDatabase } from '../store/Database.js';
import { Store } from '../store/Store.js';

export interface TempStore {
  store: Store;
  /** Every event published so far (after commit). */
  events: DocpipeEvent[];
  /** A folder of its own for files the test writes. */
  dir: string;
  /** A document with its paths, in `state` (default completed). */
  addDocument(options: {
    sha256: string;
    paths?: string[];
    state?: DocumentState;
    error?: { code: ErrorCode; message: string };
  }): number;
  /** Closes the store and removes its folder. */
  dispose(): void;
}

/** A real store in a temporary folder (migrations applied), as the core opens it. */
export function openTempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-store-'));
  const bus = new EventBus();
  const events: DocpipeEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const store = new Store(openDatabase({ path: join(dir, 'docpipe.sqlite') }), bus);
  const at = new Date().toISOString();
  return {
    store,
    events,
    dir,
    addDocument: ({ sha256, paths = [], state = 'completed', error }) =>
      store.tx(() => {
        const id = store.documents.insert({ sha256, mime: 'text/plain', size: 1, state, error }, at);
        for (const p of paths) store.locations.upsert(p, id, 1, 0, at);
        return id;
      }),
    dispose: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
