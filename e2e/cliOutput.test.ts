import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
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
    onTestFinished(() => [folder, dataDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    expect((await runCli(['ingest', folder, '--data', dataDir, '--json'])).code).toBe(0);
    const stdout = await runWithSlowReader(['docs', '--data', dataDir, '--json']);
    expect(stdout.length).toBeGreaterThan(65_536); // more than one pipe buffer
    expect(JSON.parse(stdout)).toHaveLength(300);
  });
});

/** util-linux `script`: runs a command under a pseudo-terminal, as a person's shell would. */
const SCRIPT = '/usr/bin/script';
const hasScript = existsSync(SCRIPT) && spawnSync(SCRIPT, ['--version']).status === 0;
if (!hasScript) console.warn('The terminal test is skipped: no util-linux "script" to give the CLI a terminal.');

describe.skipIf(!hasScript)('CLI output on a terminal', () => {
  it('writes log lines in words on a terminal while the log file keeps JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'docpipe-tty-'));
    writeFile(join(folder, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf\n');
    writeFile(join(folder, 'note.txt'), `Note\n${prose(1, 20)}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-tty-data-'));
    onTestFinished(() => [folder, dataDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    const command = [process.execPath, cli, 'ingest', folder, '--workers', '1', '--data', dataDir]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const run = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status, run.stderr).toBe(1);
    // The terminal: the failure's warning as a line for a person, the summary with its plurals right.
    const screen = run.stdout.replace(/\r/g, '');
    expect(screen).toMatch(
      /\d\d:\d\d:\d\d WARN  broken\.pdf is not a readable PDF.* {2}documentId=\d+ stage=extract code=PDF_CORRUPT/,
    );
    expect(screen).not.toContain('{"level"');
    expect(screen).toContain(
      '2 files: 2 new, 0 changed, 0 unchanged, 0 duplicates.\n1 document completed, 1 failed in ',
    );
    // The log file: the same warning, as JSON.
    const logged = readFileSync(join(dataDir, 'logs', 'docpipe.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; code?: string });
    expect(logged.some((entry) => entry.level === 40 && entry.code === 'PDF_CORRUPT')).toBe(true);
  });
});
