/**
 * Exponential backoff with a cap and full jitter (after Oban's Backoff): attempt 1 waits around `baseMs`,
 * each further attempt doubles, never above `maxMs`. Jitter spreads retries of many jobs that failed
 * together (a model server that went down) so they do not return in one wave.
 */
export interface BackoffOptions {
  /** Delay after the first failed attempt, ms. Default 1000. */
  baseMs: number;
  /** Upper bound of any delay, ms. Default 10 minutes. */
  maxMs: number;
  /** Fraction of the delay that is randomised, 0-1. Default 0.25. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 10 * 60_000, jitter: 0.25 };

/** Delay in ms before the next attempt, after `attempt` (1-based) failed. `random` is injectable for tests. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** 60 overflows nothing in doubles, but clamp the exponent so huge attempts stay finite and cheap.
  const exponential = options.baseMs * 2 ** Math.min(n - 1, 40);
  const capped = Math.min(options.maxMs, exponential);
  const spread = capped * Math.min(1, Math.max(0, options.jitter));
  return Math.round(Math.min(options.maxMs, capped - spread + random() * 2 * spread));
}
