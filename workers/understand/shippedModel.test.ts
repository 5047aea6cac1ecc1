/**
 * The shipped classifier on one hand-written document of every kind, in layouts and countries the dev
 * corpus lacks (a rupiah till slip, an American SaaS invoice, an Indian GST invoice, a British letter, a
 * memo, a checklist filled in by hand and read by OCR, an Australian café's TAX INVOICE slip, an action request, an electricity bill, a British bank statement, an American invoice template, an
 * employment contract, a project's progress report, a German DIN letter, a Dutch letter, a French CV…).
 * Not a measure of accuracy: a guard that a retrained model still knows every class when it meets a
 * document that is plainly of that class.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentType } from '../../electron/shared/contract/schemas/documentTypes.js';
import { classifyPages } from './classifier.js';
import { loadClassifierModel, MODEL_FILE_NAME } from './modelFile.js';
import { pagesFromText } from './pagesFromText.js';

const modelPath = resolve(import.meta.dirname, '../../resources/models', MODEL_FILE_NAME);

// [type, text, read by OCR]
const DOCUMENTS: Array<[DocumentType, string, boolean]> = [
  ['receipt', 'KOPI KENANGAN\nJl. Sudirman 12\nKopi Susu   1   18,000\nEs Teh      2   16,000\nTotal       34,000\nCash        50,000\nChange      16,000', true],
  ['receipt', "TRADER JOE'S\n2001 Market St\nSan Francisco, CA 94114\n(415) 555-0110\nBANANAS 0.19\nMILK 3.49\nSUBTOTAL $3.68\nTAX $0.00\nTOTAL $3.68\nVISA $3.68\n11/02/2023 14:22", true],
  ['receipt', 'WALMART\nSave money. Live better.\n( 555 ) 555 - 5555\nST# 1234 OP# 00001 TE# 01 TR# 0001\nMILK 3.48 N\nBREAD 2.50 N\nSUBTOTAL 5.98\nTAX 1 7.000 % 0.42\nTOTAL 6.40\nCASH TEND 10.00\nCHANGE DUE 3.60\n10/14/22 09:12:33', true],
  ['receipt', 'THE DAILY GRIND CAFE\nABN 51 824 753 556\nTAX INVOICE\n12/03/2024 08:41\nFlat White   4.50\nBanana Bread   5.00\nTOTAL   $9.50\nEFTPOS   $9.50\nIncludes GST $0.86\nThank you!', true],
  ['invoice', `Invoice\nInvoice number: 8F3A21-0007\nDate of issue: March 4, 2024\nDate due: April 3, 2024\n\nLinear Orbit, Inc.\n548 Market Street\nSan Francisco, California 94104\nbilling@linearorbit.com\n\nBill to\nJane Cooper\nAcme Robotics LLC\n\n$1,200.00 due April 3, 2024\n\nDescription Qty Unit price Amount\nPro plan 10 $100.00 $1,000.00\nSubtotal $1,000.00\nTax (20%) $200.00\nTotal $1,200.00\nAmount due $1,200.00`, false],
  ['invoice', `TAX INVOICE\nSHREE GANESH TRADERS\nGSTIN: 27AAPFU0939F1ZV\nInvoice No: GT/2023-24/118\nDate: 15-11-2023\nBuyer: Mahalaxmi Stores\nHSN 1006 Basmati Rice 50 kg 4,500.00\nTaxable Value 4,500.00\nCGST 2.5% 112.50\nSGST 2.5% 112.50\nTotal 4,725.00\nAmount in words: Rupees Four Thousand Seven Hundred Twenty Five Only`, false],
  ['invoice', 'City Power & Light\nElectricity bill\nAccount number 5550123\nBilling period 01/04/2024 - 30/04/2024\nPrevious balance $80.00\nPayment received -$80.00\nCurrent charges $95.40\nAmount due $95.40\nDue date 20/05/2024\nPlease pay by direct debit.', false],
  ['bank_statement', "Barclays Bank UK PLC\nYour current account statement\nMr J Smith\n12 Rose Lane\nLeeds LS1 4AB\nSort code 20-00-00  Account number 12345678\n1 May - 31 May 2024\nDate Description Money out Money in Balance\n1 May Balance brought forward 1,203.44\n3 May Card payment TESCO STORES 45.20 1,158.24\n15 May Salary ACME LTD 2,100.00 3,258.24\n31 May Balance carried forward 3,258.24", false],
  ['letter', 'Harbour Books Ltd\n12 Quay Street, Bristol\n\n3 March 2024\n\nAnna Rossi\n64 Rue de la Paix, 75002 Paris\n\nRe: Your order\n\nDear Anna,\n\nThank you for your letter of 12 February. We are sorry that the books arrived damaged and have sent replacements today.\n\nYours sincerely,\n\nTom Reed\nCustomer Services', false],
  ['report', 'Annual Report 2023\n\nContents\nChairman’s statement ........ 2\nStrategic report ........ 4\nFinancial statements ........ 20\n\nChairman’s statement\nThe year was one of steady progress. Revenue rose by 8% to £120 million and operating profit by 12%. We continued to invest in our people and systems.\n\nOutlook\nWe expect market conditions to remain challenging in the coming year.', false],
  ['bank_statement', 'Northern Savings Bank\nStatement of Account\nAccount holder: Jane Doe\nAccount number: 12345678\nStatement period: 1 March 2024 to 31 March 2024\nOpening balance 1,250.00\n02 Mar CARD PAYMENT TESCO -45.20 1,204.80\n05 Mar SALARY ACME LTD 2,300.00 3,504.80\nClosing balance 3,504.80', false],
  ['form', 'APPLICATION FOR EMPLOYMENT\nPlease print clearly\nLast name: ______ First name: ______\nAddress: ______\nTelephone: ______\nPosition applied for: ______\nAre you legally eligible to work? [ ] Yes [ ] No\nSignature: ______ Date: ______\nFOR OFFICE USE ONLY', false],
  ['resume', 'JOHN SMITH\nSoftware Engineer\njohn.smith@email.com | (555) 123-4567 | Seattle, WA\n\nEXPERIENCE\nSenior Software Engineer, Contoso Ltd, 2019 - Present\n- Built distributed systems in Go and Kubernetes\n\nEDUCATION\nB.S. Computer Science, University of Washington, 2015\n\nSKILLS\nGo, Python, Kubernetes, AWS', false],
  ['email', 'From: Anna Schmidt <anna@example.org>\nTo: Tom Brown <tom@example.com>\nSubject: Lunch on Friday\nDate: Tue, 4 Jun 2024 10:15:00 +0200\n\nHi Tom,\n\nare we still on for lunch on Friday?\n\nAnna', false],
  ['scientific_paper', 'Sparse Attention for Long Documents\nMaria Keller1, Tomás Ruiz2\n1 Department of Computer Science, University of Leeds\n2 Institute of Informatics, Universidad de Chile\n\nAbstract. We propose a sparse attention mechanism whose cost grows linearly with the length of the input. Experiments on three benchmarks show that it matches dense attention at a fraction of the memory.\n\n1 Introduction\nTransformers [1] have become the standard architecture for language modelling. However, their attention is quadratic in the sequence length [2, 3].', false],
  ['other', 'Quick Start Guide\n\n1. Unpack the kettle and remove all packaging.\n2. Fill the kettle with water up to the MAX mark.\n3. Place it on the base and press the switch. The light turns on.\n\nWARNING: Do not immerse the base in water.\nCleaning: Descale the kettle every month with a mild descaler.\nThe guarantee does not cover damage caused by misuse.', false],
  ['letter', 'MEMORANDUM\n\nTO: Regional sales managers\nFROM: Paul Grant, Director of Sales\nDATE: March 12, 2024\nSUBJECT: New price list\n\nThe new price list takes effect on April 1. Please make sure that your teams use it for every quote sent after that date, and return the old lists to this office.\n\nThank you for your help with the change.\n\nP.G.', false],
  ['form', 'VEHICLE INSPECTION CHECKLIST\nVEHICLE NO\nKM 4 /2 1\nINSPECTED BY\nDATE . 3/4/19\nBrakes OK\nLights\nTyres OK\nWipers\nDEFECTS FOUND\nn 1 / rt\nSIGNATURE', true],
  ['form', 'REQUEST FOR ACTION\nTO: Purchasing\nFROM: Plant Engineering\nDATE: 3/12/96\nACTION REQUESTED: Approval Information File\nDUE DATE\nREMARKS:\nRETURN TO: J. Miller EXT. 4471', true],
  ['contract', 'NON-DISCLOSURE AGREEMENT\nThis Non-Disclosure Agreement is entered into as of January 5, 2024 by and between Alpha Labs, Inc., a Delaware corporation ("Discloser"), and Beta Works LLC ("Recipient").\n1. Confidential Information. Recipient shall hold in confidence all Confidential Information.\n2. Term. This Agreement shall remain in effect for two years.\n3. Governing Law. This Agreement shall be governed by the laws of the State of New York.\nIN WITNESS WHEREOF the parties have executed this Agreement.', false],
  ['invoice', 'INVOICE\nDate: 11/22/2023\nInvoice #: 10482\nBill To: Riverside Dental Clinic\n450 Elm St, Springfield, IL 62701\nQTY DESCRIPTION UNIT PRICE LINE TOTAL\n10 Nitrile gloves, box of 100 $12.50 $125.00\n4 Disinfectant wipes, case $38.00 $152.00\nSUBTOTAL $277.00\nSALES TAX 6.25% $17.31\nTOTAL DUE $294.31\nMake all checks payable to MedSupply Direct LLC\nTHANK YOU FOR YOUR BUSINESS!', false],
  ['contract', "EMPLOYMENT CONTRACT\n\nEmployer: Nordic Design AB, Storgatan 10, Stockholm\nEmployee: Erik Lindqvist\n\n1. Position and start date\nThe Employee is employed as Senior Designer from 1 September 2023.\n2. Salary\nThe monthly salary is SEK 52,000, paid on the 25th of each month.\n3. Notice period\nEither party may terminate this contract with three months' notice.\n\nSigned in Stockholm on 15 August 2023.", false],
  ['report', 'Quarterly Progress Report\nProject: Regional Broadband Expansion\nReporting period: 1 July – 30 September 2023\n\n1. Summary\nConstruction of the fibre backbone is 72% complete against a plan of 80%. Delays at two river crossings pushed segment C into the next quarter.\n\n2. Milestones\nSegment A backbone – complete\nSegment C backbone – delayed (permits)\n\n3. Risks and issues\nPermit approvals for river crossings remain the main risk.\n\n4. Next steps\nComplete segment C and begin customer connections.', false],
  ['letter', 'Katrin Vogel · Ahornweg 7 · 04109 Leipzig\n\nStadtwerke Leipzig GmbH\nKundenservice\nAugustusplatz 1\n04109 Leipzig\n\nIhr Zeichen   Unser Zeichen   Datum\nKD-55120      KV            14.03.2024\n\nUmzug zum 1. Mai 2024\n\nSehr geehrte Damen und Herren,\n\nich ziehe zum 1. Mai 2024 in die Lindenstraße 22 um. Bitte übertragen Sie meinen Stromvertrag an die neue Anschrift und schicken Sie die Schlussrechnung für die alte Wohnung an meine neue Adresse.\n\nMit freundlichen Grüßen\n\nKatrin Vogel', false],
  ['letter', 'Vereniging Dorpsbelang Ommen\nMarktstraat 3\n7731 DB Ommen\n\nMevrouw J. de Vries\nEikenlaan 18\n7731 GK Ommen\n\nOmmen, 2 april 2024\nOnderwerp: jaarvergadering\n\nGeachte mevrouw De Vries,\n\nGraag nodigen wij u uit voor de jaarvergadering op donderdag 18 april om 20.00 uur in het dorpshuis. De agenda en het jaarverslag vindt u in de bijlage.\n\nMet vriendelijke groet,\n\nH. Bakker\nsecretaris', false],
  ['resume', 'Camille Lefèvre\n12, rue des Tanneurs\n67000 Strasbourg\nTél. 06 12 34 56 78\ncamille.lefevre@laposte.net\nNée le 3 mai 1994, nationalité française\n\nEXPÉRIENCE PROFESSIONNELLE\n2019 – aujourd’hui  Chargée de communication, Musée d’Art Moderne, Strasbourg\n2017 – 2019  Assistante marketing, Librairie Kléber\n\nFORMATION\n2017  Master Communication des organisations, Université de Strasbourg\n\nLANGUES\nAnglais : courant ; allemand : intermédiaire\n\nCENTRES D’INTÉRÊT\nPhotographie, escalade', false],
];

describe.skipIf(!existsSync(modelPath))('the shipped classifier on plain documents of every kind', () => {
  it('names each of them right', async () => {
    const model = await loadClassifierModel(modelPath);
    const got = DOCUMENTS.map(([, text, ocr]) => classifyPages(model, pagesFromText(text, ocr ? 'ocr' : 'text')).type);
    expect(got).toEqual(DOCUMENTS.map(([type]) => type));
  });
});
