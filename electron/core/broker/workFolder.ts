/**
 * The folder a `docpipe worker` keeps fetched documents in while it reads them. Its name carries the
 * worker's pid, so a later worker can tell the folders of workers that died without cleaning up (killed,
 * machine crash) from those of workers still running, and remove them: otherwise every hard stop leaves
 * its partly fetched documents in the temporary folder for good.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../services/processTree.js';

const PREFIX = 'docpipe-worker-';

/**
 * Removes the work folders under `parent` whose worker is no longer running, and returns their names.
 * Folders of running workers, and any name it does not know, are left alone.
 */
export async function removeDeadWorkersFolders(parent: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = /^docpipe-worker-(\d+)-/.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || processAlive(Number(pid))) continue;
    await rm(join(parent, name), { recursive: true, force: true }).then(
      () => removed.push(name),
      () => undefined, // another user's folder, or gone already: not ours to worry about
    );
  }
  return removed;
}

/** A new work folder for this process under `parent`. */
export function makeWorkFolder(parent: string): Promise<string> {
  return mkdtemp(join(parent, `${PREFIX}${process.pid}-`));
}
