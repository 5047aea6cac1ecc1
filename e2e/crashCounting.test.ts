import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { prose, writeFile } from '../electron/core/testing/fixtureFiles.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const script = join(repoRoot, 'electron/core/testing/processes/ingestOnce.ts');
const abortingWorker = join(repoRoot, 'electron/core/testing/abortingExtractWorker.ts');
const root = mkdtempSync(join(tmpdir(), 'docpipe-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ingestOnce(dataDir: string, folder: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/run-ts.js'), script, dataDir, folder, abortingWorker], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      done({ code, signal, stdout, stderr });
    });
  });
}

interface Doc {
  id: number;
  name: string;
  state: string;
  error: { code: string; message: string } | null;
}

it('a file that kills the engine is set aside with CRASHED_ENGINE after its attempts; the other files complete', async () => {
  const folder = join(root, 'docs');
  const dataDir = join(root, 'data');
  writeFile(join(folder, 'a-ABORT.txt'), `This file takes the engine down. ${prose(1, 40)}`);
  for (let i = 0; i < 3; i++) writeFile(join(folder, `note-${i}.txt`), `Note ${i}. ${prose(10 + i, 60)}`);

  // Two extraction attempts (ingestOnce.ts): two runs die under the file, each attempt counted...
  for (let run = 1; run <= 2; run++) {
    const died = await ingestOnce(dataDir, folder);
    expect(died.signal ?? died.code, `run ${run} should have died: ${died.stderr.slice(-500)}`).toBe('SIGABRT');
  }
  // ...and the third sets it aside at once and finishes the rest.
  const last = await ingestOnce(dataDir, folder);
  expect(last.code, last.stderr.slice(-1000)).toBe(0);
  const docs = JSON.parse(last.stdout.trim().split('\n').pop()!) as Doc[];
  expect(docs).toHaveLength(4);
  const poison = docs.find((d) => d.name === 'a-ABORT.txt')!;
  expect(poison).toMatchObject({
    state: 'failed',
    error: { code: 'CRASHED_ENGINE', message: expect.stringMatching(/stopped unexpectedly 2 times .*set aside/) },
  });
  expect(docs.filter((d) => d !== poison).map((d) => d.state)).toEqual(['completed', 'completed', 'completed']);
}, 600_000);
