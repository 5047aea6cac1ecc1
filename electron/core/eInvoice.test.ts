/**
 * A Factur-X / ZUGFeRD PDF through the whole engine: the extract stage finds the XML, the store keeps
 * it, the understand stage takes the invoice's values from it — also after a person's correction of
 * another field and after re-processing. Uses one PDF of the dev corpus (skipped without ../shared).
 * And an e-invoice that arrives as an XML file of its own (XRechnung, Peppol), which needs no corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from './createCore.js';
import { testCore, type TestCore } from './testing/testCore.js';
import { settle } from './testing/settle.js';

/** An engine over a fresh data folder that has ingested one file to the end. */
function coreWith(name: string, content: string | Buffer): Promise<TestCore> {
  return testCore({ [name]: content }, { ingest: true });
}

// ZUGFeRD 1.0 sample whose page names the seller "Acme GmbH" in its letterhead; its XML says "Seller Inc.".
const sample = resolve(
  import.meta.dirname,
  '../../../shared/corpus/docs/invoice/zugferd/v1_Konik_acme_invoice-42_ZUGFeRD.pdf',
);

describe.skipIf(!existsSync(sample))('an e-invoice PDF through the engine (skipped without ../shared/corpus)', () => {
  let fixture: TestCore;
  let core: Core;

  beforeAll(async () => {
    fixture = await coreWith('invoice.pdf', readFileSync(sample));
    core = fixture.core;
  }, 60_000);
  afterAll(() => fixture?.dispose());

  it('takes the type and the invoice fields from the embedded XML', async () => {
    const [summary] = await core.api.listDocuments({});
    const doc = await core.api.getDocument({ ref: String(summary!.id) });
    expect(doc).toMatchObject({ type: 'invoice', typeConfidence: 0.99 });
    const field = (name: string) => doc.fields.find((f) => f.name === name);
    expect(field('vendor')).toMatchObject({ normalized: 'Seller Inc.', confidence: 0.99, source: 'embedded' });
    // This specimen's page prints other values (invoice 42 of Acme GmbH) than its XML states: the XML is
    // the invoice in law, so its values are kept, and nothing on the page is claimed as their place.
    expect(field('invoice_number')).toMatchObject({ normalized: '20131122-42', page: null, box: null });
    expect(field('date')?.normalized).toBe('2014-11-08');
    expect(Number(field('total')?.normalized)).toBe(119);
  });

  it("keeps a person's correction over the XML, and the XML's values through re-processing", async () => {
    const [summary] = await core.api.listDocuments({});
    await core.api.setField({ ref: summary!.id, field: 'buyer', value: 'Buyer Incorporated' });
    await settle(core);
    await core.api.reprocess({ all: true });
    await settle(core);
    const doc = await core.api.getDocument({ ref: String(summary!.id) });
    expect(doc.fields.find((f) => f.name === 'buyer')).toMatchObject({ value: 'Buyer Incorporated', source: 'user' });
    expect(doc.fields.find((f) => f.name === 'vendor')).toMatchObject({
      normalized: 'Seller Inc.',
      source: 'embedded',
    });
  });
});

// A UBL invoice as XRechnung and Peppol send it, written for this test (values made up).
const XRECHNUNG = `<?xml version="1.0" encoding="UTF-8"?>
<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>XR-5521</cbc:ID>
  <cbc:IssueDate>2024-10-01</cbc:IssueDate>
  <cbc:DueDate>2024-10-31</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Gartenbau Eichhorn GmbH</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Gemeinde Lindau</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">57.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">300.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">357.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">357.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="HUR">6</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">300.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Heckenschnitt Friedhof</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</ubl:Invoice>`;

describe('an XML e-invoice file through the engine', () => {
  let fixture: TestCore;
  let core: Core;

  beforeAll(async () => {
    fixture = await coreWith('XR-5521.xml', XRECHNUNG);
    core = fixture.core;
  }, 60_000);
  afterAll(() => fixture?.dispose());

  it('is an invoice with the values its XML states, and its line items are searchable', async () => {
    const [summary] = await core.api.listDocuments({});
    expect(summary).toMatchObject({ state: 'completed', mime: 'application/xml', error: null });
    const doc = await core.api.getDocument({ ref: String(summary!.id) });
    expect(doc).toMatchObject({ type: 'invoice', typeConfidence: 0.99 });
    const normalized = Object.fromEntries(doc.fields.map((f) => [f.name, f.normalized]));
    expect(normalized).toMatchObject({
      invoice_number: 'XR-5521',
      date: '2024-10-01',
      due_date: '2024-10-31',
      vendor: 'Gartenbau Eichhorn GmbH',
      buyer: 'Gemeinde Lindau',
      currency: 'EUR',
    });
    expect(Number(normalized.total)).toBe(357);
    const hits = await core.api.search({ query: 'Heckenschnitt', mode: 'lexical' });
    expect(hits.hits.map((h) => h.id)).toEqual([summary!.id]);
  });
});
