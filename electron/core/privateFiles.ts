/**
 * What docpipe writes in its data folder (the database, the index, logs, thumbnails, uploads, serve.json)
 * is the user's documents in another form: readable by its owner only, whatever the umask. Other local
 * users can otherwise read a 0644 database as easily as the originals it summarises.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/** Mode of docpipe's folders: owner only. */
export const PRIVATE_DIR = 0o700;
/** Mode of docpipe's files: owner only (read and write). */
export const PRIVATE_FILE = 0o600;

/**
 * Creates a folder (and any missing parents) readable by its owner only. An existing folder keeps its mode:
 * it may be anything (a test's temporary folder, /tmp); only the data folder itself is narrowed when found
 * wider (`narrowDataFolder`).
 */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR });
}

/** The data folder: created owner-only, or narrowed to that when an older docpipe made it with the umask's mode. */
export function makePrivateDataFolder(path: string): void {
  makePrivateDir(path);
  narrow(path, PRIVATE_DIR);
}

/**
 * Creates an empty file readable by its owner only when there is none, and narrows an existing one. Called
 * before a library opens the file (SQLite, the logger), which would otherwise create it with the umask's
 * mode; SQLite gives its -wal and -shm files the database file's mode.
 */
export function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE));
  narrow(path, PRIVATE_FILE);
}

function narrow(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch {
    // Not ours to change (another owner, a read-only mount): it keeps its mode.
  }
}
