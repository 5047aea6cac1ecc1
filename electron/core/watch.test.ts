import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeWatching, type Core } from './createCore.js';
import { writeFile } from './testing/fixtureFiles.js';
import { testCore, type TestCore } from './testing/testCore.js';
import { until } from './testing/until.js';

let fixture: TestCore;
let folder: string;
let core: Core;

const docByName = async (name: string) =>
  (await core.api.listDocuments({})).find((d) => d.paths.some((p) => p.endsWith(`/${name}`)));

beforeAll(async () => {
  fixture = await testCore({ 'first.txt': 'the first document' }, { config: { watch: { stableMs: 300 } } });
  ({ core, docs: folder } = fixture);
  await core.api.ingest({ paths: [folder], watch: true });
}, 60_000);

afterAll(() => fixture?.dispose());

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
    core = await fixture.reopen(() =>
      writeFile(join(folder, 'while-off.txt'), 'written while docpipe was not running'),
    );
    expect(await resumeWatching(core)).toEqual([folder]);
    await until('while-off.txt completed', async () => (await docByName('while-off.txt'))?.state === 'completed');
    writeFile(join(folder, 'after-restart.txt'), 'written after the restart');
    await until(
      'after-restart.txt completed',
      async () => (await docByName('after-restart.txt'))?.state === 'completed',
    );
    expect((await core.api.unwatch({ path: folder })).removed).toBe(true);
    expect((await core.api.status({})).watched).toEqual([]);
  });
});
