/** Identifiers with a checkable shape: IBAN (ISO 13616, mod-97), VAT ids, e-mail addresses, phones. */

/** IBAN length per country (ISO 13616 registry, the countries docpipe users are likeliest to meet). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24,
  AE: 23,
  AT: 20,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  KW: 30,
  KZ: 20,
  LB: 28,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  ME: 22,
  MK: 19,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TN: 24,
  TR: 26,
  UA: 29,
  XK: 20,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed digit by digit (no big integers needed). */
export function ibanChecksumValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const expected = IBAN_LENGTH[s.slice(0, 2)];
  if (expected !== undefined && s.length !== expected) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of code) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

export interface IbanCandidate {
  raw: string;
  index: number;
  iban: string;
}

/**
 * IBANs in a text, written grouped or not (spaces, tabs), checked with mod-97. OCR may turn O into 0 and
 * the reverse: a candidate that fails is retried with letters in the numeric part mapped to digits.
 */
export function findIbans(text: string): IbanCandidate[] {
  const out: IbanCandidate[] = [];
  const re = /\b([A-Z]{2}\s?\d{2}(?:[ \t]?[A-Z0-9]){10,32})/g;
  for (const m of text.matchAll(re)) {
    const compact = (m[1] as string).replace(/\s+/g, '');
    const country = compact.slice(0, 2);
    const length = IBAN_LENGTH[country];
    const tries = length
      ? [compact.slice(0, length)]
      : Array.from({ length: compact.length - 13 }, (_, i) => compact.slice(0, compact.length - i));
    for (const attempt of tries) {
      const fixed = attempt.slice(0, 4) + attempt.slice(4).replace(/O/g, '0').replace(/[Il]/g, '1');
      const candidate = ibanChecksumValid(attempt)
        ? attempt
        : country !== 'GB' && country !== 'NL' && ibanChecksumValid(fixed)
          ? fixed
          : null;
      if (candidate) {
        out.push({ raw: m[0], index: m.index, iban: candidate });
        break;
      }
    }
  }
  return out;
}

/** EU-style VAT identification numbers (country prefix + the national shape), plus common tax ids. */
const VAT_SHAPES =
  /\b(ATU\d{8}|BE0?\d{9,10}|DE\d{9}|DK\d{8}|ES[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|FR[A-HJ-NP-Z0-9]{2}\d{9}|GB\d{9}(?:\d{3})?|IE\d{7}[A-Z]{1,2}|IT\d{11}|LU\d{8}|NL\d{9}B\d{2}|PL\d{10}|PT\d{9}|SE\d{12}|CHE[-\s]?\d{3}\.?\d{3}\.?\d{3})\b/;

/** A VAT id in a short string (after a label), spaces and dots inside the number tolerated. */
export function findVatId(text: string): string | null {
  const compact = text.toUpperCase().replace(/(?<=[A-Z0-9])[ .](?=[A-Z0-9])/g, '');
  const m = VAT_SHAPES.exec(compact);
  return m ? (m[1] as string).replace(/[\s.-]/g, '') : null;
}

export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Phone numbers: at least 7 digits, with the usual separators and an optional + country code. */
export const PHONE = /(?:\+\s?\d{1,3}[\s./-]?)?(?:\(\d{1,5}\)[\s./-]?)?\d{2,5}(?:[\s./-]?\d{2,5}){1,4}/g;

export function normalizePhone(written: string): string | null {
  const digits = written.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  return `${written.trim().startsWith('+') ? '+' : ''}${digits}`;
}
