import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.js';
import { readServeRecord, SERVE_RECORD_FILE, startRememberedServer, type RememberedServer } from './servedAddress.js';

interface Squatter {
  port: number;
  release(): Promise<void>;
}

/** Another program on a port: a TCP listener that answers anything with a line of its own. */
function occupy(port: number): Promise<Squatter> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    const other = createServer((socket) => {
      sockets.add(socket);
      socket.end('SSH-2.0-not-docpipe\r\n');
    });
    other.once('error', reject);
    other.listen(port, '127.0.0.1', () =>
      resolve({
        port: (other.address() as AddressInfo).port,
        release: () =>
          new Promise((released) => {
            other.close(() => released());
            for (const socket of sockets) socket.destroy();
          }),
      }),
    );
  });
}

describe('startRememberedServer', () => {
  let root: string;
  let core: Core;
  let rendererDir: string;
  const running: RememberedServer[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-served-'));
    rendererDir = join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>docpipe</title>');
    core = await createCore({ dataDir: join(root, 'core'), runPipeline: false });
  });

  afterAll(async () => {
    for (const started of running) await started.server.close();
    await core?.dispose({ graceMs: 1000 });
    rmSync(root, { recursive: true, force: true });
  });

  async function start(dataDir: string, options: { port?: number; newToken?: boolean } = {}) {
    const started = await startRememberedServer(core, { dataDir, rendererDir, ...options });
    running.push(started);
    return started;
  }

  function dataFolder(name: string): string {
    const dir = join(root, name);
    mkdirSync(dir);
    return dir;
  }

  it('keeps port, token and instance in the data folder (0600) and serves at the same link after a restart', async () => {
    const data = dataFolder('restart');
    const first = await start(data);
    expect(first.moved).toBeNull();
    expect(first.openUrl).toBe(`http://127.0.0.1:${first.server.port}/?token=${first.server.token}`);
    const file = join(data, SERVE_RECORD_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readServeRecord(data)).toEqual({
      instanceId: first.server.instanceId,
      token: first.server.token,
      host: '127.0.0.1',
      port: first.server.port,
    });
    await first.server.close();

    const second = await start(data);
    expect(second.openUrl).toBe(first.openUrl);
    expect(second.server.instanceId).toBe(first.server.instanceId);
    await second.server.close();

    // A new token on demand; the instance (the cookie's name) and the port stay.
    const renewed = await start(data, { newToken: true });
    expect(renewed.server.token).not.toBe(first.server.token);
    expect(renewed.server.port).toBe(first.server.port);
    expect(renewed.server.instanceId).toBe(first.server.instanceId);
    expect(readServeRecord(data)?.token).toBe(renewed.server.token);
    await renewed.server.close();
  });

  it('moves to a free port, and remembers it, when another program holds the kept one', async () => {
    const data = dataFolder('moved');
    const first = await start(data);
    const keptPort = first.server.port;
    await first.server.close();
    const squatter = await occupy(keptPort);
    try {
      const second = await start(data);
      expect(second.server.port).not.toBe(keptPort);
      expect(second.server.token).toBe(first.server.token);
      expect(second.moved).toBe(
        `Port ${keptPort}, where this data folder was served before, is taken by another program; serving on port ${second.server.port} instead (remembered for next time).`,
      );
      expect(readServeRecord(data)?.port).toBe(second.server.port);
      await second.server.close();
    } finally {
      await squatter.release();
    }
  });

  it('refuses to serve a data folder twice, naming the link of the docpipe already serving it', async () => {
    const data = dataFolder('twice');
    const first = await start(data);
    await expect(start(data)).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      message: `docpipe already serves this data folder at ${first.openUrl}: open that link, or stop that docpipe first.`,
    });
    await first.server.close();
  });

  it('uses a given port as given: refused with a sentence when busy, else used and remembered', async () => {
    const data = dataFolder('given');
    const squatter = await occupy(0);
    const busy = squatter.port;
    try {
      await expect(start(data, { port: busy })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringMatching(new RegExp(`^Port ${busy} on 127\\.0\\.0\\.1 is in use by another program\\.`)),
      });
      expect(readServeRecord(data)).toBeNull();
    } finally {
      await squatter.release();
    }
    const given = await start(data, { port: busy });
    expect(given.server.port).toBe(busy);
    expect(readServeRecord(data)?.port).toBe(busy);
    await given.server.close();
  });

  it('replaces a serve.json it cannot read with a new one', async () => {
    const data = dataFolder('garbled');
    writeFileSync(join(data, SERVE_RECORD_FILE), '{"token": 12');
    expect(readServeRecord(data)).toBeNull();
    const started = await start(data);
    expect(JSON.parse(readFileSync(join(data, SERVE_RECORD_FILE), 'utf8'))).toMatchObject({
      token: started.server.token,
      port: started.server.port,
    });
    await started.server.close();
  });
});
