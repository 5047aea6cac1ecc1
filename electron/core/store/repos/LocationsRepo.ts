import type { SqliteDatabase } from '../Database.js';

export interface LocationRow {
  id: number;
  path: string;
  document_id: number;
  size: number;
  mtime_ms: number;
}

export class LocationsRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      byPath: db.prepare<[string], LocationRow>(
        'SELECT id, path, document_id, size, mtime_ms FROM locations WHERE path = ?',
      ),
      byDocument: db.prepare<[number], LocationRow>(
        'SELECT id, path, document_id, size, mtime_ms FROM locations WHERE document_id = ? ORDER BY path',
      ),
      insert: db.prepare<[string, number, number, number, string, string]>(
        'INSERT INTO locations (path, document_id, size, mtime_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      update: db.prepare<[number, number, number, string, string]>(
        'UPDATE locations SET document_id = ?, size = ?, mtime_ms = ?, updated_at = ? WHERE path = ?',
      ),
      // Paths under a folder: a range scan on the UNIQUE(path) index (pathRange).
      under: db.prepare<[string, string], LocationRow>(
        'SELECT id, path, document_id, size, mtime_ms FROM locations WHERE path >= ? AND path < ?',
      ),
      documentsUnder: db.prepare<[string, string], { n: number }>(
        'SELECT count(DISTINCT document_id) AS n FROM locations WHERE path >= ? AND path < ?',
      ),
      delete: db.prepare<[string]>('DELETE FROM locations WHERE path = ?'),
    };
  }

  getByPath(path: string): LocationRow | undefined {
    return this.stmts.byPath.get(path);
  }

  listForDocument(documentId: number): LocationRow[] {
    return this.stmts.byDocument.all(documentId);
  }

  /** Inserts the path, or points an existing path at (possibly) another document. */
  upsert(path: string, documentId: number, size: number, mtimeMs: number, now: string): void {
    const changed = this.stmts.update.run(documentId, size, Math.trunc(mtimeMs), now, path).changes;
    if (changed === 0) this.stmts.insert.run(path, documentId, size, Math.trunc(mtimeMs), now, now);
  }

  /** Every location whose path is inside `folder` (which has no trailing separator). */
  listUnder(folder: string, separator: string): LocationRow[] {
    return this.stmts.under.all(...pathRange(folder, separator));
  }

  /** How many documents have a path inside `folder`. */
  countDocumentsUnder(folder: string, separator: string): number {
    return this.stmts.documentsUnder.get(...pathRange(folder, separator))?.n ?? 0;
  }

  delete(path: string): void {
    this.stmts.delete.run(path);
  }
}

/** The paths inside a folder as a range of the UNIQUE(path) index: [folder/, folder0) ('/' + 1 = '0'). */
function pathRange(folder: string, separator: string): [string, string] {
  const prefix = folder.endsWith(separator) ? folder : folder + separator;
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}
