import { describe, expect, it } from 'vitest';
import { findIbans, findVatId, ibanChecksumValid, normalizePhone } from './identifiers.js';
import { makeIban } from '../../../training/synthetic/syntheticDocuments.js';

describe('IBAN', () => {
  it('validates the mod-97 checksum', () => {
    expect(ibanChecksumValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumValid('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(ibanChecksumValid('DE89 3704 0044 0532 0130')).toBe(false);
  });

  it('finds grouped IBANs, also split by tabs, and ignores invalid ones', () => {
    expect(findIbans('IBAN:\tDE34\t5019\t0000\t0012\t3456\t78 BIC')[0]?.iban).toBe('DE34501900000012345678');
    expect(findIbans('IBAN DE35 5019 0000 0012 3456 78')).toEqual([]);
    const valid = makeIban('DE', '370400440532013000');
    expect(findIbans(`Bank: IBAN ${valid.replace(/(.{4})/g, '$1\t')} thanks`)[0]?.iban).toBe(valid);
    expect(findIbans('pay to NL91ABNA0417164300 please')[0]?.iban).toBe('NL91ABNA0417164300');
  });
});

describe('other identifiers', () => {
  it('reads VAT ids with spaces', () => {
    expect(findVatId('USt-IdNr.: DE 123 456 789')).toBe('DE123456789');
    expect(findVatId('TVA : FR11999999998')).toBe('FR11999999998');
    expect(findVatId('no id here')).toBeNull();
  });

  it('normalises phones', () => {
    expect(normalizePhone('+49 9831 505-0')).toBe('+4998315050');
    expect(normalizePhone('12 34')).toBeNull();
  });
});
