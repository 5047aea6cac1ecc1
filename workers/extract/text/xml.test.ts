import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, type ExtractOutput } from '../../../electron/shared/contract/extract.js';
import { extractFile, MAX_XML_TREE_BYTES } from '../extractFile.js';
import { findElement, MAX_XML_DEPTH, parseXml, xmlDeclaredEncoding, xmlText, type XmlNode } from './xml.js';

describe('the XML reader', () => {
  it('finds elements by local name in document order, and survives nesting a recursive walk would not', () => {
    const root = parseXml('<a:r xmlns:a="urn:x"><a:b><c>1</c></a:b><c>2</c></a:r>');
    expect(findElement(root!, 'c')?.text).toBe('1');
    const shallow = parseXml(`${'<n>'.repeat(MAX_XML_DEPTH - 1)}<leaf>x</leaf>${'</n>'.repeat(MAX_XML_DEPTH - 1)}`);
    expect(findElement(shallow!, 'leaf')?.text).toBe('x');
    expect(xmlText(shallow!)).toBe('Leaf: x');
    // Deeper than MAX_XML_DEPTH, elements are not nodes; their text goes to the deepest node kept.
    const depth = 200_000;
    const deep = parseXml(`${'<n>'.repeat(depth)}<leaf>x</leaf><leaf>y</leaf>${'</n>'.repeat(depth)}`);
    expect(findElement(deep!, 'leaf')).toBeUndefined();
    let nodes = 0;
    for (let node: XmlNode | undefined = deep!; node; node = node.children[0]) nodes++;
    expect(nodes).toBe(MAX_XML_DEPTH);
    expect(
      xmlText(deep!)
        .split(/\s+/)
        .filter((w) => w.length === 1),
    ).toEqual(['x', 'y']);
  });

  it('drops a character reference past the last code point instead of throwing', () => {
    expect(parseXml('<r>a&#x110000;b&#99999999999;c&#233;</r>')?.text).toBe('abcé');
  });

  it('expands no entity a DOCTYPE declares (billion laughs) and fetches none (XXE): the reference stays as written', () => {
    const laughs = [
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "ha">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`),
      `<!ENTITY xxe SYSTEM "file://${fileURLToPath(import.meta.url)}">]><r>&l9; &xxe;</r>`,
    ].join('');
    expect(parseXml(laughs)?.text).toBe('&l9; &xxe;');
  });

  it('drops character references to no XML character (surrogates, C0 controls), so no lone surrogate is read', () => {
    const text = parseXml('<r>a&#xD800;b&#55296;c&#1;d&#x1F600;</r>')!.text;
    expect(text).toBe('abcd\u{1F600}');
    expect(text.isWellFormed()).toBe(true);
  });

  it('reads text outside the root, or two roots, as no XML', () => {
    expect(parseXml('<a>ok</a>trailing')).toBeNull();
    expect(parseXml('<a/><b/>')).toBeNull();
    expect(parseXml('<a><b></a></b>')).toBeNull();
  });

  it('writes one line per element with text, leaves as "label: value"', () => {
    const root = parseXml(
      '<Customer><CustomerName>Ada</CustomerName><postal_code>3011</postal_code><Note>Mixed <b>bold</b> text</Note><IBANNumber>CH93</IBANNumber></Customer>',
    );
    expect(xmlText(root!).split('\n')).toEqual([
      'Customer name: Ada',
      'Postal code: 3011',
      'Mixed text',
      'B: bold',
      'IBAN number: CH93',
    ]);
  });

  it('reads the encoding an XML declaration names', () => {
    expect(xmlDeclaredEncoding(new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><r/>'))).toBe(
      'ISO-8859-1',
    );
    expect(xmlDeclaredEncoding(new TextEncoder().encode('<r encoding="x"/>'))).toBeUndefined();
  });
});

// An XRechnung-style UBL credit note and a CII invoice, written for these tests (values made up).
const UBL_CREDIT_NOTE = `<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>GS-2024-17</cbc:ID>
  <cbc:IssueDate>2024-06-12</cbc:IssueDate>
  <cbc:Note>Gutschrift für die Retoure vom 3. Juni</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cbc:StreetName>Hafenstraße 4</cbc:StreetName><cbc:CityName>Kiel</cbc:CityName><cbc:PostalZone>24103</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>DE811234567</cbc:CompanyID></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Nordlicht Werkzeuge GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Stadtwerke Plön</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">7.60</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:TaxExclusiveAmount currencyID="EUR">40.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">47.60</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">47.60</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity unitCode="H87">2</cbc:CreditedQuantity><cbc:LineExtensionAmount currencyID="EUR">40.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Drehmomentschlüssel 1/2"</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">20.00</cbc:PriceAmount></cac:Price></cac:CreditNoteLine>
</CreditNote>`;

const CII_INVOICE = `<?xml version="1.0" encoding="ISO-8859-1"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument><ram:ID>2024-311</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20240902</udt:DateTimeString></ram:IssueDateTime><ram:IncludedNote><ram:Content>Lieferung frei Haus</ram:Content></ram:IncludedNote></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedTradeProduct><ram:Name>Bürostuhl Ergo</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>250.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">4</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>1000.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Möbel Sänger KG</ram:Name><ram:PostalTradeAddress><ram:PostcodeCode>80331</ram:PostcodeCode><ram:LineOne>Sendlinger Str. 9</ram:LineOne><ram:CityName>München</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Kanzlei Brandt</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms><ram:Description>Zahlbar innerhalb 14 Tagen ohne Abzug</ram:Description></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">190.00</ram:TaxTotalAmount><ram:GrandTotalAmount>1190.00</ram:GrandTotalAmount><ram:DuePayableAmount>1190.00</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

const tmp = mkdtempSync(join(tmpdir(), 'docpipe-xml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function extractXml(name: string, content: Uint8Array, mime = 'application/xml'): Promise<ExtractOutput> {
  const path = join(tmp, name);
  writeFileSync(path, content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const res = await extractFile({ path, mime, sha256, limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.output;
}

describe('extractFile for an XML file', () => {
  it('reads a UBL credit note sent on its own into the page its print would show, and its values', async () => {
    const out = await extractXml('gutschrift.xml', new TextEncoder().encode(UBL_CREDIT_NOTE));
    expect(out.eInvoice).toMatchObject({
      syntax: 'UBL',
      fields: {
        invoice_number: 'GS-2024-17',
        date: '2024-06-12',
        vendor: 'Nordlicht Werkzeuge GmbH',
        buyer: 'Stadtwerke Plön',
        total: '47.60',
        vendor_tax_id: 'DE811234567',
      },
    });
    const lines = out.pages[0]!.text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Credit note',
      'Credit note number: GS-2024-17',
      'Credit note date: 2024-06-12',
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Seller',
        'Nordlicht Werkzeuge GmbH',
        'Hafenstraße 4',
        '24103 Kiel',
        'DE',
        'VAT ID: DE811234567',
        'Buyer',
        'Stadtwerke Plön',
      ]),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'Drehmomentschlüssel 1/2" | 2 H87 | 20.00 | 40.00',
        'Total: 47.60 EUR',
        'Gutschrift für die Retoure vom 3. Juni',
      ]),
    );
    expect(out.warnings).toEqual([]);
  });

  it('decodes the encoding the declaration names and reads a CII invoice with its lines, terms and notes', async () => {
    const latin1 = Uint8Array.from(CII_INVOICE, (c) => c.charCodeAt(0));
    const out = await extractXml('rechnung.xml', latin1);
    expect(out.eInvoice?.fields).toMatchObject({
      invoice_number: '2024-311',
      vendor: 'Möbel Sänger KG',
      total: '1190.00',
      net_total: '1000.00',
    });
    const text = out.pages[0]!.text;
    expect(text).toContain('Invoice\nInvoice number: 2024-311\nInvoice date: 2024-09-02');
    expect(text).toContain('Möbel Sänger KG\nSendlinger Str. 9\n80331 München\nDE');
    expect(text).toContain('Bürostuhl Ergo | 4 C62 | 250.00 | 1000.00');
    expect(text).toContain('Payment terms: Zahlbar innerhalb 14 Tagen ohne Abzug');
    expect(text).toContain('Lieferung frei Haus');
  });

  it('reads other XML as its text, and XML that is not well-formed as plain text with a warning', async () => {
    const data = await extractXml(
      'export.xml',
      new TextEncoder().encode(
        '<?xml version="1.0"?><contacts><contact><Name>Ada Lovelace</Name><City>London</City></contact></contacts>',
      ),
    );
    expect(data.eInvoice).toBeUndefined();
    expect(data.pages[0]!.text).toBe('Name: Ada Lovelace\nCity: London');
    const broken = await extractXml('broken.xml', new TextEncoder().encode('<?xml version="1.0"?><a><b>text</a>'));
    expect(broken.pages[0]!.text).toContain('<b>text</a>');
    expect(broken.warnings).toEqual(['broken.xml is not well-formed XML; it was read as plain text.']);
  });

  it('reads an XML dump too large for a tree as plain text, with a warning', async () => {
    const big = `<?xml version="1.0"?><rows>${'<row>x</row>'.repeat(Math.ceil(MAX_XML_TREE_BYTES / 12) + 1)}</rows>`;
    const out = await extractXml('dump.xml', new TextEncoder().encode(big));
    expect(out.eInvoice).toBeUndefined();
    expect(out.pages[0]!.text.startsWith('<?xml')).toBe(true);
    expect(out.warnings[0]).toMatch(/dump\.xml is over 16 MiB of XML; it was read as plain text/);
  });
});

describe('extractFile for an e-mail that carries an e-invoice', () => {
  it('takes the invoice from the XML attachment and adds its page after the message', async () => {
    const xml = Buffer.from(UBL_CREDIT_NOTE, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
    const eml = [
      'From: Nordlicht Werkzeuge <rechnung@nordlicht.example>',
      'To: einkauf@stadtwerke-ploen.example',
      'Subject: Gutschrift GS-2024-17',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Guten Tag, anbei unsere Gutschrift als XRechnung.',
      '--b1',
      'Content-Type: application/xml; name="GS-2024-17.xml"',
      'Content-Disposition: attachment; filename="GS-2024-17.xml"',
      'Content-Transfer-Encoding: base64',
      '',
      xml,
      '--b1--',
      '',
    ].join('\r\n');
    const out = await extractXml('gutschrift.eml', new TextEncoder().encode(eml), 'message/rfc822');
    expect(out.attachments).toEqual([
      { fileName: 'GS-2024-17.xml', mime: 'application/xml', size: Buffer.byteLength(UBL_CREDIT_NOTE) },
    ]);
    expect(out.eInvoice).toMatchObject({
      fileName: 'GS-2024-17.xml',
      syntax: 'UBL',
      fields: { invoice_number: 'GS-2024-17', total: '47.60' },
    });
    expect(out.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(out.pages[0]!.text).toContain('anbei unsere Gutschrift');
    expect(out.pages[1]!.text.startsWith('Credit note\nCredit note number: GS-2024-17')).toBe(true);
  });
});
