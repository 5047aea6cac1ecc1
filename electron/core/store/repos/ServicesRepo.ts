import type { SqliteDatabase } from '../Database.js';

/** The last known status of each supervised service, as JSON (ServiceStatus in the contract). */
export class ServicesRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      put: db.prepare<[string, string, string, string]>(
        'INSERT INTO services (name, state, status, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, status = excluded.status, updated_at = excluded.updated_at',
      ),
      all: db.prepare<[], { status: string }>('SELECT status FROM services ORDER BY name'),
    };
  }

  put(name: string, state: string, statusJson: string, now: string): void {
    this.stmts.put.run(name, state, statusJson, now);
  }

  /** Every service's last status, as stored JSON. */
  all(): string[] {
    return this.stmts.all.all().map((r) => r.status);
  }
}
