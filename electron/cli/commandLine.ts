/**
 * Reads a command line against the command table: which command, its operands, its flags and the global
 * ones, each flag read by its own reader (flags.ts). Flags may come before or after the command's name;
 * a flag another command takes is refused with a sentence naming the command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliCommand } from './command.js';
import { UsageError, type FlagTable } from './flags.js';
import { globalFlags, type GlobalOptions } from './globalFlags.js';

export type CommandLine =
  /** No command: the usage text (an error without --help). */
  | { kind: 'usage'; asked: boolean }
  /** `docpipe <command> --help`. */
  | { kind: 'help'; command: CliCommand }
  | { kind: 'run'; command: CliCommand; args: string[]; flags: Record<string, unknown>; options: GlobalOptions };

/** A usage mistake, with the command it was made in (whose help is printed after it) when known. */
export class CommandLineError extends UsageError {
  constructor(
    message: string,
    readonly command: CliCommand | null,
  ) {
    super(message);
  }
}

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

/** Every flag any command takes, so that a first pass can find the command wherever the flags are. */
export function allFlagOptions(table: readonly CliCommand[]): ParseOptions {
  const options: ParseOptions = {};
  const add = (name: string, flag: FlagTable[string]) => {
    const known = options[name];
    if (known && known.type !== flag.type)
      throw new Error(`--${name} is a ${known.type} flag in one command and a ${flag.type} flag in another.`);
    options[name] = { type: flag.type, ...(flag.short && { short: flag.short }) };
  };
  for (const [name, flag] of Object.entries(globalFlags)) add(name, flag);
  for (const command of table) for (const [name, flag] of Object.entries(command.flags)) add(name, flag);
  return options;
}

export function parseCommandLine(argv: readonly string[], table: readonly CliCommand[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: allFlagOptions(table), allowPositionals: true, strict: true });
  } catch (error) {
    throw new CommandLineError((error as Error).message, null);
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  if (name === undefined) return { kind: 'usage', asked: values.help === true };
  const command = table.find((c) => c.name === name);
  if (!command) throw new CommandLineError(`Unknown command "${name}".`, null);
  if (values.help === true) return { kind: 'help', command };

  for (const given of Object.keys(values)) {
    if (!Object.hasOwn(globalFlags, given) && !Object.hasOwn(command.flags, given)) {
      throw new CommandLineError(`docpipe ${name} has no option --${given}.`, command);
    }
  }
  const read = (flags: FlagTable): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [flagName, flag] of Object.entries(flags)) {
      try {
        // No flag is declared `multiple`, so parseArgs gives a string, a boolean or nothing.
        out[flagName] = flag.read(values[flagName] as string | boolean | undefined, {
          flag: `--${flagName}`,
          command: name,
        });
      } catch (error) {
        if (error instanceof UsageError) throw new CommandLineError(error.message, command);
        throw error;
      }
    }
    return out;
  };
  // The global flags' readers are the ones globalFlags declares, so the record has GlobalOptions' types.
  const options = read(globalFlags) as GlobalOptions;
  return { kind: 'run', command, args, flags: read(command.flags), options };
}
