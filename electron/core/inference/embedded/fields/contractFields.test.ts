import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../../shared/contract/schemas/fieldValue.js';
import { pagesFromText } from '../pagesFromText.js';
import { extractFields } from './extractFields.js';

const contract = (text: string): Record<string, FieldValue> => Object.fromEntries(extractFields('contract', pagesFromText(text)).map((f) => [f.name, f]));

describe('contract parties', () => {
  it('keeps a d/b/a trade name and drops the description', () => {
    const f = contract(`CO-BRANDING AGREEMENT
This Agreement, entered into this the 10th day of January 2000, by and between ALPHA INCORPORATED, a Delaware corporation with principal offices at 1 Main Road, Mobile, Alabama ("Alpha") and BETA LIFE, INC., a Delaware corporation d/b/a Beta Life Music, with principal offices located at 2 Duke Street ("BL").`);
    expect(f.parties?.normalized).toEqual(['ALPHA INCORPORATED', 'BETA LIFE, INC. d/b/a Beta Life Music']);
  });

  it('splits a capitals cover page only after a complete name', () => {
    const f = contract(`SERVICE AGREEMENT
BY AND BETWEEN GAMMA INVESTMENTS OPERATIONS COMPANY, INC. AND NEW YORK DELTA INSURANCE AND ANNUITY CORPORATION
WHEREAS the parties wish to agree.`);
    expect(f.parties?.normalized).toEqual(['GAMMA INVESTMENTS OPERATIONS COMPANY, INC.', 'NEW YORK DELTA INSURANCE AND ANNUITY CORPORATION']);
  });

  it('reads through underlines, stops at WITNESSETH and cuts the seat after the legal form', () => {
    const f = contract(`DEVELOPMENT AGREEMENT
between EPSILON PHARMA A/S of Industriparken 55, DK-2750 Ballerup, Denmark (hereinafter referred to as "EPS") --- and ZETA (CHEMICALS) LIMITED of 4 Harbour Street, Dublin, Ireland (hereinafter referred to as "ZETA").
WITNESSETH: the Parties agree.`);
    expect(f.parties?.normalized).toEqual(['EPSILON PHARMA A/S', 'ZETA (CHEMICALS) LIMITED']);
    const g = contract(`MASTER AGREEMENT
This Master Agreement ("Agreement") is between Eta Inc., a Public corporation, with a location at 600 Madison Ave, NY 10022-1735 and Theta Pharming Ltd. of Beijing, China ("Theta"), each a "Party".`);
    expect(g.parties?.normalized).toEqual(['Eta Inc.', 'Theta Pharming Ltd.']);
  });

  it('does not list the same party twice', () => {
    const f = contract(`COOPERATION AGREEMENT
between Iota Internet (Beijing) Security Co., Ltd. ("Party A"); Iota Internet Security Co., Ltd. ("Party A"); and Kappa Online Co., Ltd. ("Party B").`);
    expect(f.parties?.normalized).toEqual(['Iota Internet (Beijing) Security Co., Ltd.', 'Kappa Online Co., Ltd.']);
  });
});

describe('contract effective date', () => {
  it('reads "commence on", "effective on the day of" and a defined term written without a space', () => {
    expect(contract('HOSTING AGREEMENT\n3.1. This Agreement shall commence on 1 January 1998.').effective_date?.normalized).toBe('1998-01-01');
    expect(contract('COOPERATION AGREEMENT\n3.1.1 This Agreement is effective on the day of May 1, 2013.').effective_date?.normalized).toBe('2013-05-01');
    expect(contract('DEVELOPMENT AGREEMENT\nThis Development Agreement is entered into on April 15 , 2010 (“EffectiveDate”) by and between A Inc. and B Inc.').effective_date?.normalized).toBe('2010-04-15');
  });
});
