/**
 * The envelope every transport puts a command's answer in: `{ ok: true, result }` or `{ ok: false, error }`.
 * Electron keeps only the message of an Error thrown in an IPC handler, and JSON has no exceptions at all,
 * so an error crosses as data and is thrown again on the far side with its code intact.
 *
 * Written once here: the IPC handlers (electron/main/ipc.ts) and the HTTP server (electron/server) answer
 * with `callCommand`; the renderer's client (renderer/src/client) reads answers with `parseCommandResult`
 * and `unwrapResult`.
 */
import { z } from 'zod';
import { isCommandName, isLocalCommand, type Api, type CommandName, type CommandOutput } from './api.js';
import { AppError, ErrorCode, type AppErrorData } from './errors.js';

/** A command's answer as it crosses a boundary. */
export type CommandResult<T> = { ok: true; result: T } | CommandFailure;

/** The error half: an AppError as data (see errors.ts). */
export interface CommandFailure {
  ok: false;
  error: AppErrorData;
}

/** An error of any kind as the failure half of the envelope (unknown errors become INTERNAL). */
export function failureOf(error: unknown): CommandFailure {
  return { ok: false, error: AppError.wrap(error).toJSON() };
}

/**
 * Calls one command of `api` by name and answers with the envelope; it never throws. `name` and `input`
 * come from outside (an IPC channel, a URL path, a request body): an unknown name is NOT_FOUND, a local
 * command (LOCAL_COMMANDS) is refused, and the input is parsed by the api itself with the contract's schema.
 */
export async function callCommand<K extends CommandName>(
  api: Api,
  name: K,
  input: unknown,
): Promise<CommandResult<CommandOutput<K>>>;
export async function callCommand(api: Api, name: string, input: unknown): Promise<CommandResult<unknown>>;
export async function callCommand(api: Api, name: string, input: unknown): Promise<CommandResult<unknown>> {
  if (!isCommandName(name)) return failureOf(new AppError(ErrorCode.NOT_FOUND, `Unknown command "${name}".`));
  // The transports' one entry: a page never reaches a command that writes where it says or answers with a stream.
  if (isLocalCommand(name))
    return failureOf(
      new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `${name} is not available here: the CLI writes files ("docpipe export --csv FILE"); the app downloads exports or asks where to save them.`,
      ),
    );
  try {
    const call = api[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await call(input) };
  } catch (error) {
    return failureOf(error);
  }
}

/** The result of a successful answer; a failure is thrown again as the AppError it was. */
export function unwrapResult<T>(answer: CommandResult<T>): T {
  if (answer.ok) return answer.result;
  throw errorFromData(answer.error);
}

/** An AppError from its data form; a code this build does not know (a newer engine's) becomes INTERNAL, keeping its name. */
function errorFromData({
  code,
  message,
  retryable,
}: {
  code: string;
  message: string;
  retryable?: boolean | undefined;
}): AppError {
  if (AppError.isCode(code)) return new AppError(code, message, retryable === undefined ? undefined : { retryable });
  return new AppError(ErrorCode.INTERNAL, `${code}: ${message}`);
}

const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    // Any code string: errorFromData decides what an unknown one becomes. Older engines sent no `retryable`.
    error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() }),
  }),
]);

/**
 * Reads an envelope that arrived as untrusted data (an HTTP body); null when it is not one. A result is
 * not checked against the command's output schema here: the engine built it from that schema.
 */
export function parseCommandResult(raw: unknown): CommandResult<unknown> | null {
  const parsed = EnvelopeSchema.safeParse(raw);
  if (!parsed.success) return null;
  if (parsed.data.ok) return { ok: true, result: parsed.data.result };
  return { ok: false, error: errorFromData(parsed.data.error).toJSON() };
}
