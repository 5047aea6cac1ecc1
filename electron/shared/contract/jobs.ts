/**
 * The job lifecycle: a documented state machine (after River's JobState and Oban's lifecycle).
 *
 *   queued ──claim──▶ running ──ok──────────────▶ completed
 *      ▲                 │ ──retry(err), attempts left ──▶ retryable ──(run_at reached)──▶ queued (claimable)
 *      │                 │ ──retry(err), no attempts left ─▶ discarded
 *      │                 │ ──cancel(reason) ──────────────▶ discarded   (not worth retrying: encrypted PDF…)
 *      │                 │ ──snooze(ms) ──────────────────▶ retryable   (attempt not counted: model loading…)
 *      │                 │ ──holder stopped cleanly, or lease expired while it lives ─▶ retryable (attempt given back)
 *      │                 └─holder died (crash, abort, kill) ─▶ retryable, attempt counted (CRASHED_ENGINE), run
 *      │                                                       alone next; no attempts left ─▶ discarded
 *      └──────────── retry command (user) ◀── discarded
 *
 * `retryable` jobs are claimable once `run_at` has passed, so no separate promotion step is needed.
 * Terminal states are `completed` and `discarded`; a discarded job keeps its whole error history.
 */
import type { AppErrorData } from './errors.js';

export const JOB_STATES = ['queued', 'running', 'retryable', 'completed', 'discarded'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set(['completed', 'discarded']);

/** Pipeline stages, in the order a document goes through them. */
export const STAGES = ['extract', 'understand', 'index'] as const;
export type Stage = (typeof STAGES)[number];

/** One failed attempt, kept in the job's history. */
export interface JobAttemptError extends AppErrorData {
  attempt: number;
  at: string;
}

/** What a stage returns: the orchestrator turns it into the job's next state. */
export type StageResult<T = unknown> =
  | { kind: 'ok'; value: T }
  | { kind: 'retry'; error: AppErrorData }
  | { kind: 'snooze'; ms: number; reason: string }
  | { kind: 'cancel'; error: AppErrorData };

/** Documents: where a document stands as a whole (derived from its jobs). */
export const DOCUMENT_STATES = ['queued', 'processing', 'completed', 'failed'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];
