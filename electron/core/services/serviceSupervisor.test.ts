import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findFreeLoopbackPort } from './loopbackPort.js';
import type { ServiceLog } from './ManagedProcess.js';
import { readPidFile, pidFilePath } from './pidFile.js';
import { processAlive, waitFor } from './processTree.js';
import { createServiceSupervisor, type ServicesConfigInput } from './serviceSupervisor.js';
import { ServiceStatus } from '../../shared/contract/services.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const OLLAMA_STANDIN = fileURLToPath(new URL('../testing/ollama-standin/ollama', import.meta.url));
const OPENSEARCH_STANDIN_HOME = fileURLToPath(new URL('../testing/opensearch-standin', import.meta.url));
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
const quietLog: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-supervisor-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const env = { PATH, DOCPIPE_OLLAMA_BIN: OLLAMA_STANDIN, DOCPIPE_OPENSEARCH_HOME: OPENSEARCH_STANDIN_HOME };

async function bothEnabled(): Promise<ServicesConfigInput> {
  return {
    ollama: { host: `http://127.0.0.1:${await findFreeLoopbackPort()}` },
    opensearch: { enabled: true, heapMb: 256 },
  };
}

describe('createServiceSupervisor', () => {
  it('starts Ollama and OpenSearch together, reports every change, and stops both', async () => {
    const dataDir = tempDir();
    const seen: ServiceStatus[] = [];
    const supervisor = createServiceSupervisor({
      dataDir,
      resourcesDir: tempDir(),
      log: quietLog,
      env,
      config: await bothEnabled(),
      onState: (s) => seen.push(ServiceStatus.parse(s)),
    });
    cleanups.push(() => supervisor.stop());
    const started = await supervisor.start();
    expect(started.map((s) => [s.name, s.state])).toEqual([
      ['ollama', 'ready'],
      ['opensearch', 'ready'],
    ]);
    expect(supervisor.status()).toEqual(started);
    expect(supervisor.ollama?.url()).toBe(started[0]?.url);
    expect(supervisor.opensearch?.url()).toBe(started[1]?.url);
    expect(new Set(seen.map((s) => s.name))).toEqual(new Set(['ollama', 'opensearch']));

    await supervisor.stop();
    expect(supervisor.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    for (const s of started) expect(await waitFor(() => !processAlive(s.pid!), 10_000)).toBe(true);
  });

  it('runs only what is enabled, and tells the GPU from the injected tools', async () => {
    const supervisor = createServiceSupervisor({
      dataDir: tempDir(),
      resourcesDir: tempDir(),
      log: quietLog,
      env: {},
      config: { ollama: { enabled: false } },
      platform: 'linux',
      runCommand: async () => ({ stdout: 'NVIDIA GeForce RTX 3060, 12288, 300, 550.120\n', stderr: '' }),
    });
    expect(supervisor.ollama).toBeNull();
    expect(supervisor.opensearch).toBeNull();
    expect(await supervisor.start()).toEqual([]);
    expect(await supervisor.gpu()).toMatchObject({ vendor: 'nvidia', devices: [{ name: 'NVIDIA GeForce RTX 3060' }] });
  });

  it('after a docpipe was killed with -9, the next one stops the servers it left and starts its own', async () => {
    const dataDir = tempDir();
    const config = await bothEnabled();
    // The "previous docpipe": a real process running a supervisor, killed with SIGKILL once its servers run.
    const previous = spawn(
      process.execPath,
      [
        join(REPO, 'bin', 'run-ts.js'),
        join(REPO, 'electron', 'core', 'testing', 'processes', 'superviseUntilKilled.ts'),
        dataDir,
        JSON.stringify(config),
      ],
      {
        cwd: REPO,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    previous.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise((resolve) => previous.once('exit', resolve));
    cleanups.push(async () => {
      if (previous.exitCode === null && previous.signalCode === null) previous.kill('SIGKILL');
      await exited;
    });
    expect(await waitFor(() => out.includes('\n') || previous.exitCode !== null, 60_000)).toBe(true);
    const left = z.array(ServiceStatus).parse(JSON.parse(out.split('\n')[0]!));
    expect(left.map((s) => s.state)).toEqual(['ready', 'ready']);
    previous.kill('SIGKILL');
    await exited;
    const orphans = left.map((s) => s.pid!);
    // Killed with -9, it could not stop its servers: they still run, as orphans.
    for (const pid of orphans) expect(processAlive(pid)).toBe(true);
    cleanups.push(() => {
      for (const pid of orphans) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    });
    expect(readPidFile(pidFilePath(dataDir, 'ollama'))?.pid).toBe(orphans[0]);

    const next = createServiceSupervisor({ dataDir, resourcesDir: tempDir(), log: quietLog, env, config });
    cleanups.push(() => next.stop());
    const started = await next.start();
    expect(started.map((s) => s.state)).toEqual(['ready', 'ready']);
    for (const pid of orphans) expect(processAlive(pid)).toBe(false);
    expect(started.map((s) => s.pid)).not.toContain(orphans[0]);
  });
});
