/**
 * Native helper programs (tesseract, pdftoppm): where to find one, and how to run one on bytes with a
 * deadline. Input goes in on stdin and output comes back on stdout, so no temporary file is written.
 * A program that outlives its deadline is killed (SIGKILL): a stuck child never holds up the thread.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where an executable is: the configured path, the app's bundled copy under
 * resources/bin/<platform-arch>/, then PATH. Null when none is found.
 */
export function findExecutable(name: string, options: { path?: string; resourcesDir?: string } = {}): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const candidates: string[] = [];
  if (options.path) candidates.push(options.path);
  if (options.resourcesDir)
    candidates.push(join(options.resourcesDir, 'bin', `${process.platform}-${process.arch}`, exe));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, exe));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there or not executable: try the next place
    }
  }
  return null;
}

/** How a native run ended when it did not succeed. */
export type NativeFailure =
  | { kind: 'timeout' }
  | { kind: 'signal'; signal: string }
  | { kind: 'exit'; code: number; stderr: string }
  | { kind: 'spawn'; error: Error }
  /** It wrote more than the caller's maxOutputBytes and was stopped. */
  | { kind: 'output'; bytes: number };

export class NativeRunError extends Error {
  override readonly name = 'NativeRunError';
  constructor(
    readonly program: string,
    readonly failure: NativeFailure,
    timeoutMs: number,
  ) {
    super(describeFailure(program, failure, timeoutMs));
  }
}

function describeFailure(program: string, failure: NativeFailure, timeoutMs: number): string {
  switch (failure.kind) {
    case 'timeout':
      return `${program} took longer than ${timeoutMs} ms and was stopped`;
    case 'signal':
      return `${program} was stopped by the system (${failure.signal})`;
    case 'exit':
      return `${program} exited with code ${failure.code}${failure.stderr ? `: ${failure.stderr}` : ''}`;
    case 'spawn':
      return `${program} could not be started: ${failure.error.message}`;
    case 'output':
      return `${program} wrote more than ${failure.bytes} bytes and was stopped`;
  }
}

/**
 * Runs `binary args…` with `input` on stdin; resolves stdout when it exits 0. At the deadline the
 * process is killed and the promise rejects at once, without waiting for its pipes to close (a
 * grandchild holding them open would otherwise keep us waiting). With `maxOutputBytes`, a program that
 * writes more is killed the same way: what a child gives back is bounded, whatever the input.
 */
export function runNative(
  binary: string,
  args: readonly string[],
  input: Uint8Array,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
  options: { maxOutputBytes?: number } = {},
): Promise<Buffer> {
  const program = binary.split(/[\\/]/).pop() ?? binary;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], env, windowsHide: true });
    const out: Buffer[] = [];
    let err = '';
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const stop = (failure: NativeFailure): void => {
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      settle(() => reject(new NativeRunError(program, failure, timeoutMs)));
    };
    const timer = setTimeout(() => stop({ kind: 'timeout' }), timeoutMs);
    let outBytes = 0;
    const maxOut = options.maxOutputBytes ?? Infinity;
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOut) stop({ kind: 'output', bytes: Math.floor(maxOut) });
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 4000) err += chunk.toString('utf8');
    });
    // A child that dies before reading all of stdin makes the write fail with EPIPE; the exit says why.
    child.stdin.on('error', () => {});
    child.on('error', (error) =>
      settle(() => reject(new NativeRunError(program, { kind: 'spawn', error }, timeoutMs))),
    );
    child.on('close', (code, signal) => {
      settle(() => {
        if (code === 0) resolve(Buffer.concat(out));
        else if (signal) reject(new NativeRunError(program, { kind: 'signal', signal }, timeoutMs));
        else
          reject(
            new NativeRunError(
              program,
              { kind: 'exit', code: code ?? -1, stderr: err.trim().split('\n').slice(-3).join(' ') },
              timeoutMs,
            ),
          );
      });
    });
    child.stdin.end(input);
  });
}
