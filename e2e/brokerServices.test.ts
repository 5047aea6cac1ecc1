/**
 * The broker and its remote workers in the `services` answer of a running coordinator: `docpipe serve
 * --broker … --local-workers 0` and one `docpipe worker`, real child processes against a real RabbitMQ
 * (a virtual host of this test's own, deleted afterwards). The answer, asked over HTTP with the token as
 * the Services screen does, names the broker without its password, lists the worker with its slots while
 * it runs, and no longer once it stopped on SIGTERM; the Services screen (Debian's Chromium, where there is
 * one) shows it under "Remote workers". Skipped, with a sentence, where no broker answers.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesOverview } from '../electron/shared/contract/services.js';
import { findFreeLoopbackPort } from '../electron/core/services/loopbackPort.js';
import { until } from '../electron/core/testing/until.js';
import { takeBrokerTurn } from './brokerTurn.js';
import { cliEnv, docpipeBin, repoRoot, spawnDocpipe, type DocpipeChild } from './docpipeCli.js';
import { startCliServer } from './docpipeServer.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './chromium.js';

function rabbitmqctl(...args: string[]): boolean {
  return spawnSync('rabbitmqctl', args, { encoding: 'utf8', timeout: 60_000 }).status === 0;
}

function whyNot(): string | null {
  const status = spawnSync('rabbitmqctl', ['-q', 'status'], { encoding: 'utf8', timeout: 60_000 });
  if (status.error) return 'rabbitmqctl is not installed (apt-get install rabbitmq-server)';
  if (status.status !== 0) return 'no RabbitMQ answers (rabbitmq-server -detached starts one)';
  return null;
}
const skipReason = whyNot();
if (skipReason) console.warn(`broker services test skipped: ${skipReason}.`);

/**
 * fetch, asked again once on a new connection when the server closed the kept-alive one as it idled out
 * (5 s) just as it was reused; a server that died refuses the second one too.
 */
async function askAgainOnClosedSocket(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}

describe.skipIf(skipReason !== null)('the broker and its workers in services', () => {
  const root = mkdtempSync(join(tmpdir(), 'docpipe-broker-services-'));
  const vhost = `docpipe-test-${randomBytes(4).toString('hex')}`;
  const brokerUrl = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  const started: DocpipeChild[] = [];
  let giveTurnBack = () => {};

  beforeAll(async () => {
    giveTurnBack = await takeBrokerTurn(150_000);
    // serve answers only with its UI built.
    await ensureRendererBuilt();
    expect(rabbitmqctl('add_vhost', vhost)).toBe(true);
    expect(rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*')).toBe(true);
  }, 180_000);

  afterAll(async () => {
    for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(started.map((s) => s.exited));
    rabbitmqctl('delete_vhost', vhost);
    rmSync(root, { recursive: true, force: true });
    giveTurnBack();
  });

  it('lists a worker with its slots while it runs, and not once it stopped', { timeout: 90_000 }, async () => {
    const noOllama = {
      DOCPIPE_OLLAMA_BIN: '',
      DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${await findFreeLoopbackPort()}`,
    };
    const serve = await startCliServer(join(root, 'data'), {
      args: ['--broker', brokerUrl, '--local-workers', '0'],
      workers: null,
      env: noOllama,
      readyTimeoutMs: 60_000,
    });
    started.push(serve.process);
    const served = { ...serve, workers: serve.address.workers as { coordinator: string; token: string } };
    const services = async (): Promise<ServicesOverview> => {
      const response = await askAgainOnClosedSocket(`${served.url}/api/services`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const answer = (await response.json()) as { ok: boolean; result: ServicesOverview };
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
      return answer.result;
    };

    const connected = await until('the coordinator to connect to the broker', async () => {
      const { broker } = await services();
      return broker?.connected ? broker : null;
    });
    expect(connected.url).toBe(`amqp://guest:***@127.0.0.1:5672/${vhost}`);
    expect(connected.workers).toEqual([]);

    const worker = spawnDocpipe(
      ['worker', '--broker', brokerUrl, '--coordinator', served.workers.coordinator, '--concurrency', '2'],
      { DOCPIPE_WORKER_TOKEN: served.workers.token },
    );
    started.push(worker);
    const listed = await until('the worker to be listed', async () => (await services()).broker?.workers[0]);
    expect(listed).toMatchObject({ pid: worker.child.pid, slots: { extract: 2 }, busy: 0 });
    expect(listed.host.length).toBeGreaterThan(0);
    expect(listed.heartbeatAgeMs).toBeGreaterThanOrEqual(0);

    if (hasChromium) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${served.url}/?token=${served.token}`);
        await page
          .getByRole('navigation', { name: 'Screens' })
          .getByRole('link', { name: 'Services & models' })
          .click();
        const panel = page.getByTestId('remote-workers');
        await panel.getByRole('heading', { name: 'Remote workers' }).waitFor({ timeout: 20_000 });
        const row = await panel.locator(`tr[data-worker="${listed.workerId}"]`).innerText();
        expect(row).toContain(listed.host);
        expect(row).toContain(`pid ${listed.pid}`);
        expect(row).toContain('extract 2');
        expect(await panel.innerText()).toContain('1 worker, 2 slots');
        const shots = process.env.DOCPIPE_E2E_SCREENSHOTS;
        if (shots) await page.screenshot({ path: join(shots, 'services-remote-workers.png'), fullPage: true });
      } finally {
        await browser.close();
      }
    } else console.warn(`the Services screen part skipped: ${NO_CHROMIUM}.`);

    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.output()).toBe(0);
    // Its goodbye takes it off the list at once; three missed heartbeats would too.
    await until('the stopped worker to leave the list', async () => (await services()).broker?.workers.length === 0);

    serve.process.child.kill('SIGTERM');
    expect(await serve.process.exited, serve.process.output().slice(-2000)).toBe(0);
  });

  it('coordinates from the settings too (as the desktop app does), without --broker', { timeout: 90_000 }, async () => {
    const data = join(root, 'from-settings');
    const set = spawnSync(
      process.execPath,
      [docpipeBin, 'config', 'set', `broker.url=${brokerUrl}`, 'broker.localWorkers=0', '--data', data],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: cliEnv(),
      },
    );
    expect(set.status, set.stderr).toBe(0);
    // A one-shot command opens no workers' address: it runs every stage here, the setting notwithstanding
    // (with the broker's localWorkers=0 it would wait for workers that cannot fetch anything).
    const folder = join(root, 'one-shot');
    mkdirSync(folder);
    writeFileSync(join(folder, 'note.txt'), 'A short note, read here and now.\n');
    const ingest = spawnSync(process.execPath, [docpipeBin, 'ingest', folder, '--data', data, '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: cliEnv(),
    });
    expect(ingest.status, ingest.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ completed: 1, discarded: 0 });
    const serve = await startCliServer(data, {
      workers: null,
      env: { DOCPIPE_OLLAMA_BIN: '', DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${await findFreeLoopbackPort()}` },
      readyTimeoutMs: 60_000,
    });
    started.push(serve.process);
    const served = { ...serve, workers: serve.address.workers as { broker: string } | undefined };
    // The worker command it prints names the broker without its password.
    expect(served.workers?.broker).toBe(`amqp://guest:***@127.0.0.1:5672/${vhost}`);
    const connected = await until('the coordinator to connect to the broker', async () => {
      const response = await askAgainOnClosedSocket(`${served.url}/api/services`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const { result } = (await response.json()) as { result: ServicesOverview };
      return result.broker?.connected ? result.broker : null;
    });
    expect(connected.url).toBe(`amqp://guest:***@127.0.0.1:5672/${vhost}`);
    serve.process.child.kill('SIGTERM');
    expect(await serve.process.exited, serve.process.output().slice(-2000)).toBe(0);
  });
});
