import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteSearchBackend } from './SqliteSearchBackend.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('two docpipe processes on one index file', () => {
  it('a reader sees what another connection wrote or removed since its last search', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docpipe-index-'));
    dirs.push(dir);
    const file = join(dir, 'search.sqlite');
    const server = new SqliteSearchBackend({ file });
    const cli = new SqliteSearchBackend({ file });
    await server.index([{ id: 1, title: 'a.txt', paths: ['/a.txt'], type: null, text: 'walrus tusks', fields: {} }]);
    expect((await server.search({ query: 'walrus' })).total).toBe(1); // the reader's tables are now loaded

    await cli.index([{ id: 2, title: 'b.txt', paths: ['/b.txt'], type: 'letter', text: 'walrus colony', fields: {} }]);
    const after = await server.search({ query: 'walrus' });
    expect(after.hits.map((h) => h.id).sort()).toEqual([1, 2]);
    expect(after.facets.type).toMatchObject({ letter: 1 });

    await cli.remove([1]);
    expect((await server.search({ query: 'walrus' })).hits.map((h) => h.id)).toEqual([2]);
    await server.dispose();
    await cli.dispose();
  });
});
