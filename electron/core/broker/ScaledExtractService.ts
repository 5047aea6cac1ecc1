import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { ExtractRequest, ExtractResponse } from '../../shared/contract/extract.js';
import type { ExtractContext, ExtractService } from '../pipeline/extractStage.js';
import { parseExtractResponse, type ExtractPool } from '../pipeline/WorkerPool.js';
import type { Logger } from '../log/logger.js';
import type { BrokerCoordinator } from './BrokerCoordinator.js';
import type { ExtractTask } from './brokerProtocol.js';

export interface ScaledExtractOptions {
  /** The coordinator's own extraction threads (null with --local-workers 0). */
  local: ExtractPool | null;
  broker: Pick<BrokerCoordinator, 'slots' | 'dispatch'>;
  /**
   * How long a task may wait in the broker for a worker beyond its own time limit, ms: a worker killed
   * mid-task hands it to another, a broker restart holds it meanwhile. Default 20 000 (under the lease's
   * 30 s grace, so the coordinator gives up before its lease does).
   */
  queueAllowanceMs?: number;
}

/**
 * The extract stage's service when a broker is configured: the coordinator's own threads first, while
 * one is free, then the remote workers. Its slots are both together, so the orchestrator claims only as
 * many jobs as can run now: the backlog stays in SQLite, not in the broker.
 */
export class ScaledExtractService implements ExtractService {
  private localBusy = 0;

  constructor(
    private readonly options: ScaledExtractOptions,
    private readonly log: Logger,
  ) {}

  /** Extractions that can run at once: free local threads and the live remote workers' announced slots. */
  slots(): number {
    return (this.options.local?.stats.size ?? 0) + this.options.broker.slots('extract');
  }

  async extract(request: ExtractRequest, timeoutMs: number, context?: ExtractContext): Promise<ExtractResponse> {
    const local = this.options.local;
    if (local && (this.localBusy < local.stats.size || !context)) {
      this.localBusy++;
      try {
        return await local.extract(request, timeoutMs);
      } finally {
        this.localBusy--;
      }
    }
    if (!context) throw new AppError(ErrorCode.INTERNAL, 'A remote extraction needs its job.');
    return this.remote(request, timeoutMs, context);
  }

  private async remote(request: ExtractRequest, timeoutMs: number, { job, signal }: ExtractContext) {
    const fileName = basename(request.path);
    const task: ExtractTask = {
      sha256: request.sha256,
      fileName,
      mime: request.mime,
      size: statSync(request.path).size,
      limits: request.limits,
      languages: request.languages,
      timeoutMs,
    };
    const started = Date.now();
    const log = this.log.child({
      taskId: job.token,
      correlationId: job.correlationId,
      documentId: job.documentId,
      jobId: job.id,
      stage: 'extract',
    });
    const answer = await this.options.broker.dispatch('extract', task, {
      taskId: job.token,
      headers: {
        'x-docpipe-stage': 'extract',
        'x-docpipe-document': job.documentId,
        'x-docpipe-job': job.id,
        'x-docpipe-sha256': request.sha256,
        'x-docpipe-batch': job.correlationId ?? '',
      },
      waitMs: timeoutMs + (this.options.queueAllowanceMs ?? 20_000),
      signal,
    });
    if (answer.kind === 'dead') {
      log.warn({ reason: answer.reason, deliveries: answer.deliveries }, 'remote task dead-lettered');
      return {
        ok: false as const,
        error: {
          code: ErrorCode.TASK_DEAD_LETTERED,
          message: `The remote workers gave ${fileName} back ${answer.deliveries || 'too many'} times (a worker died on it each time, ${answer.reason}), so the broker dead-lettered its task and it was set aside. Leave the file out, or retry it with "docpipe jobs retry ${job.id}" once the workers' logs show why.`,
          retryable: false,
        },
      };
    }
    const response = parseExtractResponse(answer.response, request.path);
    log.info(
      {
        workerId: answer.workerId,
        ms: Date.now() - started,
        workerMs: answer.ms,
        outcome: response.ok ? 'ok' : response.error.code,
      },
      'remote task answered',
    );
    return response;
  }
}
