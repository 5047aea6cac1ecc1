import { DocpipeEvent, type NewEvent } from '../../../shared/contract/events.js';
import type { SqliteDatabase } from '../Database.js';

interface EventRow {
  id: number;
  type: string;
  at: string;
  correlation_id: string | null;
  document_id: number | null;
  payload: string;
}

export class EventsRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      insert: db.prepare<[string, string, string | null, number | null, string]>(
        'INSERT INTO events (type, at, correlation_id, document_id, payload) VALUES (?, ?, ?, ?, ?)',
      ),
      since: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?'),
      byCorrelation: db.prepare<[string], EventRow>('SELECT * FROM events WHERE correlation_id = ? ORDER BY id'),
      lastId: db.prepare<[], { id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM events'),
    };
  }

  /** Inserts the event; the caller's transaction makes it atomic with the state it describes. */
  append(event: NewEvent): DocpipeEvent {
    const at = new Date().toISOString();
    const { type, correlationId, documentId, ...rest } = event;
    const info = this.stmts.insert.run(type, at, correlationId, documentId, JSON.stringify(rest));
    return { ...event, id: Number(info.lastInsertRowid), at } as DocpipeEvent;
  }

  /** Events after `afterId`, for a subscriber that resumes (another process, a reconnecting UI). */
  listSince(afterId: number, limit = 1000): DocpipeEvent[] {
    return this.stmts.since.all(afterId, limit).map(toEvent);
  }

  /** The id of the latest event written, by any process (0 when there is none). */
  lastId(): number {
    return this.stmts.lastId.get()?.id ?? 0;
  }

  /**
   * Events after `afterId` as `listSince`, except that a row this version cannot read (written by a newer
   * docpipe on the same data folder) is passed over instead of failing the rest; `lastId` is the last row read.
   */
  readSince(afterId: number, limit = 1000): { events: DocpipeEvent[]; lastId: number; rows: number } {
    const rows = this.stmts.since.all(afterId, limit);
    const events: DocpipeEvent[] = [];
    for (const row of rows) {
      try {
        events.push(toEvent(row));
      } catch {
        // Not an event this version knows: observers could not use it either.
      }
    }
    return { events, lastId: rows.at(-1)?.id ?? afterId, rows: rows.length };
  }

  listForCorrelation(correlationId: string): DocpipeEvent[] {
    return this.stmts.byCorrelation.all(correlationId).map(toEvent);
  }
}

function toEvent(row: EventRow): DocpipeEvent {
  return DocpipeEvent.parse({
    ...(JSON.parse(row.payload) as object),
    id: row.id,
    type: row.type,
    at: row.at,
    correlationId: row.correlation_id,
    documentId: row.document_id,
  });
}
