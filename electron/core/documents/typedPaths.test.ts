import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadablePath, expandHome, typedPath } from './typedPaths.js';

const home = '/home/ada';

describe('typed paths', () => {
  it('expands ~ and ~/… to the home folder, and nothing else', () => {
    expect(expandHome('~', home)).toBe(home);
    expect(expandHome('~/Documents/inbox', home)).toBe('/home/ada/Documents/inbox');
    expect(expandHome('/srv/~/x', home)).toBe('/srv/~/x');
    expect(expandHome('~backup', home)).toBe('~backup');
    expect(typedPath('~/Documents/../Scans/', home)).toBe('/home/ada/Scans');
  });

  it('keeps absolute paths, normalised', () => {
    expect(typedPath('/srv/docs//2024/./x', home)).toBe('/srv/docs/2024/x');
  });

  it('refuses a relative path with a sentence that gives the full form', () => {
    for (const text of ['inbox', './inbox', '../inbox', 'docs/2024']) {
      expect(() => typedPath(text, home), text).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(/is a relative path, and docpipe cannot know which folder/),
        }),
      );
    }
    expect(() => typedPath('inbox', home)).toThrow(/for example \/home\/ada\/inbox or ~\/inbox/);
  });

  it("refuses another user's home folder rather than guessing it", () => {
    expect(() => typedPath('~bob/inbox', home)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('checking a typed path on disk', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-typed-'));
    mkdirSync(join(root, 'folder'));
    writeFileSync(join(root, 'folder', 'a.txt'), 'a');
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('tells a file from a folder', async () => {
    expect(await checkReadablePath(join(root, 'folder'))).toBe('folder');
    expect(await checkReadablePath(join(root, 'folder', 'a.txt'))).toBe('file');
  });

  it('refuses a path where nothing is, naming what was typed', async () => {
    await expect(checkReadablePath(join(root, 'folderr'), '~/folderr')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `There is no file or folder at ${join(root, 'folderr')} (from “~/folderr”). Check the spelling (names are case-sensitive) and try again.`,
    });
    // Under a file, and through a link to nothing: nothing is there either.
    await expect(checkReadablePath(join(root, 'folder', 'a.txt', 'x'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(checkReadablePath(join(root, 'dangling'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not list, saying so', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    try {
      await expect(checkReadablePath(locked)).rejects.toMatchObject({
        code: 'FILE_UNREADABLE',
        message: expect.stringMatching(/permission denied/),
      });
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
