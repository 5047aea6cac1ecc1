/**
 * Where field values occur in a page's text, for the review screen. The API gives a field's page (and,
 * for located words, a box), but not the page's words, so the value is found in the text instead: the
 * first case-insensitive occurrence of the value as written. Pure, so it is tested without a DOM.
 */

export interface TextPart {
  text: string;
  /** The field whose value this part is, or null for plain text. */
  field: string | null;
}

/**
 * Patterns for a value: whole words first (so "20.00" is not found inside "120.00"), then anywhere.
 * Runs of whitespace match any whitespace, so "ACME  Tools\nLtd" is found for "ACME Tools Ltd".
 */
function searchPatterns(value: string): RegExp[] {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const body = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  return [new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu'), new RegExp(body, 'iu')];
}

/**
 * Splits `text` into plain parts and parts that are a field's value. Values are placed in the order
 * given; a value overlapping one already placed is skipped (the earlier one wins), and a value that
 * does not occur is simply not marked.
 */
export function markFieldValues(text: string, values: readonly { field: string; value: string }[]): TextPart[] {
  const ranges: { start: number; end: number; field: string }[] = [];
  for (const { field, value } of values) {
    const match = searchPatterns(value)
      .map((pattern) => pattern.exec(text))
      .find((m) => m !== null);
    if (!match) continue;
    const start = match.index;
    const end = start + match[0].length;
    if (ranges.some((r) => start < r.end && end > r.start)) continue;
    ranges.push({ start, end, field });
  }
  ranges.sort((a, b) => a.start - b.start);
  const parts: TextPart[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) parts.push({ text: text.slice(at, r.start), field: null });
    parts.push({ text: text.slice(r.start, r.end), field: r.field });
    at = r.end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), field: null });
  return parts;
}
