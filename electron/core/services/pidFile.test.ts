import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pidFilePath, readPidFile, runsRecordedProgram, stopLeftoverProcess, writePidFile } from './pidFile.js';

describe('runsRecordedProgram', () => {
  const record = { command: '/opt/docpipe/resources/bin/linux-x64/ollama', args: ['serve'] };

  it('recognises the program by its path, or by name when it runs through an interpreter', () => {
    expect(runsRecordedProgram(['/opt/docpipe/resources/bin/linux-x64/ollama', 'serve'], record)).toBe(true);
    expect(runsRecordedProgram(['node', '/opt/docpipe/resources/bin/linux-x64/ollama', 'serve'], record)).toBe(true);
    expect(runsRecordedProgram(['/usr/bin/ollama', 'serve'], record)).toBe(true);
  });

  it('refuses another program or other arguments (a recycled pid)', () => {
    expect(runsRecordedProgram(['/usr/bin/bash'], record)).toBe(false);
    expect(runsRecordedProgram(['/opt/docpipe/resources/bin/linux-x64/ollama', 'run', 'llama3'], record)).toBe(false);
    expect(runsRecordedProgram([], record)).toBe(false);
  });

  it('finds the command inside a command line that ps split on spaces', () => {
    const spaced = { command: '/Applications/Doc Pipe.app/Contents/Resources/bin/ollama', args: ['serve'] };
    expect(runsRecordedProgram(['/Applications/Doc', 'Pipe.app/Contents/Resources/bin/ollama', 'serve'], spaced)).toBe(
      true,
    );
  });
});

describe('pid files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trip, and a torn or foreign file reads as none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'docpipe-pid-'));
    const path = pidFilePath(dir, 'ollama');
    expect(path).toBe(join(dir, 'run', 'ollama.pid'));
    const record = {
      pid: 4242,
      startedAt: '2026-12-07T10:00:00.000Z',
      command: '/x/ollama',
      args: ['serve'],
      startMark: '123',
      owner: { pid: 4000, startMark: '99' },
      url: 'http://127.0.0.1:4321',
    };
    writePidFile(path, record);
    expect(readPidFile(path)).toEqual(record);
    writeFileSync(path, '{"pid": 42');
    expect(readPidFile(path)).toBeNull();
    expect(await stopLeftoverProcess(path, 100)).toEqual({ kind: 'none' });
  });
});
