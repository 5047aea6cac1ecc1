import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkFolder, removeDeadWorkersFolders } from './workFolder.js';

let parent = '';
afterEach(() => rmSync(parent, { recursive: true, force: true }));

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('work folders of remote workers', () => {
  it('removes the folders of workers that died, keeps those of running workers and unknown names', async () => {
    parent = mkdtempSync(join(tmpdir(), 'docpipe-workfolders-'));
    const dead = join(parent, `docpipe-worker-${deadPid()}-abc123`);
    mkdirSync(join(dead, 'task-1'), { recursive: true });
    writeFileSync(join(dead, 'task-1', 'document.pdf'), 'partly fetched');
    const mine = await makeWorkFolder(parent);
    const parentProcess = join(parent, `docpipe-worker-${process.ppid}-def456`);
    const other = join(parent, 'docpipe-worker-notapid');
    for (const dir of [parentProcess, other]) mkdirSync(dir);

    expect(await removeDeadWorkersFolders(parent)).toEqual([basename(dead)]);
    expect(existsSync(dead)).toBe(false);
    for (const dir of [mine, parentProcess, other]) expect(existsSync(dir)).toBe(true);
    expect(basename(mine)).toMatch(new RegExp(`^docpipe-worker-${process.pid}-`));
  });

  it('a missing parent folder is nothing to remove', async () => {
    parent = join(tmpdir(), 'docpipe-workfolders-missing');
    expect(await removeDeadWorkersFolders(parent)).toEqual([]);
  });
});
