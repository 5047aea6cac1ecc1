/**
 * The coordinator's side of the broker: publishes stage tasks to RabbitMQ (persistent, publisher-confirmed),
 * hears the workers' results, dead letters and heartbeats, and hands each result to the one stage run
 * waiting for it. SQLite stays the truth: a task's id is the job's lease token, so a result arriving after
 * the lease was lost (expired, rescued, run again) finds nobody waiting, or is refused by the lease check
 * when it is committed; it is never applied twice.
 *
 * Nothing of AMQP is written here: rabbitmq-client connects, reconnects with backoff, re-declares the
 * queues on every reconnect and re-creates the consumers.
 */
import { Connection, ConsumerStatus, type AsyncMessage, type Consumer, type Publisher } from 'rabbitmq-client';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { BrokerOverview } from '../../shared/contract/services.js';
import { redactUrl } from '../../shared/contract/settings.js';
import type { Logger } from '../log/logger.js';
import {
  DEAD_EXCHANGE,
  DEFAULT_DELIVERY_LIMIT,
  QUEUES,
  REMOTE_STAGES,
  ResultEnvelope,
  stageQueueArguments,
  WorkerHeartbeat,
  type RemoteStage,
  type TaskHeaders,
} from './brokerProtocol.js';
import { WorkerRoster } from './WorkerRoster.js';

export interface BrokerCoordinatorOptions {
  /** amqp://user:password@host:port/vhost */
  url: string;
  /** Times a task may be handed back before the broker dead-letters it. Default 3. */
  deliveryLimit?: number;
  /** How often the roster forgets silent workers, ms. Default 1000. */
  sweepMs?: number;
  /** Called when the remote capacity changed (a worker came or went): the orchestrator claims accordingly. */
  onCapacity?: () => void;
}

/** One dispatched task as its stage run waits for it. */
interface Pending {
  stage: RemoteStage;
  headers: TaskHeaders;
  sentAt: number;
  resolve(answer: TaskAnswer): void;
}

/** What came back for a task: the worker's answer, or the broker's word that it gave up on the task. */
export type TaskAnswer =
  | { kind: 'result'; workerId: string; ms: number; response: unknown }
  | { kind: 'dead'; reason: string; deliveries: number };

export interface DispatchOptions {
  /** The task id (the job's lease token): the message's correlationId. */
  taskId: string;
  headers: TaskHeaders;
  /** Give up waiting after this long, ms (STAGE_TIMEOUT, retried). */
  waitMs: number;
  signal?: AbortSignal;
}

/** The broker as the services overview shows it: redacted address, connection, live workers. */
export type BrokerStatus = BrokerOverview;

export class BrokerCoordinator {
  private readonly connection: Connection;
  private readonly publisher: Publisher;
  private readonly consumers: Consumer[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly roster = new WorkerRoster();
  private readonly sweep: NodeJS.Timeout;
  private closed = false;
  private connected = false;

  constructor(
    private readonly options: BrokerCoordinatorOptions,
    private readonly log: Logger,
  ) {
    const deliveryLimit = options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT;
    this.connection = new Connection({
      url: options.url,
      connectionName: 'docpipe coordinator',
      retryLow: 500,
      retryHigh: 10_000,
      // Small messages answered at once: without it, Nagle's algorithm and delayed ACKs add ~40 ms per task.
      noDelay: true,
    });
    this.connection.on('error', (error: unknown) => {
      if (!this.closed) this.log.warn({ err: error }, 'broker connection problem; reconnecting');
    });
    const stageQueues = REMOTE_STAGES.map((stage) => ({
      queue: QUEUES.stage(stage),
      durable: true,
      arguments: stageQueueArguments(deliveryLimit),
    }));
    this.connection.on('connection', () => {
      this.connected = true;
      this.log.info({ broker: redactUrl(options.url) }, 'connected to the broker');
      // At once, not at the first publish: workers wait for the stage queues before they announce any slots.
      void this.declareStageQueues(stageQueues);
    });
    // The publisher declares the whole topology before its first publish and after every reconnect.
    this.publisher = this.connection.createPublisher({
      confirm: true,
      maxAttempts: 3,
      exchanges: [{ exchange: DEAD_EXCHANGE, type: 'fanout', durable: true }],
      queues: [
        ...stageQueues,
        { queue: QUEUES.dead, durable: true, arguments: { 'x-queue-type': 'quorum' } },
        { queue: QUEUES.results, durable: true, arguments: { 'x-queue-type': 'quorum' } },
      ],
      queueBindings: [{ queue: QUEUES.dead, exchange: DEAD_EXCHANGE, routingKey: '' }],
    });
    this.consumers.push(
      this.connection.createConsumer(
        {
          queue: QUEUES.results,
          queueOptions: { queue: QUEUES.results, durable: true, arguments: { 'x-queue-type': 'quorum' } },
          qos: { prefetchCount: 50 },
        },
        (message) => this.onResult(message),
      ),
      this.connection.createConsumer(
        {
          queue: QUEUES.dead,
          queueOptions: { queue: QUEUES.dead, durable: true, arguments: { 'x-queue-type': 'quorum' } },
          exchanges: [{ exchange: DEAD_EXCHANGE, type: 'fanout', durable: true }],
          queueBindings: [{ queue: QUEUES.dead, exchange: DEAD_EXCHANGE, routingKey: '' }],
          qos: { prefetchCount: 10 },
        },
        (message) => this.onDeadLetter(message),
      ),
      this.connection.createConsumer(
        {
          queue: QUEUES.workers,
          // Heartbeats are facts of the moment: not kept across a broker restart, and dropped after 10 s.
          queueOptions: {
            queue: QUEUES.workers,
            durable: false,
            arguments: { 'x-message-ttl': 10_000, 'x-max-length': 10_000 },
          },
          noAck: true,
        },
        (message) => this.onHeartbeat(message),
      ),
    );
    for (const consumer of this.consumers) {
      consumer.on('error', (error: unknown) => {
        if (!this.closed) this.log.warn({ err: error }, 'broker consumer problem; it is set up again');
      });
    }
    this.sweep = setInterval(() => {
      const wasConnected = this.connected;
      this.connected = this.connection.ready;
      if (!this.connected && wasConnected) {
        // Nothing can be sent while the broker is away: claim nothing for remote workers until they are heard again.
        this.log.warn('lost the broker; remote work waits until it is back');
        this.roster.clear();
        this.options.onCapacity?.();
      } else if (this.roster.expire()) {
        this.log.warn('a remote worker stopped sending heartbeats; its tasks go to the others');
        this.options.onCapacity?.();
      }
    }, options.sweepMs ?? 1000);
    this.sweep.unref();
  }

  private async declareStageQueues(queues: { queue: string; durable: boolean; arguments: Record<string, unknown> }[]) {
    try {
      await this.connection.exchangeDeclare({ exchange: DEAD_EXCHANGE, type: 'fanout', durable: true });
      for (const queue of queues) await this.connection.queueDeclare(queue);
    } catch (error) {
      this.log.error(
        { err: error },
        'the stage queues could not be declared (one of the same name with other arguments? give this coordinator a vhost of its own)',
      );
    }
  }

  /** Tasks of `stage` the live remote workers can take at once (0 while the broker is away). */
  slots(stage: RemoteStage): number {
    return this.connection.ready ? this.roster.slots(stage) : 0;
  }

  status(): BrokerStatus {
    const now = Date.now();
    return {
      url: redactUrl(this.options.url),
      connected: this.connection.ready,
      workers: this.roster.list().map(({ heartbeat: h, seenAt }) => ({
        workerId: h.workerId,
        host: h.host,
        pid: h.pid,
        slots: Object.fromEntries(Object.entries(h.slots).filter(([, n]) => n !== undefined)),
        busy: h.busy,
        heartbeatAgeMs: Math.max(0, now - seenAt),
      })),
      inFlight: this.pending.size,
    };
  }

  /**
   * Publishes a task (persistent, confirmed by the broker) and waits for its answer. Rejects with an
   * AppError when the broker did not confirm it (INTERNAL, retryable), the wait ran out (STAGE_TIMEOUT,
   * retryable), or the run was aborted (CORE_DISPOSED).
   */
  async dispatch(stage: RemoteStage, body: unknown, options: DispatchOptions): Promise<TaskAnswer> {
    if (this.closed) throw new AppError(ErrorCode.CORE_DISPOSED, 'The broker link is closed.');
    const { taskId, headers } = options;
    let settle!: (answer: TaskAnswer) => void;
    const answered = new Promise<TaskAnswer>((resolve) => (settle = resolve));
    this.pending.set(taskId, { stage, headers, sentAt: Date.now(), resolve: settle });
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      try {
        await this.publisher.send(
          {
            routingKey: QUEUES.stage(stage),
            correlationId: taskId,
            messageId: taskId,
            durable: true,
            contentType: 'application/json',
            headers,
          },
          body,
        );
      } catch (error) {
        throw new AppError(
          ErrorCode.INTERNAL,
          `The broker did not take the ${stage} task of document ${headers['x-docpipe-document']} (${error instanceof Error ? error.message : String(error)}); it is tried again.`,
          { cause: error, retryable: true },
        );
      }
      const stopped = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new AppError(
                ErrorCode.STAGE_TIMEOUT,
                `No remote worker answered the ${stage} task of document ${headers['x-docpipe-document']} within ${Math.round(options.waitMs / 1000)} s; it is tried again.`,
              ),
            ),
          options.waitMs,
        );
        onAbort = () => reject(new AppError(ErrorCode.CORE_DISPOSED, 'docpipe stopped waiting for a remote task.'));
        if (options.signal?.aborted) onAbort();
        else options.signal?.addEventListener('abort', onAbort, { once: true });
      });
      return await Promise.race([answered, stopped]);
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      this.pending.delete(taskId);
    }
  }

  private onResult(message: AsyncMessage): ConsumerStatus {
    const taskId = message.correlationId ?? '';
    const waiting = this.pending.get(taskId);
    const parsed = ResultEnvelope.safeParse(message.body);
    if (!waiting) {
      // A repeated answer (a worker died after publishing, before its ack) or one for a lease given up since.
      this.log.info(
        { taskId, documentId: message.headers?.['x-docpipe-document'] },
        'remote result for a task nobody waits for; dropped',
      );
      return ConsumerStatus.ACK;
    }
    if (!parsed.success) {
      this.log.warn({ taskId }, 'a remote worker sent a result that is not one; dropped (the task times out)');
      return ConsumerStatus.ACK;
    }
    this.pending.delete(taskId);
    waiting.resolve({ kind: 'result', ...parsed.data });
    return ConsumerStatus.ACK;
  }

  private onDeadLetter(message: AsyncMessage): ConsumerStatus {
    const taskId = message.correlationId ?? '';
    const death = firstDeath(message.headers);
    const waiting = this.pending.get(taskId);
    this.log.warn(
      {
        taskId,
        documentId: message.headers?.['x-docpipe-document'],
        jobId: message.headers?.['x-docpipe-job'],
        reason: death.reason,
        deliveries: death.deliveries,
        waiting: waiting !== undefined,
      },
      'the broker dead-lettered a remote task',
    );
    if (waiting) {
      this.pending.delete(taskId);
      waiting.resolve({ kind: 'dead', ...death });
    }
    return ConsumerStatus.ACK;
  }

  private onHeartbeat(message: AsyncMessage): void {
    const parsed = WorkerHeartbeat.safeParse(message.body);
    if (!parsed.success) return;
    const known = this.roster.list().some((e) => e.heartbeat.workerId === parsed.data.workerId);
    if (this.roster.heard(parsed.data)) {
      this.log.info(
        { workerId: parsed.data.workerId, host: parsed.data.host, slots: parsed.data.slots },
        known ? 'remote worker changed its slots' : 'remote worker joined',
      );
      this.options.onCapacity?.();
    }
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweep);
    // The orchestrator stopped first: its runs were aborted and put their jobs back; nobody waits any more.
    this.pending.clear();
    await Promise.allSettled([this.publisher.close(), ...this.consumers.map((c) => c.close())]);
    await this.connection.close();
  }
}

/** Why and after how many deliveries the broker dead-lettered a message (its x-first-death-reason / x-death headers). */
function firstDeath(headers: Record<string, unknown> | undefined): { reason: string; deliveries: number } {
  const reason = typeof headers?.['x-first-death-reason'] === 'string' ? headers['x-first-death-reason'] : 'unknown';
  const count = headers?.['x-delivery-count'];
  return { reason, deliveries: typeof count === 'number' ? count : Number(count ?? 0) || 0 };
}
