/**
 * Pid files under `<dataDir>/run/<name>.pid`: how a docpipe that was killed (`kill -9`, a power cut of the
 * app, a crash) finds the servers it had started and stops them on its next start, instead of leaving
 * an Ollama holding GPU memory and a port forever. A pid alone is not proof: pids are recycled, so a
 * leftover is only killed when the process still runs the recorded program (and, on Linux, started at
 * the recorded time).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import {
  processAlive,
  processGroupAlive,
  processStartMark,
  readCommandLine,
  signalProcessGroup,
  waitFor,
} from './processTree.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../privateFiles.js';

export const PidRecord = z.object({
  pid: z.number().int().positive(),
  /** When docpipe started it (ISO 8601). */
  startedAt: z.string(),
  /** The program docpipe ran and its arguments. */
  command: z.string(),
  args: z.array(z.string()),
  /** Linux: the process's start time in clock ticks since boot (see processStartMark); null elsewhere. */
  startMark: z.string().nullable().default(null),
  /**
   * The docpipe process that started it. While that one runs, the server is not a leftover but in use
   * (the app and `docpipe serve` or the CLI on one data folder): it must not be killed.
   */
  owner: z.object({ pid: z.number().int().positive(), startMark: z.string().nullable() }).nullable().default(null),
  /** Where the server answers, for a docpipe that finds it in use. */
  url: z.string().nullable().default(null),
});
export type PidRecord = z.output<typeof PidRecord>;

export function pidFilePath(dataDir: string, name: string): string {
  return join(dataDir, 'run', `${name}.pid`);
}

export function writePidFile(path: string, record: z.input<typeof PidRecord>): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR });
  writeFileSync(path, `${JSON.stringify(PidRecord.parse(record))}\n`, { mode: PRIVATE_FILE });
}

/** The record in the file; null when there is none or it cannot be parsed (a torn write is not a pid to kill). */
export function readPidFile(path: string): PidRecord | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = PidRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Whether a running process's argument vector is the recorded program: the command (by path, or by
 * name when the path differs, as with a script run through its interpreter: `node /x/ollama serve`)
 * followed by the recorded arguments at the end.
 */
export function runsRecordedProgram(
  commandLine: readonly string[],
  record: Pick<PidRecord, 'command' | 'args'>,
): boolean {
  const name = basename(record.command);
  const commandAt = commandLine.findIndex((part) => part === record.command || basename(part) === name);
  if (commandAt < 0) return commandLine.join(' ').includes(record.command) && endsWith(commandLine, record.args);
  return endsWith(commandLine.slice(commandAt + 1), record.args);
}

function endsWith(parts: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > parts.length) return false;
  const offset = parts.length - tail.length;
  return tail.every((part, i) => parts[offset + i] === part);
}

/** What was found in a pid file left by an earlier run. */
export type LeftoverOutcome =
  | { kind: 'none' }
  /** The recorded process is gone (or its pid now belongs to another program): only the file was removed. */
  | { kind: 'gone'; pid: number }
  | { kind: 'not-ours'; pid: number; commandLine: string[] | null }
  /** It was ours and still ran: it (and its process group) was stopped. */
  | { kind: 'stopped'; pid: number; forced: boolean }
  /** It runs for another docpipe that is still alive: left running, file kept. */
  | { kind: 'in-use'; pid: number; ownerPid: number; url: string | null };

/** Whether the docpipe that wrote the record still runs (same pid and, where known, same start time). */
function ownerAlive(owner: NonNullable<PidRecord['owner']>): boolean {
  if (!processAlive(owner.pid)) return false;
  const mark = processStartMark(owner.pid);
  return owner.startMark === null || mark === null || owner.startMark === mark;
}

/**
 * Stops the process recorded in `path` when it is a leftover of ours (its docpipe is gone), then removes
 * the file. A server whose docpipe still runs is left alone and reported `in-use`. `graceMs` is how long
 * it may take to exit after SIGTERM before SIGKILL.
 */
export async function stopLeftoverProcess(
  path: string,
  graceMs: number,
  platform: NodeJS.Platform = process.platform,
): Promise<LeftoverOutcome> {
  const record = readPidFile(path);
  if (!record) {
    removePidFile(path);
    return { kind: 'none' };
  }
  const { pid } = record;
  if (!processAlive(pid)) {
    // The leader is gone; children it left in its group (a model runner) are still ours to stop. The
    // kernel does not hand out a pid as a new group id while a group of that id exists.
    if (platform !== 'win32' && processGroupAlive(pid, platform)) await stopGroup(pid, graceMs, platform);
    removePidFile(path);
    return { kind: 'gone', pid };
  }
  const mark = processStartMark(pid);
  const sameStart = record.startMark === null || mark === null || record.startMark === mark;
  const commandLine = await readCommandLine(pid, platform);
  if (!sameStart || commandLine === null || !runsRecordedProgram(commandLine, record)) {
    removePidFile(path);
    return { kind: 'not-ours', pid, commandLine };
  }
  if (record.owner && ownerAlive(record.owner))
    return { kind: 'in-use', pid, ownerPid: record.owner.pid, url: record.url };
  const forced = await stopGroup(pid, graceMs, platform);
  removePidFile(path);
  return { kind: 'stopped', pid, forced };
}

/**
 * SIGTERM to the group, then SIGKILL after `graceMs`; true when SIGKILL was needed. A process that is
 * not a group leader (started by something other than ManagedProcess) is signalled on its own.
 */
async function stopGroup(pgid: number, graceMs: number, platform: NodeJS.Platform): Promise<boolean> {
  const signal = (name: 'SIGTERM' | 'SIGKILL'): void => {
    if (signalProcessGroup(pgid, name, platform)) return;
    try {
      process.kill(pgid, name);
    } catch {
      // already gone
    }
  };
  const gone = (): boolean => !processGroupAlive(pgid, platform) && !processAlive(pgid);
  signal('SIGTERM');
  if (await waitFor(gone, graceMs)) return false;
  signal('SIGKILL');
  await waitFor(gone, 5000);
  return true;
}
