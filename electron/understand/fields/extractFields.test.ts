import { describe, expect, it } from 'vitest';
import type { ExtractedPage } from '../../shared/contract/extract.js';
import { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { fieldSpec } from '../../shared/contract/schemas/documentTypes.js';
import { pagesFromText } from '../testing/pagesFromText.js';
import { generateSyntheticDocuments } from '../../../training/synthetic/syntheticDocuments.js';
import { extractFields } from './extractFields.js';

const byName = (fields: FieldValue[]): Record<string, FieldValue> => Object.fromEntries(fields.map((f) => [f.name, f]));

const INVOICE = `ACME Supplies GmbH
Hauptstraße 5, 10115 Berlin
USt-IdNr.: DE123456789

Bill to:
Northwind Traders Ltd
1 High Street, London

INVOICE
Invoice Number: INV-2024-0042
Invoice Date: 14.03.2024
Due Date: 13.04.2024

Description                 Qty   Unit price      Amount
Consulting services           2       500,00    1.000,00
Travel                        1       234,56      234,56

Net total                                     1.234,56 EUR
VAT 19%                                         234,57 EUR
Total                                         1.469,13 EUR

IBAN DE89 3704 0044 0532 0130 00`;

describe('invoice rules', () => {
  it('extracts and validates the fields of a synthetic invoice', () => {
    const fields = extractFields('invoice', pagesFromText(INVOICE));
    for (const f of fields) expect(FieldValue.safeParse(f).success).toBe(true);
    const f = byName(fields);
    expect(f.invoice_number?.normalized).toBe('INV-2024-0042');
    expect(f.date?.normalized).toBe('2024-03-14');
    expect(f.due_date?.normalized).toBe('2024-04-13');
    expect(f.net_total?.normalized).toBe('1234.56');
    expect(f.tax_total?.normalized).toBe('234.57');
    expect(f.total?.normalized).toBe('1469.13');
    expect(f.currency?.normalized).toBe('EUR');
    expect(f.vat_rate?.normalized).toBe('19');
    expect(f.iban?.normalized).toBe('DE89370400440532013000');
    expect(f.vendor_tax_id?.normalized).toBe('DE123456789');
    expect(f.vendor?.normalized).toBe('ACME Supplies GmbH');
    expect(f.buyer?.normalized).toBe('Northwind Traders Ltd');
    // net + tax = total: the totals are more certain than an unchecked value.
    expect(f.total?.confidence).toBeGreaterThan(0.85);
  });

  it('reads a British invoice: VAT decides day-first (less surely than a proof would), bank details are no amount', () => {
    const text = `Brightside Web Studio
VAT Reg. GB 284 5521 07
INVOICE
Invoice no: BWS-0419
Invoice date: 02/05/2024
Subtotal 2,220.00
VAT 20% 444.00
Total due 2,664.00
Please pay by bank transfer to Sort code 20-45-77, Account 43920011.`;
    const f = byName(extractFields('invoice', pagesFromText(text)));
    expect(f.date?.normalized).toBe('2024-05-02');
    expect(f.date?.confidence).toBeLessThan(0.8);
    expect(f.amount_due?.normalized).toBe('2664.00');
    expect(f.total?.normalized).toBe('2664.00');
    // An amount written after such a word is still one.
    expect(
      byName(extractFields('invoice', pagesFromText('INVOICE\nBalance due on account: 1234.56'))).amount_due
        ?.normalized,
    ).toBe('1234.56');
  });

  it('reads an Australian invoice: "Pty Ltd" is one legal form, "$" with an ABN is AUD', () => {
    const text = `TAX INVOICE
ABN 51 824 753 556
Coastal Plumbing Pty Ltd
PO Box 77, Byron Bay NSW 2481
Date 18/09/2023
Sub-total 2,125.00
GST 212.50
TOTAL INC GST $2,337.50`;
    const f = byName(extractFields('invoice', pagesFromText(text)));
    expect(f.vendor?.normalized).toBe('Coastal Plumbing Pty Ltd');
    expect(f.currency?.normalized).toBe('AUD');
    expect(f.total?.normalized).toBe('2337.50');
    // Without the country's marks a "$" stays American.
    const us = byName(extractFields('invoice', pagesFromText('INVOICE\nAcme Inc.\nAustin, TX 78701\nTotal $120.00')));
    expect(us.currency?.normalized).toBe('USD');
  });

  it('reads "Issued:", "Due:" and an Italian "Spett.le" addressee, and ends a buyer\'s name where the address starts', () => {
    const hosting = byName(
      extractFields(
        'invoice',
        pagesFromText(
          'CloudNest Hosting\nInvoice INV-88213\nIssued: 2024-06-01\nDue: 2024-06-15\nBilled to: Maple Leaf Bakery Inc., 77 Queen St W, Toronto\nTotal CA$ 48.58',
        ),
      ),
    );
    expect(hosting.date?.normalized).toBe('2024-06-01');
    expect(hosting.due_date?.normalized).toBe('2024-06-15');
    expect(hosting.buyer?.normalized).toBe('Maple Leaf Bakery Inc.');
    expect(
      byName(
        extractFields(
          'invoice',
          pagesFromText('INVOICE\nInvoice no. 7\nBill to: Northwind Games AB, Kungsgatan 12, Stockholm\nTotal €10.00'),
        ),
      ).buyer?.normalized,
    ).toBe('Northwind Games AB');
    // A label alone over the address window ("Kundin") is not the addressee.
    const kiel = byName(
      extractFields(
        'invoice',
        pagesFromText(
          'Nordlicht Software GmbH | Hafenstraße 7 | 20457 Hamburg\n\nKundin\nDr. Eva Lorenz\nAm Markt 3\n24103 Kiel\n\nRechnung\nRechnungsnummer RE-2024-0087\nGesamtbetrag 140,42 €',
        ),
      ),
    );
    expect(kiel.buyer?.normalized).toBe('Dr. Eva Lorenz');
    const dutch = byName(
      extractFields(
        'invoice',
        pagesFromText(
          'Factuur\nBakkerij De Zon B.V.\nFactuurnummer: 2024-0412\nSubtotaal 205,50\nBTW 9% 18,50\nTotaal 224,00 EUR',
        ),
      ),
    );
    expect([dutch.net_total?.normalized, dutch.total?.normalized]).toEqual(['205.50', '224.00']);
    const italian = byName(
      extractFields(
        'invoice',
        pagesFromText(
          'Studio Verde S.r.l.\nFATTURA N. 45/2024\nData: 12/04/2024\nSpett.le\nBianchi Arredamenti S.p.A.\nCorso Francia 88, 10143 Torino\nTotale fattura 3.416,00 €',
        ),
      ),
    );
    expect(italian.buyer?.normalized).toBe('Bianchi Arredamenti S.p.A.');
  });

  it('is less sure of totals that do not add up', () => {
    const broken = INVOICE.replace('1.469,13', '1.500,00');
    expect(byName(extractFields('invoice', pagesFromText(broken))).total?.confidence).toBeLessThan(0.8);
  });

  it('points at the words a value came from', () => {
    const words = [
      { text: 'Invoice', box: [10, 10, 50, 10] as [number, number, number, number] },
      { text: 'Number:', box: [65, 10, 50, 10] as [number, number, number, number] },
      { text: 'INV-7', box: [120, 10, 40, 10] as [number, number, number, number] },
      { text: 'Total', box: [10, 40, 40, 10] as [number, number, number, number] },
      { text: '$', box: [100, 40, 8, 10] as [number, number, number, number] },
      { text: '12.50', box: [110, 40, 30, 10] as [number, number, number, number] },
    ];
    const page: ExtractedPage = {
      page: 1,
      text: 'Invoice Number: INV-7\nTotal $ 12.50',
      method: 'text',
      ocrConfidence: null,
      width: 600,
      height: 800,
      words,
    };
    const f = byName(extractFields('invoice', [page]));
    expect(f.invoice_number).toMatchObject({ page: 1, box: [120, 10, 40, 10] });
    expect(f.total).toMatchObject({ normalized: '12.50', page: 1, box: [110, 40, 30, 10] });
  });

  it('reads the synthetic invoices it was not written against', () => {
    const invoices = generateSyntheticDocuments(10, 99).filter((d) => d.label === 'invoice');
    let right = 0;
    let total = 0;
    for (const doc of invoices) {
      const f = byName(extractFields('invoice', pagesFromText(doc.text)));
      for (const name of ['total', 'net_total', 'tax_total', 'date', 'invoice_number', 'iban']) {
        if (doc.fields[name] === undefined) continue;
        total++;
        if (f[name]?.normalized === doc.fields[name]) right++;
      }
    }
    expect(right / total).toBeGreaterThan(0.9);
  });
});

describe('Chinese, Japanese and Korean invoices and receipts', () => {
  const normalized = (type: 'invoice' | 'receipt', text: string): Record<string, unknown> =>
    Object.fromEntries(extractFields(type, pagesFromText(text)).map((f) => [f.name, f.normalized]));

  it('reads a Chinese VAT invoice: number, date, parties, the total with tax, and ¥ as yuan', () => {
    const text =
      '增值税电子普通发票\n发票号码：48213376\n开票日期：2023年11月08日\n购买方 名称：上海明德教育咨询有限公司\n合计 ¥1000.00 ¥60.00\n价税合计（大写）壹仟零陆拾圆整 （小写）¥1060.00\n销售方 名称：杭州数联软件有限公司';
    expect(normalized('invoice', text)).toMatchObject({
      invoice_number: '48213376',
      date: '2023-11-08',
      total: '1060.00',
      currency: 'CNY',
      vendor: '杭州数联软件有限公司',
      buyer: '上海明德教育咨询有限公司',
    });
  });

  it('reads a Japanese invoice: dates in 年月日, subtotal, consumption tax, total in yen, the seller', () => {
    const text =
      '請求書\n請求日 2024年4月30日\n株式会社ひかり不動産 御中\nご請求金額 ¥330,000（税込）\n小計 300,000\n消費税（10%） 30,000\n合計 330,000\nお支払期限 2024年5月31日\n株式会社デザインラボ\n東京都渋谷区渋谷2-10-5';
    // The seller is the company that is not addressed (御中 marks the buyer), wherever its legal form stands.
    expect(normalized('invoice', text)).toMatchObject({
      date: '2024-04-30',
      due_date: '2024-05-31',
      total: '330000.00',
      net_total: '300000.00',
      tax_total: '30000.00',
      currency: 'JPY',
      vendor: '株式会社デザインラボ',
    });
  });

  it("reads a CV's name after 姓名 / 氏名 / 성명, or under its title (个人简历 is no name)", () => {
    const name = (text: string) =>
      extractFields('resume', pagesFromText(text)).find((f) => f.name === 'name')?.normalized;
    expect(name('个人简历\n姓名：王伟\n电话：138-0000-1111')).toBe('王伟');
    expect(name('履歴書\n氏名 佐藤 健\n生年月日 1990年4月1日')).toBe('佐藤 健');
    expect(name('이력서\n성명: 김민준\n연락처: 010-1234-5678')).toBe('김민준');
    expect(name('个人简历\n刘晓婷\n电话：138-1234-5678')).toBe('刘晓婷');
  });

  it('reads the shop and total of a Korean and a Chinese till slip, not the tax, the cash or the change', () => {
    const korean =
      '이마트 성수점\n[판매] 2024-03-02 14:22\n신라면 4,480 1 4,480\n과세물품가액 9,491\n부 가 세 949\n합 계 14,430\n신용카드 14,430';
    expect(normalized('receipt', korean)).toMatchObject({
      company: '이마트 성수점',
      date: '2024-03-02',
      total: '14430.00',
    });
    const chinese =
      '欢迎光临\n永辉超市\n2023-11-29 18:42:16\n鸡蛋 1 12.80 12.80\n应收：56.70\n实收：60.00 现金\n找零：3.30';
    // The shop's name by its script (no capitals to go by), not the greeting above it.
    expect(normalized('receipt', chinese)).toMatchObject({ company: '永辉超市', total: '56.70' });
  });
});

describe('receipt rules', () => {
  const RECEIPT = `tan woon yann
BOOK TAK (TAMAN DAYA) SDN BHD (123456-X)
NO.53 55,57 & 59, JALAN SAGU 18,
81100 JOHOR BAHRU, JOHOR.
Tel: 07-3507405
Date 25/12/2018 8:13:39 PM
Cashier MANIS
KF MODELLING CLAY        9.00
Total Qty 1
TOTAL (RM):              9.00
CASH                    10.00
CHANGE                   1.00`;

  it('extracts company, date, time and total from OCR-like text', () => {
    const f = byName(extractFields('receipt', pagesFromText(RECEIPT, 'ocr')));
    expect(f.company?.normalized).toBe('BOOK TAK (TAMAN DAYA) SDN BHD');
    expect(f.date?.normalized).toBe('2018-12-25');
    expect(f.time?.normalized).toBe('20:13:39');
    expect(f.total?.normalized).toBe('9.00');
    expect(f.currency?.normalized).toBe('MYR');
    expect(f.phone?.normalized).toBe('073507405');
  });
});

describe('other types', () => {
  it('reads contract preambles', () => {
    const text = `DISTRIBUTION AGREEMENT
This Distribution Agreement (the "Agreement") is entered into as of March 1, 2019 (the "Effective Date") by and between Alpha Widgets, Inc., a Delaware corporation ("Alpha"), and Beta Trading Ltd., a company organized under the laws of England ("Beta").
This Agreement shall be governed by the laws of the State of New York, without regard to conflicts of law.
The term shall renew automatically for successive one (1) year periods.`;
    const f = byName(extractFields('contract', pagesFromText(text)));
    expect(f.parties?.normalized).toEqual(['Alpha Widgets, Inc.', 'Beta Trading Ltd.']);
    expect(f.effective_date?.normalized).toBe('2019-03-01');
    expect(f.agreement_date?.normalized).toBe('2019-03-01');
    expect(f.governing_law?.normalized).toBe('New York');
    expect(f.contract_type?.normalized).toBe('Distributor');
    expect(f.renewal_term?.normalized).toBe('successive 1 year');
  });

  it('reads e-mail headers and resumes', () => {
    const mail = byName(
      extractFields(
        'email',
        pagesFromText(
          'From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: Lunch\nDate: Wed, 16 Jul 2008 09:24:06 +0300\n\nHi',
        ),
      ),
    );
    expect(mail.subject?.normalized).toBe('Lunch');
    expect(mail.date?.normalized).toBe('2008-07-16');
    const cv = byName(
      extractFields(
        'resume',
        pagesFromText(
          'Jane Doe\nData Analyst - Acme\n\nPune, Maharashtra - Email me on Indeed: indeed.com/r/Jane-Doe/0a1b2c3d\n\nSKILLS\n\nSQL, Python',
        ),
      ),
    );
    expect(cv.name?.normalized).toBe('Jane Doe');
    expect(cv.email?.normalized).toBe('indeed.com/r/Jane-Doe/0a1b2c3d');
    expect(cv.location?.normalized).toBe('Pune');
    // A CV titled as such, with the name in a labelled personal-details block.
    const europe = byName(
      extractFields(
        'resume',
        pagesFromText(
          'Curriculum Vitae\n\nPersonal information\nName: Marta Vidal\nE-mail: marta@example.org\n\nWork experience\n2019 – Present  Accountant',
        ),
      ),
    );
    expect(europe.name?.normalized).toBe('Marta Vidal');
    const titled = byName(
      extractFields('resume', pagesFromText('RESUME\nOmar Haddad\nomar@example.org\n\nEXPERIENCE\nSales Executive')),
    );
    expect(titled.name?.normalized).toBe('Omar Haddad');
    const biodata = byName(
      extractFields(
        'resume',
        pagesFromText(
          'BIO-DATA\nPRIYA NAIR\nMobile: 98765 43210\n\nCAREER OBJECTIVE\nTo work in a growing organisation.',
        ),
      ),
    );
    expect(biodata.name?.normalized).toBe('PRIYA NAIR');
  });

  it("reads a letter's recipient from the inside address, confirmed by the salutation", () => {
    const letter = byName(
      extractFields(
        'letter',
        pagesFromText(
          'Harbour Books Ltd\n12 Quay Street, Bristol\n\n3 March 2024\n\nAnna Rossi\n64 Rue de la Paix, 75002 Paris\n\nRe: Your order\n\nDear Anna,\n\nThank you for your letter.\n\nYours sincerely,\nTom Reed',
        ),
      ),
    );
    expect(letter.recipient).toMatchObject({ normalized: 'Anna Rossi' });
    expect(letter.recipient?.confidence).toBeGreaterThan(0.6);
    expect(letter.sender?.normalized).toBe('Harbour Books Ltd');
    expect(letter.date?.normalized).toBe('2024-03-03');
    // "Dear Sir or Madam" names nobody.
    expect(
      byName(extractFields('letter', pagesFromText('Harbour Books Ltd\n\nDear Sir or Madam,\n\nThank you.'))).recipient,
    ).toBeUndefined();
  });

  it("takes a letter's sender from a memo's FROM line, or from the signature when no letterhead heads it", () => {
    const memo = byName(
      extractFields(
        'letter',
        pagesFromText(
          'MEMORANDUM\n\nTO: All Department Heads\nFROM: Karen Whitfield, Facilities\nDATE: March 4, 2024\nSUBJECT: Building closure\n\nThe north wing will be closed.',
        ),
      ),
    );
    expect(memo.sender?.normalized).toBe('Karen Whitfield, Facilities');
    expect(memo.recipient?.normalized).toBe('All Department Heads');
    expect(memo.subject?.normalized).toBe('Building closure');
    const cover = byName(
      extractFields(
        'letter',
        pagesFromText(
          'Dear Hiring Team,\n\nI am excited to apply for the Data Analyst position.\n\nKind regards,\nJordan Lee\njordan.lee@example.com',
        ),
      ),
    );
    expect(cover.sender?.normalized).toBe('Jordan Lee');
    // A letterhead with its address on one line names the sender in its first part; the inside address
    // may carry a job title and a company between the name and the street.
    const utility = byName(
      extractFields(
        'letter',
        pagesFromText(
          'Stadtwerke Kleinburg GmbH · Hauptstraße 4 · 35510 Kleinburg\n\nMr David Hughes\nCustomer Relations Manager\nWestside Energy Ltd\nPO Box 882\n\nDear Mr Hughes,\n\nThank you.',
        ),
      ),
    );
    expect(utility.sender?.normalized).toBe('Stadtwerke Kleinburg GmbH');
    expect(utility.recipient?.normalized).toBe('Mr David Hughes');
  });

  it('reads a continental business letter: the date under its label, not the date of the letter it answers; the subject with no label; the recipient under the form of address', () => {
    const din = byName(
      extractFields(
        'letter',
        pagesFromText(
          'Hausverwaltung Krüger · Lindenweg 4 · 04109 Leipzig\n\nFrau\nPetra Sommer\nAm Anger 12\n04105 Leipzig\n\nIhr Zeichen   Ihr Schreiben vom   Unser Zeichen   Datum\nPS-17   08.02.2024   KR/ab   19.03.2024\n\nNebenkostenabrechnung 2023\n\nSehr geehrte Frau Sommer,\n\nanbei erhalten Sie die Abrechnung.\n\nMit freundlichen Grüßen\n\nJörg Krüger',
        ),
      ),
    );
    expect(din.date?.normalized).toBe('2024-03-19');
    expect(din.subject?.normalized).toBe('Nebenkostenabrechnung 2023');
    expect(din.recipient?.normalized).toBe('Petra Sommer');
    expect(din.sender?.normalized).toBe('Hausverwaltung Krüger');
    // Labels one per line (Dutch), and the window envelope's return line over an untitled recipient.
    const dutch = byName(
      extractFields(
        'letter',
        pagesFromText(
          'Gemeente Zwolle · Postbus 10007 · 8000 GA Zwolle\n\nProfessor Dr. Jan de Wit\nHoofdstraat 3\n8011 AA Zwolle\n\nUw brief van\n13 januari 2024\nOns kenmerk\nZW-2291\nDatum\n8 februari 2024\n\nGeachte heer De Wit,\n\nWij hebben uw brief ontvangen.\n\nMet vriendelijke groet,\n\nA. Mulder',
        ),
      ),
    );
    expect(dutch.date?.normalized).toBe('2024-02-08');
    expect(dutch.recipient?.normalized).toBe('Professor Dr. Jan de Wit');
    // A letter answering another, with only the other's date labelled, is dated by its own (spaced dotted) date.
    const reply = byName(
      extractFields(
        'letter',
        pagesFromText(
          'Peter Silie\nHinter dem Tal 2\n54321 Musterheim\n\n26. 5. 2015\n\nIhr Schreiben vom 11. 5. 2015\n\nSehr geehrte Frau Bogen,\n\nDanke.',
        ),
      ),
    );
    expect(reply.date?.normalized).toBe('2015-05-26');
    // A greeting that names nobody gives no recipient.
    expect(
      byName(
        extractFields(
          'letter',
          pagesFromText('Stadtwerke Kleinburg\n\nSehr geehrte Damen und Herren,\n\nanbei die Unterlagen.'),
        ),
      ).recipient,
    ).toBeUndefined();
    expect(
      byName(
        extractFields('letter', pagesFromText('Mairie de Lyon\n\nMadame, Monsieur,\n\nVeuillez trouver ci-joint…')),
      ).recipient,
    ).toBeUndefined();
  });

  it("takes a CV's name under the job title that heads it, and never a personal-data heading", () => {
    const cv = byName(
      extractFields(
        'resume',
        pagesFromText(
          'Enseignant en Mathématiques\nJean DUPONT\n3, rue de la liberté\n33000 BORDEAUX\nEmail : jean@example.fr\n\nExpériences professionnelles\n2006 - 2010 Enseignant',
        ),
      ),
    );
    expect(cv.name?.normalized).toBe('Jean DUPONT');
    const de = byName(
      extractFields(
        'resume',
        pagesFromText(
          'Tabellarischer Lebenslauf\nPersönliche Daten\nKatrin Vogel\nAhornweg 7, 04109 Leipzig\n\nBerufserfahrung\n2019 – heute Projektleiterin',
        ),
      ),
    );
    expect(de.name?.normalized).toBe('Katrin Vogel');
  });

  it("reads a paper's authors with superscript affiliations, and no title from a page in the middle", () => {
    const front = byName(
      extractFields(
        'scientific_paper',
        pagesFromText(
          'Sparse Attention for Long Documents\nLina Moreau¹, Kenji Watanabe², Robert Feld¹\n¹ University of Lyon\n\nAbstract\nWe propose a method.',
        ),
      ),
    );
    expect(front.title?.normalized).toBe('Sparse Attention for Long Documents');
    expect(front.authors?.normalized).toEqual(['Lina Moreau', 'Kenji Watanabe', 'Robert Feld']);
    // Authors set apart by wide spaces; the year from the proceedings line.
    const emnlp = byName(
      extractFields(
        'scientific_paper',
        pagesFromText(
          'Proceedings of the 2023 Conference on Empirical Methods, pages 1123–1135\n\nCross-lingual Transfer for Named Entity Recognition\n\nAmara Okoye    Jin Park    Sofia Lindgren\nUniversity of Lagos   KAIST\n\nAbstract\nWe study transfer.',
        ),
      ),
    );
    expect(emnlp.authors?.normalized).toEqual(['Amara Okoye', 'Jin Park', 'Sofia Lindgren']);
    expect(emnlp.year?.normalized).toBe('2023');
    const middle = byName(
      extractFields(
        'scientific_paper',
        pagesFromText(
          'where the second term penalises large weights.\n4.3 Ablation study\nTo isolate each component we remove them one at a time.\n5 Conclusion\nWe presented a simple scheme.',
        ),
      ),
    );
    expect(middle.title).toBeUndefined();
  });

  it('only emits fields the type declares', () => {
    for (const doc of generateSyntheticDocuments(2, 5)) {
      for (const f of extractFields(doc.label, pagesFromText(doc.text)))
        expect(fieldSpec(doc.label, f.name)).toBeDefined();
    }
  });
});
