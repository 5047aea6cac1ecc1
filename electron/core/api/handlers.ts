import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { commands, type Api, type CommandName, type CommandOutput } from '../../shared/contract/api.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { DOCUMENT_TYPES, FIELD_SPECS, fieldSpec, type DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import { writeCsv } from '../export/csv.js';
import type { Ingestor } from '../ingest/Ingestor.js';
import type { ModelHost } from '../inference/ModelHost.js';
import { type Correction } from '../../understand/index.js';
import type { JobQueue } from '../queue/JobQueue.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import type { Store } from '../store/Store.js';
import type { SearchBackend } from '../search/SearchBackend.js';
import { reindexFromStore } from '../search/reindex.js';
import { completedDocumentBatches } from '../pipeline/indexStage.js';
import { toDetail, toReviewItem, toSummary } from './documentViews.js';
import { normalizeUserValue } from './userValues.js';

export interface HandlerDeps {
  store: Store;
  queue: JobQueue;
  ingestor: Ingestor;
  /** The embedded classifier, when the pipeline runs; corrections are learned through it. */
  models: ModelHost | null;
  /** Type or field confidence under which a document goes to review. */
  reviewThreshold: number;
  /** Attempts of a re-queued first stage. */
  maxAttempts: number;
  /** The search backend the index stage writes to. */
  search: SearchBackend;
  /** Starts watching a folder (stored, so it survives restarts). */
  watchFolder(path: string): Promise<void>;
  unwatchFolder(path: string): Promise<void>;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** The picture of one page (core/pages/pageImages.ts). */
  pageImage: Api['pageImage'];
}

/** Handlers receive the parsed input (defaults applied). */
type ParsedInput<K extends CommandName> = z.output<(typeof commands)[K]['input']>;
type Implementations = { [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>> | CommandOutput<K> };

/**
 * The one implementation of the contract. Every shell (IPC, HTTP, CLI) calls these through `api`,
 * which parses the input with the contract's schema first: a handler never sees unchecked input.
 */
export function createApi(deps: HandlerDeps): Api {
  const { store, queue, ingestor, reviewThreshold: threshold } = deps;
  const now = () => new Date().toISOString();

  const find = (ref: number | string): DocumentRecord => {
    const id = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : store.locations.getByPath(resolve(ref))?.document_id;
    const doc = id === undefined ? undefined : store.documents.get(id);
    if (!doc) throw new AppError(ErrorCode.NOT_FOUND, `No document ${JSON.stringify(ref)}. List documents with "docpipe docs".`);
    return doc;
  };

  /** Re-runs the understanding of a document (after a type correction: fields of the new type). */
  const requeueUnderstanding = (doc: DocumentRecord, correlationId: string) => {
    if (!doc.sha256 || doc.state !== 'completed' || !deps.models) return;
    store.tx(() => {
      queue.enqueue({ stage: 'understand', documentId: doc.id, sha256: doc.sha256!, correlationId, maxAttempts: deps.maxAttempts, requeueTerminal: true });
      store.documents.setState(doc.id, 'processing', now());
    });
    deps.wake();
  };

  /** Learns every type correction again, from the shipped model (in the background). */
  const relearn = () => {
    if (!deps.models) return;
    void deps.models.relearn(storedTypeCorrections(store));
  };

  const impl: Implementations = {
    search: (request) => deps.search.search(request),
    searchHealth: () => deps.search.health(),
    pageImage: (request) => deps.pageImage(request),
    async reindex() {
      return reindexFromStore(deps.search, completedDocumentBatches(store));
    },

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
      return store.documents.list({ state, limit, offset }).map((d) => toSummary(store, d, threshold));
    },

    getDocument({ ref }) {
      return toDetail(store, find(ref), threshold);
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

    review({ below, limit }) {
      const items = [];
      for (let after = 0; ; ) {
        const page = store.documents.listAfter(after, 500);
        if (page.length === 0) break;
        for (const doc of page) {
          const item = toReviewItem(doc, store.fields.list(doc.id), below);
          if (item) items.push(item);
        }
        after = page[page.length - 1]!.id;
      }
      return items.sort((a, b) => a.lowestConfidence - b.lowestConfidence || a.id - b.id).slice(0, limit);
    },

    setType({ ref, type }) {
      const doc = find(ref);
      if (doc.state !== 'completed') {
        throw new AppError(ErrorCode.INVALID_ARGUMENT, `Document ${doc.id} is ${doc.state}; its type can be set once it is completed.`);
      }
      const correlationId = `correction-${randomUUID()}`;
      store.tx(() => {
        store.corrections.add(doc.id, doc.sha256, 'type', type, doc.type, now());
        store.documents.setType(doc.id, { type, confidence: 1, source: 'user', probabilities: store.documents.typeProbabilities(doc.id) }, now());
        store.documents.markReviewed(doc.id, now());
        store.emit({ type: 'document.corrected', field: 'type', correlationId, documentId: doc.id });
      });
      if (doc.type !== type) requeueUnderstanding(store.documents.get(doc.id)!, correlationId);
      relearn();
      return toDetail(store, store.documents.get(doc.id)!, threshold);
    },

    setField({ ref, field, value }) {
      const doc = find(ref);
      const type = doc.type as DocumentType | null;
      const spec = type ? fieldSpec(type, field) : undefined;
      if (!type || !spec) {
        const known = type ? FIELD_SPECS[type].map((f) => f.name).join(', ') : '(none: the document has no type yet)';
        throw new AppError(ErrorCode.INVALID_ARGUMENT, `"${field}" is not a field of ${type ?? 'this document'}. Fields: ${known}.`);
      }
      const normalized = normalizeUserValue(spec, value);
      const previous = store.fields.list(doc.id).find((f) => f.name === field);
      store.tx(() => {
        // The index shows corrected values too: index this document again.
        if (doc.sha256 && doc.state === 'completed') {
          queue.enqueue({ stage: 'index', documentId: doc.id, sha256: doc.sha256, correlationId: null, maxAttempts: deps.maxAttempts, requeueTerminal: true });
        }
        store.corrections.add(doc.id, doc.sha256, field, value, previous?.value ?? null, now());
        store.fields.write(doc.id, { name: field, value, normalized, confidence: 1, source: 'user', page: previous?.page ?? null, box: previous?.box ?? null }, now());
        store.documents.markReviewed(doc.id, now());
        store.emit({ type: 'document.corrected', field, correlationId: `correction-${randomUUID()}`, documentId: doc.id });
      });
      deps.wake();
      return toDetail(store, store.documents.get(doc.id)!, threshold);
    },

    confirm({ ref }) {
      const doc = find(ref);
      store.tx(() => store.documents.markReviewed(doc.id, now()));
      return toDetail(store, store.documents.get(doc.id)!, threshold);
    },

    reprocess(input) {
      const docs = 'ref' in input ? [find(input.ref)] : store.documents.list({});
      const correlationId = `reprocess-${randomUUID()}`;
      let queued = 0;
      store.tx(() => {
        for (const doc of docs) {
          if (!doc.sha256 || doc.state === 'queued' || doc.state === 'processing') continue;
          if (doc.error?.code === ErrorCode.FILE_EMPTY || doc.error?.code === ErrorCode.UNSUPPORTED_TYPE) continue;
          queue.enqueue({ stage: 'extract', documentId: doc.id, sha256: doc.sha256, correlationId, maxAttempts: deps.maxAttempts, requeueTerminal: true });
          store.documents.setQueued(doc.id, now());
          queued++;
        }
      });
      deps.wake();
      return { queued };
    },

    async exportCsv({ path, type, fields, minConfidence, bom }) {
      const columns = fields ?? [...new Set((type ? FIELD_SPECS[type] : DOCUMENT_TYPES.flatMap((t) => FIELD_SPECS[t])).map((f) => f.name))];
      const header = ['id', 'paths', 'type', 'type_confidence', 'review_status', ...columns.flatMap((c) => [c, `${c}_confidence`])];
      function* rows() {
        for (let after = 0; ; ) {
          const page = store.documents.listAfter(after, 500, type);
          if (page.length === 0) return;
          for (const doc of page) {
            const summary = toSummary(store, doc, threshold);
            const byName = new Map(summary.fields.map((f) => [f.name, f]));
            const cells: (string | number | null)[] = [doc.id, doc.paths.join(' | '), doc.type, doc.typeConfidence === null ? null : round(doc.typeConfidence), summary.review];
            for (const c of columns) {
              const f = byName.get(c);
              const shown = f && (minConfidence === undefined || f.confidence >= minConfidence) ? f : undefined;
              cells.push(shown ? formatNormalized(shown.normalized ?? shown.value) : null, shown ? round(shown.confidence) : null);
            }
            yield cells;
          }
          after = page[page.length - 1]!.id;
        }
      }
      const absolute = resolve(path);
      const count = await writeCsv(absolute, header, rows(), { bom });
      return { path: absolute, rows: count };
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

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function formatNormalized(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : `${(v as { key: string }).key}: ${(v as { value: string }).value}`)).join('; ');
  return String(value);
}

/** The latest type correction of every document that still has its pages: what the classifier learns. */
export function storedTypeCorrections(store: Store): Correction[] {
  return store.corrections
    .latestTypeCorrections()
    .map((c) => ({ pages: store.pages.list(c.document_id!), label: c.value as DocumentType }))
    .filter((c) => c.pages.length > 0 && (DOCUMENT_TYPES as readonly string[]).includes(c.label));
}
