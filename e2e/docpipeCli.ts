/**
 * `docpipe` as a child process, as a person runs it: the same executable, environment and working folder
 * in every end-to-end test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
/** DOCPIPE_BIN points the tests at another build (a packaged one); the default is this checkout's. */
export const docpipeBin = process.env.DOCPIPE_BIN ?? join(repoRoot, 'bin/docpipe.js');

/*
 * A git worktree whose node_modules links to another checkout's: bin/docpipe.js would compile into that
 * node_modules/.cache, the compiled copy would find the other checkout's package root (Node resolves the
 * link), and `serve` would show that checkout's out/renderer. Running from the sources keeps it here.
 */
const sharedNodeModules = realpathSync(join(repoRoot, 'node_modules')) !== join(repoRoot, 'node_modules');

/**
 * This process's environment for a docpipe child, with changes: a value sets a variable, `undefined`
 * removes it (a test of "no Ollama" must not inherit a DOCPIPE_OLLAMA_BIN from the shell).
 */
export function cliEnv(changes: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(sharedNodeModules && { DOCPIPE_FROM_SOURCE: '1' }) };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface DocpipeChild {
  child: ChildProcess;
  /** What it wrote to stdout so far. */
  stdout(): string;
  /** Both streams as they came, for a failure's message. */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Starts `docpipe ARGS…` with stdout and stderr read as they come. */
export function spawnDocpipe(args: string[], env: Record<string, string | undefined> = {}): DocpipeChild {
  const child = spawn(process.execPath, [docpipeBin, ...args], {
    cwd: repoRoot,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
    output += c.toString('utf8');
  });
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, output: () => output, exited };
}
