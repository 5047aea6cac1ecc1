import type { RemoteStage, WorkerHeartbeat } from './brokerProtocol.js';

export interface RosterEntry {
  heartbeat: WorkerHeartbeat;
  seenAt: number;
}

/**
 * The remote workers the coordinator has heard from lately, and what they can take. A worker that missed
 * three of its own heartbeats is gone (a kill -9 sends no goodbye): its slots stop counting, and the tasks
 * it held come back through the broker to the others.
 */
export class WorkerRoster {
  private readonly workers = new Map<string, RosterEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a heartbeat; true when the roster's capacity changed (a new worker, a goodbye, other slots). */
  heard(heartbeat: WorkerHeartbeat): boolean {
    const before = this.workers.get(heartbeat.workerId);
    const slotsOf = (h: WorkerHeartbeat | undefined) => JSON.stringify(h?.slots ?? {});
    const changed = !before || slotsOf(before.heartbeat) !== slotsOf(heartbeat);
    if (Object.values(heartbeat.slots).every((n) => n === 0)) {
      this.workers.delete(heartbeat.workerId);
      return before !== undefined;
    }
    this.workers.set(heartbeat.workerId, { heartbeat, seenAt: this.now() });
    return changed;
  }

  /** Forgets workers that missed three heartbeats; true when any was forgotten. */
  expire(): boolean {
    const now = this.now();
    let removed = false;
    for (const [id, entry] of this.workers) {
      if (now - entry.seenAt > 3 * entry.heartbeat.intervalMs) {
        this.workers.delete(id);
        removed = true;
      }
    }
    return removed;
  }

  /** Tasks of `stage` the live workers can run at once: the sum of what each announced. */
  slots(stage: RemoteStage): number {
    let n = 0;
    for (const { heartbeat } of this.workers.values()) n += heartbeat.slots[stage] ?? 0;
    return n;
  }

  /** Everyone that counts, forgetting nobody (call expire() first). */
  list(): RosterEntry[] {
    return [...this.workers.values()];
  }

  /** All forgotten at once: the broker connection is gone, so nobody can be sent anything. */
  clear(): void {
    this.workers.clear();
  }
}
