#!/usr/bin/env node
// Runs a TypeScript file (bench, scripts) without a build step: registers tsx's ESM loader, then imports
// the file given as the first argument. Remaining arguments stay in process.argv for the script.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.js <file.ts> [args...]');
  process.exit(2);
}
register();
await import(pathToFileURL(resolve(file)).href);
