import { describe, expect, it } from 'vitest';
import { defineCommand, EXIT_OK } from './command.js';
import { allFlagOptions, CommandLineError, parseCommandLine } from './commandLine.js';
import { productCommands } from './commandTable.js';
import { booleanFlag, textFlag } from './flags.js';

const table = productCommands;

function refusal(argv: string[]): CommandLineError {
  try {
    parseCommandLine(argv, table);
  } catch (error) {
    if (error instanceof CommandLineError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseCommandLine', () => {
  it('finds the command wherever the global flags are, and reads every flag', () => {
    const line = parseCommandLine(['--data', '/tmp/d', 'review', '--below', '0.5', '--json', '--workers', '3'], table);
    expect(line.kind).toBe('run');
    if (line.kind !== 'run') return;
    expect(line.command.name).toBe('review');
    expect(line.flags).toEqual({ below: 0.5, limit: undefined });
    expect(line.options).toMatchObject({ data: '/tmp/d', json: true, verbose: false, workers: 3, help: false });
    expect(line.args).toEqual([]);
  });

  it('keeps operands in order', () => {
    const line = parseCommandLine(['ingest', 'a', '--watch', 'b'], table);
    expect(line.kind === 'run' && [line.args, line.flags]).toEqual([['a', 'b'], { watch: true }]);
  });

  it("answers --help with the usage, or with one command's help", () => {
    expect(parseCommandLine([], table)).toEqual({ kind: 'usage', asked: false });
    expect(parseCommandLine(['-h'], table)).toEqual({ kind: 'usage', asked: true });
    expect(parseCommandLine(['search', '--help'], table)).toMatchObject({ kind: 'help', command: { name: 'search' } });
  });

  it('refuses an unknown command, and a flag that belongs to another command, naming the command', () => {
    expect(refusal(['frobnicate'])).toMatchObject({ message: 'Unknown command "frobnicate".', command: null });
    expect(refusal(['status', '--below', '0.5'])).toMatchObject({
      message: 'docpipe status has no option --below.',
      command: { name: 'status' },
    });
    expect(refusal(['status', '--nonsense']).command).toBeNull();
  });

  it('refuses values outside the limits before anything is opened', () => {
    expect(refusal(['docs', '--workers', '0'])).toMatchObject({
      message: '--workers takes a whole number from 1 to 64, not "0".',
      command: { name: 'docs' },
    });
    expect(refusal(['serve', '--port', '70000']).message).toBe(
      '--port takes a whole number from 0 to 65535, not "70000".',
    );
    expect(refusal(['export', '--type', 'invoice']).message).toBe('export needs --csv FILE.');
  });

  it('refuses a table where two commands give one flag different kinds', () => {
    const a = defineCommand({
      name: 'a',
      operands: '',
      summary: '',
      flags: { mode: booleanFlag('h') },
      core: 'none',
      run: async () => EXIT_OK,
    });
    const b = defineCommand({
      name: 'b',
      operands: '',
      summary: '',
      flags: { mode: textFlag('M', 'h') },
      core: 'none',
      run: async () => EXIT_OK,
    });
    expect(() => allFlagOptions([a, b])).toThrow(
      /--mode is a boolean flag in one command and a string flag in another/,
    );
  });
});
