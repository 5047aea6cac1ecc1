/**
 * The shipped classifier on one hand-written document of every kind, in layouts and countries the dev
 * corpus lacks (a rupiah till slip, an American SaaS invoice, an Indian GST invoice, a British letter, a
 * memo, a checklist filled in by hand and read by OCR, an Australian café's TAX INVOICE slip, an action request, an electricity bill, a British bank statement, an American invoice template, an
 * employment contract, a project's progress report, a German DIN letter, a Dutch letter, a French CV, a
 * README, a TeX package's manual, a conference abstract, a Chinese VAT invoice, a Japanese sales contract
 * and letter of thanks, a Chinese paper…).
 * Not a measure of accuracy: a guard that a retrained model still knows every class when it meets a
 * document that is plainly of that class.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentType } from '../shared/contract/schemas/documentTypes.js';
import { classifyPages } from './classifier.js';
import { MODEL_FILE_NAME } from './modelFile.js';
import { loadClassifierModel } from '../core/inference/modelStorage.js';
import { pagesFromText } from './testing/pagesFromText.js';

const modelPath = resolve(import.meta.dirname, '../../resources/models', MODEL_FILE_NAME);

// [type, text, read by OCR]
const DOCUMENTS: Array<[DocumentType, string, boolean]> = [
  [
    'receipt',
    'KOPI KENANGAN\nJl. Sudirman 12\nKopi Susu   1   18,000\nEs Teh      2   16,000\nTotal       34,000\nCash        50,000\nChange      16,000',
    true,
  ],
  [
    'receipt',
    "TRADER JOE'S\n2001 Market St\nSan Francisco, CA 94114\n(415) 555-0110\nBANANAS 0.19\nMILK 3.49\nSUBTOTAL $3.68\nTAX $0.00\nTOTAL $3.68\nVISA $3.68\n11/02/2023 14:22",
    true,
  ],
  [
    'receipt',
    'WALMART\nSave money. Live better.\n( 555 ) 555 - 5555\nST# 1234 OP# 00001 TE# 01 TR# 0001\nMILK 3.48 N\nBREAD 2.50 N\nSUBTOTAL 5.98\nTAX 1 7.000 % 0.42\nTOTAL 6.40\nCASH TEND 10.00\nCHANGE DUE 3.60\n10/14/22 09:12:33',
    true,
  ],
  [
    'receipt',
    'THE DAILY GRIND CAFE\nABN 51 824 753 556\nTAX INVOICE\n12/03/2024 08:41\nFlat White   4.50\nBanana Bread   5.00\nTOTAL   $9.50\nEFTPOS   $9.50\nIncludes GST $0.86\nThank you!',
    true,
  ],
  [
    'invoice',
    `Invoice\nInvoice number: 8F3A21-0007\nDate of issue: March 4, 2024\nDate due: April 3, 2024\n\nLinear Orbit, Inc.\n548 Market Street\nSan Francisco, California 94104\nbilling@linearorbit.com\n\nBill to\nJane Cooper\nAcme Robotics LLC\n\n$1,200.00 due April 3, 2024\n\nDescription Qty Unit price Amount\nPro plan 10 $100.00 $1,000.00\nSubtotal $1,000.00\nTax (20%) $200.00\nTotal $1,200.00\nAmount due $1,200.00`,
    false,
  ],
  [
    'invoice',
    `TAX INVOICE\nSHREE GANESH TRADERS\nGSTIN: 27AAPFU0939F1ZV\nInvoice No: GT/2023-24/118\nDate: 15-11-2023\nBuyer: Mahalaxmi Stores\nHSN 1006 Basmati Rice 50 kg 4,500.00\nTaxable Value 4,500.00\nCGST 2.5% 112.50\nSGST 2.5% 112.50\nTotal 4,725.00\nAmount in words: Rupees Four Thousand Seven Hundred Twenty Five Only`,
    false,
  ],
  [
    'invoice',
    'City Power & Light\nElectricity bill\nAccount number 5550123\nBilling period 01/04/2024 - 30/04/2024\nPrevious balance $80.00\nPayment received -$80.00\nCurrent charges $95.40\nAmount due $95.40\nDue date 20/05/2024\nPlease pay by direct debit.',
    false,
  ],
  [
    'bank_statement',
    'Barclays Bank UK PLC\nYour current account statement\nMr J Smith\n12 Rose Lane\nLeeds LS1 4AB\nSort code 20-00-00  Account number 12345678\n1 May - 31 May 2024\nDate Description Money out Money in Balance\n1 May Balance brought forward 1,203.44\n3 May Card payment TESCO STORES 45.20 1,158.24\n15 May Salary ACME LTD 2,100.00 3,258.24\n31 May Balance carried forward 3,258.24',
    false,
  ],
  [
    'letter',
    'Harbour Books Ltd\n12 Quay Street, Bristol\n\n3 March 2024\n\nAnna Rossi\n64 Rue de la Paix, 75002 Paris\n\nRe: Your order\n\nDear Anna,\n\nThank you for your letter of 12 February. We are sorry that the books arrived damaged and have sent replacements today.\n\nYours sincerely,\n\nTom Reed\nCustomer Services',
    false,
  ],
  [
    'report',
    'Annual Report 2023\n\nContents\nChairman’s statement ........ 2\nStrategic report ........ 4\nFinancial statements ........ 20\n\nChairman’s statement\nThe year was one of steady progress. Revenue rose by 8% to £120 million and operating profit by 12%. We continued to invest in our people and systems.\n\nOutlook\nWe expect market conditions to remain challenging in the coming year.',
    false,
  ],
  [
    'bank_statement',
    'Northern Savings Bank\nStatement of Account\nAccount holder: Jane Doe\nAccount number: 12345678\nStatement period: 1 March 2024 to 31 March 2024\nOpening balance 1,250.00\n02 Mar CARD PAYMENT TESCO -45.20 1,204.80\n05 Mar SALARY ACME LTD 2,300.00 3,504.80\nClosing balance 3,504.80',
    false,
  ],
  [
    'form',
    'APPLICATION FOR EMPLOYMENT\nPlease print clearly\nLast name: ______ First name: ______\nAddress: ______\nTelephone: ______\nPosition applied for: ______\nAre you legally eligible to work? [ ] Yes [ ] No\nSignature: ______ Date: ______\nFOR OFFICE USE ONLY',
    false,
  ],
  [
    'resume',
    'JOHN SMITH\nSoftware Engineer\njohn.smith@email.com | (555) 123-4567 | Seattle, WA\n\nEXPERIENCE\nSenior Software Engineer, Contoso Ltd, 2019 - Present\n- Built distributed systems in Go and Kubernetes\n\nEDUCATION\nB.S. Computer Science, University of Washington, 2015\n\nSKILLS\nGo, Python, Kubernetes, AWS',
    false,
  ],
  [
    'email',
    'From: Anna Schmidt <anna@example.org>\nTo: Tom Brown <tom@example.com>\nSubject: Lunch on Friday\nDate: Tue, 4 Jun 2024 10:15:00 +0200\n\nHi Tom,\n\nare we still on for lunch on Friday?\n\nAnna',
    false,
  ],
  [
    'scientific_paper',
    'Sparse Attention for Long Documents\nMaria Keller1, Tomás Ruiz2\n1 Department of Computer Science, University of Leeds\n2 Institute of Informatics, Universidad de Chile\n\nAbstract. We propose a sparse attention mechanism whose cost grows linearly with the length of the input. Experiments on three benchmarks show that it matches dense attention at a fraction of the memory.\n\n1 Introduction\nTransformers [1] have become the standard architecture for language modelling. However, their attention is quadratic in the sequence length [2, 3].',
    false,
  ],
  [
    'other',
    'Quick Start Guide\n\n1. Unpack the kettle and remove all packaging.\n2. Fill the kettle with water up to the MAX mark.\n3. Place it on the base and press the switch. The light turns on.\n\nWARNING: Do not immerse the base in water.\nCleaning: Descale the kettle every month with a mild descaler.\nThe guarantee does not cover damage caused by misuse.',
    false,
  ],
  [
    'letter',
    'MEMORANDUM\n\nTO: Regional sales managers\nFROM: Paul Grant, Director of Sales\nDATE: March 12, 2024\nSUBJECT: New price list\n\nThe new price list takes effect on April 1. Please make sure that your teams use it for every quote sent after that date, and return the old lists to this office.\n\nThank you for your help with the change.\n\nP.G.',
    false,
  ],
  [
    'form',
    'VEHICLE INSPECTION CHECKLIST\nVEHICLE NO\nKM 4 /2 1\nINSPECTED BY\nDATE . 3/4/19\nBrakes OK\nLights\nTyres OK\nWipers\nDEFECTS FOUND\nn 1 / rt\nSIGNATURE',
    true,
  ],
  [
    'form',
    'REQUEST FOR ACTION\nTO: Purchasing\nFROM: Plant Engineering\nDATE: 3/12/96\nACTION REQUESTED: Approval Information File\nDUE DATE\nREMARKS:\nRETURN TO: J. Miller EXT. 4471',
    true,
  ],
  [
    'contract',
    'NON-DISCLOSURE AGREEMENT\nThis Non-Disclosure Agreement is entered into as of January 5, 2024 by and between Alpha Labs, Inc., a Delaware corporation ("Discloser"), and Beta Works LLC ("Recipient").\n1. Confidential Information. Recipient shall hold in confidence all Confidential Information.\n2. Term. This Agreement shall remain in effect for two years.\n3. Governing Law. This Agreement shall be governed by the laws of the State of New York.\nIN WITNESS WHEREOF the parties have executed this Agreement.',
    false,
  ],
  [
    'invoice',
    'INVOICE\nDate: 11/22/2023\nInvoice #: 10482\nBill To: Riverside Dental Clinic\n450 Elm St, Springfield, IL 62701\nQTY DESCRIPTION UNIT PRICE LINE TOTAL\n10 Nitrile gloves, box of 100 $12.50 $125.00\n4 Disinfectant wipes, case $38.00 $152.00\nSUBTOTAL $277.00\nSALES TAX 6.25% $17.31\nTOTAL DUE $294.31\nMake all checks payable to MedSupply Direct LLC\nTHANK YOU FOR YOUR BUSINESS!',
    false,
  ],
  [
    'contract',
    "EMPLOYMENT CONTRACT\n\nEmployer: Nordic Design AB, Storgatan 10, Stockholm\nEmployee: Erik Lindqvist\n\n1. Position and start date\nThe Employee is employed as Senior Designer from 1 September 2023.\n2. Salary\nThe monthly salary is SEK 52,000, paid on the 25th of each month.\n3. Notice period\nEither party may terminate this contract with three months' notice.\n\nSigned in Stockholm on 15 August 2023.",
    false,
  ],
  [
    'report',
    'Quarterly Progress Report\nProject: Regional Broadband Expansion\nReporting period: 1 July – 30 September 2023\n\n1. Summary\nConstruction of the fibre backbone is 72% complete against a plan of 80%. Delays at two river crossings pushed segment C into the next quarter.\n\n2. Milestones\nSegment A backbone – complete\nSegment C backbone – delayed (permits)\n\n3. Risks and issues\nPermit approvals for river crossings remain the main risk.\n\n4. Next steps\nComplete segment C and begin customer connections.',
    false,
  ],
  [
    'letter',
    'Katrin Vogel · Ahornweg 7 · 04109 Leipzig\n\nStadtwerke Leipzig GmbH\nKundenservice\nAugustusplatz 1\n04109 Leipzig\n\nIhr Zeichen   Unser Zeichen   Datum\nKD-55120      KV            14.03.2024\n\nUmzug zum 1. Mai 2024\n\nSehr geehrte Damen und Herren,\n\nich ziehe zum 1. Mai 2024 in die Lindenstraße 22 um. Bitte übertragen Sie meinen Stromvertrag an die neue Anschrift und schicken Sie die Schlussrechnung für die alte Wohnung an meine neue Adresse.\n\nMit freundlichen Grüßen\n\nKatrin Vogel',
    false,
  ],
  [
    'letter',
    'Vereniging Dorpsbelang Ommen\nMarktstraat 3\n7731 DB Ommen\n\nMevrouw J. de Vries\nEikenlaan 18\n7731 GK Ommen\n\nOmmen, 2 april 2024\nOnderwerp: jaarvergadering\n\nGeachte mevrouw De Vries,\n\nGraag nodigen wij u uit voor de jaarvergadering op donderdag 18 april om 20.00 uur in het dorpshuis. De agenda en het jaarverslag vindt u in de bijlage.\n\nMet vriendelijke groet,\n\nH. Bakker\nsecretaris',
    false,
  ],
  [
    'resume',
    'Camille Lefèvre\n12, rue des Tanneurs\n67000 Strasbourg\nTél. 06 12 34 56 78\ncamille.lefevre@laposte.net\nNée le 3 mai 1994, nationalité française\n\nEXPÉRIENCE PROFESSIONNELLE\n2019 – aujourd’hui  Chargée de communication, Musée d’Art Moderne, Strasbourg\n2017 – 2019  Assistante marketing, Librairie Kléber\n\nFORMATION\n2017  Master Communication des organisations, Université de Strasbourg\n\nLANGUES\nAnglais : courant ; allemand : intermédiaire\n\nCENTRES D’INTÉRÊT\nPhotographie, escalade',
    false,
  ],
  [
    'other',
    '# csvkit-lite\n\nSmall command-line tools for cleaning CSV files.\n\n## Installation\n\n```\npip install csvkit-lite\n```\n\n## Usage\n\n```\ncsvclean --delimiter ";" input.csv > output.csv\n```\n\nBy default the first row is read as the header. Use `--no-header` when the file has none.\n\n## Options\n\n- `--delimiter`: the field separator (default: comma)\n- `--encoding`: the input encoding (default: utf-8)\n- `--quiet`: print nothing but errors\n\n## License\n\nMIT',
    false,
  ],
  [
    'other',
    'The marginnote package\nPeter Hansen\nVersion 2.1 — 2022/05/14\n\nAbstract\nThis package places notes in the margin without moving the text.\n\n1 Usage\nLoad it with \\usepackage[right]{marginnote}. The package options left and right choose the margin.\n\n2 Commands\n\\marginnote{⟨text⟩}[⟨offset⟩] puts the text in the margin; the optional argument moves it down.\n\\setnotefont{⟨font commands⟩} changes the font of every note.\nThe environment \\begin{notes} ... \\end{notes} collects several notes.\n\n3 Known issues\nNotes in floats are placed after the float.',
    false,
  ],
  [
    'scientific_paper',
    'European Congress of Clinical Microbiology, Copenhagen 2023\nPoster P-112\n\nRapid detection of carbapenemase producers in blood cultures\nLarsen K1, Meier T2, Novak P1\n1 Department of Clinical Microbiology, Aarhus University Hospital, Denmark\n2 Institute of Medical Microbiology, University of Zurich, Switzerland\n\nObjectives To compare a lateral-flow assay with PCR for carbapenemase detection directly from positive blood cultures.\nMethods 214 positive blood cultures were tested with both methods between 2020 and 2022.\nResults The assay detected 97% of the producers found by PCR, with no false positives, in 15 minutes.\nConclusions The assay is a reliable first test where PCR is not available around the clock.',
    false,
  ],
  [
    'invoice',
    '上海增值税电子普通发票\n发票代码：031002300111  发票号码：48213376\n开票日期：2023年11月08日  校验码：18273 44521 90876 11223\n机器编号：661616299871\n购买方 名称：上海明德教育咨询有限公司\n纳税人识别号：91310115MA1K4B2X7Q\n地址、电话：上海市徐汇区漕溪北路18号 021-64871234\n密码区 03*<9+6>>2/4-1<58+*7>9-8/\n项目名称 单位 数量 单价 金额 税率 税额\n*信息技术服务*软件维护费 项 1 1000.00 1000.00 6% 60.00\n合计 ¥1000.00 ¥60.00\n价税合计（大写）壹仟零陆拾圆整 （小写）¥1060.00\n销售方 名称：杭州数联软件有限公司\n纳税人识别号：91330106MA2H7C1P0L\n收款人：周敏 复核：吴静 开票人：郑浩',
    false,
  ],
  [
    'contract',
    '売買基本契約書\n株式会社北斗電機（以下「売主」という。）と株式会社青葉工業（以下「買主」という。）は、売主が買主に販売する製品の取引に関し、以下のとおり基本契約を締結する。\n第1条（適用範囲）\n本契約は、売主と買主との間で行われる製品の個別売買契約のすべてに適用される。\n第2条（個別契約の成立）\n個別契約は、買主が注文書を売主に交付し、売主がこれを承諾したときに成立する。\n第3条（検収）\n買主は、製品の受領後10日以内に検査を行い、合格したものを検収する。\n第4条（代金の支払）\n買主は、毎月末日締めで検収した製品の代金を、翌月末日までに売主の指定する口座に振り込む。\n第5条（契約期間）\n本契約の有効期間は、締結の日から1年間とし、期間満了の1か月前までに申出がない限り、同一条件で1年間更新される。\n以上、本契約の成立を証するため本書2通を作成し、各自記名押印の上、各1通を保有する。\n2024年6月1日\n売主 東京都港区芝5-7-1 株式会社北斗電機 代表取締役 山口 隆\n買主 埼玉県川口市本町4-1-8 株式会社青葉工業 代表取締役 森田 恵子',
    false,
  ],
  [
    'letter',
    '2024年7月10日\n株式会社丸山商会\n営業部長 丸山 浩一 様\n株式会社こだま食品\n代表取締役 小玉 真理\n拝啓 盛夏の候、貴社ますますご清栄のこととお慶び申し上げます。\nさて、先日はご多忙のところ弊社工場の見学にお越しいただき、誠にありがとうございました。\n皆様からいただいた貴重なご意見は、今後の品質改善に役立ててまいります。\n引き続きご愛顧を賜りますよう、よろしくお願い申し上げます。\nまずは略儀ながら書中にてお礼申し上げます。\n敬具',
    false,
  ],
  [
    'scientific_paper',
    '基于注意力机制的中文短文本分类方法\n陈晓东1，孙丽华2，马骏1\n(1. 南京大学 计算机科学与技术系，江苏 南京 210023；2. 东南大学 软件学院，江苏 南京 211189)\n摘 要：针对中文短文本特征稀疏、语义模糊的问题，提出一种融合字词特征与注意力机制的分类模型。该模型首先利用双向长短期记忆网络提取上下文特征，再通过注意力层为关键词赋予更高权重。在三个公开数据集上的实验结果表明，该方法的F1值较基线模型平均提升2.7个百分点。\n关键词：文本分类；注意力机制；深度学习；短文本\n中图分类号：TP391 文献标志码：A\n0 引言\n短文本分类是自然语言处理中的基础任务，广泛应用于舆情分析、新闻推荐等领域[1-3]。\n1 相关工作\n早期方法主要依赖人工特征与支持向量机[4]，近年来卷积神经网络[5]与预训练语言模型[6]取得了显著进展。\n参考文献：\n[1] 刘知远，孙茂松. 自然语言处理研究进展[J]. 中文信息学报，2020，34(1)：1-15.\n[2] Kim Y. Convolutional neural networks for sentence classification[C]//EMNLP. 2014: 1746-1751.',
    false,
  ],
];

describe.skipIf(!existsSync(modelPath))('the shipped classifier on plain documents of every kind', () => {
  it('names each of them right', async () => {
    const model = await loadClassifierModel(modelPath);
    const got = DOCUMENTS.map(([, text, ocr]) => classifyPages(model, pagesFromText(text, ocr ? 'ocr' : 'text')).type);
    expect(got).toEqual(DOCUMENTS.map(([type]) => type));
  });
});
