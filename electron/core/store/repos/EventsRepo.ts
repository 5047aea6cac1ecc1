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
