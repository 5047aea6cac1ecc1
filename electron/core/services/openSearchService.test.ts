import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ServiceLog } from './ManagedProcess.js';
import {
  bundledOpenSearchHome,
  OpenSearchService,
  resolveOpenSearchProgram,
  type OpenSearchServiceSettingsInput,
} from './openSearchService.js';
import { processAlive, waitFor } from './processTree.js';
import type { ServiceStatus } from '../../shared/contract/services.js';

const STANDIN_HOME = fileURLToPath(new URL('../testing/opensearch-standin', import.meta.url));
const STANDIN_PROGRAM = join(STANDIN_HOME, 'bin', 'opensearch');
const quietLog: ServiceLog = { info: () => {}, warn: () => {}, error: () => {} };
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-opensearch-svc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A distribution folder whose bin/opensearch is a shell script that sets `env` and execs the stand-in,
 * as the real start script execs java.
 */
function homeWith(env: Record<string, string>, options: { securityPlugin?: boolean } = {}): string {
  const home = tempDir();
  mkdirSync(join(home, 'bin'));
  mkdirSync(join(home, 'config'));
  writeFileSync(join(home, 'config', 'jvm.options'), '-XX:+UseG1GC\n');
  if (options.securityPlugin) mkdirSync(join(home, 'plugins', 'opensearch-security'), { recursive: true });
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}='${v}'\n`)
    .join('');
  writeFileSync(
    join(home, 'bin', 'opensearch'),
    `#!/bin/sh\n${exports}exec '${process.execPath}' '${STANDIN_PROGRAM}' "$@"\n`,
  );
  chmodSync(join(home, 'bin', 'opensearch'), 0o755);
  return home;
}

async function service(env: Record<string, string | undefined>, settings: OpenSearchServiceSettingsInput = {}) {
  const dataDir = tempDir();
  const states: ServiceStatus[] = [];
  const opensearch = new OpenSearchService({
    dataDir,
    resourcesDir: tempDir(),
    env: { PATH, ...env },
    settings,
    log: quietLog,
    onState: (s) => states.push(s),
    supervision: {
      restartBackoff: { baseMs: 20, maxMs: 100, jitter: 0 },
      crashLoop: { maxCrashes: 2 },
      stopGraceMs: 3000,
      readiness: { intervalMs: 25 },
    },
  });
  cleanups.push(() => opensearch.stop());
  return { opensearch, states, dataDir };
}

const NodesAnswer = z.object({
  nodes: z.record(
    z.string(),
    z.object({
      settings: z.record(z.string(), z.string().nullable()),
      jvm: z.object({ input_arguments: z.array(z.string()) }),
    }),
  ),
});

async function localNode(url: string) {
  const answer = NodesAnswer.parse(await (await fetch(`${url}/_nodes/_local`)).json());
  return Object.values(answer.nodes)[0]!;
}

describe('OpenSearchService with the stand-in distribution', () => {
  it('starts one node on loopback with its data, logs and config in the data folder, and stops it', async () => {
    const { opensearch, dataDir } = await service(
      { DOCPIPE_OPENSEARCH_HOME: STANDIN_HOME, JAVA_HOME: '/usr/lib/jvm/java-8' },
      { heapMb: 256 },
    );
    const ready = await opensearch.start();
    expect(ready).toMatchObject({ name: 'opensearch', state: 'ready', command: STANDIN_PROGRAM });
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`);
    expect(opensearch.url()).toBe(ready.url);

    const node = await localNode(ready.url!);
    const root = join(dataDir, 'opensearch');
    expect(node.settings).toMatchObject({
      'discovery.type': 'single-node',
      'network.host': '127.0.0.1',
      'http.port': String(ready.port),
      'path.data': join(root, 'data'),
      'path.logs': join(root, 'logs'),
      'path.conf': join(root, 'config'),
    });
    expect(Number(node.settings['transport.port'])).toBeGreaterThan(0);
    // The stand-in distribution has no security plugin, so the setting that would stop a real one is not passed.
    expect(node.settings['plugins.security.disabled']).toBeUndefined();
    expect(node.jvm.input_arguments).toEqual(['-Xms256m', '-Xmx256m']);
    expect(existsSync(join(root, 'config', 'opensearch.yml'))).toBe(true);
    expect(readFileSync(join(root, 'logs', 'docpipe.log'), 'utf8')).toContain('started');

    await opensearch.stop();
    expect(opensearch.status().state).toBe('stopped');
    expect(await waitFor(() => !processAlive(ready.pid!), 10_000)).toBe(true);
  });

  it('waits for the cluster to be yellow or green, through a start script that execs the server', async () => {
    const home = homeWith({ STANDIN_OPENSEARCH_RED_MS: '600' }, { securityPlugin: true });
    const { opensearch, states, dataDir } = await service({ DOCPIPE_OPENSEARCH_HOME: home });
    const ready = await opensearch.start();
    expect(ready.state).toBe('ready');
    expect(states.map((s) => s.state)).toEqual(['starting', 'starting', 'ready']);
    // The node answered red first (its output is in the service log); ready came only after that.
    expect(readFileSync(ready.logFile!, 'utf8')).toContain('cluster health answered red');
    const node = await localNode(ready.url!);
    expect(node.settings['plugins.security.disabled']).toBe('true');
    expect(readFileSync(join(dataDir, 'opensearch', 'config', 'jvm.options'), 'utf8')).toBe('-XX:+UseG1GC\n');
  });

  it('fails with the server’s own error after the crash-loop limit', async () => {
    const { opensearch } = await service({
      DOCPIPE_OPENSEARCH_HOME: homeWith({ STANDIN_OPENSEARCH_EXIT_AT_ONCE: '1' }),
    });
    const failed = await opensearch.start();
    expect(failed.state).toBe('failed');
    expect(failed.reason).toContain('STANDIN_OPENSEARCH_EXIT_AT_ONCE=1');
  });

  it('is absent, saying where to unpack a distribution, when there is none', async () => {
    const { opensearch } = await service({});
    const status = await opensearch.start();
    expect(status.state).toBe('absent');
    expect(status.reason).toMatch(
      /^OpenSearch is not installed with docpipe\. Unpack an OpenSearch 2\.x distribution into .*opensearch[\\/]\w+-\w+, or set DOCPIPE_OPENSEARCH_HOME/,
    );
  });
});

describe('finding the OpenSearch distribution', () => {
  const base = { resourcesDir: '/app/resources', platform: 'linux' as const, arch: 'arm64' };
  const only =
    (...paths: string[]) =>
    (path: string) =>
      paths.includes(path);

  it('takes DOCPIPE_OPENSEARCH_HOME, then the setting, then the bundled copy', () => {
    const bundled = join(bundledOpenSearchHome('/app/resources', 'linux', 'arm64'), 'bin', 'opensearch');
    const all = only('/opt/os/bin/opensearch', '/home/me/os/bin/opensearch', bundled);
    expect(
      resolveOpenSearchProgram({
        ...base,
        env: { DOCPIPE_OPENSEARCH_HOME: '/opt/os' },
        settingHome: '/home/me/os',
        isExecutable: all,
      }),
    ).toEqual({ kind: 'found', path: '/opt/os/bin/opensearch', source: 'environment' });
    expect(resolveOpenSearchProgram({ ...base, env: {}, settingHome: '/home/me/os', isExecutable: all })).toEqual({
      kind: 'found',
      path: '/home/me/os/bin/opensearch',
      source: 'settings',
    });
    expect(resolveOpenSearchProgram({ ...base, env: {}, isExecutable: all })).toEqual({
      kind: 'found',
      path: bundled,
      source: 'bundled',
    });
    expect(
      resolveOpenSearchProgram({ ...base, env: { DOCPIPE_OPENSEARCH_HOME: '/nope' }, isExecutable: all }).kind,
    ).toBe('absent');
  });

  it('says that Windows is not supported yet rather than failing to start a .bat', () => {
    const windows = resolveOpenSearchProgram({ ...base, platform: 'win32', env: {} });
    expect(windows.kind === 'absent' && windows.reason).toContain('not start a bundled OpenSearch on Windows yet');
  });
});
