import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../core/createCore.js';
import { defaultAppRoot, electronBlocker, findElectronBinary, launchApp } from './launch.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeApp(): string {
  const appRoot = join(root, 'app');
  mkdirSync(join(appRoot, 'out', 'main'), { recursive: true });
  mkdirSync(join(appRoot, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(appRoot, 'package.json'), '{"name":"fake","main":"out/main/index.js"}');
  writeFileSync(join(appRoot, 'out', 'main', 'index.js'), '');
  writeFileSync(join(appRoot, 'out', 'renderer', 'index.html'), '<!doctype html><title>fake</title>');
  return appRoot;
}

describe('launchApp', () => {
  it('says why Electron cannot start, without downloading anything', () => {
    expect(electronBlocker(join(root, 'nowhere'), {}, 'linux')).toMatch(/not built/);
    const appRoot = fakeApp();
    expect(electronBlocker(appRoot, {}, 'linux')).toMatch(/no display/);
    expect(electronBlocker(appRoot, { DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(electronBlocker(appRoot, {}, 'darwin')).toBeNull();
    expect(findElectronBinary(appRoot)).toEqual({ reason: 'the electron package is not installed' });
    expect(findElectronBinary(defaultAppRoot, { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'none') })).toMatchObject({
      reason: expect.stringMatching(/no Electron binary/),
    });
  });

  const fallback = (lines: string[]) =>
    launchApp({
      appRoot: fakeApp(),
      dataDir: join(root, 'data'),
      openCore: () => createCore({ dataDir: join(root, 'data'), runPipeline: false }),
      env: {},
      platform: 'linux',
      print: (line) => lines.push(line),
    });

  it('falls back to serving the UI over HTTP with a clear message', async () => {
    const lines: string[] = [];
    const result = await fallback(lines);
    try {
      expect(result.kind).toBe('server');
      if (result.kind !== 'server') return;
      expect(lines).toEqual([
        `Electron could not start here (there is no display ($DISPLAY and $WAYLAND_DISPLAY are unset)); serving the same UI at ${result.openUrl}`,
      ]);
      expect(result.openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
      const page = await fetch(`${result.server.url}/`);
      expect(await page.text()).toContain('<title>fake</title>');
      const status = await fetch(`${result.server.url}/api/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${result.server.token}` },
        body: '{}',
      });
      expect(await status.json()).toMatchObject({ ok: true, result: { documents: 0 } });
    } finally {
      if (result.kind === 'server') await result.close();
    }
  });

  it('serves the fallback at the same link each time on one data folder', async () => {
    const first = await fallback([]);
    if (first.kind !== 'server') throw new Error('Electron started');
    await first.close();
    const second = await fallback([]);
    if (second.kind !== 'server') throw new Error('Electron started');
    try {
      expect(second.openUrl).toBe(first.openUrl);
    } finally {
      await second.close();
    }
  });
});
