import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { extractFields } from './extractFields.js';

const parties = (text: string): { names: unknown; confidence: number } | null => {
  const f = extractFields('contract', pagesFromText(text)).find((x) => x.name === 'parties');
  return f ? { names: f.normalized, confidence: f.confidence } : null;
};

describe('contract parties from a "between" preamble', () => {
  it('splits a cover page written "- and -" and a numbered list "AND 2."', () => {
    expect(
      parties(`FREIGHT AGREEMENT
THIS AGREEMENT made this 3 day of May, 1997.
B E T W E E N:
NORTHWIND CARRIERS LTD.
("Northwind")
- and -
SOUTHPORT HAULAGE INC.
a subsidiary of Harbour Group Inc.
("Southport")
WHEREAS the parties wish to cooperate.`)?.names,
    ).toEqual(['NORTHWIND CARRIERS LTD.', 'SOUTHPORT HAULAGE INC.']);
    expect(
      parties(`SERVICES AGREEMENT
This AGREEMENT is made the 2 day of June 1999
BETWEEN
1. Quill Data Corp., a Delaware corporation ("Quill"), having an address at 10 Elm Street, Boston, USA
AND
2. Fenwick Press Limited a company registered in England ("Fenwick"), whose registered office is 4 Mill Lane, Oxford, and Larsen Forlag A/S, a company registered in Denmark ("Larsen")
WHEREAS:`)?.names,
    ).toEqual(['Quill Data Corp.', 'Fenwick Press Limited', 'Larsen Forlag A/S']);
  });

  it('starts a new party after an alias and a comma, reads "of"-jurisdictions and stops at a second "among"', () => {
    const f = parties(`TERMINATION AGREEMENT
This Termination Agreement is made as of May 1, 2019 by and among (1) Orion AB, a Swedish corporation (“Orion AB”) and Orion US, Inc., a Delaware corporation (“Orion US” and together with Orion AB, the “Orion Parties”), and (2) Kaito Kogyo Co., Ltd., a Japanese corporation (“Kaito”), Kaito Holdings USA, Inc., an Ohio corporation (“Kaito Holding”) and Lianhua Kaito Industry Co., Ltd., a Peoples’ Republic of China company (“LKI”), as an amendment to that certain Venture Agreement dated March 7, 2015 by and among Vega ASP, Inc. (“Vega ASP”) and the Kaito Parties.
RECITALS`);
    expect(f?.names).toEqual([
      'Orion AB',
      'Orion US, Inc.',
      'Kaito Kogyo Co., Ltd.',
      'Kaito Holdings USA, Inc.',
      'Lianhua Kaito Industry Co., Ltd.',
    ]);
  });

  it('moves on to the next "between" when the first names nobody', () => {
    const f = parties(`SUPPLY AGREEMENT
This Agreement, which supersedes all prior agreements between the parties, is made between Norland Foods Inc., a Delaware corporation (“Norland”), and Pike Farms LLC, an Iowa limited liability company (“Pike”).`);
    expect(f?.names).toEqual(['Norland Foods Inc.', 'Pike Farms LLC']);
  });

  it('drops "division of" and keeps a firm name of founders', () => {
    const f = parties(`LICENSE AGREEMENT
This Agreement is made between NORTHSTAR LICENSING & MERCHANDISING, division of Polaris Entertainment Group, Inc. (“Northstar”) and Pebble Games, Inc. f/k/a Stone Apps, Inc. (“Licensee”).`);
    expect(f?.names).toEqual(['NORTHSTAR LICENSING & MERCHANDISING', 'Pebble Games, Inc. f/k/a Stone Apps, Inc.']);
  });

  it('cuts an English party description: "whose registered office is at", "company number"', () => {
    expect(
      parties(`SUPPLY AGREEMENT
THIS AGREEMENT is made on 6 July 2021 BETWEEN: (1) Harrow Instruments Limited whose registered office is at 1 Mill Lane, Leeds (the "Supplier"); and (2) Lyle Medical Limited company number 01234567 of 2 Quay Street, Bristol (the "Buyer").
BACKGROUND`)?.names,
    ).toEqual(['Harrow Instruments Limited', 'Lyle Medical Limited']);
    expect(
      parties(`CONSULTING AGREEMENT
This Agreement is entered into as of May 1, 2020 by and between Orbit Tools, Inc., a Delaware corporation (“Company”), and Jane Q. Doe, an individual residing at 4 Elm Road, Austin, Texas (“Consultant”).
RECITALS`)?.names,
    ).toEqual(['Orbit Tools, Inc.', 'Jane Q. Doe']);
  });

  it('reads a party brought in by lower-case words when it has its own defined name', () => {
    expect(
      parties(`ENDORSEMENT AGREEMENT
This Agreement is entered into on May 2, 2019 by and between Harbor Talent, LLC (“Lender”), for services of Jane Roe (“Endorser”), and Vita Foods, Inc. (“Company”).
RECITALS`)?.names,
    ).toEqual(['Harbor Talent, LLC', 'Jane Roe', 'Vita Foods, Inc.']);
  });

  it('splits a lettered list of parties with addresses between them', () => {
    expect(
      parties(`CO-BRANDING AGREEMENT
This Agreement is made by and among (a) Vireo Communications, S.A. (“Vireo”), a company incorporated in Luxembourg, with its principal place of business at 6 rue Verte, Luxembourg, (b) Vireo Technologies, S.A. (“Vireo Holding”), a company incorporated in Luxembourg; and (c) Lantern Online Limited (“Lantern”), a company incorporated in Hong Kong.
RECITALS`)?.names,
    ).toEqual(['Vireo Communications, S.A.', 'Vireo Technologies, S.A.', 'Lantern Online Limited']);
  });

  it('splits a list of parties each followed by its corporate description', () => {
    expect(
      parties(`SETTLEMENT AGREEMENT
This Agreement is made as of March 3, 2021, by and between Orbit Tools, Inc., a Nevada corporation (the “Company”), and Kestrel Value Fund LP, a Delaware limited partnership, Kestrel GP LLC, a Delaware limited liability company, and Kestrel Advisors LLC, a Texas limited liability company (collectively, the “Kestrel Group”).
RECITALS`)?.names,
    ).toEqual(['Orbit Tools, Inc.', 'Kestrel Value Fund LP', 'Kestrel GP LLC', 'Kestrel Advisors LLC']);
  });

  it('splits a bare list of legal names and the English "of the one part … of the other part"', () => {
    expect(
      parties(`VOTING AGREEMENT
This Agreement is entered into by and among Alpha Holdings Inc., Beta Partners LLC and Gamma Capital Ltd. WHEREAS the parties agree.`)
        ?.names,
    ).toEqual(['Alpha Holdings Inc.', 'Beta Partners LLC', 'Gamma Capital Ltd.']);
    expect(
      parties(`SUPPLY AGREEMENT
THIS AGREEMENT is made on 1 May 2001 BETWEEN Harrow Instruments Limited (“Harrow”) of the one part and Lyle Medical Limited of the other part. WHEREAS:`)
        ?.names,
    ).toEqual(['Harrow Instruments Limited', 'Lyle Medical Limited']);
  });

  it('keeps "Incorporated" as a legal form and cuts "through its" division', () => {
    const f = parties(`DEVELOPMENT AGREEMENT
This Agreement is entered into on April 15, 2010 by and between Larch, Incorporated through its Bio Development Center, having its principal place of business at 1 Lake Road, Wayzata (“Larch”) and Ormond S.A.S., having a place of business at Route 9, Reims (“Ormond”).`);
    expect(f?.names).toEqual(['Larch, Incorporated', 'Ormond S.A.S.']);
  });

  it('splits an informal "between A and b" sentence on its only "and", keeping lower-case names', () => {
    const f = parties(`Managed Hosting Agreement
This is a hosting agreement between Greenleaf.com and bright systems. The term is 12 months.`);
    expect(f?.names).toEqual(['Greenleaf.com', 'bright systems']);
  });
});

describe('contract parties without "between"', () => {
  it('reads names marked by their corporate description or by an alias with a legal form', () => {
    const f = parties(`SOFTWARE SERVICES AGREEMENT
This Software Services Agreement (the "Agreement") is entered into as of the later of the two signature dates below (the "Effective Date") ZEPHYR CORPORATION ("Zephyr"), a California corporation, 100 Bay Road, San Mateo, California 94403, and MERIDIAN CORPORATION ("Meridian"), a Washington Corporation, One Meridian Way, Redmond, Washington 98052, with reference to the facts set forth in the Recitals below.
Recitals`);
    expect(f?.names).toEqual(['ZEPHYR CORPORATION', 'MERIDIAN CORPORATION']);
    expect(f?.confidence).toBeLessThan(0.7);
    const g = parties(`PATENT RIGHTS AGREEMENT
Corvex, a California corporation having a principal place of business at 1 Harbor Court, San Diego, CA 92121 (or one or more Affiliates, the "Investor"), and Basalt Minerals Ltd., a British Columbia Corporation having a principal place of business at P.O. Box 12, Denver, Colorado 80127 (the "Company"), agree as follows:`);
    expect(g?.names).toEqual(['Corvex', 'Basalt Minerals Ltd.']);
  });

  it('lists the addressees of a letter agreement, with "N.A."/"MHC" forms and founders\' names', () => {
    const f = parties(`AGENCY AGREEMENT
Ladies and Gentlemen:
Cedar Bancorp, Inc. (the “Holding Company”), a Maryland corporation, Cedar Park Bancorp, MHC, a federal mutual holding company (the “MHC”), and Cedar Trust Bank, N.A., a national banking association (the “Bank”), hereby confirm their agreement with Hollis, Vance & Reed, Inc. (the “Agent”) as follows:`);
    expect(f?.names).toEqual([
      'Cedar Bancorp, Inc.',
      'Cedar Park Bancorp, MHC',
      'Cedar Trust Bank, N.A.',
      'Hollis, Vance & Reed, Inc.',
    ]);
  });

  it('reads names that end in a lower-case legal form ("plc", "e.V.")', () => {
    const f = parties(`Re: Letter Agreement
Dear Ms Grey:
This letter agreement (the “Letter Agreement”) sets forth the terms on which Harbour Analytics Ltd (“Consultant”) will provide consulting services to Kestrel Foods plc (“Client”). The parties agree as follows:`);
    expect(f?.names).toEqual(['Harbour Analytics Ltd', 'Kestrel Foods plc']);
  });

  it('keeps the last name given for a role ("Party A:" on the cover and again in the preamble)', () => {
    const f = parties(`Cooperation Agreement
Party A: Lumen Network (Shanghai) Technology Co., Ltd.
Party B: Tianlu Online Co., Ltd.
This Agreement is executed by the parties below in Shanghai:
Party A: Lumen Network Technology Co., Ltd.
Address: 1 Road, Shanghai
Party B: Tianlu Online Co., Ltd.
Address: 2 Road, Beijing`);
    expect(f?.names).toEqual(['Lumen Network Technology Co., Ltd.', 'Tianlu Online Co., Ltd.']);
  });

  it('reads parties under role labels on a summary page, with the name on the next line or before a column', () => {
    const f = parties(`SPONSORSHIP AGREEMENT
AGREEMENT SUMMARY
SPONSOR:
Name: Casa Verde Grill Phone: 555-0100
LICENSOR: Harbor Park Events LLC
TERM: one year`);
    expect(f?.names).toEqual(['Casa Verde Grill', 'Harbor Park Events LLC']);
    expect(f?.confidence).toBeLessThan(0.6);
  });

  it('combines a labelled party with one defined in a sentence, at lower confidence', () => {
    const f = parties(`SPONSORSHIP AGREEMENT
AGREEMENT SUMMARY
SPONSOR:
Name: Casa Verde Grill Phone: 555-0100
BENEFITS:
Harbor Park Funding LLC (“HPF”) shall provide Sponsor with the following benefits.`);
    expect(f?.names).toEqual(['Harbor Park Funding LLC', 'Casa Verde Grill']);
    expect(f?.confidence).toBeLessThan(0.5);
  });

  it('reads the signature blocks of an instrument signed by "the undersigned", at low confidence', () => {
    const f = parties(`JOINT FILING AGREEMENT
The undersigned hereby agree that the statement on Schedule 13G is filed on behalf of each of the undersigned.
Dated: 4/8/2020
Alder Fund I, Ltd.
By:/s/ Jane Roe
Jane Roe
Chief Compliance Officer
Alder Growth and Income Fund
Offshore, LP
By:Alder GP, LLC
Its:General Partner
By:/s/ Jane Roe
Jane Roe
Chief Compliance Officer
Alder GP, LLC
By:/s/ Jane Roe
Jane Roe
Chief Compliance Officer`);
    expect(f?.names).toEqual(['Alder Fund I, Ltd.', 'Alder Growth and Income Fund Offshore, LP', 'Alder GP, LLC']);
    expect(f?.confidence).toBeLessThanOrEqual(0.4);
  });

  it('takes only name-like lines as a last guess, not sentences or clauses ending in a legal form', () => {
    const f = parties(`FRANCHISE ADDENDUM
4. Section 31125 of the California Corporation
In connection with the offer of shares of Maple Foods Inc.
Notes for the franchisee.`);
    expect(f).toBeNull();
  });

  it('ignores signature blocks when the agreement does not say it is signed by "the undersigned"', () => {
    const f = parties(`NOTE
The borrower promises to pay.
Alder Fund I, Ltd.
By:/s/ Jane Roe
Birch Holdings, LLC
By:/s/ John Doe`);
    expect(f?.confidence ?? 0).toBeLessThan(0.4);
  });
});
