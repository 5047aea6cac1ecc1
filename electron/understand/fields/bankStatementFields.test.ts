import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { extractFields } from './extractFields.js';

const statement = (text: string): Record<string, unknown> =>
  Object.fromEntries(extractFields('bank_statement', pagesFromText(text)).map((f) => [f.name, f.normalized]));

describe('bank statement fields', () => {
  it('reads an American checking statement: holder over the address, "<date> through <date>", beginning and negative ending balance', () => {
    const f = statement(`Lakeside National Bank
PO Box 4410   Austin, TX 73301
March 1, 2024 through March 31, 2024
Account Number: 000000123456789

JANE Q DOE
1200 Oak St
Springfield, IL 62701

CHECKING SUMMARY
Beginning Balance   $1,203.62
Deposits and Additions   2,129.56
Checks Paid   -3,432.75
Ending Balance   -$99.57`);
    expect(f).toMatchObject({
      bank: 'Lakeside National Bank',
      account_holder: 'JANE Q DOE',
      period_start: '2024-03-01',
      period_end: '2024-03-31',
      opening_balance: '1203.62',
      closing_balance: '-99.57',
      currency: 'USD',
    });
  });

  it('reads a French relevé de compte', () => {
    const f = statement(`Crédit Mutuel
RELEVÉ DE COMPTE
Du 01/10/2018 au 31/10/2018
Titulaire du compte : Aisha Okafor
IBAN : FR76 3000 6000 0112 3456 7890 189
Solde précédent au 01/10/2018   5.134,05
Date   Libellé   Débit EUR   Crédit
02/10   CARTE X ORION   545,39
Nouveau solde au 31/10/2018   4.588,66`);
    expect(f).toMatchObject({
      account_holder: 'Aisha Okafor',
      iban: 'FR7630006000011234567890189',
      period_start: '2018-10-01',
      period_end: '2018-10-31',
      opening_balance: '5134.05',
      closing_balance: '4588.66',
      currency: 'EUR',
    });
  });

  it("takes the account's own IBAN, never a counterparty's from the transactions, and a typeset minus", () => {
    const text = `Kontoauszug 12/2014
Kontoinhaber
Josef Kleber
IBAN
DE00 1234 5678 9012 3456 78
Anfangssaldo −12,34
02.12.14 FOLGELASTSCHRIFT
DEUTDEFFXXX / DE88500700100175526303
PayPal Europe −18,60
Endsaldo 82,13`;
    const f = statement(text);
    // The statement's own IBAN fails its checksum: no IBAN rather than the creditor's.
    expect(f.iban).toBeUndefined();
    expect(f.opening_balance).toBe('-12.34');
    expect(f.closing_balance).toBe('82.13');
    // "Kontoauszug 12/2014" is the statement's title, not its bank.
    expect(f.bank).toBeUndefined();
    expect(statement(text.replace('DE00 1234 5678 9012 3456 78', 'DE89 3704 0044 0532 0130 00')).iban).toBe(
      'DE89370400440532013000',
    );
  });

  it('does not take a heading in capitals for the holder', () => {
    expect(
      statement('Lakeside National Bank\nCUSTOMER SERVICE INFORMATION\nACCOUNT SUMMARY\nEnding Balance $5.00')
        .account_holder,
    ).toBeUndefined();
    // Nor the account's product name over the holder's.
    expect(
      statement(
        'Chase\nTotal Checking\nStatement period: March 1, 2024 through March 31, 2024\nALEX MORGAN\nBeginning Balance $4,210.33',
      ).account_holder,
    ).toBe('ALEX MORGAN');
  });
  it('reads a period whose start leaves out the year its end gives', () => {
    const f = statement(
      'HSBC UK\nAccount Name: MS PRIYA DESAI\nStatement period 01 April to 30 April 2024\nBALANCE BROUGHT FORWARD 2,315.40',
    );
    expect([f.period_start, f.period_end]).toEqual(['2024-04-01', '2024-04-30']);
    const us = statement('Bank\nStatement period: March 1 – March 31, 2024\nOpening balance 1.00');
    expect([us.period_start, us.period_end]).toEqual(['2024-03-01', '2024-03-31']);
    // Across the new year the start is in the year before.
    const winter = statement('Bank\nStatement period 15 December to 14 January 2024\nOpening balance 1.00');
    expect([winter.period_start, winter.period_end]).toEqual(['2023-12-15', '2024-01-14']);
  });
});
