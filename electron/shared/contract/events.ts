/**
 * Events are past-tense facts, written to the `events` table in the same transaction as the state they
 * describe and pushed to subscribers after the commit. Control flow never depends on them.
 */
import { z } from 'zod';
import { PullProgress, ServiceStatus } from './services.js';

const base = {
  /** Event row id: increasing, so a subscriber can resume after the last one it saw. */
  id: z.number().int(),
  at: z.string(),
  /** The ingest batch (or user action) this fact belongs to. */
  correlationId: z.string().nullable(),
  documentId: z.number().int().nullable(),
};

export const DocpipeEvent = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('document.discovered'), path: z.string(), duplicate: z.boolean() }),
  z.object({ ...base, type: z.literal('document.unchanged'), path: z.string() }),
  z.object({ ...base, type: z.literal('document.removed'), path: z.string() }),
  z.object({
    ...base,
    type: z.literal('document.extracted'),
    pages: z.number().int(),
    ocr: z.boolean(),
    /** What the user may want to know that did not fail the document (text cut at the budget, pages cut…). */
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ ...base, type: z.literal('document.understood'), docType: z.string(), confidence: z.number() }),
  z.object({ ...base, type: z.literal('document.indexed') }),
  z.object({ ...base, type: z.literal('document.completed') }),
  z.object({ ...base, type: z.literal('document.failed'), code: z.string(), message: z.string() }),
  z.object({ ...base, type: z.literal('document.corrected'), field: z.string() }),
  z.object({
    ...base,
    type: z.literal('job.retrying'),
    jobId: z.number().int(),
    stage: z.string(),
    code: z.string(),
    runAt: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('job.discarded'),
    jobId: z.number().int(),
    stage: z.string(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({ ...base, type: z.literal('batch.finished'), found: z.number().int() }),
  /** A supervised service (Ollama, OpenSearch) changed state: starting, ready, restarting, failed… */
  z.object({ ...base, type: z.literal('service.changed'), service: ServiceStatus }),
  /** A model download moved on (at most about once a second per model), or ended. */
  z.object({ ...base, type: z.literal('model.pull'), progress: PullProgress }),
  /**
   * Bulk actions of the library, one event per group of at most 10,000 documents (rather than one per
   * document: a window told of 100,000 changes one by one would redraw 100,000 times).
   * Removed from the archive (their files are untouched):
   */
  z.object({ ...base, type: z.literal('documents.removed'), ids: z.array(z.number().int()) }),
  /** A person set the type of these documents at once. */
  z.object({ ...base, type: z.literal('documents.corrected'), field: z.string(), ids: z.array(z.number().int()) }),
  /** A person confirmed these documents at once. */
  z.object({ ...base, type: z.literal('documents.confirmed'), ids: z.array(z.number().int()) }),
]);
export type DocpipeEvent = z.infer<typeof DocpipeEvent>;
export type DocpipeEventType = DocpipeEvent['type'];

/** An event before the store gives it an id and a time. */
export type NewEvent = DocpipeEvent extends infer E ? (E extends DocpipeEvent ? Omit<E, 'id' | 'at'> : never) : never;
