/**
 * Whether two values of a field are the same value, by the field's kind: the LLM's answer agrees with the
 * embedded one (inference/ollama/combine.ts), and a prediction equals its label (evaluation).
 *
 * - amount: equal to the cent; date: ISO-equal (YYYY-MM-DD); currency: ISO code, case-insensitive;
 *   percent/year: numerically equal; phone: same digits.
 * - text/identifier: folded (Unicode compatibility, accents, case, whitespace and punctuation removed).
 * - organization: folded after removing legal forms (GmbH, Inc., Ltd, SARL, S.A., Sdn Bhd, …).
 * - email: folded after dropping a leading label ("Indeed: indeed.com/r/…" equals "indeed.com/r/…").
 * - list: the same when the items match one to one. Items are compared with parenthesised text
 *   removed (CUAD writes `Nanophase Technologies Corporation ("NTC")`, the alias is not the name) and
 *   folded; an item also matches when the shorter is a prefix of the longer and at least 60 % of it
 *   (`X, INC.` for `X, INC. d/b/a Y`). Items of the second list that are only a parenthesis are
 *   ignored, and so are items that only give a collective or short name to parties listed in other
 *   items (`Party A, Party B (individually a "Party", collectively the "Parties")`).
 * - a scalar compared with a list: the same when it equals any entry.
 */
import type { FieldKind } from '../shared/contract/schemas/documentTypes.js';
import type { NormalizedValue } from '../shared/contract/schemas/fieldValue.js';

/** Case, accents, whitespace and punctuation folded away. */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const LEGAL_FORM =
  /\b(?:gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|inc|incorporated|corp|corporation|co|company|llc|l\.l\.c|llp|ltd|limited|plc|s\.?a\.?s?|sarl|s\.?p\.?a|s\.?r\.?l|b\.?v|n\.?v|pty|pvt|private|sdn|bhd|s\/b|a\/s|ab|oy|spółka akcyjna)\b\.?/giu;

/** Organisation name without legal forms, folded. */
export function foldOrganization(value: string): string {
  return foldText(value.replace(LEGAL_FORM, ' '));
}

function dropParenthesised(value: string): string {
  let out = value;
  for (let i = 0; i < 3; i++) out = out.replace(/\([^()]*\)/gu, ' ');
  return out;
}

function listItemMatches(a: string, b: string): boolean {
  if (a === b) return a !== '';
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short) && short.length >= 0.6 * long.length;
}

function asNumber(value: string): number | null {
  const n = Number(value.replace(/[^\d.-]/g, ''));
  return value.trim() !== '' && Number.isFinite(n) ? n : null;
}

/** Whether one predicted scalar equals one gold scalar under the rules of its kind. */
export function scalarMatches(kind: FieldKind, predicted: string, gold: string): boolean {
  switch (kind) {
    case 'amount': {
      const a = asNumber(predicted);
      const b = asNumber(gold);
      return a !== null && b !== null && Math.round(a * 100) === Math.round(b * 100);
    }
    case 'percent':
    case 'year': {
      const a = asNumber(predicted);
      const b = asNumber(gold);
      return a !== null && b !== null && Math.abs(a - b) < 1e-6;
    }
    case 'date':
      return predicted.slice(0, 10) === gold.slice(0, 10);
    case 'currency':
      return predicted.trim().toUpperCase() === gold.trim().toUpperCase();
    case 'phone':
      return predicted.replace(/\D/g, '') === gold.replace(/\D/g, '') && /\d/.test(gold);
    case 'email': {
      const strip = (v: string): string => foldText(v.replace(/^\s*[\p{L} ]{2,20}:\s*/u, ''));
      return strip(predicted) === strip(gold);
    }
    case 'organization':
      return foldOrganization(predicted) === foldOrganization(gold) && foldOrganization(gold) !== '';
    case 'iban':
    case 'time':
    case 'identifier':
    case 'text':
    case 'list':
    case 'keyValues':
      return foldText(predicted) === foldText(gold) && foldText(gold) !== '';
  }
}

const QUOTED = /["“”„«»]([^"“”„«»]{1,60})["“”„«»]/gu;
const DEFINITION = /\b(?:collectively|individually|together|referred\s+to|each\s+of|parties)\b/iu;
const DEFINITION_WORDS = new Set([
  'each',
  'the',
  'and',
  'of',
  'a',
  'an',
  'as',
  'or',
  'party',
  'parties',
  'herein',
  'hereinafter',
]);

/**
 * Gold list items that define a collective or short name for parties named in other items (CUAD
 * annotates those spans as "Parties" too). Such an item says it defines (collectively, individually,
 * together, referred to, each of, parties) and, outside quotes and parentheses, has no capitalised
 * word that is not an alias quoted somewhere in the list.
 */
function definitionOnly(item: string, list: readonly string[]): boolean {
  if (!DEFINITION.test(item)) return false;
  const aliases = new Set(
    list.flatMap((g) =>
      [...g.matchAll(QUOTED)].flatMap((m) => (m[1] ?? '').toLowerCase().match(/\p{L}[\p{L}\d-]*/gu) ?? []),
    ),
  );
  const bare = dropParenthesised(item).replace(QUOTED, ' ');
  const names = (bare.match(/\p{Lu}[\p{L}\d-]*/gu) ?? [])
    .map((w) => w.toLowerCase())
    .filter((w) => !DEFINITION_WORDS.has(w));
  return names.every((w) => aliases.has(w));
}

function listMatches(predicted: readonly string[], gold: readonly string[]): boolean {
  const fold = (v: string): string => foldOrganization(dropParenthesised(v));
  const remaining = predicted.map(fold);
  const wanted = gold
    .filter((g) => !definitionOnly(g, gold))
    .map(fold)
    .filter((g) => g !== '');
  if (remaining.length !== wanted.length) return false;
  for (const item of wanted) {
    const at = remaining.findIndex((r) => listItemMatches(r, item));
    if (at < 0) return false;
    remaining.splice(at, 1);
  }
  return true;
}

/** Whether a predicted normalized value counts as right for the gold label value. */
export function fieldMatches(kind: FieldKind, predicted: NormalizedValue | null, gold: unknown): boolean {
  if (predicted === null) return false;
  const golds = Array.isArray(gold)
    ? gold.filter((g): g is string => typeof g === 'string')
    : typeof gold === 'string'
      ? [gold]
      : [];
  if (kind === 'list') {
    const items = Array.isArray(predicted)
      ? predicted.map((p) => (typeof p === 'string' ? p : `${p.key} ${p.value}`))
      : [predicted];
    return listMatches(items, golds);
  }
  const value = Array.isArray(predicted)
    ? predicted.map((p) => (typeof p === 'string' ? p : p.value)).join(' ')
    : predicted;
  return golds.some((g) => scalarMatches(kind, value, g));
}
