import type { SqliteDatabase } from '../Database.js';

export interface WatchedFolderRow {
  path: string;
  added_at: string;
  /** When a person paused it; null while it is followed. */
  paused_at: string | null;
  last_scan_at: string | null;
}

export class WatchedFoldersRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      add: db.prepare<[string, string]>('INSERT OR IGNORE INTO watched_folders (path, added_at) VALUES (?, ?)'),
      remove: db.prepare<[string]>('DELETE FROM watched_folders WHERE path = ?'),
      list: db.prepare<[], { path: string }>('SELECT path FROM watched_folders ORDER BY path'),
      rows: db.prepare<[], WatchedFolderRow>(
        'SELECT path, added_at, paused_at, last_scan_at FROM watched_folders ORDER BY path',
      ),
      get: db.prepare<[string], WatchedFolderRow>(
        'SELECT path, added_at, paused_at, last_scan_at FROM watched_folders WHERE path = ?',
      ),
      setPaused: db.prepare<[string | null, string]>('UPDATE watched_folders SET paused_at = ? WHERE path = ?'),
      scanned: db.prepare<[string, string]>('UPDATE watched_folders SET last_scan_at = ? WHERE path = ?'),
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

  rows(): WatchedFolderRow[] {
    return this.stmts.rows.all();
  }

  get(path: string): WatchedFolderRow | undefined {
    return this.stmts.get.get(path);
  }

  /** Pauses (`at` = when) or resumes (`at` = null) a watched folder; false when it is not watched. */
  setPaused(path: string, at: string | null): boolean {
    return this.stmts.setPaused.run(at, path).changes === 1;
  }

  /** Records that a whole scan of `path` finished (no-op for a path that is not watched). */
  markScanned(path: string, now: string): void {
    this.stmts.scanned.run(now, path);
  }
}
