import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { FieldSpec } from '../../shared/contract/schemas/documentTypes.js';
import type { NormalizedValue } from '../../shared/contract/schemas/fieldValue.js';
import { currencyCode, ibanChecksumValid, parseAmount, parseDateValue } from '../../understand/index.js';

/**
 * Normalises a value a person typed as a correction, by the field's kind. A person is asked to be exact
 * where a guess would be wrong: an ambiguous date like 03/04/2024 is refused with a message to write it
 * as YYYY-MM-DD.
 */
export function normalizeUserValue(spec: FieldSpec, written: string): NormalizedValue | null {
  const value = written.trim();
  if (value === '') return null;
  const refuse = (what: string) =>
    new AppError(ErrorCode.INVALID_ARGUMENT, `"${value}" is not ${what} for ${spec.name}.`);
  switch (spec.kind) {
    case 'date': {
      const parsed = parseDateValue(value, null);
      if (!parsed) throw refuse('a date (write it as YYYY-MM-DD)');
      if (parsed.ambiguous)
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `"${value}" could be day/month or month/day; write ${spec.name} as YYYY-MM-DD.`,
        );
      return parsed.iso;
    }
    case 'amount': {
      const amount = typedNumber(value.replace(/^[^\d(+\-−]+|[^\d)\-−]+$/gu, ''));
      if (!amount) throw refuse('an amount (write it like 1234.56 or -12.50)');
      return amount;
    }
    case 'currency': {
      const code = currencyCode(value);
      if (!code) throw refuse('a currency (an ISO 4217 code such as EUR or USD)');
      return code;
    }
    case 'iban': {
      const iban = value.replace(/\s+/g, '').toUpperCase();
      if (!ibanChecksumValid(iban)) throw refuse('a valid IBAN (its check digits do not match)');
      return iban;
    }
    case 'year': {
      if (!/^(19|20)\d\d$/.test(value)) throw refuse('a year');
      return value;
    }
    case 'percent': {
      const n = typedNumber(value.replace(/%$/, '').trim());
      if (!n) throw refuse('a percentage');
      return n;
    }
    case 'email':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw refuse('an e-mail address');
      return value.toLowerCase();
    case 'list':
      return value.split(/\s*[;\n]\s*/).filter(Boolean);
    case 'keyValues':
      return value
        .split(/\s*[;\n]\s*/)
        .filter(Boolean)
        .map((pair) => {
          const [k, ...rest] = pair.split(':');
          return { key: (k ?? '').trim(), value: rest.join(':').trim() };
        });
    default:
      return value.replace(/\s+/g, ' ');
  }
}

/**
 * A number a person typed: one sign (or parentheses) at an edge, digits and grouping marks between.
 * parseAmount reads printed documents and drops signs wherever they are, so alone it would take
 * "1+1" as 11; a correction is stored as the person's word, so anything else is refused instead.
 */
function typedNumber(text: string): string | null {
  if (!/^[(+\-−]?[\d\s'’\u00a0\u202f.,]*\d[\d\s'’\u00a0\u202f.,]*[)\-−]?$/u.test(text)) return null;
  return parseAmount(text)?.value ?? null;
}
