import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from './createCore.js';
import { ThumbnailCache } from './pages/ThumbnailCache.js';
import { RotatingLogFile } from './services/RotatingLogFile.js';
import { settle } from './testing/settle.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("docpipe's files are its owner's only, whatever the umask", () => {
  let root: string;
  let umask: number;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-private-'));
    // The widest umask there is: every mode below is docpipe's own choice, not the environment's.
    umask = process.umask(0);
  });

  afterAll(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the data folder 0700 and its database, index and log 0600', async () => {
    const files = join(root, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'letter.txt'), 'Dear reader, a private letter.\n');
    const data = join(root, 'new', 'data');
    const core = await createCore({ dataDir: data, workers: 1 });
    try {
      await core.api.ingest({ paths: [files] });
      await settle(core);
    } finally {
      await core.dispose({ graceMs: 1000 });
    }
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(join(data, 'logs'))).toBe(0o700);
    expect(modeOf(join(data, 'logs', 'docpipe.log'))).toBe(0o600);
    for (const name of ['docpipe.sqlite', 'search.sqlite']) {
      expect(modeOf(join(data, name)), name).toBe(0o600);
      for (const side of ['-wal', '-shm'])
        if (existsSync(join(data, name + side))) expect(modeOf(join(data, name + side)), name + side).toBe(0o600);
    }
  });

  it('narrows the data folder and database an older docpipe left readable by everyone', async () => {
    const data = join(root, 'older');
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'docpipe.sqlite'), '', { mode: 0o644 });
    const core = await createCore({ dataDir: data, workers: 1, runPipeline: false });
    await core.dispose({ graceMs: 1000 });
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(join(data, 'docpipe.sqlite'))).toBe(0o600);
  });

  it('writes thumbnails and service logs owner-only', async () => {
    const thumbnails = join(root, 'thumbs');
    const cache = new ThumbnailCache(thumbnails);
    const sha = 'ab'.repeat(32);
    await cache.write(sha, 1, 200, new Uint8Array([137, 80, 78, 71]));
    expect(modeOf(thumbnails)).toBe(0o700);
    expect(modeOf(join(thumbnails, 'ab'))).toBe(0o700);
    expect(modeOf(join(thumbnails, 'ab', `${sha}-p1-w200.png`))).toBe(0o600);

    const logFile = join(root, 'service-logs', 'ollama.log');
    new RotatingLogFile(logFile, 1024 * 1024).write('started\n');
    expect(modeOf(join(root, 'service-logs'))).toBe(0o700);
    expect(modeOf(logFile)).toBe(0o600);
  });
});
