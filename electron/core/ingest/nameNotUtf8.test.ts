import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../createCore.js';
import { checkReadablePath } from '../documents/typedPaths.js';
import { settle } from '../testing/settle.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-name-bytes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A path whose last name is these bytes (Linux names are bytes: Latin-1 "café" is not UTF-8). */
const bytePath = (dir: string, name: Buffer) => Buffer.concat([Buffer.from(`${dir}/`), name]);
const LATIN1_CAFE = Buffer.from('caf\u00e9.txt', 'latin1');

describe('a file whose name is not UTF-8', () => {
  it('ends failed with its own code and a sentence saying to rename it, never as "not found"', async () => {
    const folder = join(root, 'files');
    mkdirSync(folder);
    writeFileSync(join(folder, 'plain.txt'), 'A file with a plain name.\n');
    writeFileSync(bytePath(folder, LATIN1_CAFE), 'Bonjour from a Latin-1 name.\n');
    // A folder of such a name is reported once; what is in it cannot be reached by name either.
    const oddFolder = bytePath(folder, Buffer.from('r\u00e9sum\u00e9s', 'latin1'));
    mkdirSync(oddFolder);
    writeFileSync(Buffer.concat([oddFolder, Buffer.from('/inside.txt')]), 'inside\n');

    const core = await createCore({ dataDir: join(root, 'data'), workers: 1 });
    try {
      const summary = await core.api.ingest({ paths: [folder] });
      expect(summary).toMatchObject({ found: 3, new: 1, failed: 2 });
      await settle(core);
      const docs = await core.api.listDocuments({});
      const failed = docs.filter((d) => d.state === 'failed');
      expect(failed.map((d) => d.paths[0]).sort()).toEqual([
        join(folder, 'caf\uFFFD.txt'),
        join(folder, 'r\uFFFDsum\uFFFDs'),
      ]);
      for (const doc of failed) {
        expect(doc.error?.code).toBe('FILE_NAME_NOT_UTF8');
        expect(doc.error?.message).toMatch(/is not valid UTF-8 .*Rename it .*then ingest it again\.$/);
      }
      expect(docs.find((d) => d.paths[0] === join(folder, 'plain.txt'))?.state).toBe('completed');

      // A rescan says the same, and stores nothing more.
      const again = await core.api.ingest({ paths: [folder] });
      expect(again).toMatchObject({ found: 3, unchanged: 1, failed: 2 });
      expect((await core.api.listDocuments({})).length).toBe(3);
    } finally {
      await core.dispose({ graceMs: 1000 });
    }

    // Named directly, as a shell or a watcher hands it over (decoded, U+FFFD for the byte), the same sentence.
    await expect(checkReadablePath(join(folder, 'caf\uFFFD.txt'))).rejects.toMatchObject({
      code: 'FILE_NAME_NOT_UTF8',
    });
    // A name that is simply not there stays "not found".
    await expect(checkReadablePath(join(folder, 'gone\uFFFD.txt'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
