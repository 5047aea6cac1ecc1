import type { DocpipeEvent } from '../../shared/contract/events.js';
import type { EventsRepo } from '../store/repos/EventsRepo.js';
import type { EventBus, EventListener } from './EventBus.js';

/** How often the events table is read for other processes' events, ms. */
const DEFAULT_POLL_MS = 500;
/** Rows read per query; a backlog is read in several. */
const PAGE = 1000;

/**
 * Every event written to the data folder, for the UI's event streams: this process's from the bus as they
 * commit, and those other processes write to the same store (a CLI `ingest` beside `serve` or the app) by
 * reading the events table after the last id seen. Only while someone follows does it poll. An event of
 * this process is delivered once: its id is noted when the bus delivers it, and passed over when read back.
 */
export class StoreEventFeed {
  private readonly listeners = new Set<EventListener>();
  private readonly ownIds = new Set<number>();
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribeBus: (() => void) | null = null;

  constructor(
    private readonly events: EventsRepo,
    private readonly bus: EventBus,
    private readonly onError: (error: unknown) => void,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {}

  follow(listener: EventListener): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    // From now on: what was written before is the state the follower reads through the API.
    this.cursor = this.events.lastId();
    this.unsubscribeBus = this.bus.subscribe((event) => {
      if (event.id > this.cursor) this.ownIds.add(event.id);
      this.deliver(event);
    });
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribeBus?.();
    this.unsubscribeBus = null;
    this.ownIds.clear();
  }

  private poll(): void {
    try {
      for (;;) {
        const page = this.events.readSince(this.cursor, PAGE);
        this.cursor = page.lastId;
        for (const event of page.events) {
          if (this.ownIds.delete(event.id)) continue;
          this.deliver(event);
        }
        if (page.rows < PAGE || this.listeners.size === 0) break;
      }
    } catch (error) {
      this.onError(error);
    }
  }

  private deliver(event: DocpipeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
