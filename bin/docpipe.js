#!/usr/bin/env node
// `npx docpipe …` from a clone: runs the CLI from its TypeScript source through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
