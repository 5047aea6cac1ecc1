#!/usr/bin/env node
// `npx docpipe …` from a clone. Runs the CLI as JavaScript compiled from the TypeScript sources on
// first use (bin/compile.mjs: cached under node_modules/.cache/docpipe, rebuilt when a source changes).
// When that cannot be done (no esbuild, read-only folder) or DOCPIPE_FROM_SOURCE=1, it runs the sources
// through module hooks instead (bin/ts-hooks.mjs), which costs more memory per thread.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

async function loadMain() {
  if (process.env.DOCPIPE_FROM_SOURCE !== '1') {
    try {
      const { compiledRuntime } = await import('./compile.mjs');
      const out = await compiledRuntime(fileURLToPath(new URL('..', import.meta.url)));
      process.setSourceMapsEnabled(true);
      const load = (file) => import(pathToFileURL(join(out, file)).href);
      const [{ main }, { evaluationCommands }] = await Promise.all([
        load('electron/cli/main.js'),
        load('evaluation/cli/commands.js'),
      ]);
      return { main, extensions: evaluationCommands };
    } catch (error) {
      if (process.env.DOCPIPE_DEBUG)
        console.error(`docpipe: running from source (${error instanceof Error ? error.message : error})`);
    }
  }
  await import('./ts-register.mjs');
  const [{ main }, { evaluationCommands }] = await Promise.all([
    import('../electron/cli/main.ts'),
    import('../evaluation/cli/commands.ts'),
  ]);
  return { main, extensions: evaluationCommands };
}

// A Ctrl-C or SIGTERM while the modules load is remembered and handed to main(), which then stops
// cleanly at once, instead of the process dying by the signal's default action.
let signalled = false;
const remember = () => (signalled = true);
process.on('SIGINT', remember);
process.on('SIGTERM', remember);
const { main, extensions } = await loadMain();
// The evaluation room's commands (eval, eval-search) join the product's here, at the entry point.
const code = await main(process.argv.slice(2), undefined, { signalledBeforeStart: () => signalled, extensions });
process.off('SIGINT', remember);
process.off('SIGTERM', remember);
// main() has closed everything it opened. Exit once stdout and stderr are flushed (a pipe takes large
// output asynchronously), rather than wait on handles left open: a signal arriving in that gap would
// otherwise end the process by default action.
const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
