import type { DocpipeEvent } from '../../shared/contract/events.js';

export type EventListener = (event: DocpipeEvent) => void;

/**
 * In-process fan-out of events after their transaction committed. A listener that throws is reported
 * and does not stop the others: events are facts for observers, never control flow.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly DocpipeEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }
}
