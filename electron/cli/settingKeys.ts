/**
 * The keys of `docpipe config`: `section.key` names a field of the Settings schema, and the text after
 * `=` is read as that field's type (a number, true or false, one of an enum, null where the field allows
 * it) and checked by that field's schema. The keys, their kinds and their limits all come from
 * electron/shared/contract/settings.ts, so the CLI accepts exactly what the engine stores.
 */
import { z } from 'zod';
import { Settings, SETTINGS_SECTIONS, type SettingsChange, type SettingsSection } from '../shared/contract/settings.js';
import { describeValue, UsageError, type ValueSchema } from './flags.js';

export interface SettingKey {
  /** `models.text` */
  name: string;
  section: SettingsSection;
  field: string;
  /** The field's schema in the Settings contract (its default included). */
  schema: z.ZodType;
}

/** A field's JSON Schema as far as reading text needs it: a nullable field is `anyOf: [the kind, null]`. */
interface FieldSchema extends ValueSchema {
  anyOf?: ValueSchema[];
}

function fieldsOf(section: SettingsSection): Record<string, z.ZodType> {
  let schema: z.ZodType = Settings.shape[section];
  // A section is its object schema wrapped in the default that fills an absent section in.
  while (schema instanceof z.ZodPrefault || schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    schema = schema.unwrap() as z.ZodType;
  if (!(schema instanceof z.ZodObject)) throw new Error(`The settings section "${section}" is not an object schema.`);
  return schema.shape as Record<string, z.ZodType>;
}

/** Every key, section by section in the order of the settings screen. */
export const SETTING_KEYS: readonly SettingKey[] = SETTINGS_SECTIONS.flatMap((section) =>
  Object.entries(fieldsOf(section)).map(([field, schema]) => ({ name: `${section}.${field}`, section, field, schema })),
);

/** The kind of value a key takes, and whether `null` is one of them. */
function kindOf(key: SettingKey): { value: ValueSchema; nullable: boolean } {
  const json = z.toJSONSchema(key.schema, { io: 'input', unrepresentable: 'any' }) as FieldSchema;
  const choices = json.anyOf ?? [json];
  const value = choices.find((choice) => choice.type !== 'null') ?? {};
  return { value, nullable: choices.some((choice) => choice.type === 'null') };
}

/** What a key accepts, in words: "a whole number from 1 to 16", "true or false", "text, or null". */
export function describeSetting(key: SettingKey): string {
  const { value, nullable } = kindOf(key);
  const words =
    value.type === 'boolean'
      ? 'true or false'
      : describeValue(value) || ((value as { format?: string }).format === 'uri' ? 'a URL' : 'text');
  return nullable ? `${words}, or null` : words;
}

/** The key named `name`; a usage error listing every key otherwise. */
export function settingKey(name: string): SettingKey {
  const key = SETTING_KEYS.find((k) => k.name === name);
  if (key) return key;
  throw new UsageError(
    `There is no setting "${name}". The settings are: ${SETTING_KEYS.map((k) => k.name).join(', ')}.`,
  );
}

/** `raw` read as `key`'s type and checked by its schema; a usage error saying what it takes otherwise. */
export function readSettingValue(key: SettingKey, raw: string): unknown {
  const { value: kind, nullable } = kindOf(key);
  const text = raw.trim();
  let value: unknown = text;
  if (nullable && text === 'null') value = null;
  else if (kind.type === 'boolean') value = text === 'true' ? true : text === 'false' ? false : text;
  // Number('') is 0: an empty value must not pass as a number.
  else if (kind.type === 'number' || kind.type === 'integer') value = text === '' ? Number.NaN : Number(text);
  // A list is written comma-separated; an empty value empties it.
  else if (kind.type === 'array')
    value = text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  const parsed = key.schema.safeParse(value);
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message;
    throw new UsageError(
      `${key.name} takes ${describeSetting(key)}${kind.type === 'array' && why ? ` (${why})` : ''}, not "${raw}".`,
    );
  }
  return parsed.data;
}

export interface SettingAssignment {
  key: SettingKey;
  value: unknown;
}

/** `section.key=value`, read. */
export function parseAssignment(text: string): SettingAssignment {
  const equals = text.indexOf('=');
  if (equals < 0) throw new UsageError(`"${text}" is not section.key=value (for example models.text=llama3.1:8b).`);
  const key = settingKey(text.slice(0, equals).trim());
  return { key, value: readSettingValue(key, text.slice(equals + 1)) };
}

/** The change that makes the assignments (a key given twice: the last one counts, as in a shell). */
export function settingsChange(assignments: readonly SettingAssignment[]): SettingsChange {
  const change: Partial<Record<SettingsSection, Record<string, unknown>>> = {};
  for (const { key, value } of assignments) (change[key.section] ??= {})[key.field] = value;
  // Each value was checked by its field's schema, so the sections have SettingsChange's types.
  return change as SettingsChange;
}

/** The value of `key` in `settings`. */
export function settingValue(settings: Settings, key: SettingKey): unknown {
  return (settings[key.section] as Record<string, unknown>)[key.field];
}

/** A value as `config get` prints it, and as `config set` takes it back: null as `null`. */
export function formatSettingValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  return value === null ? 'null' : String(value);
}
