#!/usr/bin/env node
// `npx docpipe …` from a clone: runs the CLI from its TypeScript source (bin/ts-hooks.mjs compiles our
// own .ts files on the fly; no build step).
import './ts-register.mjs';

const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
