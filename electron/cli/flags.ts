/**
 * Command-line flags: how each is read from its text, and how `--help` describes it. A flag that sets a
 * field of a contract command's input (`contractFlag`) takes its kind, limits, allowed values and default
 * from that field's zod schema, so `docpipe review --below 2` is refused with the same limits the engine
 * would apply, and the help text can never disagree with the engine.
 */
import { z } from 'zod';
import { commands, type CommandInput, type CommandName } from '../shared/contract/api.js';

/** A mistake in the command line: the CLI prints the sentence and the command's usage, and exits with 2. */
export class UsageError extends Error {}

/** Where a flag is being read, for the sentences of its errors. */
export interface FlagSite {
  /** '--below' */
  flag: string;
  /** 'review' */
  command: string;
}

export interface Flag<T> {
  /** How node:util's parseArgs reads it. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias ('h' for --help). */
  readonly short?: string;
  /** What the value looks like in the usage ('N', 'FILE'); null for a boolean. */
  readonly placeholder: string | null;
  /** What it does, for `--help`. */
  readonly help: string;
  /** What it accepts and its default, for `--help` ("a number from 0 to 1 (default 0.8)"); '' when anything goes. */
  readonly accepts: string;
  /** Shown without brackets in the usage; reading it when absent is a usage error. */
  readonly required: boolean;
  /** The value from what parseArgs found (undefined when the flag was not given). Throws UsageError. */
  read(raw: string | boolean | undefined, site: FlagSite): T;
}

export type FlagTable = Readonly<Record<string, Flag<unknown>>>;
export type FlagValues<F extends FlagTable> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

interface FlagText {
  placeholder: string;
  help: string;
}

export function booleanFlag(help: string, short?: string): Flag<boolean> {
  return {
    type: 'boolean',
    ...(short && { short }),
    placeholder: null,
    help,
    accepts: '',
    required: false,
    read: (raw) => raw === true,
  };
}

/** Free text (a path, a URL, a name). */
export function textFlag(placeholder: string, help: string): Flag<string | undefined> {
  return {
    type: 'string',
    placeholder,
    help,
    accepts: '',
    required: false,
    read: (raw) => (typeof raw === 'string' ? raw : undefined),
  };
}

/** The same flag, but the command cannot run without it ("export needs --csv FILE."). */
export function requiredFlag<T>(flag: Flag<T | undefined>): Flag<T> {
  return {
    ...flag,
    required: true,
    read(raw, site) {
      const value = flag.read(raw, site);
      if (value === undefined)
        throw new UsageError(`${site.command} needs ${site.flag}${flag.placeholder ? ` ${flag.placeholder}` : ''}.`);
      return value;
    },
  };
}

/** The subset of a JSON Schema that describes one flag's value (zod writes it: z.toJSONSchema). */
export interface ValueSchema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  items?: ValueSchema;
}

/**
 * A flag whose value is checked by `schema` (a number, an enum, a list of strings or a string). Numbers
 * and lists are converted from the text first; the limits and allowed values in its help come from the
 * schema's JSON Schema, its public description, rather than from zod's internals.
 */
export function schemaFlag<S extends z.ZodType>(
  schema: S,
  text: FlagText,
): Flag<Exclude<z.input<S>, undefined> | undefined> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as ValueSchema;
  const isList = json.type === 'array';
  const isNumber = json.type === 'number' || json.type === 'integer';
  const accepts = describeValue(json);
  const withDefault =
    json.default === undefined || isList ? accepts : `${accepts}${accepts ? ' ' : ''}(default ${String(json.default)})`;
  return {
    type: 'string',
    placeholder: text.placeholder,
    help: text.help,
    accepts: withDefault,
    required: false,
    read(raw, site) {
      if (typeof raw !== 'string') return undefined;
      const value: unknown = isList
        ? raw
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : isNumber
          ? raw.trim() === ''
            ? Number.NaN
            : Number(raw)
          : raw;
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const why = accepts || parsed.error.issues[0]?.message || 'another value';
        throw new UsageError(`${site.flag} takes ${why}, not "${raw}".`);
      }
      // The value as given (not the schema's output): defaults are the engine's to apply.
      return value as Exclude<z.input<S>, undefined>;
    },
  };
}

/** The input fields of a contract command that a flag can set. */
type InputField<N extends CommandName> = string & keyof NonNullable<CommandInput<N>>;

/** A flag that sets field `field` of command `name`'s input, read and described by that field's schema. */
export function contractFlag<N extends CommandName, K extends InputField<N>>(
  name: N,
  field: K,
  text: FlagText,
): Flag<Exclude<NonNullable<CommandInput<N>>[K], undefined> | undefined> {
  return schemaFlag(inputField(commands[name].input, field), text) as Flag<
    Exclude<NonNullable<CommandInput<N>>[K], undefined> | undefined
  >;
}

function inputField(input: z.ZodType, field: string): z.ZodType {
  let schema: z.ZodType = input;
  // An input with a default ({}), or an optional one, is still an object underneath.
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  const shape: Record<string, z.ZodType> =
    schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const found = shape[field];
  if (!found) throw new Error(`The contract has no input field "${field}" for this flag.`);
  return found;
}

/** What a value schema accepts, in words: "a whole number from 1 to 1000", "one of a, b, c". */
export function describeValue(json: ValueSchema): string {
  if (json.enum) return `one of ${json.enum.map(String).join(', ')}`;
  if (json.type === 'array')
    return json.items?.enum
      ? `a comma-separated list of ${json.items.enum.map(String).join(', ')}`
      : 'a comma-separated list';
  if (json.type !== 'number' && json.type !== 'integer') return '';
  const whole = json.type === 'integer';
  // zod writes the bounds of a safe integer even when none were asked for: those say nothing to a person.
  const bound = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);
  const exclusiveMin = bound(json.exclusiveMinimum);
  const exclusiveMax = bound(json.exclusiveMaximum);
  const min = bound(json.minimum) ?? (whole && exclusiveMin !== undefined ? exclusiveMin + 1 : undefined);
  const max = bound(json.maximum) ?? (whole && exclusiveMax !== undefined ? exclusiveMax - 1 : undefined);
  const kind = whole ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind}, ${min} or more`;
  if (max !== undefined) return `${kind}, ${max} or less`;
  if (exclusiveMin !== undefined) return `${kind} above ${exclusiveMin}`;
  if (exclusiveMax !== undefined) return `${kind} below ${exclusiveMax}`;
  return kind;
}
