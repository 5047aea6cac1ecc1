import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../../shared/contract/schemas/fieldValue.js';
import { pagesFromText } from '../pagesFromText.js';
import { extractFields } from './extractFields.js';
import { repairOcrAmounts, repairOcrDigits } from './receiptFields.js';

const receipt = (text: string): Record<string, FieldValue> => Object.fromEntries(extractFields('receipt', pagesFromText(text, 'ocr')).map((f) => [f.name, f]));

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

  it('is not turned month-first by a "$" that OCR made of an S or a 5', () => {
    const f = receipt(`IOTA BAKERIES SDN BHD
Fax: 03-$5423213
Date: 05/09/2017
GOODS $OLD ARE NOT RETURNABLE
Total Payable: $9.54`);
    expect(f.date?.normalized).toBe('2017-09-05');
  });
});

describe('receipt company', () => {
  it('joins a name that goes on to the next line and drops OCR debris around it', () => {
    expect(receipt(`HOME MASTER HARDWARE &\nELECTRICAL\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe('HOME MASTER HARDWARE & ELECTRICAL');
    expect(receipt(`000002 KAPPA (M) Sdn Bhd\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe('KAPPA (M) Sdn Bhd');
    expect(receipt(`LAMBDA ENTERPRISE Fo a\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe('LAMBDA ENTERPRISE');
    expect(receipt(`99 SPEED MART S/B\nNO. 2, JALAN 3\nTOTAL 5.00`).company?.normalized).toBe('99 SPEED MART S/B');
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
