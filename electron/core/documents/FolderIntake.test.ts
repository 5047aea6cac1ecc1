/**
 * Handing paths over, with a real engine on a temporary data folder: what a person typed is checked
 * before anything is stored, and watched folders can be listed, paused, resumed (also after a restart)
 * and let go.
 */
import { renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeWatching } from '../createCore.js';
import { writeFile } from '../testing/fixtureFiles.js';
import { testCore, type TestCore } from '../testing/testCore.js';

describe('paths a person types', () => {
  let fixture: TestCore;

  beforeAll(async () => {
    // No pipeline: what is checked here happens before any document is read (and starts faster).
    fixture = await testCore(
      { 'letters/a.txt': 'Dear Ms Smith, thank you for your letter.' },
      { config: { runPipeline: false } },
    );
  }, 60_000);
  afterAll(() => fixture?.dispose());

  it('refuses a path where nothing exists at once, and stores nothing for it', async () => {
    const { core, docs } = fixture;
    const typo = join(docs, 'leters');
    await expect(core.api.ingest({ paths: [typo] })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `There is no file or folder at ${typo}. Check the spelling (names are case-sensitive) and try again.`,
    });
    // One wrong path among good ones refuses the whole request: nothing half-done.
    await expect(core.api.ingest({ paths: [join(docs, 'letters'), typo] })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    expect(await core.api.listDocuments({})).toEqual([]);
    expect((await core.api.status({})).documents).toBe(0);
  });

  it('refuses a relative path, which the engine cannot place', async () => {
    const { core, docs } = fixture;
    const fromHere = relative(process.cwd(), join(docs, 'letters'));
    await expect(core.api.ingest({ paths: [fromHere] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/is a relative path, and docpipe cannot know which folder it is relative to/),
    });
    await expect(core.api.ingest({ paths: ['letters'], watch: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await core.api.watchedFolders({})).toEqual([]);
    expect(await core.api.listDocuments({})).toEqual([]);
  });

  it('reads ~ as the home folder', async () => {
    // The fixture lives in the temp folder; a path under ~ that is not there names the expanded path.
    await expect(fixture.core.api.ingest({ paths: ['~/no-such-folder-docpipe-test'] })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining(
        `${join(homedir(), 'no-such-folder-docpipe-test')} (from “~/no-such-folder-docpipe-test”)`,
      ),
    });
  });

  it('ingests a good path as before', async () => {
    const { core, docs } = fixture;
    const summary = await core.api.ingest({ paths: [join(docs, 'letters')] });
    expect(summary).toMatchObject({ found: 1, new: 1, failed: 0 });
    expect((await core.api.listDocuments({})).map((d) => d.state)).toEqual(['queued']);
  });
});

describe('watched folders', () => {
  let fixture: TestCore;
  let folder: string;

  beforeAll(async () => {
    fixture = await testCore(
      { 'inbox/one.txt': 'the first note in the inbox', 'inbox/sub/two.txt': 'a second note, one folder down' },
      { config: { runPipeline: false, watch: { stableMs: 200 } } },
    );
    folder = join(fixture.docs, 'inbox');
  }, 60_000);
  afterAll(() => fixture?.dispose());

  it('lists a watched folder with its documents and last scan', async () => {
    const { core } = fixture;
    await core.api.ingest({ paths: [folder], watch: true });
    const [listed] = await core.api.watchedFolders({});
    expect(listed).toMatchObject({ path: folder, paused: false, missing: false, documents: 2 });
    expect(Date.parse(listed!.lastScanAt!)).toBeGreaterThan(Date.parse(listed!.addedAt) - 1);
  });

  it('pauses a folder, keeps it paused across a restart, and resumes it with a scan of what changed', async () => {
    let core = fixture.core;
    expect(await core.api.pauseWatch({ path: folder })).toMatchObject({ path: folder, paused: true, documents: 2 });
    // Written while paused, then docpipe restarts: a paused folder is neither scanned nor followed.
    core = await fixture.reopen(() => writeFile(join(folder, 'three.txt'), 'a third note, written while paused'));
    expect(await resumeWatching(core)).toEqual([]);
    expect(await core.api.watchedFolders({})).toMatchObject([{ path: folder, paused: true, documents: 2 }]);
    expect((await core.api.listDocuments({})).some((d) => d.paths.some((p) => p.endsWith('three.txt')))).toBe(false);

    const summary = await core.api.resumeWatch({ path: folder });
    expect(summary).toMatchObject({ found: 3, new: 1, unchanged: 2 });
    expect(await core.api.watchedFolders({})).toMatchObject([{ path: folder, paused: false, documents: 3 }]);
    // And it is followed again after the next restart.
    core = await fixture.reopen();
    expect(await resumeWatching(core)).toEqual([folder]);
  });

  it('refuses to pause or resume a folder that is not watched', async () => {
    await expect(fixture.core.api.pauseWatch({ path: fixture.docs })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${fixture.docs} is not a watched folder.`,
    });
    await expect(fixture.core.api.resumeWatch({ path: 'inbox' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('shows a folder that went away as missing, leaves it alone at start, and says so on resume', async () => {
    const moved = `${folder}-moved`;
    renameSync(folder, moved);
    try {
      const core = await fixture.reopen();
      expect(await resumeWatching(core)).toEqual([]);
      expect(await core.api.watchedFolders({})).toMatchObject([{ path: folder, missing: true, documents: 3 }]);
      await expect(core.api.resumeWatch({ path: folder })).rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
        message: expect.stringMatching(/is not there now \(a drive not connected/),
      });
      // Its documents stay, and no document was made for the folder that is not there.
      const documents = await core.api.listDocuments({});
      expect(documents).toHaveLength(3);
      expect(documents.every((d) => d.state !== 'failed')).toBe(true);
    } finally {
      renameSync(moved, folder);
    }
  });

  it('stops watching for good; the documents stay in the archive', async () => {
    const { core } = fixture;
    expect(await core.api.unwatch({ path: folder })).toEqual({ removed: true });
    expect(await core.api.watchedFolders({})).toEqual([]);
    expect(await core.api.listDocuments({})).toHaveLength(3);
    expect(await core.api.unwatch({ path: folder })).toEqual({ removed: false });
  });
});
