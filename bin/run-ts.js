#!/usr/bin/env node
// Runs a TypeScript file (bench, scripts) without a build step, through bin/ts-hooks.mjs. Arguments after
// the file stay in process.argv for the script (they start at process.argv[3]).
import './ts-register.mjs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.js <file.ts> [args...]');
  process.exit(2);
}
await import(pathToFileURL(resolve(file)).href);
