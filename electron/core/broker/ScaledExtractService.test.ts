import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, type ExtractRequest, type ExtractResponse } from '../../shared/contract/extract.js';
import { createLogger } from '../log/logger.js';
import type { ExtractPool } from '../pipeline/WorkerPool.js';
import type { ClaimedJob } from '../queue/JobQueue.js';
import type { DispatchOptions, TaskAnswer } from './BrokerCoordinator.js';
import type { RemoteStage } from './brokerProtocol.js';
import { ScaledExtractService } from './ScaledExtractService.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-scaled-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const { log } = createLogger({});

const page = { page: 1, text: 'hello', method: 'text' as const, ocrConfidence: null, width: 1, height: 1, words: [] };
const answer = (text: string): ExtractResponse => ({
  ok: true,
  output: { pages: [{ ...page, text }], attachments: [], warnings: [] },
});

/** One local thread that answers when told to, so a second extraction finds it busy. */
function oneThread() {
  let release: (() => void) | null = null;
  const pool: ExtractPool = {
    async extract() {
      await new Promise<void>((r) => (release = r));
      return answer('local');
    },
    stats: { size: 1, threads: 1, busy: 0, queued: 0 },
    dispose: async () => {},
  };
  return { pool, release: () => release?.() };
}

/** The broker side as the service sees it: slots and one dispatch, recorded. */
function broker(reply: TaskAnswer) {
  const sent: { stage: RemoteStage; body: unknown; options: DispatchOptions }[] = [];
  return {
    sent,
    slots: () => 3,
    dispatch: async (stage: RemoteStage, body: unknown, options: DispatchOptions) => {
      sent.push({ stage, body, options });
      return reply;
    },
  };
}

function request(): ExtractRequest {
  const path = join(root, 'scan one.pdf');
  writeFileSync(path, 'twelve bytes');
  return { path, mime: 'application/pdf', sha256: 'a'.repeat(64), limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] };
}

const job = (id: number): ClaimedJob => ({
  id,
  stage: 'extract',
  documentId: 10 + id,
  attempt: 1,
  maxAttempts: 3,
  token: `token-${id}`,
  correlationId: 'batch-1',
  payload: {},
  errors: [],
});

describe('ScaledExtractService', () => {
  it('uses its own thread while it is free, then the remote workers, named by the lease token', async () => {
    const local = oneThread();
    const remote = broker({ kind: 'result', workerId: 'w', ms: 5, response: answer('remote') });
    const service = new ScaledExtractService({ local: local.pool, broker: remote }, log);
    expect(service.slots()).toBe(4);
    const signal = new AbortController().signal;
    const first = service.extract(request(), 1000, { job: job(1), signal });
    const second = await service.extract(request(), 1000, { job: job(2), signal });
    expect(second).toEqual(answer('remote'));
    local.release();
    expect(await first).toEqual(answer('local'));
    expect(remote.sent).toHaveLength(1);
    const [task] = remote.sent;
    expect(task!.options.taskId).toBe('token-2');
    expect(task!.options.headers).toMatchObject({
      'x-docpipe-document': 12,
      'x-docpipe-job': 2,
      'x-docpipe-batch': 'batch-1',
    });
    expect(task!.body).toMatchObject({ fileName: 'scan one.pdf', size: 12, timeoutMs: 1000 });
    // The wait outlasts the task's own limit (a redelivery after a worker died), but not the lease's grace.
    expect(task!.options.waitMs).toBeGreaterThan(1000);
  });

  it('answers a dead-lettered task as TASK_DEAD_LETTERED, not to be retried', async () => {
    const remote = broker({ kind: 'dead', reason: 'delivery_limit', deliveries: 4 });
    const service = new ScaledExtractService({ local: null, broker: remote }, log);
    const response = await service.extract(request(), 1000, { job: job(3), signal: new AbortController().signal });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error).toMatchObject({ code: 'TASK_DEAD_LETTERED', retryable: false });
    expect(response.error.message).toContain('scan one.pdf');
    expect(response.error.message).toContain('docpipe jobs retry 3');
  });

  it('refuses an answer that is not an extraction', async () => {
    const remote = broker({ kind: 'result', workerId: 'w', ms: 1, response: { pages: 'no' } });
    const service = new ScaledExtractService({ local: null, broker: remote }, log);
    await expect(
      service.extract(request(), 1000, { job: job(4), signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
