/**
 * Paths on the command line, as a user types them: `docpipe ingest ./folder` is relative to where the
 * command runs (the CLI resolves it before calling the engine, which refuses relative paths), and a path
 * where nothing is fails at once with a sentence.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operandPath } from '../electron/cli/commands/ingest.js';
import { writeFile } from '../electron/core/testing/fixtureFiles.js';

const cli = fileURLToPath(new URL('../bin/docpipe.js', import.meta.url));

function docpipe(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('paths on the command line', () => {
  let root: string;
  let data: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-cli-paths-'));
    data = join(root, 'data');
    writeFile(join(root, 'docs', 'note.txt'), 'A note about the garden shed and its new roof.');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves relative operands against the folder the command runs in; ~ is left to the engine', () => {
    expect(operandPath('docs')).toBe(join(process.cwd(), 'docs'));
    expect(operandPath('/srv/docs')).toBe('/srv/docs');
    expect(operandPath('~/docs')).toBe('~/docs');
    expect(operandPath('~')).toBe('~');
  });

  it('ingests ./docs from where it was typed', async () => {
    const run = await docpipe(root, ['ingest', './docs', '--data', data, '--json', '--workers', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ found: 1, new: 1, completed: 1 });
  });

  it('refuses a path where nothing is, with a sentence (the engine stores nothing for it: FolderIntake.test.ts)', async () => {
    const run = await docpipe(root, ['ingest', './dcos', '--data', data]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`There is no file or folder at ${join(root, 'dcos')}.`);
  });
});
