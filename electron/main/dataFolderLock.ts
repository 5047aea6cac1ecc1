/**
 * One desktop app per data folder: a lock file, `<data>/run/app.lock`, names the process that holds it
 * (pid and, on Linux, its start time, so a recycled pid is not mistaken for the holder). A second app on
 * the same folder is refused, whoever runs it; an app on another folder is not concerned. A holder that
 * died (kill -9, a crash, a power cut) leaves a stale file that the next app takes over.
 *
 * The CLI and `docpipe serve` do not take it: they share a folder with the app safely through the job
 * queue's leases (electron/core/CONTEXT.md, "lease"). What the lock prevents is two windows, each with
 * its own engine, watchers and model server, on one archive.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { processAlive, processStartMark } from '../core/services/processTree.js';

export const LockHolder = z.object({
  pid: z.number().int().positive(),
  /** Linux: the start time in clock ticks since boot (processStartMark); null elsewhere. */
  startMark: z.string().nullable(),
  /** When it took the lock (ISO 8601). */
  startedAt: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

export type LockAttempt =
  | { held: true; path: string; /** Gives the lock up (only if the file is still this process's). */ release(): void }
  /** `holder` is null when the lock could not be read (it kept changing under this process). */
  | { held: false; path: string; holder: LockHolder | null };

export function dataFolderLockPath(dataDir: string): string {
  return join(dataDir, 'run', 'app.lock');
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function parseHolder(text: string | null): LockHolder | null {
  if (text === null) return null;
  try {
    const parsed = LockHolder.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the recorded process still runs: same pid and, where both are known, the same start time. */
function holderAlive(holder: LockHolder): boolean {
  if (!processAlive(holder.pid)) return false;
  const mark = processStartMark(holder.pid);
  return holder.startMark === null || mark === null || holder.startMark === mark;
}

/**
 * Takes the data folder's lock for `self` (this process by default), or says who holds it. The record is
 * written whole to a file of its own and then hard-linked into place, which fails when the lock exists:
 * no reader ever sees a half-written lock, and two starting apps cannot both win.
 */
export function acquireDataFolderLock(
  dataDir: string,
  self: { pid: number; startMark: string | null } = { pid: process.pid, startMark: processStartMark(process.pid) },
): LockAttempt {
  const path = dataFolderLockPath(dataDir);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const record = `${JSON.stringify(LockHolder.parse({ ...self, startedAt: new Date().toISOString() }))}\n`;
  for (let attempt = 0; ; attempt++) {
    const staged = `${path}.${self.pid}.${randomUUID()}`;
    writeFileSync(staged, record, { mode: 0o600 });
    try {
      linkSync(staged, path);
      return {
        held: true,
        path,
        release: () => {
          if (readText(path) === record) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(staged, { force: true });
    }
    const found = readText(path);
    const holder = parseHolder(found);
    if (holder && holderAlive(holder)) return { held: false, path, holder };
    // A stale lock (its process is gone) or one that cannot be read: removed unless it changed meanwhile.
    // Three rounds are plenty; a lock that keeps changing under us belongs to someone alive.
    if (attempt >= 2) return { held: false, path, holder };
    if (readText(path) === found) rmSync(path, { force: true });
  }
}

/** The sentence shown when the folder is taken. */
export function lockRefusal(dataDir: string, holder: LockHolder | null): string {
  return (
    `The data folder ${dataDir} is already open in docpipe${holder ? ` (process ${holder.pid})` : ''}. ` +
    'Switch to that window, or start docpipe with another data folder (docpipe app --data DIR).'
  );
}
