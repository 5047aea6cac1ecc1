import type { SqliteDatabase } from '../Database.js';

export class WatchedFoldersRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      add: db.prepare<[string, string]>('INSERT OR IGNORE INTO watched_folders (path, added_at) VALUES (?, ?)'),
      remove: db.prepare<[string]>('DELETE FROM watched_folders WHERE path = ?'),
      list: db.prepare<[], { path: string }>('SELECT path FROM watched_folders ORDER BY path'),
    };
  }

  add(path: string, now: string): void {
    this.stmts.add.run(path, now);
  }

  remove(path: string): boolean {
    return this.stmts.remove.run(path).changes === 1;
  }

  list(): string[] {
    return this.stmts.list.all().map((r) => r.path);
  }
}
