import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { processStartMark } from '../core/services/processTree.js';
import { acquireDataFolderLock, dataFolderLockPath, lockRefusal, type LockAttempt } from './dataFolderLock.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const root = mkdtempSync(join(tmpdir(), 'docpipe-lock-'));
const children: ChildProcessWithoutNullStreams[] = [];
const held: LockAttempt[] = [];
afterEach(() => {
  for (const attempt of held.splice(0)) if (attempt.held) attempt.release();
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Another process taking the lock of `dataDir`: resolves with its first line (`held` or `refused <pid>`). */
function otherProcess(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; said: string }> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/run-ts.js'), join(repoRoot, 'electron/main/testing/holdDataFolderLock.ts'), dataDir],
    { cwd: repoRoot },
  );
  children.push(child);
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) done({ child, said: out.trim() });
    });
    child.on('close', (code) => fail(new Error(`the lock holder exited (${code}) before answering: ${err}`)));
  });
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<void>((done) =>
    child.exitCode !== null || child.signalCode !== null ? done() : child.on('close', () => done()),
  );

const take = (dataDir: string): LockAttempt => {
  const attempt = acquireDataFolderLock(dataDir);
  held.push(attempt);
  return attempt;
};

describe('one app per data folder', () => {
  it('a second process on the same folder is refused and told who holds it; after release it may take it', async () => {
    const data = join(root, 'same');
    const mine = acquireDataFolderLock(data);
    expect(mine.held).toBe(true);
    const other = await otherProcess(data);
    expect(other.said).toBe(`refused ${process.pid}`);
    other.child.stdin.end();
    await exited(other.child);
    // A second engine in this very process is refused too.
    expect(acquireDataFolderLock(data)).toMatchObject({ held: false, holder: { pid: process.pid } });

    if (mine.held) mine.release();
    const after = await otherProcess(data);
    expect(after.said).toBe('held');
    expect(acquireDataFolderLock(data)).toMatchObject({ held: false, holder: { pid: after.child.pid } });
    after.child.stdin.end();
    await exited(after.child);
    // Released on its way out.
    expect(existsSync(dataFolderLockPath(data))).toBe(false);
  });

  it('two data folders run side by side', async () => {
    expect(take(join(root, 'one')).held).toBe(true);
    const other = await otherProcess(join(root, 'two'));
    expect(other.said).toBe('held');
    other.child.stdin.end();
    await exited(other.child);
  });

  it('a holder killed with -9 leaves a stale lock that the next app takes over', async () => {
    const data = join(root, 'killed');
    const other = await otherProcess(data);
    expect(other.said).toBe('held');
    other.child.kill('SIGKILL');
    await exited(other.child);
    expect(existsSync(dataFolderLockPath(data))).toBe(true);
    expect(take(data).held).toBe(true);
    expect(JSON.parse(readFileSync(dataFolderLockPath(data), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('a recycled pid (alive, but started at another time) and an unreadable lock are stale', () => {
    const data = join(root, 'recycled');
    const path = dataFolderLockPath(data);
    const first = take(data);
    expect(first.held).toBe(true);
    if (first.held) first.release();
    // This very process's pid, with another start time: what a lock left by a dead app looks like once its
    // pid has been given to someone else. Linux only (elsewhere the start time is not known).
    if (processStartMark(process.pid) !== null) {
      writeFileSync(path, JSON.stringify({ pid: process.pid, startMark: '1', startedAt: '2026-01-01T00:00:00Z' }));
      const taken = acquireDataFolderLock(data);
      expect(taken.held).toBe(true);
      if (taken.held) taken.release();
    }
    writeFileSync(path, '{"pid": ');
    expect(take(data).held).toBe(true);
  });

  it('keeps the lock file to its owner and says what to do when refused', () => {
    const data = join(root, 'private');
    expect(take(data).held).toBe(true);
    expect(statSync(dataFolderLockPath(data)).mode & 0o777).toBe(0o600);
    expect(statSync(join(data, 'run')).mode & 0o777).toBe(0o700);
    expect(lockRefusal(data, { pid: 42, startMark: null, startedAt: '' })).toBe(
      `The data folder ${data} is already open in docpipe (process 42). ` +
        'Switch to that window, or start docpipe with another data folder (docpipe app --data DIR).',
    );
  });
});
