import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, resumeWatching, type Core } from './createCore.js';
import { writeFile } from './testing/fixtureFiles.js';

let root: string;
let folder: string;
let core: Core;
const config = () => ({ dataDir: join(root, 'data'), workers: 1, queue: { pollMs: 50 }, watch: { stableMs: 300 } });

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const docByName = async (name: string) => (await core.api.listDocuments({})).find((d) => d.paths.some((p) => p.endsWith(`/${name}`)));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-watch-'));
  folder = join(root, 'inbox');
  writeFile(join(folder, 'first.txt'), 'the first document');
  core = await createCore(config());
  await core.api.ingest({ paths: [folder], watch: true });
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('watch mode', () => {
  it('ingests a new file once it is stable, and forgets a deleted one', async () => {
    expect((await core.api.status({})).watched).toEqual([folder]);
    writeFile(join(folder, 'second.txt'), 'a second document arrives');
    const second = await until('second.txt completed', async () => {
      const d = await docByName('second.txt');
      return d?.state === 'completed' && d;
    });
    expect(second.textLength).toBeGreaterThan(10);
    unlinkSync(join(folder, 'first.txt'));
    await until('first.txt removed', async () => (await docByName('first.txt')) === undefined);
  });

  it('keeps watching after a restart (the folders are stored)', async () => {
    await core.dispose();
    writeFile(join(folder, 'while-off.txt'), 'written while docpipe was not running');
    core = await createCore(config());
    expect(await resumeWatching(core)).toEqual([folder]);
    await until('while-off.txt completed', async () => (await docByName('while-off.txt'))?.state === 'completed');
    writeFile(join(folder, 'after-restart.txt'), 'written after the restart');
    await until('after-restart.txt completed', async () => (await docByName('after-restart.txt'))?.state === 'completed');
    expect((await core.api.unwatch({ path: folder })).removed).toBe(true);
    expect((await core.api.status({})).watched).toEqual([]);
  });
});
