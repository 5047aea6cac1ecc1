/**
 * Makes sure out/renderer holds a build of the current renderer sources before a browser test loads it:
 * rebuilt when missing or older than any source file (a stale bundle would test yesterday's UI).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { rendererConfig, rendererOutDir, rendererRoot } from '../renderer/vite.config.js';

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the renderer when needed; returns the folder to serve. */
export async function ensureRendererBuilt(): Promise<string> {
  const builtIndex = join(rendererOutDir, 'index.html');
  const sources = [
    join(rendererRoot, 'src'),
    join(rendererRoot, 'index.html'),
    join(rendererRoot, 'vite.config.ts'),
    join(rendererRoot, '../electron/shared'),
    join(rendererRoot, '../electron/preload/bridge.ts'),
    join(rendererRoot, '../electron/server/httpSecurity.ts'),
  ];
  const newestSource = Math.max(...sources.map(newestMtime));
  if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < newestSource) {
    // vitest sets NODE_ENV=test, which vite would honour with a development React build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ ...rendererConfig, mode: 'production', configFile: false, logLevel: 'warn' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  return rendererOutDir;
}
