import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { contentLines, documentLines } from './documentLines.js';
import { cleanCompany, correctFromMentions, looksLikeName, receiptCompany } from './receiptCompany.js';

const company = (text: string): ReturnType<typeof receiptCompany> =>
  receiptCompany(contentLines(documentLines(pagesFromText(text, 'ocr'))));

describe('receipt company: which line is the name', () => {
  it('takes a registered name printed in title case, by its legal form', () => {
    const found = company(
      `tan ah kow\nHarbour Lights Trading Sdn Bhd (123456-X)\nLot 5, Jalan Mawar 2\nTel: 03-1234 5678\nTOTAL 5.00`,
    );
    expect(found?.name).toBe('Harbour Lights Trading Sdn Bhd');
    // One word in five damaged by OCR ("kbd" for Bhd) still reads as a name in title case.
    expect(
      company(
        `Goods Sold Are Not Returnable\nLotus Cash & Carry Sdn. kbd\nPTA7920, SEKSYEN U9, 40150 SHAH ALAM,\nTOTAL 5.00`,
      )?.name,
    ).toBe('Lotus Cash & Carry Sdn. Bhd.');
    expect(looksLikeName('Harbour Lights Trading Sdn Bhd')).toBe(true);
    // Title case without a legal form is prose, not a name of the first rank.
    expect(looksLikeName('Thank You Please Come Again')).toBe(false);
  });

  it('does not take an item, total or change line of a slip priced in thousands (rupiah)', () => {
    expect(looksLikeName('1 BAKSO URAT 25.000')).toBe(false);
    expect(looksLikeName('KEMBALI 500')).toBe(false);
    expect(
      company(`Bakso Mas Kumis\n1 BAKSO URAT 25.000\n2 ES JERUK 20.000\nTOTAL 49.500\nTUNAI 50.000\nKEMBALI 500`)?.name,
    ).toBe('Bakso Mas Kumis');
  });

  it('does not take a bracketed note under the name, a payment word or a column header', () => {
    expect(company(`ORCHID VIEW CITY\n(ORCHID SHOP (12345))\nUNIT 3, JALAN MAWAR\nTOTAL 5.00`)?.name).toBe(
      'ORCHID VIEW CITY',
    );
    expect(looksLikeName('CASH')).toBe(false);
    expect(looksLikeName('7 a, AMOUNT')).toBe(false);
    expect(looksLikeName('RELAIS TOTAL NORD')).toBe(true);
  });

  it('falls back to a title-case line or a one-word brand, with low confidence', () => {
    const found = company(`Lakeview Tea House\n12 Harbour Street\nTOTAL 5.00`);
    expect(found?.name).toBe('Lakeview Tea House');
    expect(found?.confidence).toBeLessThan(0.4);
    expect(company(`Shopwell\nSave more. Live well.\nST# 1234 OP# 00001 TE# 01\nBREAD 2.50\nTOTAL 2.50`)?.name).toBe(
      'Shopwell',
    );
  });

  it('does not take a line of codes or numbers, or a company-number label', () => {
    expect(looksLikeName('ST# 1234 OP# 00001 TE# 01')).toBe(false);
    expect(looksLikeName('GT ID000164270080')).toBe(false);
    expect(looksLikeName('COMPANY NO(814198-X)')).toBe(false);
    expect(looksLikeName('PTA7920, SEKSYEN U9, 40150 SHAH ALAM,')).toBe(false);
    expect(looksLikeName('KG. DUSUN NANGING, 43100 HULU LANGAT')).toBe(false);
    expect(looksLikeName('77 QUICK MART')).toBe(true);
  });

  it('joins the line above only when it reads as words in capitals', () => {
    expect(company(`LOTUS GARDEN VEGETARIAN\nRESTAURANT SDN BHD\nNO. 2, JALAN 3\nTOTAL 5.00`)?.name).toBe(
      'LOTUS GARDEN VEGETARIAN RESTAURANT SDN BHD',
    );
    expect(company(`POSTED\nMELATI ENTERPRISE\nNO. 2, JALAN 3\nTOTAL 5.00`)?.name).toBe('MELATI ENTERPRISE');
    expect(company(`, rOSTVD\n- KAPPA (SP}SDN. BHD. |\nNO. 2, JALAN 3\nTOTAL 5.00`)?.name).toBe('KAPPA (SP)SDN. BHD.');
  });
});

describe('receipt company: OCR repairs', () => {
  it('repairs misread legal forms', () => {
    expect(cleanCompany('PRINTWORKSSDNBHD')).toBe('PRINTWORKS SDN BHD');
    expect(cleanCompany('MAPLE HARDWARE & TIMBER SON. ao. WIP |')).toBe('MAPLE HARDWARE & TIMBER SDN. BHD.');
    expect(cleanCompany('ROSE MOTOR ( SUNGAI BESAR ) SON, BHD.')).toBe('ROSE MOTOR (SUNGAI BESAR) SDN. BHD.');
    expect(cleanCompany('Lotus Cash & Carry Sdn. kbd')).toBe('Lotus Cash & Carry Sdn. Bhd.');
    expect(cleanCompany('77 QUICK MART 9/2 (123456: x)')).toBe('77 QUICK MART S/B');
  });

  it('leaves a "SON" that is a word of the name alone', () => {
    expect(cleanCompany('JOHNSON & SON TRADING')).toBe('JOHNSON & SON TRADING');
  });

  it('reads letters in dotted initials and a closing bracket read as a letter', () => {
    expect(cleanCompany('MR. D.1.¥. (M) SDN BHD')).toBe('MR. D.I.Y. (M) SDN BHD');
    expect(cleanCompany('FUN TOYS (PERDANAD')).toBe('FUN TOYS (PERDANA)');
  });

  it('drops a short mixed-case scrap before a name in capitals, but not a title or a word of the name', () => {
    expect(cleanCompany('Bee SUNRISE REST AND SERVICE AREA')).toBe('SUNRISE REST AND SERVICE AREA');
    expect(cleanCompany('Dr BEAUTY SKIN CENTRE')).toBe('Dr BEAUTY SKIN CENTRE');
    expect(cleanCompany('HOnE MASTER HARDWARE')).toBe('HOnE MASTER HARDWARE');
  });

  it('keeps a title-case name whole', () => {
    expect(cleanCompany('YHM Lake Garden City')).toBe('YHM Lake Garden City');
  });
});

describe('receipt company: other mentions', () => {
  it('corrects a misread letter of the name from the other mentions on the slip', () => {
    const found = company(`KENYO STATIONERY SHOP
NO. 31G, JALAN SETIA 2
Owned By :
KENYU SUPPLY SDN BHD (1234567-K)
TOTAL 5.00
Follow us in Facebook : Kenyu.Stationery`);
    expect(found?.name).toBe('KENYU STATIONERY SHOP');
  });

  it('keeps the name when its own spelling is printed again, or the letters are not OCR look-alikes', () => {
    expect(correctFromMentions('KENYO STATIONERY', 'KENYO SUPPLY\nKENYU')).toBe('KENYO STATIONERY');
    expect(correctFromMentions('KENYO STATIONERY', 'KENYA SUPPLY')).toBe('KENYO STATIONERY');
    expect(correctFromMentions('KENYO STATIONERY', 'KENYU SUPPLY')).toBe('KENYU STATIONERY');
  });
});

describe('receipt company: receipts sent by web shops and services', () => {
  it('takes the sender a "Receipt from" line names, and never a "Summary" heading', () => {
    const company = (text: string): string | undefined => receiptCompany(documentLines(pagesFromText(text)))?.name;
    expect(
      company(
        'Receipt from Helios Books\nOrder receipt #4791-5431\nPaid on: June 10, 2025\n\nSummary\nPaperback book   $68.41\nTotal paid   $82.09',
      ),
    ).toBe('Helios Books');
    expect(company('Your Atlas Rides receipt\nTotal $12.00')).toBe('Atlas Rides');
  });
});
