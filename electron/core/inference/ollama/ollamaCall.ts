/**
 * One request to Ollama with a deadline, and the translation of every way it can fail into a
 * StageResult the orchestrator understands. The `ollama` client sends non-streamed requests without an
 * abort signal, so the deadline is put into the `fetch` it is given: a fresh client per call is cheap
 * (it holds only the host and that fetch).
 */
import { Ollama } from 'ollama';
import { ErrorCode, type AppErrorData } from '../../../shared/contract/errors.js';
import type { StageResult } from '../../../shared/contract/jobs.js';

/** Every StageResult but `ok`: what a failed model-server call means for the job. */
export type LlmFailure = Exclude<StageResult<never>, { kind: 'ok' }>;

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; failure: LlmFailure };

export interface CallTarget {
  host: string;
  model: string;
  timeoutMs: number;
  loadingSnoozeMs: number;
  /** The job's signal (stage timeout, shutdown). */
  signal?: AbortSignal | undefined;
}

export async function callOllama<T>(
  target: CallTarget,
  request: (client: Ollama) => Promise<T>,
): Promise<CallOutcome<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no answer within ${target.timeoutMs} ms`));
  }, target.timeoutMs);
  const onCallerAbort = (): void => controller.abort(target.signal?.reason);
  if (target.signal?.aborted) onCallerAbort();
  else target.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const client = new Ollama({
    host: target.host,
    fetch: (input, init) => fetch(input, { ...init, signal: controller.signal }),
  });
  try {
    return { ok: true, value: await request(client) };
  } catch (error) {
    return {
      ok: false,
      failure: describeFailure(error, target, { timedOut, callerAborted: target.signal?.aborted === true }),
    };
  } finally {
    clearTimeout(timer);
    target.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** Socket-level failures: the server is not there (or went away), as opposed to a server that answered. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function networkCode(error: unknown): string | null {
  // undici wraps the socket error: TypeError('fetch failed', { cause: Error { code: 'ECONNREFUSED' } }).
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return error instanceof TypeError && error.message === 'fetch failed' ? 'fetch failed' : null;
}

const failure = (code: ErrorCode, message: string, retryable: boolean): AppErrorData => ({ code, message, retryable });

/**
 * What a failed call means for the job:
 * - no answer in time → `retry` (STAGE_TIMEOUT): this document was slow, the server may be fine;
 * - server not reachable → `retry` (LLM_UNAVAILABLE): the caller pauses the LLM stage, documents wait;
 * - HTTP 404 / "model … not found" → `cancel` (LLM_MODEL_MISSING), saying how to pull the model;
 * - HTTP 503 (model loading, server busy) → `snooze`: not the document's fault, attempt not counted;
 * - other 5xx (runner crashed, out of memory) → `retry` (LLM_UNAVAILABLE);
 * - other 4xx (the server refused our request: too old for JSON-schema `format`?) → `cancel`.
 */
export function describeFailure(
  error: unknown,
  target: CallTarget,
  how: { timedOut: boolean; callerAborted: boolean },
): LlmFailure {
  const { host, model } = target;
  if (how.timedOut) {
    return {
      kind: 'retry',
      error: failure(
        ErrorCode.STAGE_TIMEOUT,
        `Ollama at ${host} did not answer within ${Math.round(target.timeoutMs / 1000)} s (model ${model}); the document will be tried again.`,
        true,
      ),
    };
  }
  if (how.callerAborted) {
    return {
      kind: 'retry',
      error: failure(
        ErrorCode.STAGE_TIMEOUT,
        `The request to Ollama at ${host} (model ${model}) was stopped before it answered.`,
        true,
      ),
    };
  }
  const net = networkCode(error);
  if (net) {
    return {
      kind: 'retry',
      error: failure(
        ErrorCode.LLM_UNAVAILABLE,
        `Ollama is not reachable at ${host} (${net}). Start it (\`ollama serve\`) or check the host in the settings; documents wait and are not failed.`,
        true,
      ),
    };
  }
  const status = (error as { status_code?: unknown }).status_code;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 404 || /model .*not found/i.test(detail)) {
    return {
      kind: 'cancel',
      error: failure(
        ErrorCode.LLM_MODEL_MISSING,
        `The model "${model}" is not on the Ollama server at ${host}. Run \`ollama pull ${model}\`, or choose a model the server has in the settings.`,
        false,
      ),
    };
  }
  if (status === 503 || /loading model|server busy/i.test(detail)) {
    return {
      kind: 'snooze',
      ms: target.loadingSnoozeMs,
      reason: `Ollama at ${host} is busy or still loading ${model} (${detail}).`,
    };
  }
  if (typeof status === 'number' && status >= 500) {
    return {
      kind: 'retry',
      error: failure(
        ErrorCode.LLM_UNAVAILABLE,
        `Ollama at ${host} failed with ${status} for ${model}: ${detail}`,
        true,
      ),
    };
  }
  if (typeof status === 'number' && status >= 400) {
    return {
      kind: 'cancel',
      error: failure(
        ErrorCode.INTERNAL,
        `Ollama at ${host} refused the request for ${model} (${status}: ${detail}). Structured output needs Ollama 0.5 or newer.`,
        false,
      ),
    };
  }
  // A 200 whose body was not JSON, or anything unforeseen: worth another attempt, bounded by maxAttempts.
  return {
    kind: 'retry',
    error: failure(
      ErrorCode.INTERNAL,
      `Unexpected failure talking to Ollama at ${host} (model ${model}): ${detail}`,
      true,
    ),
  };
}
