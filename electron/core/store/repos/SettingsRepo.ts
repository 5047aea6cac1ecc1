import type { SqliteDatabase } from '../Database.js';

/** Settings sections as stored: raw JSON, parsed by the caller with the contract's schema. */
export class SettingsRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      all: db.prepare<[], { section: string; value: string }>('SELECT section, value FROM settings ORDER BY section'),
      put: db.prepare<[string, string, string]>(
        'INSERT INTO settings (section, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (section) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      ),
    };
  }

  /** Every stored section → its JSON text. */
  all(): Map<string, string> {
    return new Map(this.stmts.all.all().map((r) => [r.section, r.value]));
  }

  put(section: string, json: string, now: string): void {
    this.stmts.put.run(section, json, now);
  }
}
