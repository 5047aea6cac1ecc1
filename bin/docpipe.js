#!/usr/bin/env node
// `npx docpipe …` from a clone: runs the CLI from its TypeScript source (bin/ts-hooks.mjs compiles our
// own .ts files on the fly; no build step).
import './ts-register.mjs';

const { main } = await import('../electron/cli/main.ts');
const code = await main(process.argv.slice(2));
// main() has closed everything it opened. Exit once stdout and stderr are flushed (a pipe takes large
// output asynchronously), rather than wait on the compiler service's handles: a signal arriving in that
// gap would otherwise end the process by default action.
const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
