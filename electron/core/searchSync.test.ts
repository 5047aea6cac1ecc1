import { unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from './createCore.js';
import { SqliteSearchBackend } from './search/sqlite/SqliteSearchBackend.js';
import { settle } from './testing/settle.js';
import { testCore, type TestCore } from './testing/testCore.js';

let fixture: TestCore;
let core: Core;
let dataDir: string;

const hitPaths = async (c: Core, query: string) =>
  (await c.api.search({ query, mode: 'lexical' })).hits.flatMap((h) => h.paths.map((p) => p.split('/').pop()));

beforeAll(async () => {
  fixture = await testCore(
    {
      'alpha.txt': 'Quarterly report about zeppelin maintenance and hangar costs.',
      'beta.txt': 'Letter concerning the xylophone recital in the town hall.',
      'gamma.txt': 'Receipt for marmalade, bread and tea. Total 7.40',
    },
    { ingest: true },
  );
  ({ core, dataDir } = fixture);
}, 120_000);

afterAll(() => fixture?.dispose());

describe('the search index follows the store', () => {
  it('finds ingested documents by their words', async () => {
    expect(await hitPaths(core, 'zeppelin')).toEqual(['alpha.txt']);
    expect(await hitPaths(core, 'xylophone')).toEqual(['beta.txt']);
  });

  it('a changed file is updated in the index; a deleted file leaves it', async () => {
    const alpha = join(fixture.docs, 'alpha.txt');
    writeFileSync(alpha, 'Quarterly report about airship maintenance only.');
    utimesSync(alpha, new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(fixture.docs, 'beta.txt'));
    await core.api.ingest({ paths: [fixture.docs] });
    await settle(core);
    await new Promise((r) => setTimeout(r, 100)); // removal from the index follows the commit
    expect(await hitPaths(core, 'zeppelin')).toEqual([]);
    expect(await hitPaths(core, 'airship')).toEqual(['alpha.txt']);
    expect(await hitPaths(core, 'xylophone')).toEqual([]);
  });

  it('after a crash left the index out of step, reindex converges to the store', async () => {
    core = await fixture.reopen(async () => {
      // What a crash between a store write and an index write can leave: a stale entry and a missing one.
      const index = new SqliteSearchBackend({ file: join(dataDir, 'search.sqlite') });
      await index.index([
        {
          id: 999,
          title: 'ghost.txt',
          paths: ['/nowhere/ghost.txt'],
          type: null,
          text: 'phantom document',
          fields: {},
        },
      ]);
      const gammaId = (await index.search({ query: 'marmalade', mode: 'lexical' })).hits[0]!.id;
      await index.remove([gammaId]);
      await index.dispose();
    });
    expect(await hitPaths(core, 'phantom')).toEqual(['ghost.txt']);
    const result = await core.api.reindex({});
    expect(result).toMatchObject({ indexed: 2, removed: 1 });
    expect(await hitPaths(core, 'phantom')).toEqual([]);
    expect(await hitPaths(core, 'marmalade')).toEqual(['gamma.txt']);
    expect((await core.api.searchHealth({})).documents).toBe(2);
  });

  it('fills an index created empty (an upgrade changed its schema) from the store by itself', async () => {
    core = await fixture.reopen(() => {
      const db = new Database(join(dataDir, 'search.sqlite'));
      db.prepare("UPDATE search_meta SET value = '0' WHERE key = 'schema_version'").run();
      db.close();
    });
    for (let i = 0; i < 100 && (await core.api.searchHealth({})).documents < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await core.api.searchHealth({})).toMatchObject({ documents: 2, needsReindex: false });
    expect(await hitPaths(core, 'marmalade')).toEqual(['gamma.txt']);
  });
});
