/**
 * The usage text and each command's `--help`, generated from the command table: a command's synopsis,
 * summary, flags and their limits are written once, where the command is declared.
 */
import type { CliCommand } from './command.js';
import type { Flag, FlagTable } from './flags.js';
import { globalFlags } from './globalFlags.js';

/** Where summaries start, as in the usage text people are used to. */
const SUMMARY_COLUMN = 45;

function flagSynopsis(name: string, flag: Flag<unknown>): string {
  const text = `--${name}${flag.placeholder ? ` ${flag.placeholder}` : ''}`;
  return flag.required ? text : `[${text}]`;
}

/** `export --csv FILE [--type T] …`: the name, the operands, then the flags (required ones unbracketed). */
export function synopsis(command: CliCommand): string {
  const flags = Object.entries(command.flags).map(([name, flag]) => flagSynopsis(name, flag));
  return [command.name, command.operands, ...flags].filter(Boolean).join(' ');
}

/** Lines of `left` beside `right`, the right column at SUMMARY_COLUMN; a long left side gets a line of its own. */
function columns(left: string, right: string, column = SUMMARY_COLUMN): string {
  const [first = '', ...more] = right.split('\n');
  const indent = ' '.repeat(column);
  const head = `  ${left}`;
  const lines = head.length + 1 <= column ? [`${head.padEnd(column)}${first}`] : [head, `${indent}${first}`];
  return [...lines, ...more.map((line) => `${indent}${line}`)].join('\n') + '\n';
}

function flagLines(flags: FlagTable): string {
  const entries = Object.entries(flags);
  const label = ([name, flag]: [string, Flag<unknown>]) =>
    `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.placeholder ? ` ${flag.placeholder}` : ''}`;
  const width = Math.max(0, ...entries.map((entry) => label(entry).length)) + 4;
  return entries
    .map((entry) =>
      columns(label(entry), entry[1].accepts ? `${entry[1].help}: ${entry[1].accepts}` : entry[1].help, width),
    )
    .join('');
}

/** What the exit codes mean (command.ts, errorReport.ts); README and docs/cli.md say the same. */
export const EXIT_CODES_TEXT =
  'Exit codes:\n' +
  '  0  done\n' +
  '  1  a failure: documents failed (the summary names them), or the command could not do its work\n' +
  '  2  a usage or environment error: a wrong flag, operand or query, an unknown document, a port in use,\n' +
  '     a data folder that cannot be opened\n' +
  "  (app ends with the desktop app's own exit code when Electron ran)\n";

/** `docpipe --help`: every command, product commands first, then the ones passed in from outside. */
export function usageText(table: readonly CliCommand[]): string {
  return (
    'docpipe — offline document pipeline\n\n' +
    "Usage: docpipe <command> [options]   (docpipe <command> --help: that command's options)\n\n" +
    'Commands:\n' +
    table.map((command) => columns(synopsis(command), command.summary)).join('') +
    '\nOptions for every command:\n' +
    flagLines(globalFlags) +
    `\n${EXIT_CODES_TEXT}`
  );
}

/** `docpipe <command> --help`. */
export function commandHelp(command: CliCommand): string {
  const own = Object.keys(command.flags).length > 0 ? `\nOptions:\n${flagLines(command.flags)}` : '';
  return (
    `Usage: docpipe ${synopsis(command)} [options]\n\n` +
    `${command.summary}\n` +
    (command.details ? `\n${command.details.trimEnd()}\n` : '') +
    own +
    `\nOptions for every command:\n${flagLines(globalFlags)}`
  );
}
