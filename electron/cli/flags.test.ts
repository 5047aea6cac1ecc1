import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOCUMENT_STATES } from '../shared/contract/jobs.js';
import { contractFlag, requiredFlag, schemaFlag, textFlag, UsageError } from './flags.js';

const site = (flag: string) => ({ flag, command: 'test' });

describe("flags read by the contract's schemas", () => {
  it("takes a number flag's limits and default from the command's input", () => {
    const below = contractFlag('review', 'below', { placeholder: 'X', help: 'h' });
    expect(below.accepts).toBe('a number from 0 to 1 (default 0.8)');
    expect(below.read('0.5', site('--below'))).toBe(0.5);
    expect(below.read(undefined, site('--below'))).toBeUndefined();
    expect(() => below.read('2', site('--below'))).toThrow(
      new UsageError('--below takes a number from 0 to 1, not "2".'),
    );
    for (const bad of ['', ' ', 'abc', 'NaN']) expect(() => below.read(bad, site('--below'))).toThrow(UsageError);
  });

  it('knows whole numbers, exclusive minimums and upper limits', () => {
    const reviewLimit = contractFlag('review', 'limit', { placeholder: 'N', help: 'h' });
    expect(reviewLimit.accepts).toBe('a whole number, 1 or more (default 100)');
    expect(() => reviewLimit.read('0', site('--limit'))).toThrow(/1 or more, not "0"/);
    expect(() => reviewLimit.read('1.5', site('--limit'))).toThrow(UsageError);
    expect(reviewLimit.read('7', site('--limit'))).toBe(7);
    const searchLimit = contractFlag('search', 'limit', { placeholder: 'N', help: 'h' });
    expect(searchLimit.accepts).toBe('a whole number from 1 to 1000 (default 20)');
    expect(() => searchLimit.read('1001', site('--limit'))).toThrow(/from 1 to 1000/);
  });

  it("lists an enum's values as the contract has them, and refuses others", () => {
    const state = contractFlag('listDocuments', 'state', { placeholder: 'S', help: 'h' });
    expect(state.accepts).toBe(`one of ${DOCUMENT_STATES.join(', ')}`);
    expect(state.read('failed', site('--state'))).toBe('failed');
    expect(() => state.read('broken', site('--state'))).toThrow(
      `--state takes one of ${DOCUMENT_STATES.join(', ')}, not "broken".`,
    );
    expect(contractFlag('search', 'mode', { placeholder: 'M', help: 'h' }).accepts).toBe(
      'one of lexical, hybrid, vector (default hybrid)',
    );
  });

  it('splits a list on commas and drops empty entries', () => {
    const fields = contractFlag('exportCsv', 'fields', { placeholder: 'a,b', help: 'h' });
    expect(fields.read('total, date,,vendor', site('--fields'))).toEqual(['total', 'date', 'vendor']);
  });

  it('follows the schema it is given, so a changed limit changes the flag', () => {
    const flag = schemaFlag(z.number().int().min(2).max(5), { placeholder: 'N', help: 'h' });
    expect(flag.accepts).toBe('a whole number from 2 to 5');
    expect(flag.read('3', site('--n'))).toBe(3);
    expect(() => flag.read('6', site('--n'))).toThrow('--n takes a whole number from 2 to 5, not "6".');
  });

  it("refuses a field the command's input does not have", () => {
    expect(() => contractFlag('review', 'nonsense' as 'below', { placeholder: 'X', help: 'h' })).toThrow(
      /no input field "nonsense"/,
    );
  });
});

describe('requiredFlag', () => {
  it('names the command and the flag when it is missing', () => {
    const csv = requiredFlag(textFlag('FILE', 'h'));
    expect(csv.required).toBe(true);
    expect(csv.read('out.csv', { flag: '--csv', command: 'export' })).toBe('out.csv');
    expect(() => csv.read(undefined, { flag: '--csv', command: 'export' })).toThrow(
      new UsageError('export needs --csv FILE.'),
    );
  });
});
