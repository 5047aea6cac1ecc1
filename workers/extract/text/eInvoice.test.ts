import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../../electron/shared/contract/extract.js';
import { readEInvoice } from './eInvoice.js';
import { parseXml } from './xml.js';
import { extractFile } from '../extractFile.js';

// Written for these tests in the shape of EN 16931's two syntaxes (values made up).
const CII = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>RE-2024-0815</ram:ID>
    <ram:IssueDateTime><udt:DateTimeString format="102">20240305</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>M&#252;ller &amp; S&#246;hne GmbH</ram:Name>
        <ram:DefinedTradeContact><ram:PersonName>Hans M&#252;ller</ram:PersonName></ram:DefinedTradeContact>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name><![CDATA[Kunde <Nord> AG]]></ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02 1203 0000 0000 2020 51</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20240404</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>100</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="CHF">18.70</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>119.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>119.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

const UBL = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-77</cbc:ID>
  <cbc:IssueDate>2024-02-01</cbc:IssueDate>
  <cbc:DueDate>2024-03-02</cbc:DueDate>
  <cbc:DocumentCurrencyCode>NOK</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>Fjord Design</cbc:Name></cac:PartyName>
    <cac:PartyTaxScheme><cbc:CompanyID>NO987654321MVA</cbc:CompanyID></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Fjord Design AS</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Bergen Bakeri</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cac:PayeeFinancialAccount><cbc:ID>NO9386011117947</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="NOK">2500.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:TaxExclusiveAmount currencyID="NOK">10000.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="NOK">12500.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="NOK">12500.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
</Invoice>`;

describe('readEInvoice', () => {
  it('reads a Cross Industry Invoice (Factur-X, ZUGFeRD 2) by its header paths, not its line items', () => {
    const got = readEInvoice(CII, 'factur-x.xml');
    expect(got?.syntax).toBe('CII');
    expect(got?.fields).toEqual({
      invoice_number: 'RE-2024-0815',
      date: '2024-03-05',
      due_date: '2024-04-04',
      vendor: 'Müller & Söhne GmbH',
      buyer: 'Kunde <Nord> AG',
      currency: 'EUR',
      net_total: '100.00',
      tax_total: '19.00',
      total: '119.00',
      amount_due: '119.00',
      iban: 'DE02120300000000202051',
      vendor_tax_id: 'DE123456789',
    });
  });

  it('reads a UBL invoice (XRechnung, Peppol), the legal name before the trading name', () => {
    expect(readEInvoice(UBL, 'xrechnung.xml')?.fields).toMatchObject({
      invoice_number: 'INV-77',
      date: '2024-02-01',
      due_date: '2024-03-02',
      vendor: 'Fjord Design AS',
      buyer: 'Bergen Bakeri',
      currency: 'NOK',
      net_total: '10000.00',
      tax_total: '2500.00',
      total: '12500.00',
      amount_due: '12500.00',
      iban: 'NO9386011117947',
      vendor_tax_id: 'NO987654321MVA',
    });
  });

  it('says null for other XML, malformed XML and text that is no XML', () => {
    expect(readEInvoice('<?xml version="1.0"?><svg><g/></svg>', 'logo.xml')).toBeNull();
    expect(readEInvoice('<rsm:CrossIndustryInvoice><a></b></rsm:CrossIndustryInvoice>', 'x.xml')).toBeNull();
    expect(readEInvoice('<Invoice><cbc:ID>1</cbc:ID>', 'cut.xml')).toBeNull();
    expect(readEInvoice('%PDF-1.7 not xml at all', 'x.xml')).toBeNull();
    expect(readEInvoice('<Invoice><Note>no number, no total</Note></Invoice>', 'x.xml')).toBeNull();
    expect(readEInvoice(`<Invoice><cbc:ID>1</cbc:ID>${'<!--'.repeat(10_000)}`, 'unterminated.xml')).toBeNull();
    expect(readEInvoice('<Invoice><![CDATA[ never closed', 'x.xml')).toBeNull();
  });

  it('expands no entity it does not know (no DTD, nothing fetched)', () => {
    const root = parseXml('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;&amp;</r>');
    expect(root?.text ?? '').not.toContain('root:');
  });
});

const corpus = resolve(import.meta.dirname, '../../../shared/corpus');
const labels = existsSync(resolve(corpus, 'labels.jsonl'))
  ? readFileSync(resolve(corpus, 'labels.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { path: string; sha256: string; fields: Record<string, unknown> })
      .filter((l) => l.path.startsWith('docs/invoice/zugferd/'))
  : [];

describe.skipIf(labels.length === 0)(
  "e-invoices inside the dev corpus's ZUGFeRD and Factur-X PDFs (skipped without ../shared/corpus)",
  () => {
    it('finds the XML in every PDF and reads the values its labels hold', async () => {
      let compared = 0;
      for (const label of labels.slice(0, 12)) {
        const res = await extractFile({
          path: resolve(corpus, label.path),
          mime: 'application/pdf',
          sha256: label.sha256,
          limits: DEFAULT_EXTRACT_LIMITS,
          languages: ['eng'],
        });
        expect(res.ok).toBe(true);
        if (!res.ok) continue;
        const fields = res.output.eInvoice?.fields ?? {};
        expect(res.output.attachments.some((a) => a.mime === 'application/xml')).toBe(true);
        for (const name of ['invoice_number', 'date', 'vendor', 'total'] as const) {
          const gold = label.fields[name];
          if (typeof gold !== 'string') continue;
          compared++;
          if (name === 'total') expect(Number(fields[name])).toBe(Number(gold));
          else expect(fields[name]).toBe(gold);
        }
      }
      expect(compared).toBeGreaterThan(30);
    }, 120_000);
  },
);
