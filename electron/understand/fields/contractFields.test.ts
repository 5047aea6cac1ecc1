import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { pagesFromText } from '../testing/pagesFromText.js';
import { extractFields } from './extractFields.js';

const contract = (text: string): Record<string, FieldValue> =>
  Object.fromEntries(extractFields('contract', pagesFromText(text)).map((f) => [f.name, f]));

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
    expect(f.parties?.normalized).toEqual([
      'GAMMA INVESTMENTS OPERATIONS COMPANY, INC.',
      'NEW YORK DELTA INSURANCE AND ANNUITY CORPORATION',
    ]);
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

describe('contract parties under role labels', () => {
  it('reads employer and employee lines, cutting the address after the legal form', () => {
    const f = contract(
      'EMPLOYMENT CONTRACT\n\nEmployer: Nordic Design AB, Storgatan 10, Stockholm\nEmployee: Erik Lindqvist\n\n1. Position\nThe Employee is employed as Senior Designer.',
    );
    expect(f.parties?.normalized).toEqual(['Nordic Design AB', 'Erik Lindqvist']);
  });
});

describe('contract effective date', () => {
  it('reads "commence on", "effective on the day of" and a defined term written without a space', () => {
    expect(
      contract('HOSTING AGREEMENT\n3.1. This Agreement shall commence on 1 January 1998.').effective_date?.normalized,
    ).toBe('1998-01-01');
    expect(
      contract('COOPERATION AGREEMENT\n3.1.1 This Agreement is effective on the day of May 1, 2013.').effective_date
        ?.normalized,
    ).toBe('2013-05-01');
    expect(
      contract(
        'DEVELOPMENT AGREEMENT\nThis Development Agreement is entered into on April 15 , 2010 (“EffectiveDate”) by and between A Inc. and B Inc.',
      ).effective_date?.normalized,
    ).toBe('2010-04-15');
  });
});

describe('contract effective and agreement dates', () => {
  it('prefers the defined "Effective Date" over a term that commences later, and ignores a phase that commences', () => {
    const f = contract(`ENDORSEMENT AGREEMENT
This Endorsement Agreement is entered into on July 26, 2013 (the "Effective Date") by and between Apex LLC ("Lender") and Brio Corp. ("Company").
4. Term. The Term shall commence on July 23, 2013 and shall expire on July 22, 2016.`);
    expect(f.effective_date?.normalized).toBe('2013-07-26');
    const g = contract(`CHANNEL AGREEMENT
This Agreement dated June 1, 2010 will be effective as of the date of its execution.
Phase I will commence on August 1, 2010 and end on July 31, 2011.`);
    expect(g.effective_date?.normalized).toBe('2010-06-01');
  });

  it('ignores the EDGAR "Source:" footer and reads the date line of a letter agreement', () => {
    const f = contract(`PATENT AGREEMENT
Source: ACME METALS LTD, SC 13D, 10/19/2017
Corvex, a California corporation, and Acme Metals Ltd., a British Columbia corporation, agree as follows:`);
    expect(f.agreement_date).toBeUndefined();
    const g = contract(`AGENCY AGREEMENT
May 14, 2014
Hollis & Reed, Inc.
Ladies and Gentlemen:
Cedar Bancorp, Inc., a Maryland corporation, hereby confirms its agreement with you. Eligible holders as of February 28, 2013 may subscribe.`);
    expect(g.agreement_date?.normalized).toBe('2014-05-14');
  });

  it('gives a bare first date, without a "dated"/"made" cue, a low confidence', () => {
    const f = contract(`SUPPLY AGREEMENT
Schedule of deliveries: 3 March 2011 and later.`);
    expect(f.agreement_date?.normalized).toBe('2011-03-03');
    expect(f.agreement_date?.confidence).toBeLessThan(0.5);
  });
});

describe('contract governing law', () => {
  const law = (sentence: string): unknown => contract(`LICENSE AGREEMENT\n${sentence}`).governing_law?.normalized;

  it('reads the usual shapes of the clause', () => {
    expect(
      law(
        'This Agreement shall be governed in accordance with the laws of the State of New York without regard to conflict of laws.',
      ),
    ).toBe('New York');
    expect(
      law(
        'This Agreement shall be construed and the provisions hereof interpreted under and in accordance with the laws of the Commonwealth of Massachusetts.',
      ),
    ).toBe('Massachusetts');
    expect(
      law(
        'This Agreement shall be construed, enforced and in all respects governed by and in accordance with the laws in the State of Washington.',
      ),
    ).toBe('Washington');
    expect(
      law(
        '(a) The Laws of the State of Delaware (without reference to its principles of conflicts of law) shall govern the construction of this Agreement.',
      ),
    ).toBe('Delaware');
    expect(
      law('This Agreement will be governed exclusively by its terms and the laws of the State of Nevada (USA).'),
    ).toBe('Nevada');
    expect(law('Even for foreign affiliates, the law of the Federal Republic of Germany applies.')).toBe('Germany');
    expect(
      law(
        'THIS AGREEMENT SHALL BE GOVERNED BY AND CONSTRUED IN ACCORDANCE WITH THE INTERNAL LAWS OF THE STATE OF NEW YORK APPLICABLE TO AGREEMENTS MADE THEREIN.',
      ),
    ).toBe('New York');
  });

  it('keeps a province with its country, the full name of the PRC and reads "PRC laws"', () => {
    expect(
      law(
        'This Agreement shall be governed by and construed in accordance with the laws of the Province of Ontario, Canada.',
      ),
    ).toBe('Province of Ontario, Canada');
    expect(law('It will be governed by the law of the People’s Republic of China.')).toBe('People’s Republic of China');
    expect(law('The settlement of any disputes shall be governed by PRC Laws.')).toBe("People's Republic of China");
  });

  it('does not take a place that ends the sentence for more words ("Japan. Article 5")', () => {
    expect(law('This Agreement shall be governed by the laws of Japan. Article 5 applies.')).toBe('Japan');
  });
});

describe('contract title', () => {
  it('joins a capital title set over several lines and skips reference lines', () => {
    expect(
      contract('AMENDMENT AND TERMINATION\nOF\nJOINT VENTURE AGREEMENT\nThis Amendment is made…').title?.normalized,
    ).toBe('AMENDMENT AND TERMINATION OF JOINT VENTURE AGREEMENT');
    expect(
      contract('ELECTRONIC JOURNAL DEVELOPMENT,\nHOSTING AND MANAGEMENT AGREEMENT\nThis Agreement is made…').title
        ?.normalized,
    ).toBe('ELECTRONIC JOURNAL DEVELOPMENT, HOSTING AND MANAGEMENT AGREEMENT');
    expect(contract('Contract No.: 151315UD0081\nCooperation Agreement\nParty A: …').title?.normalized).toBe(
      'Cooperation Agreement',
    );
  });
});
