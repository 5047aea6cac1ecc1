import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../pagesFromText.js';
import { extractFields } from './extractFields.js';

const vendorOf = (text: string): unknown => extractFields('invoice', pagesFromText(text)).find((f) => f.name === 'vendor')?.normalized;

describe('invoice vendor', () => {
  it('takes the name after "sold by" in a sentence', () => {
    expect(vendorOf('Invoice Number: 42\nInvoice Date: 2014-08-03\nAll Cloud Services are sold by Lambda Web Services, Inc.\nTotal: $4.11')).toBe('Lambda Web Services, Inc.');
  });

  it('prefers the sender line over the address window to an organisation in the recipient address', () => {
    const text = `Hong Kong
Yuen Long
Mu Labs Ltd.
NuHosting AG - Uferweg 40-42 - D-63571 Gelnhausen
Rechnung
Rechnungsnr. 47774`;
    expect(vendorOf(text)).toBe('NuHosting AG');
  });

  it('never takes an address or an invoice-number line for the vendor', () => {
    expect(vendorOf('INVOICE\n# invoice_number_1\nXi Maystone\nBill To:\nOmicron Riddel')).toBe('Xi Maystone');
  });

  it('never takes a table header row or a short lower-case OCR fragment for the vendor', () => {
    expect(vendorOf('Invoice INV/2023/03/0008\nDescription Quantity Unit Price Disc.% Taxes Amount\nOffice Chair 1.00 70.00\nTotal $ 70.00')).not.toBe('Description Quantity Unit Price Disc.% Taxes Amount');
    expect(vendorOf('asus\nNorthwind Traders\nInvoice Number: 42')).toBe('Northwind Traders');
  });
});
