/**
 * The CLI: argument parsing and printing over the engine's typed API, nothing else. It never touches
 * the store directly, so what it can do is exactly what the desktop app and the server can do. The
 * commands are declared in commands/ and listed in commandTable.ts; this file opens what a command
 * needs, runs it, and turns errors into sentences and exit codes.
 *
 * Exit codes (EXIT_CODES_TEXT, in `docpipe --help` too): 0 success; 1 a failure (documents failed, the
 * summary says which, or the command could not do its work); 2 a usage or environment error (errorReport.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { defaultDataDir, type CoreConfigInput } from '../core/config.js';
import { createCore, type Core } from '../core/createCore.js';
import { stderrLogFormat } from '../core/log/humanLog.js';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type Io } from './command.js';
import { CommandLineError, parseCommandLine } from './commandLine.js';
import { commandTable } from './commandTable.js';
import { errorLine, exitCodeFor } from './errorReport.js';
import { UsageError } from './flags.js';
import type { GlobalOptions } from './globalFlags.js';
import { commandHelp, usageText } from './usage.js';
import { brokerConfig } from './commands/serve.js';

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export interface MainOptions {
  /** Whether SIGINT/SIGTERM arrived before main() could listen (bin/docpipe.js records them while loading). */
  signalledBeforeStart?: () => boolean;
  /**
   * Commands from outside the product (the evaluation room's `eval` and `eval-search`), in the table's
   * shape: bin/docpipe.js passes them in, so product code never imports research code.
   */
  extensions?: readonly CliCommand[];
}

export async function main(argv: readonly string[], io: Io = defaultIo, options: MainOptions = {}): Promise<number> {
  const table = commandTable(options.extensions);
  let line;
  try {
    line = parseCommandLine(argv, table);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    io.stderr(`${error.message}\n\n${error.command ? commandHelp(error.command) : usageText(table)}`);
    return EXIT_USAGE;
  }
  if (line.kind === 'usage') {
    io.stdout(usageText(table));
    return line.asked ? EXIT_OK : EXIT_USAGE;
  }
  if (line.kind === 'help') {
    io.stdout(commandHelp(line.command));
    return EXIT_OK;
  }

  const { command, args, flags, options: global } = line;
  try {
    command.checkOperands(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${commandHelp(command)}`);
    return EXIT_USAGE;
  }
  const coreConfig = (dataDir: string, need: 'read' | 'pipeline' | 'services'): CoreConfigInput => {
    // Ollama servers join classification, extraction and search vectors when named (comma-separated:
    // requests are spread over them; in `serve` the first is where to look for a running local one).
    const [ollamaHost, ...moreHosts] = (global.ollama ?? process.env.DOCPIPE_OLLAMA_HOST ?? '')
      .split(',')
      .map((host) => host.trim())
      .filter(Boolean);
    // Only serve coordinates remote workers: one-shot commands run their stages here.
    const broker = command.name === 'serve' ? brokerConfig(flags, process.env) : undefined;
    return {
      ...(broker && { broker }),
      // The shells that open the workers' address (serve, and app when it serves the UI itself).
      brokerFromSettings: command.name === 'serve' || command.name === 'app',
      dataDir,
      workers: global.workers,
      runPipeline: need !== 'read',
      services: { run: need === 'services' },
      log: {
        stderrLevel: global.verbose ? 'info' : 'warn',
        // Lines for a person on a terminal; JSON when stderr goes to a file or a program, or with --json.
        stderrFormat: stderrLogFormat({ json: global.json, isTTY: process.stderr.isTTY === true, env: process.env }),
      },
      ...(ollamaHost && { llm: { host: ollamaHost, moreHosts } }),
    };
  };
  const dataDir = global.data ?? defaultDataDir();
  const invocation = {
    args,
    flags,
    options: global,
    io,
    dataDir,
    openCore: () => createCore(coreConfig(dataDir, 'services')),
  };

  const logFile = join(dataDir, 'logs', 'docpipe.log');
  if (command.core === 'none') {
    return reportErrors(command, global, io, logFile, () =>
      // A command that opens nothing installs its own signal handlers; a signal during loading still counts.
      command.run({ ...invocation, core: null, isStopping: () => options.signalledBeforeStart?.() === true }),
    );
  }

  // Installed before the core opens, so a signal during startup also stops cleanly.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    io.stderr('\nStopping: running jobs finish or go back to the queue; run the same command again to resume.\n');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (options.signalledBeforeStart?.()) stop();

  // A scratch command without --data works in a temporary data folder, removed when it is done.
  const temporaryData =
    command.scratchData && !global.data ? mkdtempSync(join(tmpdir(), `docpipe-${command.name}-`)) : null;
  let core: Core;
  try {
    core = await createCore(coreConfig(temporaryData ?? dataDir, command.core));
  } catch (error) {
    const appError = AppError.wrap(
      error,
      ErrorCode.INTERNAL,
      `docpipe could not open its data folder ${temporaryData ?? dataDir}`,
    );
    io.stderr(`${errorLine(appError, null)}\n`);
    if (temporaryData) rmSync(temporaryData, { recursive: true, force: true });
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    return EXIT_USAGE;
  }
  try {
    return await reportErrors(command, global, io, temporaryData ? null : logFile, () =>
      command.run({ ...invocation, dataDir: temporaryData ?? dataDir, core, isStopping: () => stopping }),
    );
  } finally {
    // The handlers stay until the core is closed: a signal during shutdown must not cut it short.
    await core.dispose({ graceMs: stopping ? 5_000 : 10_000 });
    if (temporaryData) rmSync(temporaryData, { recursive: true, force: true });
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Runs a command; a usage mistake prints the command's help (exit 2), an engine error its sentence and code. */
async function reportErrors(
  command: CliCommand,
  global: GlobalOptions,
  io: Io,
  logFile: string | null,
  run: () => Promise<number>,
): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${commandHelp(command)}`);
      return EXIT_USAGE;
    }
    const appError = AppError.wrap(error);
    if (global.json) io.stdout(`${JSON.stringify({ error: appError.toJSON() })}\n`);
    io.stderr(`${errorLine(appError, logFile)}\n`);
    return exitCodeFor(appError.code);
  }
}
