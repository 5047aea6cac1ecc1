import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { resolve } from 'node:path';
import { commands, type Api, type CommandInput, type CommandName, type CommandOutput } from '../../shared/contract/api.js';
import type { DocumentDetail } from '../../shared/contract/documents.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { Ingestor } from '../ingest/Ingestor.js';
import type { JobQueue } from '../queue/JobQueue.js';
import type { Store } from '../store/Store.js';

export interface HandlerDeps {
  store: Store;
  queue: JobQueue;
  ingestor: Ingestor;
  /** Starts watching a folder (stored, so it survives restarts). */
  watchFolder(path: string): Promise<void>;
  unwatchFolder(path: string): Promise<void>;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
}

type Implementations = { [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>> | CommandOutput<K> };
/** Handlers receive the parsed input (defaults applied). */
type ParsedInput<K extends CommandName> = z.output<(typeof commands)[K]['input']>;

/**
 * The one implementation of the contract. Every shell (IPC, HTTP, CLI) calls these through `api`,
 * which parses the input with the contract's schema first: a handler never sees unchecked input.
 */
export function createApi(deps: HandlerDeps): Api {
  const { store, queue, ingestor } = deps;

  const impl: Implementations = {
    async ingest({ paths, watch }) {
      const batchId = randomUUID();
      const absolute = paths.map((p) => resolve(p));
      const summary = await ingestor.ingest(absolute, batchId);
      deps.wake();
      if (watch) for (const p of absolute) await deps.watchFolder(p);
      return summary;
    },

    batchProgress({ batchId }) {
      const counts = store.batches.stateCounts(batchId);
      return {
        batchId,
        pending: (counts.queued ?? 0) + (counts.processing ?? 0),
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
        failures: store.batches.failures(batchId),
      };
    },

    status() {
      return { documents: store.documents.count(), jobs: store.jobs.counts(), watched: store.watched.list() };
    },

    listDocuments({ state, limit, offset }) {
      return store.documents.list({ state, limit, offset });
    },

    getDocument({ ref }) {
      const id = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : store.locations.getByPath(resolve(ref))?.document_id;
      const doc = id === undefined ? undefined : store.documents.get(id);
      if (!doc) throw new AppError(ErrorCode.NOT_FOUND, `No document ${JSON.stringify(ref)}. List documents with "docpipe docs".`);
      const detail: DocumentDetail = {
        ...doc,
        pageTexts: store.pages.listTexts(doc.id),
        jobs: store.jobs.listForDocument(doc.id).map((j) => ({
          id: j.id,
          stage: j.stage,
          state: j.state,
          attempt: j.attempt,
          maxAttempts: j.max_attempts,
          errors: JSON.parse(j.errors) as DocumentDetail['jobs'][number]['errors'],
        })),
      };
      return detail;
    },

    retryJobs(input) {
      const ids = 'jobId' in input ? [input.jobId] : store.jobs.listDiscardedIds();
      const retried = queue.retryDiscarded(ids);
      deps.wake();
      return { retried };
    },

    async unwatch({ path }) {
      const absolute = resolve(path);
      await deps.unwatchFolder(absolute);
      return { removed: store.tx(() => store.watched.remove(absolute)) };
    },
  };

  const api = {} as Record<CommandName, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(commands) as CommandName[]) {
    const schema = commands[name].input;
    const handler = impl[name] as (input: unknown) => unknown;
    api[name] = async (input: unknown) => {
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) {
        throw new AppError(ErrorCode.INVALID_ARGUMENT, `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
      }
      return handler(parsed.data);
    };
  }
  return api as unknown as Api;
}

export type { CommandInput };
