import { describe, expect, it } from 'vitest';
import { commandNames, type Api } from './api.js';
import { callCommand, failureOf, parseCommandResult, unwrapResult } from './envelope.js';
import { AppError, ErrorCode } from './errors.js';

/** An api whose every command echoes its input, except the ones a test replaces. */
function echoApi(overrides: Partial<Record<keyof Api, (input: unknown) => Promise<unknown>>> = {}): Api {
  const api = Object.fromEntries(commandNames.map((name) => [name, async (input: unknown) => ({ name, input })]));
  return { ...api, ...overrides } as unknown as Api;
}

describe('callCommand', () => {
  it('answers ok with what the command returned, given the input as it came', async () => {
    expect(await callCommand(echoApi(), 'status', { x: 1 })).toEqual({
      ok: true,
      result: { name: 'status', input: { x: 1 } },
    });
  });

  it('answers an unknown name, or an inherited property, with NOT_FOUND instead of calling anything', async () => {
    for (const name of ['dropDatabase', 'toString', '__proto__', 'constructor']) {
      const answer = await callCommand(echoApi(), name, {});
      expect(answer).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Unknown command "${name}".`, retryable: false },
      });
    }
  });

  it('refuses the local commands (a file path a page would choose, a stream) without calling them', async () => {
    const called: string[] = [];
    const api = echoApi({
      exportCsv: async () => called.push('exportCsv'),
      exportCsvStream: async () => called.push('exportCsvStream'),
    });
    for (const name of ['exportCsv', 'exportCsvStream']) {
      const answer = await callCommand(api, name, { path: '/home/me/.bashrc', force: true });
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(!answer.ok && answer.error.message).toMatch(/docpipe export --csv FILE/);
    }
    expect(called).toEqual([]);
  });

  it("keeps an AppError's code and retryable flag, and turns anything else into INTERNAL", async () => {
    const api = echoApi({
      getDocument: async () => {
        throw new AppError(ErrorCode.NOT_FOUND, 'No document 9.');
      },
      search: async () => {
        throw new AppError(ErrorCode.SEARCH_UNAVAILABLE, 'Index busy.');
      },
      status: async () => {
        throw new TypeError('x is undefined');
      },
      // Not an async function: a synchronous throw must be caught too.
      confirm: (() => {
        throw 'a string';
      }) as unknown as () => Promise<unknown>,
    });
    expect(await callCommand(api, 'getDocument', { ref: 9 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No document 9.', retryable: false },
    });
    expect(await callCommand(api, 'search', {})).toEqual({
      ok: false,
      error: { code: 'SEARCH_UNAVAILABLE', message: 'Index busy.', retryable: true },
    });
    expect(await callCommand(api, 'status', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'x is undefined', retryable: true },
    });
    expect(await callCommand(api, 'confirm', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'a string' },
    });
  });
});

describe('unwrapResult', () => {
  it('returns the result of an ok answer', () => {
    expect(unwrapResult({ ok: true, result: [1, 2] })).toEqual([1, 2]);
  });

  it('throws the AppError back with its code, message and retryable flag', () => {
    const thrown = (() => {
      try {
        unwrapResult(
          failureOf(new AppError(ErrorCode.LLM_UNAVAILABLE, 'Ollama is not running.', { retryable: false })),
        );
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'LLM_UNAVAILABLE', message: 'Ollama is not running.', retryable: false });
  });

  it('round-trips through callCommand: what the engine threw is what the client catches', async () => {
    const api = echoApi({
      setType: async () => {
        throw new AppError(ErrorCode.INVALID_ARGUMENT, 'Document 3 is processing.');
      },
    });
    const answer = JSON.parse(JSON.stringify(await callCommand(api, 'setType', {}))) as unknown;
    const parsed = parseCommandResult(answer);
    expect(parsed).not.toBeNull();
    expect(() => unwrapResult(parsed!)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'Document 3 is processing.' }),
    );
  });
});

describe('parseCommandResult', () => {
  it('refuses what is not an envelope', () => {
    for (const raw of [
      null,
      'ok',
      {},
      { ok: 'yes' },
      { ok: false },
      { ok: false, error: { code: 1, message: 'm' } },
      { ok: false, error: 'boom' },
    ]) {
      expect(parseCommandResult(raw)).toBeNull();
    }
  });

  it('fills retryable from the code when an older engine left it out', () => {
    expect(parseCommandResult({ ok: false, error: { code: 'WORKER_CRASHED', message: 'm' } })).toEqual({
      ok: false,
      error: { code: 'WORKER_CRASHED', message: 'm', retryable: true },
    });
    expect(parseCommandResult({ ok: false, error: { code: 'NOT_FOUND', message: 'm' } })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'm', retryable: false },
    });
  });

  it('keeps an unknown code in the message of an INTERNAL error', () => {
    expect(parseCommandResult({ ok: false, error: { code: 'QUOTA_EXCEEDED', message: 'Too many.' } })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'QUOTA_EXCEEDED: Too many.' },
    });
  });
});
