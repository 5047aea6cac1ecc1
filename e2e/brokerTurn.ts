/**
 * One broker test at a time on this machine. The scale-out test restarts the broker (`rabbitmqctl
 * stop_app`), which drops every connection on the node, so a broker test running beside it in another
 * vitest worker would see its coordinator and workers disconnect for reasons of no concern to it. Each
 * broker test takes its turn: a directory made atomically in the temporary folder, naming its holder's
 * pid; a holder that died (kill -9 of a test run) leaves it to the next.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TURN = join(tmpdir(), 'docpipe-broker-test.turn');

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(TURN, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    // No pid file: the holder is between mkdir and writing it, or died there (then the turn is stale).
    try {
      return Date.now() - statSync(TURN).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
}

/** Waits for the turn (up to `timeoutMs`), takes it, and answers the function that gives it back. */
export async function takeBrokerTurn(timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(TURN);
      writeFileSync(join(TURN, 'pid'), String(process.pid));
      return () => rmSync(TURN, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!holderAlive()) {
      rmSync(TURN, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another broker test has held ${TURN} for ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
