import { describe, expect, it } from 'vitest';
import { commandNames } from './api.js';
import { BYTE_ROUTES, isByteCommand, pageImagePath, parsePageImagePath } from './http.js';

describe('HTTP routes of byte commands', () => {
  it('builds and reads back the address of a page picture', () => {
    expect(pageImagePath({ id: 42, page: 3 })).toBe('/api/documents/42/pages/3/image');
    expect(parsePageImagePath(pageImagePath({ id: 42, page: 3 }))).toEqual({ id: 42, page: 3 });
  });

  it('matches only the exact route, with bounded digits', () => {
    for (const path of [
      '/api/documents/1/pages/1/image/',
      '/api/documents/x/pages/1/image',
      '/api/documents/1/pages/-1/image',
      `/api/documents/${'9'.repeat(13)}/pages/1/image`,
      '/api/documents/1/pages/1/imagex',
    ]) {
      expect(parsePageImagePath(path)).toBeNull();
    }
  });

  it('names only commands of the contract', () => {
    expect(Object.keys(BYTE_ROUTES).every((name) => (commandNames as string[]).includes(name))).toBe(true);
    expect(isByteCommand('pageImage')).toBe(true);
    expect(isByteCommand('status')).toBe(false);
    expect(isByteCommand('toString')).toBe(false);
  });
});
