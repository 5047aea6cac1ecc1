/**
 * `docpipe worker`'s engine: takes stage tasks from RabbitMQ (manual acknowledgement, prefetch = its
 * slots), fetches each document's bytes from the coordinator by sha256 (checked against the hash), runs
 * them through the same extraction threads as a local run (WorkerPool), publishes the answer with a
 * publisher confirm, and only then acknowledges the task. A worker that dies before the acknowledgement
 * leaves the task to the broker, which hands it to another worker; past the delivery limit, to the dead
 * letters. It never touches a store: the coordinator writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Connection, ConsumerStatus, type AsyncMessage, type Consumer, type Publisher } from 'rabbitmq-client';
import { AppError, ErrorCode, type AppErrorData } from '../../shared/contract/errors.js';
import type { ExtractResponse } from '../../shared/contract/extract.js';
import type { Logger } from '../log/logger.js';
import type { ExtractPool } from '../pipeline/WorkerPool.js';
import { backoffDelay } from '../queue/backoff.js';
import { redactUrl } from '../../shared/contract/settings.js';
import {
  BLOB_PATH_PREFIX,
  ExtractTask,
  QUEUES,
  TaskHeaders,
  type ResultEnvelope,
  type WorkerHeartbeat,
} from './brokerProtocol.js';
import { makeWorkFolder, removeDeadWorkersFolders } from './workFolder.js';

export interface TaskWorkerOptions {
  brokerUrl: string;
  /** The coordinator's worker address, e.g. http://10.0.0.5:8790 (serve prints it). */
  coordinatorUrl: string;
  /** The worker token the coordinator printed. */
  token: string;
  /** Tasks at once (and the broker's prefetch). */
  concurrency: number;
  /** The extraction threads; `concurrency` of them. */
  pool: ExtractPool;
  /** Heartbeat interval, ms. Default 2000. */
  heartbeatMs?: number;
  /**
   * A fault switch for tests of the dead-letter path: a task for these bytes ends this process at once
   * (SIGKILL), as a parser's native crash would. Never set in normal use.
   */
  dieOnSha256?: string;
  log: Logger;
}

export class TaskWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private connection: Connection | null = null;
  private consumer: Consumer | null = null;
  private results: Publisher | null = null;
  private beats: Publisher | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private tempDir = '';
  private busy = 0;
  private stopping = false;
  private consuming = false;
  private readonly heartbeatMs: number;

  constructor(private readonly options: TaskWorkerOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 2000;
  }

  /**
   * Waits until the coordinator answers and takes the token (a wrong token is an error: every task would
   * fail), then starts taking tasks. `isStopping` ends the wait.
   */
  async start(isStopping: () => boolean = () => false): Promise<void> {
    const { log } = this.options;
    await this.waitForCoordinator(isStopping);
    if (isStopping()) return;
    const stale = await removeDeadWorkersFolders(tmpdir());
    if (stale.length)
      log.info({ folders: stale.length }, 'removed the work folders of workers that did not stop cleanly');
    this.tempDir = await makeWorkFolder(tmpdir());
    const connection = new Connection({
      url: this.options.brokerUrl,
      connectionName: `docpipe worker ${this.workerId}`,
      retryLow: 500,
      retryHigh: 10_000,
      // Small messages answered at once: without it, Nagle's algorithm and delayed ACKs add ~40 ms per task.
      noDelay: true,
    });
    this.connection = connection;
    connection.on('error', (error: unknown) => {
      if (!this.stopping) log.warn({ err: error }, 'broker connection problem; reconnecting');
    });
    connection.on('connection', () => {
      log.info({ broker: redactUrl(this.options.brokerUrl) }, 'connected to the broker');
      void this.heartbeat();
    });
    this.results = connection.createPublisher({ confirm: true, maxAttempts: 10 });
    this.beats = connection.createPublisher({ confirm: false });
    // The coordinator declares the queues (their arguments have one author). Until it has, consuming
    // fails and is tried again with backoff: the worker waits for its coordinator.
    this.consumer = connection.createConsumer(
      {
        queue: QUEUES.stage('extract'),
        // Passive: rabbitmq-client would otherwise declare a plain queue of that name before the coordinator does.
        queueOptions: { queue: QUEUES.stage('extract'), passive: true },
        qos: { prefetchCount: this.options.concurrency },
        concurrency: this.options.concurrency,
        requeue: true,
      },
      (message) => this.onTask(message),
    );
    this.consumer.on('error', (error: unknown) => {
      this.consuming = false;
      if (!this.stopping) log.warn({ err: error }, 'taking tasks failed; trying again');
    });
    this.consumer.on('ready', () => {
      this.consuming = true;
      log.info({ queue: QUEUES.stage('extract') }, 'taking tasks');
      void this.heartbeat();
    });
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
  }

  /**
   * Stops taking tasks and lets those in hand finish for up to `graceMs`; what is still unfinished then is
   * handed back to the broker (the connection closes without an acknowledgement) for another worker.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const { log } = this.options;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.goodbye();
    const closed = this.consumer?.close() ?? Promise.resolve();
    let graceTimer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => (graceTimer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(graceTimer);
    if (!inTime) {
      log.warn({ busy: this.busy }, 'tasks still running after the grace period are handed back to the broker');
      this.connection?.unsafeDestroy();
    } else {
      await Promise.allSettled([this.results?.close(), this.beats?.close()]);
      await this.connection?.close();
    }
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
  }

  /** Slots are announced only while tasks can be taken: the coordinator sends nothing for a queue not consumed. */
  private heartbeat(slots = this.consuming ? this.options.concurrency : 0): Promise<void> {
    const beat: WorkerHeartbeat = {
      workerId: this.workerId,
      host: hostname(),
      pid: process.pid,
      slots: { extract: slots },
      busy: this.busy,
      intervalMs: this.heartbeatMs,
    };
    if (!this.beats || !this.connection?.ready) return Promise.resolve();
    return this.beats.send({ routingKey: QUEUES.workers, contentType: 'application/json' }, beat).catch(() => {
      // The broker is away: the next heartbeat after the reconnect says it again.
    });
  }

  private async goodbye(): Promise<void> {
    // Zero slots: the coordinator stops counting on this worker at once, not three heartbeats later.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.heartbeat(0), new Promise((r) => (timer = setTimeout(r, 1000)))]);
    clearTimeout(timer);
  }

  private async onTask(message: AsyncMessage): Promise<ConsumerStatus> {
    const { log } = this.options;
    const taskId = message.correlationId ?? '';
    const headers = TaskHeaders.safeParse(message.headers ?? {});
    const task = ExtractTask.safeParse(message.body);
    if (!taskId || !headers.success || !task.success) {
      // Not a task this docpipe can read (another version, a stray message): to the dead letters, not back.
      log.error({ taskId, redelivered: message.redelivered }, 'a message that is no task; dead-lettered');
      return ConsumerStatus.DROP;
    }
    const h = headers.data;
    const taskLog = log.child({
      taskId,
      correlationId: h['x-docpipe-batch'] || null,
      documentId: h['x-docpipe-document'],
      jobId: h['x-docpipe-job'],
      stage: h['x-docpipe-stage'],
      fileName: task.data.fileName,
    });
    taskLog.debug({ deliveries: message.headers?.['x-delivery-count'] ?? 0 }, 'task taken');
    if (this.options.dieOnSha256 && task.data.sha256 === this.options.dieOnSha256) {
      taskLog.error('fault switch: this worker process dies on this task (DOCPIPE_WORKER_DIE_ON_SHA256)');
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {}); // never answered, never acknowledged: the broker sees the worker die
    }
    this.busy++;
    const started = Date.now();
    try {
      const response = await this.extract(task.data, taskId);
      const envelope: ResultEnvelope = { workerId: this.workerId, ms: Date.now() - started, response };
      // Confirmed before the acknowledgement: a worker that dies in between answers twice, never zero times.
      await this.results!.send(
        {
          routingKey: QUEUES.results,
          correlationId: taskId,
          durable: true,
          contentType: 'application/json',
          headers: h,
        },
        envelope,
      );
      taskLog.info(
        {
          ms: Date.now() - started,
          outcome: response.ok ? 'ok' : response.error.code,
          pages: response.ok ? response.output.pages.length : undefined,
          deliveries: message.headers?.['x-delivery-count'] ?? 0,
        },
        'task done',
      );
      return ConsumerStatus.ACK;
    } catch (error) {
      // Stopping, or the broker would not take the answer: the task goes back for this or another worker.
      taskLog.warn({ err: error, ms: Date.now() - started }, 'task handed back to the broker');
      throw error;
    } finally {
      this.busy--;
    }
  }

  /** The stage's answer for one task; an error of the task itself (not of this worker) is an answer too. */
  private async extract(task: ExtractTask, taskId: string): Promise<ExtractResponse> {
    const folder = join(this.tempDir, taskId.replace(/[^0-9a-zA-Z-]/g, '_'));
    await mkdir(folder, { recursive: true });
    // The file's own name, so type checks and messages read as they do on the coordinator.
    const path = join(folder, basename(task.fileName.replace(/[\\/\0]/g, '_')) || 'document');
    try {
      const fetched = await this.fetchBytes(task, path);
      if (fetched) return { ok: false, error: fetched };
      try {
        return await this.options.pool.extract(
          { path, mime: task.mime, sha256: task.sha256, limits: task.limits, languages: task.languages },
          task.timeoutMs,
        );
      } catch (error) {
        const appError = AppError.wrap(error);
        // This worker is going away: the task is someone else's, not a failure of the file.
        if (appError.code === ErrorCode.CORE_DISPOSED) throw appError;
        return { ok: false, error: appError.toJSON() };
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * The document's bytes into `path`, hashed on the way: null when they are the task's, else the error to
   * answer. While the coordinator does not answer, waits (with backoff) instead of failing the task.
   */
  private async fetchBytes(task: ExtractTask, path: string): Promise<AppErrorData | null> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopping) throw new AppError(ErrorCode.CORE_DISPOSED, 'The worker is stopping.');
      let response: Response;
      try {
        response = await fetch(new URL(`${BLOB_PATH_PREFIX}${task.sha256}`, this.options.coordinatorUrl), {
          headers: { Authorization: `Bearer ${this.options.token}` },
        });
      } catch (error) {
        const waitMs = backoffDelay(attempt, { baseMs: 500, maxMs: 10_000, jitter: 0.25 });
        this.options.log.warn({ err: error, waitMs }, 'the coordinator does not answer; waiting for it');
        await new Promise((r) => setTimeout(r, waitMs));
        continue;
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return {
          code: ErrorCode.FILE_NOT_FOUND,
          message: `The coordinator has no readable file with the bytes of ${task.fileName} any more (moved or deleted). Scan the folder again.`,
          retryable: false,
        };
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new AppError(
          ErrorCode.INTERNAL,
          `The coordinator answered ${response.status} for the bytes of ${task.fileName}.`,
          { retryable: true },
        );
      }
      const hash = createHash('sha256');
      let size = 0;
      const limit = task.limits.maxBytes;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > limit) return done(new AppError(ErrorCode.FILE_TOO_LARGE, `${task.fileName} is over the limit.`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
          counted,
          createWriteStream(path, { mode: 0o600 }),
        );
      } catch (error) {
        if (AppError.is(error)) return { ...error.toJSON(), retryable: false };
        // The connection broke midway (the coordinator stopped): try again once it answers.
        continue;
      }
      if (hash.digest('hex') !== task.sha256)
        return {
          code: ErrorCode.FILE_CHANGED,
          message: `The bytes the coordinator sent for ${task.fileName} are not the ones ingested (the file changed since). It is read again when it changes; reprocess it if it stays so.`,
          retryable: false,
        };
      return null;
    }
  }

  /** Until the coordinator answers with this token: a wrong token stops the worker before it takes any task. */
  private async waitForCoordinator(isStopping: () => boolean): Promise<void> {
    // A hash no document has: 404 says the token was taken, 401 that it was not.
    const probe = new URL(`${BLOB_PATH_PREFIX}${'0'.repeat(64)}`, this.options.coordinatorUrl);
    for (let attempt = 1; !isStopping(); attempt++) {
      try {
        const response = await fetch(probe, {
          method: 'HEAD',
          headers: { Authorization: `Bearer ${this.options.token}` },
        });
        if (response.status === 401)
          throw new AppError(
            ErrorCode.INVALID_ARGUMENT,
            `The coordinator at ${this.options.coordinatorUrl} refuses this worker's token: use the one "docpipe serve --broker" printed.`,
          );
        if (response.status === 404 || response.ok) return;
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `${this.options.coordinatorUrl} is no docpipe coordinator (it answered ${response.status}).`,
        );
      } catch (error) {
        if (AppError.is(error)) throw error;
        const waitMs = backoffDelay(attempt, { baseMs: 500, maxMs: 10_000, jitter: 0.25 });
        if (attempt === 1 || attempt % 10 === 0)
          this.options.log.warn(
            { coordinator: this.options.coordinatorUrl, waitMs },
            'waiting for the coordinator to answer',
          );
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }
}
