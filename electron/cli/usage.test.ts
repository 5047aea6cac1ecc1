import { describe, expect, it } from 'vitest';
import { defineCommand, EXIT_OK } from './command.js';
import { commandTable, productCommands } from './commandTable.js';
import { textFlag } from './flags.js';
import { commandHelp, synopsis, usageText } from './usage.js';

const extension = defineCommand({
  name: 'probe',
  operands: '<thing>',
  summary: 'a command from outside\nwith a second line',
  flags: { depth: textFlag('N', 'how deep') },
  core: 'none',
  run: async () => EXIT_OK,
});

describe('usage text', () => {
  it('lists every command once, with its synopsis, products first and extensions after', () => {
    const text = usageText(commandTable([extension]));
    const listed = [...text.matchAll(/^ {2}([a-z-]+)\b/gm)].map((m) => m[1]);
    expect(listed.slice(0, productCommands.length + 1)).toEqual([...productCommands.map((c) => c.name), 'probe']);
    for (const command of productCommands) expect(text).toContain(`  ${synopsis(command)}`);
  });

  it('starts every summary line in one column, a long synopsis on a line of its own', () => {
    const text = usageText(commandTable([extension]));
    expect(text).toMatch(/^ {2}probe <thing> \[--depth N\] +a command from outside\n {45}with a second line\n/m);
    expect(text).toMatch(
      /^ {2}export --csv FILE \[--force\] \[--type T\] \[--fields a,b\] .* \[--bom\]\n {45}metadata to CSV/m,
    );
    const summaryStart = /^ {2}status +(\S)/m.exec(text);
    expect(summaryStart!.index + summaryStart![0].length - 1).toBe(
      text.lastIndexOf('\n', summaryStart!.index) + 1 + 45,
    );
  });

  it("gives one command's flags with what they accept, from the contract", () => {
    const help = commandHelp(productCommands.find((c) => c.name === 'review')!);
    expect(help.startsWith('Usage: docpipe review [--below X] [--limit N] [options]\n')).toBe(true);
    expect(help).toMatch(/--below X +.*: a number from 0 to 1 \(default 0\.8\)/);
    expect(help).toMatch(/--limit N +.*: a whole number, 1 or more \(default 100\)/);
    expect(help).toContain('Options for every command:');
  });

  it('refuses two commands of one name', () => {
    expect(() => commandTable([{ ...extension, name: 'status' }])).toThrow(/Two CLI commands are named "status"/);
  });
});
