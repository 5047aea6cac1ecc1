/**
 * Turns Ollama's pull stream (one line per layer update: `pulling <digest>` with that layer's total and
 * completed bytes) into one figure for the whole model: bytes done of bytes known, a percentage and a
 * recent speed. Layers are announced one after another, so the total grows during a pull; the figure is
 * honest about what is known so far rather than guessing. Pure apart from the injected clock.
 */
import type { PullProgress } from '../../shared/contract/services.js';

/** One line of Ollama's /api/pull stream, as far as progress needs it. */
export interface PullStreamLine {
  status: string;
  digest?: string | undefined;
  total?: number | undefined;
  completed?: number | undefined;
}

/** How far back the speed looks, ms: long enough to smooth bursts, short enough to follow a stall. */
const SPEED_WINDOW_MS = 3000;
/** Samples closer than this give no speed (a rate over a few ms is noise). */
const MIN_SPEED_SPAN_MS = 200;

export function phaseOf(status: string): PullProgress['phase'] {
  if (status === 'success') return 'success';
  if (status.startsWith('verifying')) return 'verifying';
  if (status.startsWith('writing') || status.startsWith('removing')) return 'writing';
  return 'pulling';
}

export class PullProgressMeter {
  private readonly layers = new Map<string, { total: number; completed: number }>();
  private samples: { at: number; bytes: number }[] = [];
  private last: PullProgress;

  constructor(
    readonly model: string,
    private readonly now: () => number = Date.now,
  ) {
    this.last = {
      model,
      phase: 'pulling',
      status: 'starting',
      completedBytes: 0,
      totalBytes: 0,
      percent: null,
      bytesPerSecond: null,
      error: null,
    };
  }

  /** The progress after one more line of the stream. */
  update(line: PullStreamLine): PullProgress {
    if (line.digest && typeof line.total === 'number' && line.total > 0) {
      const known = this.layers.get(line.digest);
      const completed = Math.min(line.total, Math.max(known?.completed ?? 0, line.completed ?? 0));
      this.layers.set(line.digest, { total: line.total, completed });
    }
    let completedBytes = 0;
    let totalBytes = 0;
    for (const layer of this.layers.values()) {
      completedBytes += layer.completed;
      totalBytes += layer.total;
    }
    const at = this.now();
    this.samples = [...this.samples.filter((s) => at - s.at <= SPEED_WINDOW_MS), { at, bytes: completedBytes }];
    const oldest = this.samples[0]!;
    const span = at - oldest.at;
    const phase = phaseOf(line.status);
    this.last = {
      model: this.model,
      phase,
      status: line.status,
      completedBytes,
      totalBytes,
      percent: phase === 'success' ? 100 : totalBytes > 0 ? Math.min(100, (completedBytes / totalBytes) * 100) : null,
      bytesPerSecond:
        span >= MIN_SPEED_SPAN_MS
          ? Math.max(0, ((completedBytes - oldest.bytes) * 1000) / span)
          : this.last.bytesPerSecond,
      error: null,
    };
    return this.last;
  }

  /** The last progress, ended as cancelled or failed. */
  end(phase: 'cancelled' | 'failed', error: string | null = null): PullProgress {
    this.last = {
      ...this.last,
      phase,
      status: phase === 'cancelled' ? 'cancelled' : 'failed',
      bytesPerSecond: null,
      error,
    };
    return this.last;
  }

  current(): PullProgress {
    return { ...this.last };
  }
}
