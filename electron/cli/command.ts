/**
 * The shape of one CLI command, as the command table holds it: name, arguments and flags, what it needs
 * opened (a core, with or without its pipeline), what it does, and how its answer is printed (text, or
 * one JSON value with --json). The usage text and `docpipe <command> --help` are generated from these,
 * and the evaluation room's commands (passed in by bin/docpipe.js) have the same shape.
 */
import type { Api } from '../shared/contract/api.js';
import type { Core } from '../core/createCore.js';
import type { FlagTable, FlagValues } from './flags.js';
import type { GlobalOptions } from './globalFlags.js';

export const EXIT_OK = 0;
/** Some documents failed (the summary says which), or the command failed. */
export const EXIT_FAILURES = 1;
/** A usage mistake, a missing document, or the data folder could not be opened. */
export const EXIT_USAGE = 2;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * What a command needs opened before it runs:
 * - 'none': nothing (it opens what it needs itself, like `app`, or needs no data folder at all);
 * - 'read': a core without its pipeline (answers from the store; queued work stays queued);
 * - 'pipeline': a core whose pipeline runs, so what the command queues gets done;
 * - 'services': that, with the supervised services (model server, OpenSearch) running, as in the app.
 */
export type CoreNeed = 'none' | 'read' | 'pipeline' | 'services';

/** What every command's run gets. */
interface BaseContext<F extends FlagTable, R> {
  /** The operands (positional arguments after the command's name). */
  args: readonly string[];
  /** This command's own flags, read. */
  flags: FlagValues<F>;
  /** The flags every command takes (--data, --json, …). */
  options: GlobalOptions;
  io: Io;
  /** True once Ctrl-C (or SIGTERM) asked the command to stop. */
  isStopping: () => boolean;
  /** Prints the command's answer: `text(result)`, or with --json `json(result)` as one line. */
  print(result: R): void;
}

export interface ShellContext<F extends FlagTable, R> extends BaseContext<F, R> {
  /** The data folder: --data, else the default one. */
  dataDir: string;
  /** Opens a core on `dataDir` with its pipeline running, for a command that decides late whether it needs one. */
  openCore(): Promise<Core>;
}

export interface CoreContext<F extends FlagTable, R> extends BaseContext<F, R> {
  api: Api;
  core: Core;
}

interface CommandSpecBase<F extends FlagTable, R> {
  name: string;
  /** The operands as the usage shows them ('<path>...'); '' when there are none. */
  operands: string;
  /** Its line in the list of commands (a second line, if any, is indented under it). */
  summary: string;
  /** More for `docpipe <name> --help`: syntax, examples. */
  details?: string;
  flags: F;
  /**
   * Checks the operands before anything is opened (throws UsageError), so a mistake in them costs no data
   * folder and no model server start. `run` reads them again; this only refuses.
   */
  checkOperands?(args: readonly string[]): void;
  /** The text form of the answer (usually ending in a newline); '' prints nothing. */
  text?(result: R): string;
  /** The --json form of the answer; default: the answer itself. */
  json?(result: R): unknown;
}

export interface CoreCommandSpec<F extends FlagTable, R> extends CommandSpecBase<F, R> {
  /** 'services': the pipeline with the supervised services (model server, OpenSearch) running, as in the app. */
  core: 'read' | 'pipeline' | 'services';
  /** Without --data, works in a temporary data folder that is removed afterwards (the user's library stays untouched). */
  scratchData?: boolean;
  run(ctx: CoreContext<F, R>): Promise<number>;
}

export interface ShellCommandSpec<F extends FlagTable, R> extends CommandSpecBase<F, R> {
  core: 'none';
  run(ctx: ShellContext<F, R>): Promise<number>;
}

/** What the runner hands a command: everything read from the command line, and the core if one was opened. */
export interface Invocation {
  args: readonly string[];
  flags: Readonly<Record<string, unknown>>;
  options: GlobalOptions;
  io: Io;
  isStopping: () => boolean;
  /** Opened by the runner for 'read' and 'pipeline' commands; null for 'none'. */
  core: Core | null;
  dataDir: string;
  openCore(): Promise<Core>;
}

/** One entry of the command table, its types erased so that commands of every shape sit in one list. */
export interface CliCommand {
  readonly name: string;
  readonly operands: string;
  readonly summary: string;
  readonly details: string | undefined;
  readonly flags: FlagTable;
  readonly core: CoreNeed;
  readonly scratchData: boolean;
  /** Throws UsageError when the operands are wrong; called before anything is opened. */
  checkOperands(args: readonly string[]): void;
  run(invocation: Invocation): Promise<number>;
}

/** Declares a command; its flags, context and printer are typed here, where it is written. */
export function defineCommand<F extends FlagTable, R = never>(
  spec: CoreCommandSpec<F, R> | ShellCommandSpec<F, R>,
): CliCommand {
  return {
    name: spec.name,
    operands: spec.operands,
    summary: spec.summary,
    details: spec.details,
    flags: spec.flags,
    core: spec.core,
    scratchData: spec.core !== 'none' && spec.scratchData === true,
    checkOperands: (args) => spec.checkOperands?.(args),
    run(invocation) {
      const base: BaseContext<F, R> = {
        args: invocation.args,
        // The runner read every flag of `spec.flags` with its own reader, so the values have these types.
        flags: invocation.flags as FlagValues<F>,
        options: invocation.options,
        io: invocation.io,
        isStopping: invocation.isStopping,
        print: (result) => printAnswer(spec, invocation, result),
      };
      if (spec.core === 'none')
        return spec.run({ ...base, dataDir: invocation.dataDir, openCore: invocation.openCore });
      const core = invocation.core;
      if (!core) throw new Error(`${spec.name} needs a core, and the runner opened none.`);
      return spec.run({ ...base, api: core.api, core });
    },
  };
}

function printAnswer<R>(spec: CommandSpecBase<FlagTable, R>, invocation: Invocation, result: R): void {
  if (invocation.options.json) {
    invocation.io.stdout(`${JSON.stringify(spec.json ? spec.json(result) : result)}\n`);
    return;
  }
  const text = spec.text ? spec.text(result) : JSON.stringify(result, null, 2) + '\n';
  if (text) invocation.io.stdout(text);
}
