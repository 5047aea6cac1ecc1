import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { pagesFromText } from '../testing/pagesFromText.js';
import { contentLines, documentLines } from './documentLines.js';
import { extractFields } from './extractFields.js';
import {
  receiptTotal,
  repairImpossibleDate,
  repairOcrAmounts,
  repairOcrDigits,
  splitGluedCurrency,
} from './receiptFields.js';

const receipt = (text: string): Record<string, FieldValue> =>
  Object.fromEntries(extractFields('receipt', pagesFromText(text, 'ocr')).map((f) => [f.name, f]));
const total = (text: string): ReturnType<typeof receiptTotal> =>
  receiptTotal(contentLines(documentLines(pagesFromText(text, 'ocr'))), text);

describe('receipt total', () => {
  it('prefers the total that something confirms over a larger misread one', () => {
    // The rounded total "9.00" was read as "9.60"; the rounding line says nothing was rounded.
    const f = receipt(`KEDAI ALPHA ENTERPRISE
Date 01/02/2018
1 PC * 9.00 9.00
Total : 9.00
Rounding Adjustment 0.00
Rounded Total (RM): 9.60
Cash 10.00`);
    expect(f.total?.normalized).toBe('9.00');
  });

  it('adds subtotal, tax and rounding when the total line is unreadable and the sum is printed as paid', () => {
    const f = receipt(`BETA STATIONERY & BOOKS
SUB-TOTAL (EX) : 52.00
TOTAL TAX : 3.12
ROUNDING : -0.02
TOTAL ¥ 2 ) > §5.10
CASH : 55.10
CHANGE : 0.00
TOTAL: 52.00 3.12`);
    expect(f.total?.normalized).toBe('55.10');
  });

  it('confirms a total by the cash paid minus the change', () => {
    const f = receipt(`GAMMA TRADING
Total Sales (Excluding GST) : 96.00
TotalGST : 5.76
Total : 96.00 5.76
Total Sales (Inclusive of GST) : 101.76
CASH : 150.00
Change : 48.24`);
    expect(f.total?.normalized).toBe('101.76');
  });

  it('keeps the cents when the rounding line reads 0.00, and rounds to 5 sen when it does not', () => {
    expect(receipt(`DELTA MART\nTOTAL : 29.68\nRounding : 0.00\nCASH : 29.68`).total?.normalized).toBe('29.68');
    expect(receipt(`DELTA MART\nTOTAL : 29.68\nRounding : 0.02\nCASH : 50.00`).total?.normalized).toBe('29.70');
  });

  it('prefers the payable total over repeated per-rate summaries', () => {
    const f = receipt(`EPSILON BAKERIES SDN BHD
Total 0% supplies: 23.63
Total 6% supplies (Inc. GST): 30.52
Total 0% supplies: 23.63
Total Payable: 54.15`);
    expect(f.total?.normalized).toBe('54.15');
  });

  it('reads OCR-broken totals ("T0TAL", "79. 35")', () => {
    expect(repairOcrAmounts('TOTAL (Including GST) 79. 35')).toBe('TOTAL (Including GST) 79.35');
    expect(receipt(`ZETA PHARMACY\nT0TAL (Including GST) 79. 35\nCHANGE 20. 65`).total?.normalized).toBe('79.35');
  });
});

describe('receipt date', () => {
  it('repairs letters inside dates only', () => {
    expect(repairOcrDigits('Date: 1O/O3/2018 SALE')).toBe('Date: 10/03/2018 SALE');
    expect(repairOcrDigits('Q1-Nov-2017')).toBe('01-Nov-2017');
    expect(repairOcrDigits('BOOKS SDN BHD')).toBe('BOOKS SDN BHD');
    expect(receipt(`THETA SHOP\nDate: 1O/O3/2018\nTOTAL 5.00`).date?.normalized).toBe('2018-03-10');
  });

  it('reads a zero that OCR made a 6, 8 or 9 only where the date is otherwise impossible, as a guess', () => {
    expect(repairImpossibleDate('12-02-2618 11:34')).toEqual({ text: '12-02-2018 11:34', repaired: true });
    expect(repairImpossibleDate('Date 05/61/2018')).toEqual({ text: 'Date 05/01/2018', repaired: true });
    expect(repairImpossibleDate('Date 25/06/2018')).toEqual({ text: 'Date 25/06/2018', repaired: false });
    const f = receipt(`KAPPA HARDWARE\nINVOICE NO: 4417\n12-02-2618 11:34:45 AM\nTOTAL 63.00`);
    expect(f.date?.normalized).toBe('2018-02-12');
    expect(f.date?.confidence).toBeLessThan(0.6);
    // A readable date elsewhere on the slip wins over a repaired one.
    expect(receipt(`KAPPA HARDWARE\nPrinted 12-02-2618\nDate: 14/02/2018\nTOTAL 63.00`).date?.normalized).toBe(
      '2018-02-14',
    );
  });

  it('reads an ambiguous date in the order of the country the slip shows (address, phone, tax names)', () => {
    const american = receipt(
      `JOE'S DINER\n118 Congress Ave, Austin, TX 78701\n(512) 555-0142\n05/09/2025 19:55\nSALES TAX 1.20\nTOTAL 21.20`,
    );
    expect(american.date?.normalized).toBe('2025-05-09');
    const german = receipt(`BÄCKEREI KORN GMBH\nHauptstr. 4, 50667 Köln\n05/09/2025 08:12\nMwSt 7% 0,49\nSUMME 7,50`);
    expect(german.date?.normalized).toBe('2025-09-05');
  });

  it('is not turned month-first by a "$" that OCR made of an S or a 5', () => {
    const f = receipt(`IOTA BAKERIES SDN BHD
Fax: 03-$5423213
Date: 05/09/2017
GOODS $OLD ARE NOT RETURNABLE
Total Payable: $9.54`);
    expect(f.date?.normalized).toBe('2017-09-05');
  });
});

describe('receipt tax', () => {
  it('does not take the amount before tax for the tax', () => {
    const f = receipt(
      'Order receipt\nItem(s) Subtotal: $44.48\nTotal before tax: $44.48\nEstimated tax to be collected: $3.67\nGrand Total: $48.15',
    );
    expect(f.tax_total?.normalized).toBe('3.67');
    expect(f.total?.normalized).toBe('48.15');
  });
});

describe('receipt address', () => {
  it('ends before the tax number or the first priced item', () => {
    expect(
      receipt('IKEA Wembley\n2 Drury Way, London NW10 0TH\nVAT No. GB 256 5563 61\nBILLY bookcase 59.00\nTotal 59.00')
        .address?.normalized,
    ).toBe('2 Drury Way, London NW10 0TH');
    expect(
      receipt('7-ELEVEN\n1200 W ROOSEVELT RD\nCHICAGO IL 60608\nCOCA COLA 20OZ 2.29\nTOTAL 2.29').address?.normalized,
    ).toBe('1200 W ROOSEVELT RD CHICAGO IL 60608');
    // A German till's tax class after the price, and its "UID Nr." line.
    expect(
      receipt('REWE Markt GmbH\nHauptstr. 45\n10827 Berlin\nBio Vollmilch 1,5% 1,29 B\nSUMME EUR 1,29').address
        ?.normalized,
    ).toBe('Hauptstr. 45 10827 Berlin');
    expect(receipt('REWE Markt GmbH\nHauptstr. 45\nUID Nr.: DE812706034\nSUMME EUR 1,29').address?.normalized).toBe(
      'Hauptstr. 45',
    );
  });
});

describe('receipt company', () => {
  it('joins a name that goes on to the next line and drops OCR debris around it', () => {
    expect(receipt(`HOME MASTER HARDWARE &\nELECTRICAL\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe(
      'HOME MASTER HARDWARE & ELECTRICAL',
    );
    expect(receipt(`000002 KAPPA (M) Sdn Bhd\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe(
      'KAPPA (M) Sdn Bhd',
    );
    expect(receipt(`LAMBDA ENTERPRISE Fo a\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe('LAMBDA ENTERPRISE');
    expect(receipt(`77 QUICK MART S/B\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe('77 QUICK MART S/B');
  });

  it('takes a title-case name with a shop word in any of several languages', () => {
    const shop = receipt(`Bäckerei Sonnenkorn\nLindenweg 3, 50667 Köln\n05.09.2025\nSUMME 7,50`).company;
    expect(shop?.normalized).toBe('Bäckerei Sonnenkorn');
    // A shop word is as good a cue as a legal form, not a last-resort guess.
    expect(shop?.confidence).toBeGreaterThan(0.7);
    // A chain's store number after the name is the branch.
    expect(receipt('TIM HORTONS #2231\n1450 Queen St E\nTOTAL 6.29').company?.normalized).toBe('TIM HORTONS');
    // …but with a number it is the branch's address under the brand.
    expect(
      receipt('SHELL\nStation 4471 Hwy 101\nPetaluma CA\n03/15/2024 07:42 AM\nTOTAL $57.04').company?.normalized,
    ).toBe('SHELL');
  });
});

describe('receipt total in other languages', () => {
  it('reads French and German total, subtotal, payment and change lines', () => {
    const french = receipt(
      `CAFE DU PORT\n12.03.2024\nSous-total 41,67\nTVA 20% 8,33\nNET A PAYER EUR 50,00\nESPECES 60,00\nRENDU 10,00`,
    );
    expect(french.total?.normalized).toBe('50.00');
    expect(french.total?.confidence).toBeGreaterThan(0.85);
    const german = receipt(
      `GETRÄNKE WOLF\n12.03.2024\nZwischensumme 42,02\nMwSt 19% 7,98\nZu zahlen 50,00\nBAR 60,00\nRückgeld 10,00`,
    );
    expect(german.total?.normalized).toBe('50.00');
    expect(german.total?.confidence).toBeGreaterThan(0.85);
  });
});

describe('receipt total with one misread digit', () => {
  it('takes the sum that adds up when the total line is one digit away from it', () => {
    const f = receipt(`OMEGA BISTRO & CAFE
2 SUB TOTAL 295.00
SERVICE CHARGE 10% 29.50
GST 6% 19.47
ROUNDING ADJ -0.02
Nov TOTAL 345.95
295.00`);
    expect(f.total?.normalized).toBe('343.95');
    expect(f.total?.confidence).toBeLessThan(0.8);
  });
});

describe('receipt total: OCR-damaged labels and amounts', () => {
  it('reads an amount with the currency glued to it ("RM40.00", "fM1.00")', () => {
    expect(splitGluedCurrency('Total fM1.00')).toBe('Total fM 1.00');
    expect(splitGluedCurrency('INV2023 12')).toBe('INV2023 12');
    expect(total(`Type Rate A\nTotal fM1.00\nPaid FM1.00`)?.value).toBe('1.00');
  });

  it('reads "Tota]" and "TOTA" as total labels', () => {
    const t = total(`Total (Excluding GST): 26 .60
Serv. Charge (10%): 2.66
Tota] (Inclusive of GST): 31.02
Rounding Adj: -0,02
CASH : 31.00`);
    expect(t?.value).toBe('31.00');
  });

  it('takes the sum when the total line lost its leading digit', () => {
    const t = total(`SUB-TOTAL (EX) : 26.00
TOTAL TAX : 1.56
ROUNDING : -0.01
TOTAL JAX re 7.55
TOTAL : 26.00 1.56`);
    expect(t?.value).toBe('27.55');
    expect(t?.confidence).toBeLessThan(0.8);
  });

  it('rounds the sum to 5 cents when the rounding amount is unreadable', () => {
    expect(
      total(`SUB-TOTAL (Bk) ay 144.68\nTOTAL TAX ¢ mA a 8.68\nROUNDING) 7 2 0° PX 001\nTOTA Foy." N53.35`)?.value,
    ).toBe('153.35');
  });
});

describe('receipt total: which total line', () => {
  it('does not take the cash paid printed under an unreadable total line', () => {
    const t = total(`1x 9.50 9.50 SR
Total (Excluding GST): 8.96
GST payable (6%): 0.54
Total (Inclusive of GST): $,50
CASH : 10.50
CHANGE : 1.00`);
    expect(t?.value).toBe('9.50');
  });

  it('takes "Total Payable" over larger per-rate and repeated summaries', () => {
    const t = total(`Total 0% supplies: 11.10
Total 6% supplies (excl. GST): -7.44
Total 6% supplies (Inc. GST): 7.89
Total 0% supplies: 11.10
Total Payable: 3.21`);
    expect(t?.value).toBe('3.21');
  });

  it('does not take the amount tendered ("Accepted total") as the total', () => {
    expect(total(`Pay parking ticket 1.50\nTotal amount 1.50\nAccepted total 2.00\nChange 0.50`)?.value).toBe('1.50');
  });
});

describe('receipt total: confirmations', () => {
  it('reads "Change 0.00" as the cash paid being the total', () => {
    const t = total(`1 29.68 29.68 SR
Total Sales (ExcludingGST) : 28.00
TotalGST : 1.68
Total Sales (Inclusive of GST) :
CASH : 29.68
Change : 0,00
Total : 28.00 1.68`);
    expect(t?.value).toBe('29.68');
    // Confirmed twice (28.00 + 1.68, and the cash with no change): more than the "inclusive" label alone.
    expect(t?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('does not let the cash paid confirm itself', () => {
    const t = total(`SUB-TOTAL 92.80\nGST 4.80\nTO 24.00\nCASH 4.00\nCHANGE 0.00`);
    expect(t?.value).not.toBe('4.00');
  });

  it('takes a sum that the subtotal plus tax and the cash minus the change agree on, even when it is printed nowhere', () => {
    const t = total(`SUB TOTAL 17.74\nGST 1.06\nTOTAL lol\nCASH 50.00\nCHANGE 31.20`);
    expect(t?.value).toBe('18.80');
  });

  it('lowers its confidence when the cash minus the change says otherwise', () => {
    const t = total(`TOTAL PAYABLE AMOUNT 5.90\nCASH 50.00\nCHANGE 14.20`);
    expect(t?.value).toBe('5.90');
    expect(t?.confidence).toBeLessThanOrEqual(0.6);
  });
});

describe('receipt total: no readable total line', () => {
  it('takes the subtotal, then the cash paid without change, with low confidence', () => {
    const sub = total(`2 184910 105.00 330.00\nSubTotal: 635.00\nRounding Aq : 0.00`);
    expect(sub?.value).toBe('635.00');
    expect(sub?.confidence).toBeLessThan(0.6);
    expect(total(`Cheese Slice 1 RM12.60\n(Bill Inclusive of 6% GST : RM2.90)\nCash RM51.30`)?.value).toBe('51.30');
  });
});

describe('receipt total: other currencies and languages', () => {
  it('reads whole amounts in thousands groups when the slip has no cents (rupiah, yen, won)', () => {
    const t = total(`KOPI MAWAR\n1 Kopi Susu 18.000\n2 Roti Bakar 50.000\nTotal 68.000\nTunai 100.000\nKembali 32.000`);
    expect(t?.value).toBe('68000.00');
    expect(t?.confidence).toBeLessThanOrEqual(0.75);
  });

  it('confirms a total by the cash and the change in other languages', () => {
    const t = total(`BROT 2,49\nSUMME EUR 12,47\nGeg. BAR EUR 20,00\nRückgeld EUR 7,53`);
    expect(t?.value).toBe('12.47');
    expect(t?.confidence).toBeGreaterThanOrEqual(0.9);
  });
});

describe('receipt total: subtotal plus tax in other languages', () => {
  it('adds a French subtotal and a tax line that names its currency, and never takes the subtotal for the total', () => {
    const text = `SUPERMARCHE DU PARC
05/04/24 13:17:29
BAGUETTE   38,20
SOUS-TOTAL   469,32
TVA 20%   EUR 28,16
NET A PoYER  497,48
CARTE BANCAIRE  EUR 497,48`;
    expect(total(text)?.value).toBe('497.48');
  });
});
