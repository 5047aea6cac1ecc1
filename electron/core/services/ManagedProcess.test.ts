import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreeLoopbackPort } from './loopbackPort.js';
import { ManagedProcess, type ManagedProcessOptions, type ServiceLog } from './ManagedProcess.js';
import { pidFilePath, readPidFile, writePidFile } from './pidFile.js';
import { processAlive, waitFor } from './processTree.js';
import type { ServiceStatus } from '../../shared/contract/services.js';

const FAKE_SERVER = fileURLToPath(new URL('../testing/processes/fakeServer.mjs', import.meta.url));

const quietLog: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };

interface Harness {
  process: ManagedProcess;
  dataDir: string;
  states: ServiceStatus[];
  /** Resolves when a status matching `test` has been reported (fails the test after 20 s). */
  reaches(test: (s: ServiceStatus) => boolean, what: string): Promise<ServiceStatus>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-managed-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function harness(serverArgs: string[], overrides: Partial<ManagedProcessOptions> = {}, dataDir = tempDir()): Harness {
  const states: ServiceStatus[] = [];
  const process_ = new ManagedProcess({
    name: 'fake',
    command: process.execPath,
    launch: (port) => ({
      args: [FAKE_SERVER, '--port', String(port), ...serverArgs],
      env: { PATH: process.env.PATH ?? '' },
    }),
    probe: async ({ url, signal }) => (await fetch(`${url}/health`, { signal })).ok,
    dataDir,
    log: quietLog,
    onState: (s) => states.push(s),
    readiness: { deadlineMs: 15_000, intervalMs: 25 },
    restartBackoff: { baseMs: 20, maxMs: 100, jitter: 0 },
    crashLoop: { maxCrashes: 3, windowMs: 60_000 },
    stopGraceMs: 3000,
    ...overrides,
  });
  cleanups.push(() => process_.stop());
  return {
    process: process_,
    dataDir,
    states,
    async reaches(test, what) {
      const found = await waitFor(() => states.some(test), 20_000);
      if (!found) throw new Error(`never reached: ${what}; states were ${states.map((s) => s.state).join(' → ')}`);
      return states.find(test)!;
    },
  };
}

const gone = (pid: number): Promise<boolean> => waitFor(() => !processAlive(pid), 10_000);

describe('ManagedProcess with real child processes', () => {
  it('waits for a slow starter, records it in a pid file, and stops it cleanly', async () => {
    const h = harness(['--listen-after', '300', '--stdout', 'hello from stdout']);
    const ready = await h.process.start();
    expect(ready.state).toBe('ready');
    expect(ready.pid).toBeGreaterThan(0);
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`);
    expect(h.states.map((s) => s.state)).toEqual(['starting', 'starting', 'ready']);
    expect(processAlive(ready.pid!)).toBe(true);

    const pidFile = pidFilePath(h.dataDir, 'fake');
    expect(readPidFile(pidFile)).toMatchObject({
      pid: ready.pid,
      command: process.execPath,
      args: [FAKE_SERVER, '--port', String(ready.port), '--listen-after', '300', '--stdout', 'hello from stdout'],
    });
    expect(await (await fetch(`${ready.url}/health`)).text()).toBe('ok');

    await h.process.stop();
    expect(h.process.status()).toMatchObject({ state: 'stopped', pid: null, url: null });
    expect(await gone(ready.pid!)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
    const log = readFileSync(join(h.dataDir, 'logs', 'fake.log'), 'utf8');
    expect(log).toContain('hello from stdout');
    expect(log).toContain('exited with code 0');
  });

  it('starts a crashed server again, on the same port, and counts the restart', async () => {
    const flag = join(tempDir(), 'crashed');
    const h = harness(['--crash-once', flag]);
    const first = await h.process.start();
    expect(first.state).toBe('ready');
    const again = await h.reaches((s) => s.state === 'ready' && s.pid !== first.pid, 'ready with a new pid');
    expect(again.restarts).toBe(1);
    expect(again.port).toBe(first.port);
    const restarting = h.states.find((s) => s.state === 'restarting');
    expect(restarting?.reason).toMatch(/^fake exited with code 3; starting it again in [\d.]+ s\.$/);
    expect(processAlive(first.pid!)).toBe(false);
  });

  it('gives up on a server that exits at once, quoting its error output, and logs it', async () => {
    const h = harness([
      '--exit-at-once',
      '1',
      '--stderr',
      'Error: could not open the model store',
      '--stderr',
      'fatal: giving up',
    ]);
    const settled = await h.process.start();
    expect(settled.state).toBe('failed');
    expect(settled.restarts).toBe(2);
    expect(h.states.filter((s) => s.state === 'restarting')).toHaveLength(2);
    expect(settled.reason).toContain('fake exited with code 1; it stopped 3 times within 60 s, so docpipe gave up.');
    expect(settled.reason).toContain('Error: could not open the model store | fatal: giving up');
    expect(settled.reason).toContain(join(h.dataDir, 'logs', 'fake.log'));
    expect(readFileSync(join(h.dataDir, 'logs', 'fake.log'), 'utf8')).toContain(
      'Error: could not open the model store',
    );
    expect(existsSync(pidFilePath(h.dataDir, 'fake'))).toBe(false);
  });

  it('stops a server that never answers within the readiness deadline and reports it', async () => {
    const h = harness(['--never-listen'], {
      readiness: { deadlineMs: 400, intervalMs: 25 },
      crashLoop: { maxCrashes: 1 },
    });
    const settled = await h.process.start();
    expect(settled.state).toBe('failed');
    expect(settled.reason).toMatch(
      /^fake did not answer within 0\.4 s of starting; it stopped once within 120 s, so docpipe gave up\./,
    );
    const started = h.states.find((s) => s.pid !== null)!;
    expect(await gone(started.pid!)).toBe(true);
  });

  it('kills a server that ignores SIGTERM once the grace period is over', async () => {
    const h = harness(['--ignore-sigterm'], { stopGraceMs: 300 });
    const ready = await h.process.start();
    await h.process.stop();
    expect(processAlive(ready.pid!)).toBe(false);
    const log = readFileSync(join(h.dataDir, 'logs', 'fake.log'), 'utf8');
    expect(log).toContain('fakeServer: SIGTERM ignored');
    expect(log).toContain('was ended by SIGKILL');
  });

  it('leaves no orphan: the processes a server started are stopped with it', async () => {
    const grandchildFile = join(tempDir(), 'grandchild.pid');
    const h = harness(['--grandchild', grandchildFile]);
    const ready = await h.process.start();
    const grandchild = Number(readFileSync(grandchildFile, 'utf8'));
    expect(processAlive(grandchild)).toBe(true);
    await h.process.stop();
    expect(await gone(ready.pid!)).toBe(true);
    expect(await gone(grandchild)).toBe(true);
  });

  it('leaves no orphan after a crash either: the crashed server’s children are killed before the restart', async () => {
    const dir = tempDir();
    const grandchildFile = join(dir, 'grandchild.pid');
    const h = harness(['--grandchild', grandchildFile, '--crash-once', join(dir, 'crashed')]);
    const first = await h.process.start();
    const firstGrandchild = Number(readFileSync(grandchildFile, 'utf8'));
    await h.reaches((s) => s.state === 'ready' && s.pid !== first.pid, 'ready again after the crash');
    expect(await gone(firstGrandchild)).toBe(true);
  });

  it('stops the server a killed docpipe left behind before starting its own', async () => {
    const dataDir = tempDir();
    const port = await findFreeLoopbackPort();
    const args = [FAKE_SERVER, '--port', String(port)];
    // What a docpipe killed with -9 leaves: its server still running (in its own group) and the pid file
    // naming it and the docpipe, which is gone.
    const killedDocpipe = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => killedDocpipe.once('exit', resolve));
    const leftover = spawn(process.execPath, args, { detached: true, stdio: 'ignore' });
    cleanups.push(() => {
      if (processAlive(leftover.pid!)) process.kill(leftover.pid!, 'SIGKILL');
    });
    const answered = await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok === true,
      10_000,
    );
    expect(answered).toBe(true);
    writePidFile(pidFilePath(dataDir, 'fake'), {
      pid: leftover.pid!,
      startedAt: new Date().toISOString(),
      command: process.execPath,
      args,
      owner: { pid: killedDocpipe.pid!, startMark: null },
    });

    const warnings: string[] = [];
    const h = harness(
      [],
      { preferredPort: port, log: { ...quietLog, warn: (_fields, message) => warnings.push(message) } },
      dataDir,
    );
    const ready = await h.process.start();
    expect(warnings).toContain('stopped a server that an earlier docpipe left running');
    expect(ready.state).toBe('ready');
    expect(await gone(leftover.pid!)).toBe(true);
    expect(ready.pid).not.toBe(leftover.pid);
    // The leftover held the port; once it was stopped, the new server could have it.
    expect(ready.port).toBe(port);
  });

  it('uses, and leaves running, a server that another running docpipe on the same data folder started', async () => {
    const dataDir = tempDir();
    const first = harness([], {}, dataDir);
    const theirs = await first.process.start();
    const second = harness([], {}, dataDir);
    const ours = await second.process.start();
    expect(ours).toMatchObject({ state: 'external', url: theirs.url, pid: null });
    expect(ours.reason).toBe(
      `fake is run by another docpipe (pid ${process.pid}) on this data folder; this one uses it and leaves it to that one.`,
    );
    await second.process.stop();
    expect(processAlive(theirs.pid!)).toBe(true);
    expect(readPidFile(pidFilePath(dataDir, 'fake'))?.pid).toBe(theirs.pid);
    await first.process.stop();
    expect(existsSync(pidFilePath(dataDir, 'fake'))).toBe(false);
  });

  it('leaves alone a process that a pid file names but that runs another program', async () => {
    const dataDir = tempDir();
    writePidFile(pidFilePath(dataDir, 'fake'), {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      command: process.execPath,
      args: [FAKE_SERVER, '--port', '1'],
    });
    const h = harness([], {}, dataDir);
    expect((await h.process.start()).state).toBe('ready');
    expect(processAlive(process.pid)).toBe(true);
  });

  it('is degraded while health checks fail and ready again when they pass', async () => {
    const flag = join(tempDir(), 'sick');
    const h = harness(['--sick-flag', flag], { health: { intervalMs: 30, failuresBeforeDegraded: 2 } });
    await h.process.start();
    writeFileSync(flag, '');
    const degraded = await h.reaches((s) => s.state === 'degraded', 'degraded');
    expect(degraded.reason).toBe('fake runs but did not answer 2 health checks in a row.');
    expect(degraded.pid).not.toBeNull();
    rmSync(flag);
    const count = h.states.length;
    await h.reaches((s) => s.state === 'ready' && h.states.indexOf(s) >= count, 'ready again');
  });

  it('ends a server that stays unresponsive and counts it as a crash', async () => {
    const flag = join(tempDir(), 'sick');
    writeFileSync(flag, '');
    // Readiness asks another path than the health check, so the server becomes ready and then looks hung.
    const h = harness(['--sick-flag', flag], {
      probe: async ({ url, signal }) => (await fetch(`${url}/`, { signal })).status === 404,
      health: {
        intervalMs: 20,
        failuresBeforeDegraded: 2,
        failuresBeforeRestart: 4,
        check: async ({ url, signal }) => (await fetch(`${url}/health`, { signal })).ok,
      },
      crashLoop: { maxCrashes: 1 },
    });
    const ready = await h.process.start();
    expect(ready.state).toBe('ready');
    const failed = await h.reaches((s) => s.state === 'failed', 'failed');
    expect(failed.reason).toMatch(
      /^fake stopped answering \(4 health checks in a row\); it stopped once within 120 s, so docpipe gave up\./,
    );
    expect(h.states.map((s) => s.state)).toContain('degraded');
    expect(await gone(ready.pid!)).toBe(true);
  });

  it('is absent when its program does not exist', async () => {
    const missing = join(tempDir(), 'no-such-server');
    const h = harness([], { command: missing });
    const settled = await h.process.start();
    expect(settled).toMatchObject({ state: 'absent', pid: null, reason: `${missing} does not exist.` });
  });

  it('can be started again after a stop, with a fresh restart count', async () => {
    const h = harness([]);
    const first = await h.process.start();
    await h.process.stop();
    const second = await h.process.start();
    expect(second).toMatchObject({ state: 'ready', restarts: 0 });
    expect(second.pid).not.toBe(first.pid);
  });
});
