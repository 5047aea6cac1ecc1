import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { errorLine, exitCodeFor } from './errorReport.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-error-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What node:fs throws for `write`, wrapped the way the engine wraps what it did not expect. */
function failedWrite(path: string): AppError {
  try {
    writeFileSync(path, 'x');
  } catch (error) {
    return AppError.wrap(error);
  }
  throw new Error(`writing ${path} worked`);
}

describe('errors as the CLI prints them', () => {
  it('gives usage and environment mistakes exit 2, everything else 1', () => {
    for (const code of [
      ErrorCode.INVALID_ARGUMENT,
      ErrorCode.NOT_FOUND,
      ErrorCode.QUERY_INVALID,
      ErrorCode.PORT_IN_USE,
      ErrorCode.DB_NEWER_THAN_APP,
    ])
      expect(exitCodeFor(code)).toBe(2);
    for (const code of [ErrorCode.INTERNAL, ErrorCode.LLM_UNAVAILABLE, ErrorCode.PDF_CORRUPT])
      expect(exitCodeFor(code)).toBe(1);
  });

  it('prints the sentence with its code in brackets', () => {
    expect(
      errorLine(new AppError(ErrorCode.NOT_FOUND, 'No document "99". List documents with "docpipe docs".'), null),
    ).toBe('No document "99". List documents with "docpipe docs". [NOT_FOUND]');
    expect(errorLine(new AppError(ErrorCode.QUERY_INVALID, 'Missing value after total>'), null)).toBe(
      'Missing value after total>. [QUERY_INVALID]',
    );
  });

  it('puts a raw file-system error in words, naming the file a person gave', () => {
    const missingFolder = join(root, 'no-such-folder');
    expect(errorLine(failedWrite(join(missingFolder, 'out.csv.4242.tmp')), '/data/logs/docpipe.log')).toBe(
      `The folder ${missingFolder} does not exist: create it, or choose a path in a folder that does. [INTERNAL]`,
    );
    expect(errorLine(failedWrite(root), null)).toBe(`${root} is a folder: give the path of a file. [INTERNAL]`);
  });

  it('names the log for a failure nobody expected', () => {
    expect(errorLine(AppError.wrap(new Error('boom')), '/data/logs/docpipe.log')).toBe(
      'boom. This was not expected; /data/logs/docpipe.log has the details. [INTERNAL]',
    );
  });

  it('has every error code explained in the README table: what it means and what to do', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of Object.values(ErrorCode)) {
      const row = readme.split('\n').find((line) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(line));
      expect(row, `${code} has no row in the README's error table`).toBeDefined();
      // Three cells, none empty: the code, what it means, what to do.
      expect(
        row
          ?.split(' | ')
          .map((cell) => cell.replace(/^\|\s*|\s*\|$/g, '').trim())
          .filter(Boolean),
      ).toHaveLength(3);
    }
  });
});
