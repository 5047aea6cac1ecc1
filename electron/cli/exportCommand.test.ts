import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-cli-export-'));
const data = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--data', data], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  // An empty archive: the header is the whole file, which is all these refusals need.
  expect((await run(['status'])).code).toBe(0);
});

describe('docpipe export', () => {
  it('refuses to write into the data folder, with a sentence, and writes nothing there', async () => {
    const inside = join(data, 'export.csv');
    const result = await run(['export', '--csv', inside]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/export\.csv is inside docpipe's data folder .*Write the CSV somewhere else\./);
    expect(existsSync(inside)).toBe(false);
    const overDatabase = await run(['export', '--csv', join(data, 'docpipe.sqlite'), '--force']);
    expect(overDatabase.code).toBe(2);
    expect(overDatabase.stderr).toMatch(/inside docpipe's data folder/);
  });

  it('refuses an existing file unless --force, and then replaces it', async () => {
    const file = join(root, 'documents.csv');
    writeFileSync(file, 'my spreadsheet');
    const refused = await run(['export', '--csv', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/documents\.csv exists already\. Add --force to replace it, or name another file\./);
    expect(readFileSync(file, 'utf8')).toBe('my spreadsheet');

    const forced = await run(['export', '--csv', file, '--force', '--bom']);
    expect(forced).toMatchObject({ code: 0, stdout: `0 rows written to ${file}.\n` });
    expect(readFileSync(file, 'utf8')).toMatch(/^\uFEFFid,paths,type,type_confidence,review_status,date,/);
  });

  it('says so when the folder does not exist, and writes a new file without --force', async () => {
    const missing = await run(['export', '--csv', join(root, 'no', 'such', 'folder', 'x.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /The folder .*folder does not exist\. Create it first, or write the CSV somewhere else\./,
    );
    mkdirSync(join(root, 'out'));
    const fresh = await run([
      'export',
      '--csv',
      join(root, 'out', 'x.csv'),
      '--type',
      'invoice',
      '--state',
      'completed',
    ]);
    expect(fresh.code).toBe(0);
    expect(readFileSync(join(root, 'out', 'x.csv'), 'utf8').split('\r\n')[0]).toContain('invoice_number');
  });
});
