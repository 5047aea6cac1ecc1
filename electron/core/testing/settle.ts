import type { Core } from '../createCore.js';

/**
 * Runs until the queue is empty instead of sleeping a fixed time (pipeline tests poll the engine's own
 * status, so they are as fast as the pipeline and fail with a message when it never settles).
 */
export async function settle(core: Core, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { jobs } = await core.api.status({});
    if (jobs.queued + jobs.running + jobs.retryable === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the pipeline did not settle within ${timeoutMs} ms`);
}
