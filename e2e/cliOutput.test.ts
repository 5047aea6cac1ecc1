import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prose, writeFile } from '../electron/core/testing/fixtureFiles.js';
import { runCli } from './killRecovery.js';

const cli = resolve(fileURLToPath(new URL('../bin/docpipe.js', import.meta.url)));

/** Runs the CLI into a shell pipe whose reader starts late, as a slow consumer (`| python …`) does. */
function runWithSlowReader(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const quoted = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('bash', ['-c', `${quoted} | (sleep 2; cat)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolvePromise(out));
  });
}

describe('CLI output through a pipe', () => {
  it('prints a large --json value whole before exiting, even to a slow reader', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'docpipe-many-'));
    for (let i = 0; i < 300; i++)
      writeFile(
        join(folder, `note-${String(i).padStart(3, '0')}-${'x'.repeat(60)}.txt`),
        `Note ${i}\n${prose(i + 1, 30)}`,
      );
    const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-many-data-'));
    expect((await runCli(['ingest', folder, '--data', dataDir, '--json'])).code).toBe(0);
    const stdout = await runWithSlowReader(['docs', '--data', dataDir, '--json']);
    expect(stdout.length).toBeGreaterThan(65_536); // more than one pipe buffer
    expect(JSON.parse(stdout)).toHaveLength(300);
  });
});
