import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingLogFile } from './RotatingLogFile.js';

describe('RotatingLogFile', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends across instances and keeps one older file when the cap is reached', () => {
    dir = mkdtempSync(join(tmpdir(), 'docpipe-log-'));
    const path = join(dir, 'logs', 'ollama.log');
    new RotatingLogFile(path, 20).write('first line\n');
    const log = new RotatingLogFile(path, 20);
    log.write('second\n');
    expect(readFileSync(path, 'utf8')).toBe('first line\nsecond\n');
    log.write('third line\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('first line\nsecond\n');
    expect(readFileSync(path, 'utf8')).toBe('third line\n');
    log.write('fourth line\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('third line\n');
    expect(readFileSync(path, 'utf8')).toBe('fourth line\n');
    expect(existsSync(`${path}.2`)).toBe(false);
  });
});
