import type { SqliteDatabase } from '../Database.js';

/** A path whose document a person removed from the archive, as the file was then. */
export interface RemovedFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** The removed document's content (null for a file that could not be read). */
  sha256: string | null;
}

/** Files removed from the archive: a rescan leaves them out until their bytes change (Ingestor). */
export class RemovedFilesRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      remember: db.prepare<[string, number, number, string | null, string]>(
        `INSERT INTO removed_files (path, size, mtime_ms, sha256, removed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
           sha256 = excluded.sha256, removed_at = excluded.removed_at`,
      ),
      get: db.prepare<[string], { path: string; size: number; mtime_ms: number; sha256: string | null }>(
        'SELECT path, size, mtime_ms, sha256 FROM removed_files WHERE path = ?',
      ),
      touch: db.prepare<[number, number, string]>('UPDATE removed_files SET size = ?, mtime_ms = ? WHERE path = ?'),
      forget: db.prepare<[string]>('DELETE FROM removed_files WHERE path = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM removed_files'),
    };
  }

  remember(file: RemovedFile, now: string): void {
    this.stmts.remember.run(file.path, file.size, Math.trunc(file.mtimeMs), file.sha256, now);
  }

  get(path: string): RemovedFile | undefined {
    const row = this.stmts.get.get(path);
    return row ? { path: row.path, size: row.size, mtimeMs: row.mtime_ms, sha256: row.sha256 } : undefined;
  }

  /** The file was touched but holds the same bytes: it stays removed, known by its new size and mtime. */
  touch(path: string, size: number, mtimeMs: number): void {
    this.stmts.touch.run(size, Math.trunc(mtimeMs), path);
  }

  /** The path may come back (its bytes changed, or a person added the file again). */
  forget(path: string): void {
    this.stmts.forget.run(path);
  }

  count(): number {
    return this.stmts.count.get()?.n ?? 0;
  }
}
