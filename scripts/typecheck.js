#!/usr/bin/env node
// Type-checks every runtime folder with its own tsconfig, so that an import across a layer
// (core -> electron, renderer -> node:, workers -> SQLite) fails here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'electron/shared/tsconfig.json',
  'electron/understand/tsconfig.json',
  'electron/core/tsconfig.json',
  'workers/tsconfig.json',
  'electron/cli/tsconfig.json',
  'electron/main/tsconfig.json',
  'renderer/tsconfig.json',
  'e2e/tsconfig.json',
  'tsconfig.tools.json',
].filter((p) => existsSync(p));

let failed = 0;
for (const project of projects) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${project} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
process.exit(failed ? 1 : 0);
