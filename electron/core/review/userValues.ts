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
      const amount = parseAmount(value.replace(/^[^\d(+-]+|[^\d)]+$/g, ''));
      if (!amount) throw refuse('an amount');
      return amount.value;
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
      const n = parseAmount(value.replace(/%$/, '').trim());
      if (!n) throw refuse('a percentage');
      return n.value;
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
