/**
 * How the CLI writes numbers and values for people: counts with the right plural ("1 file", "2 files"),
 * probabilities as percentages, field values without JSON's brackets.
 */
import { assertNever } from '../shared/contract/errors.js';
import type { FieldValue, NormalizedValue } from '../shared/contract/schemas/fieldValue.js';

/** `1 file`, `0 files`, `2 entries` (give the plural when it is not the singular with an s). */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** A probability as a whole percentage: `97 %`. */
export function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
}

/** A normalized value on one line: lists joined with "; ", form pairs as "key: value". */
function normalizedText(value: NormalizedValue): string {
  if (typeof value === 'string') return value;
  return value.map((entry) => (typeof entry === 'string' ? entry : `${entry.key}: ${entry.value}`)).join('; ');
}

/** A field's value as a person reads it: the normalized form when there is one, else as written. */
export function fieldText(field: Pick<FieldValue, 'value' | 'normalized'>): string {
  return field.normalized === null ? field.value : normalizedText(field.normalized);
}

/** The value quoted only where its edges would otherwise be lost: empty, spaced at an end, or holding a comma. */
export function inlineValue(text: string): string {
  return text === '' || text.trim() !== text || /[,"]/.test(text) ? JSON.stringify(text) : text;
}

// C0 controls, DEL and the C1 controls (U+009B alone starts an escape sequence on many terminals).
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_NAMES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text that came from files (names, page text, field values, messages naming a file) made safe for a
 * terminal: a control character could move the cursor, recolour or retitle the terminal, or forge a
 * line, so each is shown as an escape (`\x1b`, `\n`). `keepLines` keeps newlines and tabs, for page text;
 * a file name stays one line whatever it holds.
 */
export function printable(text: string, keepLines = false): string {
  return text.replace(
    keepLines ? CONTROLS_BUT_LINES : CONTROLS,
    (c) => CONTROL_NAMES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Who decided a document's type or a field's value, in words. */
export function sourceText(source: FieldValue['source'], of: 'type' | 'field'): string {
  switch (source) {
    case 'embedded':
      return of === 'type' ? 'built-in classifier' : 'built-in rules';
    case 'llm':
      return 'language model';
    case 'user':
      return 'set by you';
    default:
      return assertNever(source, 'source');
  }
}
