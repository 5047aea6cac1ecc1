import { describe, expect, it } from 'vitest';
import { documentCues, documentFeatures, tokenize } from './textFeatures.js';
import { pagesFromText } from './testing/pagesFromText.js';

const cues = (text: string): string[] =>
  documentCues(
    text,
    text.split('\n').filter((l) => l.trim()),
  );

describe('documentCues', () => {
  it('sees what an invoice calls itself and its parts, in several languages', () => {
    expect(cues('ACME B.V.\nFACTUUR\nFactuurnummer 2024-17\nTotaal incl. BTW 121,00')).toEqual(
      expect.arrayContaining(['invoice-title', 'invoice-parts']),
    );
    expect(cues('Rechnung\nRechnungsnr. 4711\nfällig am 01.02.2024')).toEqual(
      expect.arrayContaining(['invoice-title', 'invoice-parts']),
    );
    expect(cues('Widget Co\nBill to: Jane Roe\nBalance due $127.50')).toEqual(['invoice-parts']);
  });

  it('sees a paper by its abstract and citations, a contract by its title and parties, a resume by its sections', () => {
    expect(
      cues(
        'Deep nets for parsing\nA. Author\nAbstract\nWe show [1], [2] and [3] that ... as Smith et al. and Roe et al. found.\nReferences',
      ),
    ).toEqual(expect.arrayContaining(['paper-abstract', 'paper-citations']));
    expect(cues('DISTRIBUTION AGREEMENT\nThis Agreement is made by and between X Inc. and Y Ltd.')).toEqual([
      'contract-parties',
    ]);
    expect(cues('Jane Roe\nWork Experience\nACME 2019-2023\nEducation\nBSc\nSkills\nSQL')).toEqual(['resume-sections']);
    expect(
      cues(
        'Lukas Meyer\nBerufserfahrung\n2021 – heute Data Engineer\nAusbildung\nB.Sc. Informatik\nKenntnisse\nPython',
      ),
    ).toEqual(['resume-sections']);
    expect(cues('Claire Martin\nExpérience professionnelle\nComptable, 2019\nFormation :\nMaster CCA')).toEqual([
      'resume-sections',
    ]);
    expect(
      cues('EMILY CARTER\nABOUT ME\nDesigner.\nWORK HISTORY\n2020–2024 Senior Designer\nEDUCATION\nBFA 2018'),
    ).toEqual(['resume-sections']);
  });

  it('sees a letter by its salutation or closing in the languages of European letters', () => {
    expect(cues('Sehr geehrte Frau Mittel,\nanbei die Unterlagen.\nMit freundlichen Grüßen')).toContain(
      'letter-salutation',
    );
    // PDF text may split an umlaut from its letter.
    expect(cues('Vielen Dank.\nMit freundlichen Gr¨ußen\nOtto')).toContain('letter-salutation');
    expect(cues('Madame, Monsieur,\nNous accusons réception de votre courrier.')).toContain('letter-salutation');
    expect(cues('Geachte heer Jansen,\nHierbij ontvangt u de stukken.')).toContain('letter-salutation');
    expect(cues('Estimada Sra. Ruiz:\nLe escribimos para confirmar.\nAtentamente,')).toContain('letter-salutation');
    expect(cues('Cordiali saluti\nMario Rossi')).toContain('letter-salutation');
    // Inflected greetings ("Bester Feind," "Lieber Peter,").
    expect(cues('Bester Feind,\nnachdem es mir gelungen ist …')).toContain('letter-salutation');
    // A line that opens like a greeting but is none ("Beste Angebote der Woche") is not one.
    expect(cues('Beste Angebote der Woche\nNur heute')).not.toContain('letter-salutation');
    // "Monsieur" in a sentence or a form's field is no salutation.
    expect(cues('Nom : Monsieur Durand\nAdresse : 3 rue Haute')).not.toContain('letter-salutation');
  });

  it("counts a CV's languages section in any of its languages", () => {
    expect(cues('Jean Dupont\nExpériences professionnelles\n2006 - 2010 Enseignant\nLangues\nAnglais')).toEqual([
      'resume-sections',
    ]);
    expect(cues('Werkervaring\n2019 – heden Docent\nTalen\nEngels')).toEqual(['resume-sections']);
  });

  it('leaves out the function words of other languages, which tell the language and not the kind', () => {
    const names = [
      ...documentFeatures(
        pagesFromText('Ich freue mich, Sie bei uns und in der Gemeinschaft willkommen zu heißen. Debian ist flexibel.'),
      ).keys(),
    ];
    expect(names).not.toContain('w:und');
    expect(names).not.toContain('w:der');
    expect(names).toContain('w:debian');
    expect(names).toContain('w:flexibel');
    // No bigram spans a dropped word: "uns und in" leaves no "uns_in".
    expect(names.some((n) => n.startsWith('b:') && /\b(?:und|der|ist)\b/.test(n))).toBe(false);
    // …and the word after a dropped one is not taken for the document's first word.
    const starts = [...documentFeatures(pagesFromText('Debian ist flexibel und frei.')).keys()].filter((n) =>
      n.startsWith('b:<s>_'),
    );
    expect(starts).toEqual(['b:<s>_debian']);
    // English words that are also foreign function words stay ("over", "per", "non", "et al.").
    const english = [
      ...documentFeatures(pagesFromText('Price per unit over 30 days, non-refundable, as Smith et al. found.')).keys(),
    ];
    expect(english).toEqual(expect.arrayContaining(['w:per', 'w:over', 'w:non', 'w:et', 'w:al']));
  });

  it('reads titles in scripts without Latin words', () => {
    expect(cues('請求書\n株式会社サンプル 御中')).toContain('invoice-title');
    expect(cues('영수증\n합계 12,000')).toContain('receipt-parts');
    expect(cues('技术服务合同\n甲方：')).toContain('contract-parties');
  });

  it("tells an e-mail's header block from a memo's", () => {
    expect(cues('From: Anna Schmidt <anna@example.org>\nTo: tom@example.com\nSubject: Lunch\n\nHi Tom')).toContain(
      'email-headers',
    );
    expect(cues('From: Tom Brown\nSent: Tuesday, 4 June 2024 10:15\nTo: Anna Schmidt\nSubject: Lunch')).toContain(
      'email-headers',
    );
    expect(
      cues(
        'MEMORANDUM\nTO: All staff\nFROM: Anna Schmidt\nDATE: 4 June 2024\nSUBJECT: Fire drill\n\nThe drill is on Friday.',
      ),
    ).not.toContain('email-headers');
  });

  it('sees a contract titled as one whose parties are named as such, with no "between"', () => {
    expect(
      cues(
        "EMPLOYMENT CONTRACT\nEmployer: Nordic Design AB\nEmployee: Erik Lindqvist\nEither party may terminate this contract with three months' notice.",
      ),
    ).toContain('contract-parties');
    // The title alone is not enough: a form headed "Contract request" names no party.
    expect(cues('CONTRACT REQUEST FORM\nDepartment:\nBudget code:')).not.toContain('contract-parties');
  });

  it('sees a report by two of its section headings on lines of their own', () => {
    expect(
      cues(
        'Quarterly Progress Report\n1. Summary\nConstruction is 72% complete.\n2. Milestones\nSegment A complete\n4. Risks and issues\nPermits.',
      ),
    ).toContain('report-findings');
    // Markdown headings are headings too (the cues read them without the marks).
    const review =
      '# Post-incident review\n## Summary\nCheckout failed for 47 minutes.\n## Root cause\nA pool limit.\n## Action items\n1. Validate settings.';
    expect([...documentFeatures(pagesFromText(review)).keys()]).toContain('l:cue-report-findings');
    // One such heading is a form's or a résumé's ("Summary", "Objectives") as often as a report's.
    expect(cues('PROFESSIONAL SUMMARY\nNurse with 7 years of experience.\nEXPERIENCE\nBanner Health')).not.toContain(
      'report-findings',
    );
  });

  it('sees software documentation by its headings and commands, or a TeX manual by its macros', () => {
    expect(
      cues(
        '# tinyq\nA job queue.\n## Installation\n```\nnpm install tinyq\n```\n## Usage\nCall start().\n## License\nMIT',
      ),
    ).toContain('software-docs');
    expect(
      cues(
        'GREP(1)\nNAME\n  grep - print lines\nSYNOPSIS\n  grep [OPTION]... PATTERNS\nOPTIONS\n  -i ignore case\nEXIT STATUS\n  0 if a line is selected\nSEE ALSO\n  sed(1)',
      ),
    ).toContain('software-docs');
    const texManual =
      'The foo package\n1 Usage\nLoad it with \\usepackage{foo}. The package options are draft and final.\nThe command \\foobar takes two arguments; \\foobaz takes none.\nThe environment \\begin{foo} ... \\end{foo} sets \\parindent to zero.';
    expect(cues(texManual)).toContain('software-docs');
    // A paper about software, with its Usage heading and its options, shows no commands to type.
    expect(
      cues(
        'Abstract\nWe study build systems.\n1 Introduction\nUsers pass options to the compiler.\n2 Usage\nWe observed 40 projects.\n3 License terms\nReferences',
      ),
    ).not.toContain('software-docs');
    // One README heading and a shell prompt are not enough (a report's appendix may show a command).
    expect(
      cues('Appendix A. Installation\nThe survey tool was run as\n$ python3 survey.py\non every machine.'),
    ).not.toContain('software-docs');
  });

  it('sees a structured abstract by its run-in parts, not a report by its section headings', () => {
    expect(
      cues(
        'Aim To compare two assays.\nMethods 214 cultures were tested.\nResults Both found 97%.\nConclusions The assay is reliable.',
      ),
    ).toContain('paper-abstract');
    expect(
      cues(
        'Background\nThe programme started in 2019.\nMethodology\nWe interviewed staff.\nFindings\nCosts fell.\nConclusions\nContinue it.',
      ),
    ).not.toContain('paper-abstract');
  });

  it('sees blanks to fill in and boxes to tick, which the tokens leave out', () => {
    expect(cues('Name: ______________\nDate of birth: __ / __ / ____')).toContain('form-blanks');
    expect(cues('Membership type: [ ] Adult [x] Junior\n☐ Family')).toContain('form-blanks');
    expect(cues('Dear Anna,\nthank you for your letter [1].')).not.toContain('form-blanks');
    // □ opening a line of prose is a Korean report's bullet; before a short answer or beside another box, a box.
    expect(
      cues('□ 2023년 온라인쇼핑 거래액은 227조 원으로 전년 대비 8.3% 증가\n ○ 모바일 거래액 비중은 74.8%'),
    ).not.toContain('form-blanks');
    expect(cues('신청 구분 □ 신규 □ 변경')).toContain('form-blanks');
    expect(cues('□ 동의함')).toContain('form-blanks');
  });

  it('measures Korean prose as prose: lines in columns (a Hangul syllable is two wide), sentences ending in 다.', () => {
    const korean = [
      '코로나-19가 전 세계적 유행 단계에 돌입한 와중에 국내 보험업계에서는',
      '코로나-19를 질병으로 보아야 할지 상해로 보아야 할지 논란이 되었다.',
      '보험금의 경우 보장금액 등이 높게 책정되어 있다.',
      '이에 따라 약관 해석이 중요한 이슈가 될 것으로 판단된다.',
    ].join('\n');
    const names = [...documentFeatures(pagesFromText(korean)).keys()];
    // 34-40 syllables a line: 68-80 columns, English prose's bucket (50-80 and up), not a form's (15-30).
    expect(names.find((n) => n.startsWith('l:meanline='))).toMatch(/^l:meanline=[34]$/);
    expect(names).not.toContain('l:sentences=0');
  });

  it('sees a report that names its kind at the top, but not a form titled as a report', () => {
    expect(cues('CS799 Ridiculously Advanced Systems\nTerm Report\nAlex Wiseguy')).toContain('report-findings');
    expect(cues('Endbericht zum Berufspraktikum\nPRAKTIKUMSBERICHT\neingereicht am')).toContain('report-findings');
    expect(cues('Northwind Group\nSustainability Report 2023\nOur approach to climate')).toContain('report-findings');
    expect(cues('Environmental Impact Assessment Report\nWind farm extension')).toContain('report-findings');
    expect(cues('EXPENSE REPORT\nName:\nDepartment:')).not.toContain('report-findings');
    expect(cues('PROGRESS REPORT\nProject:\nPeriod:')).not.toContain('report-findings');
  });

  it('reads a CJK report title as the report cue English reports teach', () => {
    expect(cues('2023년 정보보안 기술 전망 보고서\n제1장 서론')).toContain('report-findings');
    expect(cues('年度報告書\n第一章')).toContain('report-findings');
  });

  it('stays quiet on a plain note, and a word in the body alone is not a title', () => {
    expect(cues('Shopping list\neggs\nmilk\nbread')).toEqual([]);
    const long = [
      'Meeting notes',
      ...Array.from({ length: 20 }, (_, i) => `Item ${i} discussed at length.`),
      'We also talked about the invoice from last year.',
    ].join('\n');
    expect(cues(long)).toEqual([]);
  });

  it('cuts runs of Han, kana and Hangul into character pairs, keeping Hangul syllables whole', () => {
    expect(tokenize('增值税发票号码：No. 88')).toEqual(['增值', '值税', '税发', '发票', '票号', '号码', 'no', '#']);
    expect(tokenize('보험금의 지급')).toEqual(['보험', '험금', '금의', '지급']);
    expect(tokenize('甲 乙 ソフトウェア')).toEqual(['甲', '乙', 'ソフ', 'フト', 'トウ', 'ウェ', 'ェア']);
    // Letters of other scripts around a run stay words; Latin text is cut as before.
    expect(tokenize('ABC株式会社 Straße café')).toEqual(['abc', '株式', '式会', '会社', 'straße', 'cafe']);
  });

  it('gives text in a script without letter case no upper-case share', () => {
    const korean = documentFeatures(pagesFromText('정보보안 기술 전망 보고서\n미래 국가 정보보안 기술 발전 방향'));
    expect([...korean.keys()].some((k) => k.startsWith('l:upper='))).toBe(false);
    expect([...documentFeatures(pagesFromText('Annual report of the board')).keys()]).toContain('l:upper=0');
  });

  it("tells a till slip by its words on short lines and its time of sale, and a till's TAX INVOICE from an invoice's title", () => {
    const slip =
      'TAX INVOICE\nKEDAI ALPHA\n01/02/2018 13:45:10\nCashier: Ana\nMILK 4.50\nTotal Qty 1\nCASH 10.00\nTHANK YOU';
    expect(cues(slip)).toEqual(expect.arrayContaining(['receipt-parts', 'till-invoice-title', 'clock-time']));
    expect(cues(slip)).not.toContain('invoice-title');
    // The same words in a contract's sentences are not a till's.
    expect(
      cues(
        'The Supplier shall refund the cash paid for any item, and the Buyer shall table any change to the terms, with thanks, at the counter of the bank within thirty days.',
      ),
    ).not.toContain('receipt-parts');
    expect(cues('INVOICE\nInvoice No. 17\nAmount due: 10.00 EUR')).toContain('invoice-title');
    expect(cues('Mietrechnung Nr. 9314 vom 01.10.2018\nUSt-IdNr: DE136695976')).toEqual(
      expect.arrayContaining(['invoice-title', 'invoice-parts']),
    );
    expect(
      cues(
        'Sehr geehrter Herr Becker,\nwir bestätigen die Kündigung. Die Schlussrechnung erhalten Sie nach der Zählerablesung.',
      ),
    ).not.toContain('invoice-title');
    // An invoice template's QTY, SUBTOTAL and thanks are words a till prints too, but no till's own.
    const template =
      'INVOICE\nInvoice #: 10482\nBill To: Riverside Dental\nQTY DESCRIPTION UNIT PRICE LINE TOTAL\n10 Gloves $12.50 $125.00\nSUBTOTAL $125.00\nTOTAL DUE $125.00\nTHANK YOU FOR YOUR BUSINESS!';
    expect(cues(template)).not.toContain('receipt-parts');
    expect(cues(template)).toContain('invoice-title');
    // "Payment due upon receipt" on an invoice names no receipt.
    expect(
      cues(
        'INVOICE #: 7731 DATE: 10/02/2023\nHarbor Electric Co.\nTOTAL: $1,825.00\nPayment due upon receipt. Thank you!',
      ),
    ).not.toContain('receipt-parts');
    expect(cues('Due upon receipt\nINVOICE 42')).not.toContain('receipt-parts');
    expect(cues('Sales Receipt\nItem 4.50')).toContain('receipt-parts');
    expect(cues('Order #112-4457781\nAmazon.com order receipt\nGrand Total: $48.15')).toContain('receipt-parts');
  });

  it("sees captions as a paper's or report's, and a page of amounts as money paper", () => {
    expect(
      cues(
        '4.2 Results\nThe error falls with the sample size.\nTable 3: Accuracy by method\nFigure 2. Error as a function of the learning rate',
      ),
    ).toContain('captions');
    expect(cues('Name: ____\nTable of allowances\nSignature')).not.toContain('captions');
    const bucket = (text: string): string | undefined =>
      [...documentFeatures(pagesFromText(text)).keys()].find((k) => k.startsWith('l:amounts='));
    expect(bucket('MILK 4.50\nBREAD 2.10\nTOTAL 6.60 RM')).toBe('l:amounts=2');
    expect(bucket('Name\nDate\nSignature\nApproved by')).toBe('l:amounts=0');
  });

  it('become layout features of the document', () => {
    const features = documentFeatures(pagesFromText('INVOICE\nInvoice No. 17\nAmount due: 10.00 EUR'));
    expect(features.get('l:cue-invoice-title')).toBe(1);
    expect(features.get('l:cue-invoice-parts')).toBe(1);
  });

  it("says the paper's shape where the extraction knows it: a strip, a page, across; nothing for plain text", () => {
    const text = 'CORNER SHOP\nMILK 1.20\nTOTAL 1.20';
    const shaped = (width: number, height: number): string[] =>
      [...documentFeatures(pagesFromText(text, 'ocr').map((page) => ({ ...page, width, height }))).keys()].filter(
        (name) => name.startsWith('l:aspect='),
      );
    expect(shaped(616, 1224)).toEqual(['l:aspect=1']); // a scanned till slip
    expect(shaped(420, 1400)).toEqual(['l:aspect=0']); // a long one
    expect(shaped(612, 792)).toEqual(['l:aspect=3']); // US letter
    expect(shaped(595, 842)).toEqual(['l:aspect=3']); // A4
    expect(shaped(1280, 720)).toEqual(['l:aspect=5']); // a slide
    expect([...documentFeatures(pagesFromText(text)).keys()].some((name) => name.startsWith('l:aspect'))).toBe(false);
  });
});
