import BetterSqlite3 from 'better-sqlite3';
import { dirname } from 'node:path';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { migrations as defaultMigrations, type Migration } from './migrations/index.js';
import { makePrivateDir, makePrivateFile } from '../privateFiles.js';

export type SqliteDatabase = BetterSqlite3.Database;

export interface OpenOptions {
  /** File path, or ':memory:'. */
  path: string;
  /** Default: the app's migrations. Tests may pass their own. */
  migrations?: readonly Migration[];
  /** How long a writer waits for another connection's lock, ms. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * Opens (and creates) the store: WAL, foreign keys, a busy timeout, and the migrations. A database
 * written by a newer docpipe is refused rather than silently misread.
 */
export function openDatabase(options: OpenOptions): SqliteDatabase {
  if (options.path !== ':memory:') {
    makePrivateDir(dirname(options.path));
    makePrivateFile(options.path);
  }
  const db = new BetterSqlite3(options.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    migrate(db, options.migrations ?? defaultMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: SqliteDatabase, list: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new AppError(
      ErrorCode.DB_NEWER_THAN_APP,
      `The data folder was written by a newer docpipe (schema ${current}; this version knows up to ${latest}). ` +
        'Update docpipe, or point it at another data folder with --data.',
    );
  }
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
