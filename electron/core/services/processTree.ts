/**
 * Signalling a supervised server together with everything it started. A server such as Ollama runs
 * its models in child processes; signalling only the server's own pid would leave those behind. So a
 * server is spawned as the leader of its own process group (`detached`), and docpipe signals the group.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** State letter and process group of a Linux process, from /proc/<pid>/stat; null where /proc does not tell. */
function linuxProcessStat(pid: number | string): { state: string; pgrp: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself hold spaces and parentheses: the fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, , pgrp] = fields;
    return state && pgrp ? { state, pgrp: Number(pgrp) } : null;
  } catch {
    return null;
  }
}

/**
 * When the process started, in clock ticks since boot (Linux /proc/<pid>/stat field 22); null elsewhere.
 * A pid and this mark together name one process: a recycled pid has another start time.
 */
export function processStartMark(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether a process with this id is alive (it may belong to another user). A zombie counts as gone: it
 * has exited and only waits for its parent to collect its exit status.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errorCode(error) !== 'EPERM') return false;
  }
  return linuxProcessStat(pid)?.state !== 'Z';
}

/**
 * Whether any process of the group led by `pgid` is still alive (zombies excluded on Linux, where /proc
 * is read: a killed grandchild is reparented to init, which may take a while to collect it).
 */
export function processGroupAlive(pgid: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return processAlive(pgid);
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if (errorCode(error) !== 'EPERM') return false;
  }
  if (platform !== 'linux') return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    const stat = linuxProcessStat(entry);
    return stat !== null && stat.pgrp === pgid && stat.state !== 'Z';
  });
}

/**
 * Sends `signal` to the process group led by `pgid` (the leader and all it started). Returns false when
 * no such group exists any more, or it may not be signalled (EPERM: then it is not ours). It never
 * throws, because it runs in exit handlers. On Windows, where there are no groups and no SIGTERM,
 * `taskkill /T` walks the tree instead (`/F` for SIGKILL).
 */
export function signalProcessGroup(
  pgid: number,
  signal: 'SIGTERM' | 'SIGKILL',
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (platform === 'win32') {
    const result = spawnSync('taskkill', ['/pid', String(pgid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], {
      stdio: 'ignore',
      windowsHide: true,
    });
    return result.status === 0;
  }
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The argument vector a running process was started with: /proc/<pid>/cmdline on Linux, `ps` elsewhere
 * (where the arguments come back joined by spaces, so they are split on spaces: good enough to
 * recognise our own command, not to parse it). Null when the process is gone or nothing can tell.
 */
export async function readCommandLine(
  pid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<string[] | null> {
  if (platform === 'linux') {
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const parts = raw.split('\0');
      if (parts.at(-1) === '') parts.pop();
      return parts.length > 0 ? parts : null;
    } catch {
      return null;
    }
  }
  if (platform === 'win32') return null;
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'command=', '-p', String(pid)], { timeout: 5000 }, (error, stdout) => {
      const line = String(stdout).trim();
      resolve(error || !line ? null : line.split(/\s+/));
    });
  });
}

/**
 * Polls `condition` until it holds or `timeoutMs` passes; true when it held. Used for "the process is
 * gone" and "the server answers", which have no event to wait for.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
