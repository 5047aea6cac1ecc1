/**
 * What the coordinator and `docpipe worker` say to each other through RabbitMQ: the queues (declared by
 * the coordinator only, so their arguments have one author), and the messages, checked with zod on
 * arrival like any other input. One coordinator per virtual host: the queue names are fixed, and a second
 * data folder sharing a broker takes a vhost of its own (amqp://user:pass@host/vhost).
 */
import { z } from 'zod';
import type { ExtractLimits } from '../../shared/contract/extract.js';

/** The stages remote workers can run. Understanding stays with the coordinator (docs/decisions.md, Scale-out). */
export const REMOTE_STAGES = ['extract'] as const;
export type RemoteStage = (typeof REMOTE_STAGES)[number];

export const QUEUES = {
  /** Durable quorum queue of one stage's tasks; dead-letters to DEAD_EXCHANGE past the delivery limit. */
  stage: (stage: RemoteStage) => `docpipe.${stage}`,
  /** Durable quorum queue of the workers' answers; the coordinator consumes it. */
  results: 'docpipe.results',
  /** Tasks the broker gave up on (delivery limit); the coordinator discards their jobs with the reason. */
  dead: 'docpipe.dead',
  /** Workers' heartbeats (a classic queue: short-lived facts, kept a few seconds at most). */
  workers: 'docpipe.workers',
} as const;

export const DEAD_EXCHANGE = 'docpipe.dead';

/** Default times a task may be handed back (a worker died or let go of it) before it is dead-lettered. */
export const DEFAULT_DELIVERY_LIMIT = 3;

/** Arguments of a stage queue: quorum (replicated, survives a broker restart), a delivery limit, and where dead letters go. */
export function stageQueueArguments(deliveryLimit: number): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': deliveryLimit,
    'x-dead-letter-exchange': DEAD_EXCHANGE,
  };
}

/** Headers of a task message and of its result (message properties carry the task id as correlationId). */
export const TaskHeaders = z.object({
  'x-docpipe-stage': z.enum(REMOTE_STAGES),
  'x-docpipe-document': z.coerce.number().int(),
  'x-docpipe-job': z.coerce.number().int(),
  'x-docpipe-sha256': z.string().regex(/^[0-9a-f]{64}$/),
  /** The ingest batch (the engine's correlation id), for log lines on both sides; '' when none. */
  'x-docpipe-batch': z.string().default(''),
});
export type TaskHeaders = z.infer<typeof TaskHeaders>;

const Limits = z.object({
  maxPages: z.number().int().positive(),
  maxPixels: z.number().int().positive(),
  maxBytes: z.number().int().positive(),
  ocrMinChars: z.number().int().min(0),
  maxOcrPages: z.number().int().positive(),
  maxTextChars: z.number().int().positive(),
  maxUnpackedBytes: z.number().int().positive(),
  maxArchiveEntries: z.number().int().positive(),
  maxStreamBytes: z.number().int().positive(),
}) satisfies z.ZodType<ExtractLimits>;

/** An extract task: which bytes (by hash, fetched from the coordinator), what to call the file, and how to read it. */
export const ExtractTask = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The file's own name (extension included), so messages and type checks read as they do locally. */
  fileName: z.string().min(1).max(1024),
  mime: z.string(),
  size: z.number().int().min(0),
  limits: Limits,
  languages: z.array(z.string()),
  /** How long the worker's thread may take, ms (the same limit as a local extraction). */
  timeoutMs: z.number().int().positive(),
});
export type ExtractTask = z.infer<typeof ExtractTask>;

/** What a worker answers beside the stage's own result (checked by the stage's parser). */
export const ResultEnvelope = z.object({
  workerId: z.string(),
  /** Time the worker spent on the task, ms (fetching the bytes included). */
  ms: z.number().min(0),
  /** The stage's answer as the local threads give it (ExtractResponse for extract). */
  response: z.unknown(),
});
export type ResultEnvelope = z.infer<typeof ResultEnvelope>;

/** A worker says it is alive and what it can take; `slots` 0 says goodbye. */
export const WorkerHeartbeat = z.object({
  workerId: z.string().min(1).max(200),
  host: z.string(),
  pid: z.number().int(),
  slots: z.partialRecord(z.enum(REMOTE_STAGES), z.number().int().min(0).max(1024)),
  busy: z.number().int().min(0),
  /** The worker's own interval, ms: the coordinator forgets it after three missed. */
  intervalMs: z.number().int().positive(),
});
export type WorkerHeartbeat = z.infer<typeof WorkerHeartbeat>;

/** The blob route a worker fetches a document's bytes from, on the coordinator's worker address. */
export const BLOB_PATH_PREFIX = '/blobs/';
