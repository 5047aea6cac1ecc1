/**
 * "A core over these files", the fixture engine tests share: a fresh temporary folder with the files
 * written under `<root>/docs`, an engine whose data folder is `<root>/data` (one extraction thread, a
 * fast queue poll), and, when asked, those files ingested and the pipeline settled. `reopen` starts a
 * new engine on the same data folder (restart tests); `dispose` stops it and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../createCore.js';
import type { CoreConfigInput } from '../config.js';
import { writeFile } from './fixtureFiles.js';
import { settle } from './settle.js';

export interface TestCoreOptions {
  /** Config on top of the fixture's (dataDir, workers: 1, queue.pollMs: 50). */
  config?: Partial<CoreConfigInput>;
  /** Ingest `<root>/docs` and wait until the pipeline is idle. Default false. */
  ingest?: boolean;
}

export interface TestCore {
  root: string;
  /** Where the files were written: `<root>/docs`. */
  docs: string;
  dataDir: string;
  /** The engine now running (replaced by `reopen`). */
  core: Core;
  /**
   * Disposes the running engine, runs `whileStopped` (what happens while docpipe is not running: a
   * crash's leftovers, files written meanwhile), and opens another engine on the same data folder.
   */
  reopen(whileStopped?: () => unknown, config?: Partial<CoreConfigInput>): Promise<Core>;
  /** Disposes the engine and removes the temporary folder. */
  dispose(): Promise<void>;
}

/** @param files paths relative to `<root>/docs` → content */
export async function testCore(
  files: Readonly<Record<string, string | Buffer>>,
  options: TestCoreOptions = {},
): Promise<TestCore> {
  const root = mkdtempSync(join(tmpdir(), 'docpipe-test-'));
  const docs = join(root, 'docs');
  const dataDir = join(root, 'data');
  for (const [path, content] of Object.entries(files)) writeFile(join(docs, path), content);
  const open = (config: Partial<CoreConfigInput> = options.config ?? {}) =>
    createCore({ workers: 1, ...config, dataDir, queue: { pollMs: 50, ...config.queue } });
  const fixture: TestCore = {
    root,
    docs,
    dataDir,
    core: await open(),
    async reopen(whileStopped, config) {
      await fixture.core.dispose();
      await whileStopped?.();
      fixture.core = await open(config);
      return fixture.core;
    },
    async dispose() {
      await fixture.core.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
  if (options.ingest) {
    await fixture.core.api.ingest({ paths: [docs] });
    await settle(fixture.core);
  }
  return fixture;
}
