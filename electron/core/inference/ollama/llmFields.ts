/**
 * Turns a model's validated answer (values copied as written) into FieldValues: normalized by the same
 * rules as the embedded extractors (amounts.ts, dates.ts, identifiers.ts), located in the document's
 * words for the review screen, and given a confidence that says whether the value is really in the
 * document (a value the text does not contain may be invented).
 */
import type { ExtractedPage } from '../../../shared/contract/extract.js';
import { FIELD_SPECS, type DocumentType, type FieldSpec } from '../../../shared/contract/schemas/documentTypes.js';
import type { FieldValue, NormalizedValue } from '../../../shared/contract/schemas/fieldValue.js';
import {
  currenciesIn,
  currencyCode,
  decideOrder,
  findAmounts,
  ibanChecksumValid,
  locate,
  normalizePhone,
  parseAmount,
  parseDateValue,
  parseRfc2822Date,
  type DateOrder,
} from '../../../understand/index.js';

/**
 * Prior confidences of an LLM value, before calibration on a real model (see CONTEXT.md): a value found
 * verbatim in the document, one that is not (reformatted, or invented), one a vision model read from the
 * page pictures that the OCR text lacks (OCR may have missed it: a person should look), and the factor
 * for a value the normalizer could not read as its kind.
 */
export const LLM_CONFIDENCE = {
  grounded: 0.8,
  ungrounded: 0.45,
  seenOnly: 0.6,
  unnormalized: 0.6,
  badChecksum: 0.2,
} as const;

/** The answer of `llmFieldsSchema(type)`: each field a string, a list, key/value pairs, or null. */
export type LlmFieldsAnswer = Record<string, unknown>;

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Normalized form of one written value by field kind; null when it cannot be read without guessing. */
export function normalizeValue(spec: FieldSpec, written: string, order: DateOrder | null): NormalizedValue | null {
  const v = collapse(written);
  switch (spec.kind) {
    case 'date':
      return parseDateValue(v, order)?.iso ?? parseRfc2822Date(v);
    case 'time': {
      const m = /\b([01]?\d|2[0-3])[:.h]([0-5]\d)(?::([0-5]\d))?\s*([AaPp]\.?[Mm]\.?)?/.exec(v);
      if (!m) return null;
      let hour = Number(m[1]);
      const half = m[4]?.replace(/\./g, '').toLowerCase();
      if (half === 'pm' && hour < 12) hour += 12;
      if (half === 'am' && hour === 12) hour = 0;
      return `${String(hour).padStart(2, '0')}:${m[2]}${m[3] ? `:${m[3]}` : ''}`;
    }
    case 'amount': {
      const found = findAmounts(v)[0];
      return found?.value ?? parseAmount(v.replace(/[^\d.,'’\s()-]/g, ''))?.value ?? null;
    }
    case 'currency':
      return currencyCode(v) ?? currenciesIn(v)[0] ?? null;
    case 'percent': {
      const m = /-?\d+(?:[.,]\d+)?/.exec(v);
      return m ? String(Number(m[0].replace(',', '.'))) : null;
    }
    case 'iban': {
      const compact = v.replace(/\s+/g, '').toUpperCase();
      return ibanChecksumValid(compact) ? compact : null;
    }
    case 'email':
      return v.toLowerCase();
    case 'phone':
      return normalizePhone(v);
    case 'year':
      return /\b(1[89]\d{2}|20\d{2}|2100)\b/.exec(v)?.[1] ?? null;
    case 'identifier': {
      // The DOI field is documented without its resolver prefix; the arXiv id without its version.
      const bare = v.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*|arxiv:\s*)/i, '');
      const id = spec.name === 'arxiv_id' ? bare.replace(/v\d+$/i, '') : bare;
      return id.replace(/\s+/g, '');
    }
    case 'text':
    case 'organization':
      return v;
    case 'list':
    case 'keyValues':
      // Lists are normalized entry by entry in toLlmFieldValues.
      return v;
  }
}

/** The page whose text contains the value (folded), for documents without word boxes. */
function pageContaining(pages: readonly ExtractedPage[], written: string): number | null {
  const target = fold(written);
  if (!target) return null;
  return pages.find((p) => fold(p.text).includes(target))?.page ?? null;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .filter((x): x is string => typeof x === 'string')
        .map(collapse)
        .filter((x) => x !== '')
    : [];
}

function asPairs(value: unknown): Array<{ key: string; value: string }> {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (x): x is { key: string; value: string } =>
        typeof x === 'object' && x !== null && typeof x.key === 'string' && typeof x.value === 'string',
    )
    .map((p) => ({ key: collapse(p.key), value: collapse(p.value) }))
    .filter((p) => p.key !== '' || p.value !== '');
}

/**
 * FieldValues (source `llm`) for the fields the model filled in; null and empty answers are absent
 * fields, as with the embedded rules. `answer` must already have passed `llmFieldsSchema(type)`.
 * `read` says what the model saw: for `images`, a value the OCR text lacks is taken for a reading OCR
 * missed rather than an invention.
 */
export function toLlmFieldValues(
  type: DocumentType,
  answer: LlmFieldsAnswer,
  pages: readonly ExtractedPage[],
  fallbackOrder: DateOrder | null = null,
  read: 'text' | 'images' = 'text',
): FieldValue[] {
  const notInText = read === 'images' ? LLM_CONFIDENCE.seenOnly : LLM_CONFIDENCE.ungrounded;
  const order = decideOrder(pages.map((p) => p.text).join('\n')) ?? fallbackOrder;
  const out: FieldValue[] = [];
  for (const spec of FIELD_SPECS[type]) {
    const raw = answer[spec.name];
    let written: string;
    let normalized: NormalizedValue | null;
    let parts: string[];
    if (spec.kind === 'list') {
      parts = asStrings(raw);
      if (!parts.length) continue;
      written = parts.join('; ');
      normalized = parts;
    } else if (spec.kind === 'keyValues') {
      const pairs = asPairs(raw);
      if (!pairs.length) continue;
      parts = pairs.flatMap((p) => [p.key, p.value]);
      written = pairs.map((p) => `${p.key} ${p.value}`).join('; ');
      normalized = pairs;
    } else {
      if (typeof raw !== 'string' || collapse(raw) === '') continue;
      written = collapse(raw);
      parts = [written];
      normalized = normalizeValue(spec, written, order);
    }
    const found = parts.filter((p) => pageContaining(pages, p) !== null).length;
    let confidence = notInText + (LLM_CONFIDENCE.grounded - notInText) * (found / parts.length);
    if (normalized === null)
      confidence *=
        spec.kind === 'iban' ? LLM_CONFIDENCE.badChecksum / LLM_CONFIDENCE.grounded : LLM_CONFIDENCE.unnormalized;
    const first = parts[0] as string;
    const page = pageContaining(pages, first);
    const where = locate(pages, first, page);
    out.push({
      name: spec.name,
      value: written,
      normalized,
      confidence: Math.round(confidence * 1000) / 1000,
      source: 'llm',
      page: where.page ?? page,
      box: where.box,
    });
  }
  return out;
}
