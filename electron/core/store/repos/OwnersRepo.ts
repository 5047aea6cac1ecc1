import type { SqliteDatabase } from '../Database.js';

export interface OwnerRow {
  id: string;
  host: string;
  pid: number;
  heartbeat_at: number;
}

/** Processes that may hold leases, with a heartbeat; see JobQueue.rescue. */
export class OwnersRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      upsert: db.prepare<[string, string, number, number]>(
        `INSERT INTO owners (id, host, pid, heartbeat_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
      ),
      get: db.prepare<[string], OwnerRow>('SELECT * FROM owners WHERE id = ?'),
      remove: db.prepare<[string]>('DELETE FROM owners WHERE id = ?'),
    };
  }

  heartbeat(id: string, host: string, pid: number, nowMs: number): void {
    this.stmts.upsert.run(id, host, pid, nowMs);
  }

  get(id: string): OwnerRow | undefined {
    return this.stmts.get.get(id);
  }

  remove(id: string): void {
    this.stmts.remove.run(id);
  }
}
