import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../testing/pagesFromText.js';
import { extractFields } from './extractFields.js';

const vendorOf = (text: string): unknown =>
  extractFields('invoice', pagesFromText(text)).find((f) => f.name === 'vendor')?.normalized;

describe('invoice vendor', () => {
  it('takes the name after "sold by" in a sentence', () => {
    expect(
      vendorOf(
        'Invoice Number: 42\nInvoice Date: 2014-08-03\nAll Cloud Services are sold by Lambda Web Services, Inc.\nTotal: $4.11',
      ),
    ).toBe('Lambda Web Services, Inc.');
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
    expect(
      vendorOf(
        'Invoice INV/2023/03/0008\nDescription Quantity Unit Price Disc.% Taxes Amount\nOffice Chair 1.00 70.00\nTotal $ 70.00',
      ),
    ).not.toBe('Description Quantity Unit Price Disc.% Taxes Amount');
    expect(vendorOf('asus\nNorthwind Traders\nInvoice Number: 42')).toBe('Northwind Traders');
  });
});

const vendorField = (text: string) => extractFields('invoice', pagesFromText(text)).find((f) => f.name === 'vendor');

describe('invoice vendor: statutory footer', () => {
  it('takes the organisation on the capital / register line, not the addressee at the top', () => {
    const text = `Jeanne Morel
12 allée des Tilleuls
38000 Grenoble
Facture n° F-2031
Date : 04/03/2024
Total TTC : 120,00 €
Brindle SAS au capital de 10 000 € - RCS Lyon B 123 456 789 - Siège social : 4 quai Perrache 69002 Lyon`;
    expect(vendorOf(text)).toBe('Brindle SAS');
  });

  it('takes the name printed alone over the mentions', () => {
    const text = `Jeanne Morel
12 allée des Tilleuls
Facture n° F-2031
Total TTC : 120,00 €
KORVALO
Siège social : 3 rue Pasteur - 75011 Paris
Sarl au capital de 5 000 € - SIRET 12345678900011`;
    expect(vendorOf(text)).toBe('KORVALO');
  });

  it('prefers an organisation a few lines above the register number to the country line just above it', () => {
    const text = `Factuur 2024-118
Totaal € 80,00
Pellmann B.V.
Kade 12
1011 AB Amsterdam
Nederland
KvK Amsterdam 12345678`;
    expect(vendorOf(text)).toBe('Pellmann B.V.');
  });
});

describe('invoice vendor: bank account holder', () => {
  it('takes the holder of the account to pay into', () => {
    const text = `Max Beispiel
Gartenweg 3
12345 Musterdorf
Rechnung Nr. 77
Rechnungsbetrag 238,00 €
Bitte überweisen Sie auf folgendes Konto:
Kontoinhaber: Feldmann Haustechnik GmbH
IBAN DE89 3704 0044 0532 0130 00`;
    expect(vendorOf(text)).toBe('Feldmann Haustechnik GmbH');
  });

  it('does not let a person named as account holder outweigh an organisation in the letterhead', () => {
    const text = `Orlan Werkzeuge GmbH
Rechnung Nr. 77
Kontoinhaber: Erika Muster`;
    expect(vendorOf(text)).toBe('Orlan Werkzeuge GmbH');
  });
});

describe('invoice vendor: the addressee block', () => {
  it('never takes the organisation over an attention line', () => {
    const text = `Veltman Audio
Factuur 8812
Harbor Trading Corp
T.a.v. P. de Vries
Dorpsstraat 4
1234 AB Zwolle
Totaal EUR 12,00`;
    expect(vendorOf(text)).toBe('Veltman Audio');
  });

  it('never takes a Dutch table header or a line with an amount for the vendor', () => {
    expect(vendorOf('Artikel Omschrijving Prijs Hoeveelheid Bedrag\nKabel 1 4,99\nTotaal 4,99')).toBeUndefined();
  });
});

describe('invoice vendor: web and e-mail domains', () => {
  it('prefers the organisation named like the domain printed on the invoice', () => {
    const text = `Harbor Supplies Ltd
7 Dock Road, Hull
Invoice No: 5512
Invoice Date: 2024-02-01
Item Qty Price
Widgets 2 10.00
Quillon Ltd
www.quillon.co.uk
Total: 20.00`;
    const v = vendorField(text);
    expect(v?.normalized).toBe('Quillon Ltd');
    expect(v?.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('names the brand of the domain when the labelled seller is a legal entity the domain does not name, with a lower confidence', () => {
    const text = `Tax Invoice
Sold By: Tessaro Trading Pvt. Ltd.
Invoice No: TT-0042
Total 499.00
Ordered through Zentaro
Zentaro.com Customer Care: 1800 000 000 || www.zentaro.com/help
At Zentaro we want every delivery to be perfect.`;
    const v = vendorField(text);
    expect(v?.normalized).toBe('Zentaro');
    expect(v?.confidence).toBeLessThan(0.7);
  });

  it('keeps the labelled seller when the domain names no one in the text', () => {
    expect(vendorOf('Sold By: Tessaro Trading Pvt. Ltd.\nInvoice No: TT-0042\nsupport@quickmail.example')).toBe(
      'Tessaro Trading Pvt. Ltd.',
    );
  });

  it('takes the form of the brand most mentions share ("Nimbus Cloud Services", not "Nimbus" nor a product)', () => {
    const text = `nimbus logo
Invoice Number: 881
Greetings from Nimbus Cloud Services, here is your invoice.
Nimbus Object Storage $1.00
Nimbus Cloud Services Invoice
Thank you, Nimbus Cloud Services
Visit nimbus.io/billing for details
Total $1.00`;
    expect(vendorOf(text)).toBe('Nimbus Cloud Services');
  });

  it('takes a brand in capitals that starts the domain ("OKTAVO" for oktavohomes.com)', () => {
    const text = `PAYMENT RECEIPT
Guest Name: R. Iyer
OKTAVO 212 Lakeside Inn
Payment received by OKTAVO
Grand Total Rs 1200
contact@oktavohomes.com`;
    expect(vendorOf(text)).toBe('OKTAVO');
  });

  it('ignores the domain of the software that made the PDF', () => {
    const text = `Lumen Design
Invoice No: 12
Total: 10.00
Powered by Docsmith (www.docsmith.org) - Docsmith`;
    expect(vendorOf(text)).toBe('Lumen Design');
  });

  it('drops a remark in parentheses before a labelled name', () => {
    expect(vendorOf('Invoice No: 9\nService Provider: (Not a VAT invoice) Ardent Cloud, Inc.\nTotal: $3.00')).toBe(
      'Ardent Cloud, Inc.',
    );
  });
});

const fieldsOf = (text: string): Record<string, unknown> =>
  Object.fromEntries(extractFields('invoice', pagesFromText(text)).map((f) => [f.name, f.normalized]));

describe('invoice number', () => {
  it('reads the number from a title with words between the document name and "Nr."', () => {
    expect(fieldsOf('Gutschrift (Selbst ausgestellte Rechnung) Nr. 5520\nDatum: 01.02.2024').invoice_number).toBe(
      '5520',
    );
    expect(fieldsOf('Rechnung des Versicherers Nr. 12.345.678.9-2024-1 vom\n06.12.2024').invoice_number).toBe(
      '12.345.678.9-2024-1',
    );
  });

  it('reads a value glued before its label by a right-aligned layout', () => {
    expect(fieldsOf('FACTUUR\n771203400Factuurnummer:\n5512Klantnummer:').invoice_number).toBe('771203400');
  });

  it('reads a "Beleg-Nr"', () => {
    expect(fieldsOf('Kunden-Nr. : 0042\nBeleg-Nr : R1234567\nBeleg-Datum : 06.08.2023').invoice_number).toBe(
      'R1234567',
    );
  });
});

describe('invoice dates', () => {
  it('reads a date glued before its label, not the order date', () => {
    const f = fieldsOf('Order ID: OD1234\n12-03-2021Order Date:\n15-03-2021Invoice Date:\nTotal 100.00');
    expect(f.date).toBe('2021-03-15');
  });

  it('reads a long date with a space before the comma', () => {
    expect(fieldsOf('Invoice Number: 7\nInvoice Date: March 4 , 2022\nTotal $5.00').date).toBe('2022-03-04');
    expect(
      extractFields('invoice', pagesFromText('Invoice Date: March 4 , 2022')).find((f) => f.name === 'date')?.value,
    ).toBe('March 4 , 2022');
  });

  it('reads the due date under a due-date column header and after a broken "bis zum"', () => {
    expect(
      fieldsOf('Rechnungsdatum: 01.11.2023\nBeschreibung Fälligkeit Teilzahlung\n29.11.2023\nZahlbetrag 18,08')
        .due_date,
    ).toBe('2023-11-29');
    expect(
      fieldsOf(
        'Rechnungsdatum: 01.11.2023\nDen Rechnungsbetrag überweisen Sie bitte bis zum\n21.11.2023 auf das unten angegebene Konto.',
      ).due_date,
    ).toBe('2023-11-21');
  });

  it('reads "remit until" and ignores a discount deadline', () => {
    expect(fieldsOf('Invoice date: 2024-05-01\nPlease remit until 2024-05-31.').due_date).toBe('2024-05-31');
    expect(
      fieldsOf('Rechnungsdatum: 01.11.2023\nZahlbar ohne Abschlag bis 20.11.2023\nZahlbar mit 2% Skonto bis 08.11.2023')
        .due_date,
    ).toBe('2023-11-20');
  });
});

describe('invoice amounts', () => {
  it('never takes a "Net total" or a "VAT total" for the total', () => {
    const f = fieldsOf('Net total: 200.00 €\nVAT total: 38.00 €\nDue payable: 238.00 €');
    expect(f.total).toBe('238.00');
    expect(f.tax_total).toBe('38.00');
  });

  it('reads the last column of a totals table, rows per tax rate then their sum', () => {
    const text = `Warenwert Nettobetrag MwSt-Betrag Endbetrag
100,00 100,00 19,00 119,00
50,00 50,00 3,50 53,50
150,00 150,00 22,50 172,50`;
    expect(fieldsOf(text).total).toBe('172.50');
  });

  it('keeps net and tax of a credit note, whose amounts are negative', () => {
    const f = fieldsOf('Avoir AV-12\nTotal HT -100,00 €\nTotal taxes -20,00 €\nTotal TTC -120,00 €');
    expect(f.total).toBe('-120.00');
    expect(f.net_total).toBe('-100.00');
    expect(f.tax_total).toBe('-20.00');
  });
});

describe('invoice buyer', () => {
  it('never takes what follows "Customer VAT number" or a customer number for the buyer', () => {
    expect(
      fieldsOf('Invoice FA-1\nCustomer VAT Number ESA12345674\nDelivery Address\nLa Oliva Verde\nCalle 4').buyer,
    ).toBe('La Oliva Verde');
    expect(fieldsOf('Customer:2\nYour order AB321\nInvoice # 12').buyer).toBeUndefined();
  });

  it('takes the addressee under the sender line over the window, with the salutation', () => {
    expect(
      fieldsOf('Rechnung Nr. 9\nMuster Bau GmbH ● Ecke 12 ● 12345 Stadthausen\nHerrn\nKarl Beispiel\nBahnstr. 4').buyer,
    ).toBe('Herrn Karl Beispiel');
  });

  it('reads an English "To:" addressee, a bare "Net" line and an Indian "Taxable Value"', () => {
    const uk = fieldsOf(
      'Harbour Print Ltd\nINVOICE\nInvoice No. 2291\nTo: Lyle Medical Limited\nPrinting 500 leaflets £250.00\nNet £250.00\nVAT @ 20% £50.00\nTotal £300.00\nPayment terms: Net 30',
    );
    expect(uk).toMatchObject({
      buyer: 'Lyle Medical Limited',
      net_total: '250.00',
      tax_total: '50.00',
      total: '300.00',
    });
    const india = fieldsOf(
      'TAX INVOICE\nInvoice No: GT/118\nTaxable Value 4,500.00\nTotal 4,725.00\nRupees Four Thousand Seven Hundred Twenty Five Only',
    );
    expect(india).toMatchObject({ net_total: '4500.00', total: '4725.00', currency: 'INR' });
  });

  it('reads French, Italian and German billing-address labels', () => {
    expect(
      fieldsOf(
        'Atelier Nord SARL   FACTURE\nAdresse de facturation:\nMaison Brune SAS\n3 rue Haute, Lyon\nFacture n° 12',
      ).buyer,
    ).toBe('Maison Brune SAS');
    expect(
      fieldsOf('Studio Sud S.r.l.   FATTURA\nDestinatario:\nVerdi Impianti S.p.A.\nVia Roma 1, Milano\nFattura n. 7')
        .buyer,
    ).toBe('Verdi Impianti S.p.A.');
    expect(fieldsOf('Nordbau GmbH   RECHNUNG\nRechnungsadresse:\nSüdhaus AG\nRing 2, Ulm\nRechnung Nr. 3').buyer).toBe(
      'Südhaus AG',
    );
  });

  it('does not read "Invoice to pay by transfer" as a bill-to label', () => {
    expect(
      fieldsOf(
        'Invoice 12\nInvoice to pay by wire transfer to the following bank account:\nIBAN : FR76 3000 6000 0112 3456 7890 189',
      ).buyer,
    ).toBeUndefined();
  });
});

describe('invoice vendor: the buyer domain', () => {
  it('never names the buyer after its own e-mail domain', () => {
    const text = `Invoice 2024-7
Delivery Address
Casa Verde
Calle 4, Sevilla
contact@casaverde.es
Casa Verde
Pedro Ruiz
Total 50.00`;
    expect(vendorOf(text)).not.toBe('Casa Verde');
  });
});

describe('invoice dates: the due date decides the numeric order', () => {
  const dates = (text: string): Record<string, unknown> =>
    Object.fromEntries(
      extractFields('invoice', pagesFromText(text))
        .filter((f) => /date/.test(f.name))
        .map((f) => [f.name, f.normalized]),
    );

  it('reads month first when only that puts the due date after the issue date, in spite of a pound sign', () => {
    expect(dates('INVOICE\nInvoice Date: 3/12/2017\nDue Date: 4/11/2017\nTotal £4,393.44')).toEqual({
      date: '2017-03-12',
      due_date: '2017-04-11',
    });
    expect(dates('INVOICE\nInvoice Date: 3/12/2018\nDue Date: May11, 2018\nTotal £8,355.10')).toEqual({
      date: '2018-03-12',
      due_date: '2018-05-11',
    });
  });

  it('still refuses to guess when both orders put the due date after the issue date', () => {
    expect(dates('INVOICE\nInvoice Date: 3/4/2017\nDue Date: 3/5/2017\nTotal 100.00')).toEqual({});
  });

  it('reads a due date whose label OCR misread by one letter', () => {
    expect(dates('INVOICE\nInvoice Date: 2025-04-14\nDue aate: 2025-04-28')).toEqual({
      date: '2025-04-14',
      due_date: '2025-04-28',
    });
    expect(dates('Rechnung\nRechnungsdatum: 06.03.2023\nFäl1ig am: 05.05.2023')).toEqual({
      date: '2023-03-06',
      due_date: '2023-05-05',
    });
  });
});

describe('invoice amounts: a date is no amount', () => {
  it('does not read the year of "Please pay by May 3, 2021" as the amount due', () => {
    const f = Object.fromEntries(
      extractFields(
        'invoice',
        pagesFromText('City Power\nBill date: April 5, 2021\nAmount due   $95.40\nPlease pay by May 3, 2021'),
      ).map((x) => [x.name, x.normalized]),
    );
    expect(f.amount_due).toBe('95.40');
  });
});

describe('Nordic invoices', () => {
  it('reads Norwegian labels and a total whose thousands are grouped by spaces', () => {
    const f = Object.fromEntries(
      extractFields(
        'invoice',
        pagesFromText(
          'Rik Rikmansen og sønner\nPengeveien 342\n9876 Gokk\nFaktura\nFakturanummer: 38\nFakturadato: 2. november 2017\nForfallsdato: 16. november 2017\n\nBeskrivelse Enhetspris MVA Sum\nFlere 5 000.00 kr 20 % 6 000.00 kr\n\nMVA-grunnlag: 23 000.00 kr\nMVA: 4 600.00 kr\nÅ betale: 27 600.00 kr',
        ),
      ).map((v) => [v.name, v.normalized]),
    );
    expect(f).toMatchObject({
      invoice_number: '38',
      date: '2017-11-02',
      due_date: '2017-11-16',
      total: '27600.00',
      net_total: '23000.00',
      tax_total: '4600.00',
    });
  });
});

describe('invoice net total without tax', () => {
  const netOf = (text: string): unknown =>
    extractFields('invoice', pagesFromText(text)).find((f) => f.name === 'net_total')?.normalized;

  it('is the total when no tax is charged (none printed, or 0.00)', () => {
    expect(netOf('INVOICE\nInvoice no.: 17\nConsulting 1 250.00\nTotal: 250.00 EUR')).toBe('250.00');
    expect(netOf('INVOICE\nInvoice no.: 17\nConsulting 1 250.00\nVAT: 0.00\nTotal: 250.00 EUR')).toBe('250.00');
  });

  it('is not guessed where a rate is printed or the tax is included in the total', () => {
    expect(netOf('INVOICE\nInvoice no.: 17\nConsulting 1 250.00 19%\nTotal: 250.00 EUR')).toBeUndefined();
    expect(netOf('RECHNUNG\nRechnungsnr.: 17\nBeratung 1 250,00\nGesamt inkl. MwSt.: 250,00 EUR')).toBeUndefined();
  });
});
