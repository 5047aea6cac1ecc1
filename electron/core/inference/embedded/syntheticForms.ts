/**
 * Synthetic forms, résumés and contracts. The dev corpus has each of these from one source only (one
 * forms dataset of scanned office forms, one résumé dataset, one contract dataset), so the model could
 * learn a source's habits instead of the kind of document, and nothing measured whether it did. These
 * templates write what every document of the kind has, in several house styles: a form's labelled blanks,
 * check boxes and office-use boxes; a résumé's section headings and dated positions; a contract's
 * preamble, recitals, numbered clauses and signature blocks. With them, `npm run train` can also leave
 * each real source out whole and see what the generated documents alone teach.
 */
import type { SyntheticDocument } from './syntheticDocuments.js';
import { CITIES, MONTHS, ORG_A, ORG_B, address, day, int, ocrNoise, org, person, pick, wrap, writeDate, type Random } from './syntheticParts.js';

const blank = (r: Random): string => pick(r, ['____________________', '__________', '.....................', '', '[            ]']);
const box = (r: Random): string => pick(r, ['☐', '[ ]', '□', 'O', '[X]', '☒']);

function labelled(r: Random, labels: readonly string[], n: number, fill: (label: string) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(r, labels);
    out.push(r() < 0.4 ? `${label}: ${blank(r)}` : `${label}: ${fill(label)}`);
  }
  return out;
}

const PERSON_LABELS = ['Name', 'Last name', 'First name', 'Date of birth', 'Address', 'City', 'Postal code', 'Telephone', 'E-mail', 'Nationality', 'Occupation', 'Employer', 'Signature', 'Date'];

function form(r: Random, variant: number): SyntheticDocument {
  const applicant = person(r);
  const fill = (label: string): string =>
    /name/i.test(label) ? applicant : /date/i.test(label) ? writeDate(r, day(r), 'en') : /address/i.test(label) ? address(r) : /telephone|phone|fax/i.test(label) ? `+${int(r, 1, 49)} ${int(r, 100, 999)} ${int(r, 100000, 999999)}` : /mail/i.test(label) ? `${applicant.split(' ')[0]?.toLowerCase()}@example.com` : pick(r, CITIES);
  let text: string[];
  if (variant === 0) {
    // Application or registration form.
    text = [
      `${pick(r, [org(r), 'City of ' + pick(r, CITIES), `${pick(r, ORG_A)} Sports Club`, 'Department of Motor Vehicles'])}`,
      pick(r, ['APPLICATION FORM', 'Membership Application', 'Registration Form', 'Application for Employment', 'Permit Application']),
      pick(r, ['Please print clearly in block capitals.', 'Complete all sections and return to the office.', 'Fields marked * are mandatory.']),
      '',
      `Section 1 - ${pick(r, ['Personal details', 'Applicant information', 'About you'])}`,
      ...labelled(r, PERSON_LABELS, int(r, 4, 9), fill),
      '',
      `Section 2 - ${pick(r, ['Membership type', 'Position applied for', 'Details of request'])}`,
      ...Array.from({ length: int(r, 2, 5) }, () => `${box(r)} ${pick(r, ['Full time', 'Part time', 'Student', 'Family', 'Senior', 'Annual', 'Monthly', 'New', 'Renewal', 'Change of details'])}`),
      `Have you applied before? ${box(r)} Yes ${box(r)} No`,
      '',
      'Declaration',
      wrap(pick(r, ['I declare that the information given in this form is true and complete.', 'I confirm that the details above are correct and I agree to the terms and conditions.', 'I understand that false statements may lead to the rejection of this application.']), 80),
      `Signature: ${blank(r)}   Date: ${blank(r)}`,
      '',
      pick(r, ['FOR OFFICE USE ONLY', 'Office use only', 'For official use']),
      `Received by: ${blank(r)}   Ref. no.: ${blank(r)}`,
    ];
  } else if (variant === 1) {
    // A government tax or benefits form with numbered boxes.
    text = [
      `Form ${pick(r, ['W-', 'P', 'SA', 'TR-', 'R'])}${int(r, 1, 99)}${pick(r, ['', 'A', '-EZ'])}`,
      pick(r, ['Request for Taxpayer Identification Number', 'Tax Return', 'Claim for Benefit', 'Change of Circumstances', 'Declaration of Income']),
      `${pick(r, ['Department of the Treasury', 'Revenue Service', 'Tax Office', 'Social Security Administration'])}   OMB No. ${int(r, 1000, 9999)}-${int(r, 1000, 9999)}`,
      '',
      ...Array.from({ length: int(r, 5, 10) }, (_, i) =>
        `${i + 1}${pick(r, ['', 'a', 'b'])} ${pick(r, ['Name (as shown on your income tax return)', 'Business name, if different from above', 'Address (number, street, and apt. or suite no.)', 'City, state, and ZIP code', 'Taxpayer identification number', 'Total income for the year', 'Deductions', 'Exemptions claimed', 'Account number(s) (optional)', 'Amount of tax withheld'])} ${r() < 0.5 ? blank(r) : int(r, 100, 99999)}`,
      ),
      `Check appropriate box: ${box(r)} Individual ${box(r)} Corporation ${box(r)} Partnership ${box(r)} Trust/estate`,
      '',
      'Part II Certification',
      wrap('Under penalties of perjury, I certify that the information on this form is true, correct and complete to the best of my knowledge.', 85),
      `Sign Here   Signature of person ${blank(r)}   Date ${blank(r)}`,
      `Cat. No. ${int(r, 10000, 99999)}X   Form ${int(r, 1, 99)} (Rev. ${int(r, 1, 12)}-${int(r, 2000, 2025)})`,
    ];
  } else if (variant === 2) {
    // Medical or insurance intake form with check boxes.
    text = [
      pick(r, ['PATIENT REGISTRATION FORM', 'New Patient Intake', 'Health Questionnaire', 'Insurance Claim Form', 'Incident Report Form']),
      `${pick(r, ORG_A)} ${pick(r, ['Medical Centre', 'Clinic', 'Insurance', 'Dental Practice'])}`,
      '',
      ...labelled(r, [...PERSON_LABELS, 'Policy number', 'Insurance provider', 'Emergency contact', 'Relationship', 'GP name'], int(r, 5, 10), fill),
      '',
      pick(r, ['Medical history (tick all that apply)', 'Please tick if you have ever had:', 'Nature of claim']),
      ...Array.from({ length: int(r, 3, 7) }, () => `${box(r)} ${pick(r, ['Diabetes', 'Asthma', 'Heart disease', 'High blood pressure', 'Allergies', 'Surgery', 'Theft', 'Accidental damage', 'Water damage', 'Other (please specify)'])}`),
      `Are you currently taking any medication? ${box(r)} Yes ${box(r)} No   If yes, please list: ${blank(r)}`,
      '',
      `Patient / claimant signature ${blank(r)}   Date ${blank(r)}`,
    ];
  } else if (variant === 3) {
    // Internal request form, fax cover sheet or routing slip.
    const fax = r() < 0.5;
    text = fax
      ? [
          pick(r, ['FAX COVER SHEET', 'FACSIMILE TRANSMITTAL', 'Fax Transmission']),
          `${org(r)}`,
          `TO: ${person(r)}`,
          `COMPANY: ${org(r)}`,
          `FAX NO.: ${int(r, 100, 999)}-${int(r, 100, 999)}-${int(r, 1000, 9999)}`,
          `FROM: ${person(r)}`,
          `DATE: ${writeDate(r, day(r), 'us')}`,
          `PAGES (including cover): ${int(r, 1, 12)}`,
          `RE: ${pick(r, ['Test results', 'Purchase order', 'Contract draft', 'Meeting agenda', 'Sample request'])}`,
          `${box(r)} Urgent ${box(r)} For review ${box(r)} Please comment ${box(r)} Please reply`,
          'COMMENTS:',
          pick(r, ['Please call if you do not receive all pages.', 'See attached.', '']),
          wrap('The information contained in this facsimile is confidential and intended only for the addressee.', 80),
        ]
      : [
          pick(r, ['PURCHASE REQUISITION', 'CHANGE REQUEST FORM', 'EXPENSE CLAIM FORM', 'LEAVE REQUEST', 'WORK ORDER REQUEST', 'SAMPLE REQUEST FORM']),
          `Requested by: ${person(r)}   Department: ${pick(r, ['Finance', 'R&D', 'Marketing', 'Operations', 'IT'])}`,
          `Date of request: ${writeDate(r, day(r), 'en')}   Cost centre: ${int(r, 1000, 9999)}`,
          `Priority: ${box(r)} Low ${box(r)} Medium ${box(r)} High`,
          'Description:',
          pick(r, ['Replacement of laboratory equipment', 'Change to product specification', 'Travel to client site', 'Annual leave', 'Repair of air conditioning']),
          `Reason / justification: ${blank(r)}`,
          `Approved by: ${blank(r)}   Date: ${blank(r)}`,
          `Authorised signature ${blank(r)}`,
        ];
  } else {
    // Survey or evaluation questionnaire.
    text = [
      pick(r, ['CUSTOMER SATISFACTION SURVEY', 'Course Evaluation Form', 'Employee Survey', 'Product Feedback Questionnaire', 'Questionnaire']),
      pick(r, ['Please rate each statement from 1 (strongly disagree) to 5 (strongly agree).', 'Circle the answer that best describes your experience.', 'Your answers are anonymous.']),
      '',
      ...Array.from({ length: int(r, 4, 9) }, (_, i) => `${i + 1}. ${pick(r, ['The staff were helpful.', 'The product met my expectations.', 'The course content was relevant.', 'I would recommend this service.', 'Instructions were clear.', 'How often do you use the product?', 'Overall, how satisfied are you?'])}   ${r() < 0.5 ? '1   2   3   4   5' : `${box(r)} Never ${box(r)} Sometimes ${box(r)} Often`}`),
      '',
      `Comments: ${blank(r)}`,
      `Age group: ${box(r)} under 25 ${box(r)} 25-44 ${box(r)} 45-64 ${box(r)} 65+`,
      'Thank you for completing this form.',
    ];
  }
  const joined = text.join('\n');
  // Many forms arrive as scans: some are passed through OCR-like noise and marked as OCR.
  const scanned = r() < 0.4;
  return { label: 'form', source: `synthetic:form_${['application', 'tax', 'intake', 'request', 'survey'][variant]}`, text: scanned ? ocrNoise(r, joined, 0.005 + r() * 0.03) : joined, ...(scanned ? { ocr: true } : {}), fields: {} };
}

const TITLES = ['Software Engineer', 'Project Manager', 'Sales Executive', 'Data Analyst', 'Accountant', 'Nurse', 'Mechanical Engineer', 'Teacher', 'Marketing Manager', 'Customer Service Representative', 'Research Assistant', 'Office Administrator'];
const DEGREES = ['Bachelor of Science in Computer Science', 'B.Tech in Electronics', 'Master of Business Administration', 'BA in Economics', 'MSc Mechanical Engineering', 'Diploma in Nursing', 'PhD in Chemistry', 'B.Com'];
const SKILLS = ['Python', 'Java', 'SQL', 'Excel', 'Project management', 'Communication', 'Leadership', 'SAP', 'AutoCAD', 'Salesforce', 'Teamwork', 'Negotiation', 'Machine learning', 'Customer service', 'Budgeting'];
const DUTIES = [
  'Led a team of five engineers delivering the company’s customer portal.',
  'Managed accounts payable and month-end closing for three entities.',
  'Increased regional sales by 18% through new key-account planning.',
  'Designed and maintained reporting dashboards for senior management.',
  'Provided patient care in a busy surgical ward.',
  'Coordinated suppliers, schedules and budgets for construction projects.',
  'Handled customer enquiries by phone, e-mail and chat.',
  'Taught mathematics to classes of thirty students aged 11 to 16.',
  'Developed REST services and automated test suites.',
  'Prepared grant applications and analysed survey data.',
];

function resume(r: Random, variant: number): SyntheticDocument {
  const name = person(r);
  const jobs = Array.from({ length: int(r, 1, 4) }, () => {
    const from = int(r, 2000, 2022);
    return { title: pick(r, TITLES), company: `${pick(r, ORG_A)} ${pick(r, ORG_B)}`, from, to: r() < 0.3 ? 'Present' : String(from + int(r, 1, 5)) };
  });
  const contact = [`${name.split(' ')[0]?.toLowerCase()}.${name.split(' ')[1]?.toLowerCase()}@${pick(r, ['gmail.com', 'outlook.com', 'example.com'])}`, `+${int(r, 1, 91)} ${int(r, 100, 999)} ${int(r, 100000, 9999999)}`, `${pick(r, CITIES)}`];
  const heading = (h: string): string => (variant === 0 ? h.toUpperCase() : h);
  let text: string[];
  if (variant === 0 || variant === 1) {
    text = [
      variant === 0 ? name.toUpperCase() : name,
      r() < 0.6 ? pick(r, TITLES) : '',
      contact.join(r() < 0.5 ? ' | ' : '\n'),
      '',
      heading(pick(r, ['Summary', 'Profile', 'Professional Summary', 'Career Objective', 'Objective'])),
      wrap(`${pick(r, ['Experienced', 'Motivated', 'Detail-oriented', 'Results-driven'])} ${pick(r, TITLES).toLowerCase()} with ${int(r, 2, 20)} years of experience in ${pick(r, ['finance', 'software development', 'healthcare', 'retail', 'education', 'manufacturing'])}. ${pick(r, ['Seeking a challenging position in a growing organisation.', 'Strong analytical and communication skills.', 'Proven record of delivering projects on time.'])}`, int(r, 70, 95)),
      '',
      heading(pick(r, ['Work Experience', 'Experience', 'Professional Experience', 'Employment History'])),
      ...jobs.flatMap((j) => [`${j.title}`, `${j.company}, ${pick(r, CITIES)}   ${pick(r, MONTHS).slice(0, 3)} ${j.from} - ${j.to}`, ...Array.from({ length: int(r, 1, 3) }, () => `${pick(r, ['•', '-', '*', '❖'])} ${pick(r, DUTIES)}`), '']),
      heading(pick(r, ['Education', 'Education and Training', 'Academic Qualifications'])),
      `${pick(r, DEGREES)}`,
      `${pick(r, ['University of ', 'Institute of Technology, ', 'College of '])}${pick(r, CITIES)}   ${int(r, 1995, 2022)}`,
      '',
      heading(pick(r, ['Skills', 'Technical Skills', 'Key Skills', 'Core Competencies'])),
      Array.from({ length: int(r, 3, 8) }, () => pick(r, SKILLS)).join(', '),
      ...(r() < 0.5 ? ['', heading(pick(r, ['Languages', 'Certifications', 'References'])), pick(r, ['English (fluent), German (intermediate)', 'PMP, ITIL Foundation', 'Available on request'])] : []),
    ];
  } else {
    // European CV / academic CV.
    text = [
      pick(r, ['Curriculum Vitae', 'CURRICULUM VITAE', 'Europass Curriculum Vitae', 'CV']),
      '',
      'Personal information',
      `Name: ${name}`,
      `Address: ${address(r)}`,
      `Telephone: ${contact[1]}`,
      `E-mail: ${contact[0]}`,
      `Date of birth: ${writeDate(r, day(r), 'en')}`,
      '',
      'Work experience',
      ...jobs.flatMap((j) => [`${j.from} – ${j.to}   ${j.title}`, `${j.company}`, pick(r, DUTIES), '']),
      'Education and training',
      `${int(r, 1990, 2020)}   ${pick(r, DEGREES)}, ${pick(r, ['University of ', 'Technical University of '])}${pick(r, CITIES)}`,
      '',
      pick(r, ['Publications', 'Personal skills', 'Languages']),
      pick(r, [`${person(r)}, ${name}. ${pick(r, ['A survey of', 'Results on', 'Notes on'])} ${pick(r, ['sparse models', 'water quality', 'learning analytics'])}. Journal of ${pick(r, ['Science', 'Education', 'Engineering'])}, ${int(r, 2000, 2024)}.`, 'Mother tongue: Spanish. Other languages: English C1, French B2.', 'Driving licence: B']),
      ...(r() < 0.5 ? ['', 'Digital skills', Array.from({ length: int(r, 2, 6) }, () => pick(r, SKILLS)).join(', ')] : []),
    ];
  }
  return { label: 'resume', source: `synthetic:resume_${['caps', 'plain', 'cv'][variant]}`, text: text.join('\n'), fields: { name } };
}

const CLAUSES = [
  'This Agreement shall commence on the Effective Date and continue for a period of {n} years unless terminated earlier in accordance with Section {s}.',
  'Either Party may terminate this Agreement upon {d} days’ written notice if the other Party materially breaches any provision hereof and fails to cure such breach.',
  'Each Party shall keep confidential all Confidential Information received from the other Party and shall not disclose it to any third party without prior written consent.',
  'This Agreement shall be governed by and construed in accordance with the laws of {law}, without regard to its conflict of laws principles.',
  'Neither Party may assign this Agreement without the prior written consent of the other Party, which shall not be unreasonably withheld.',
  'The Company shall pay the fees set forth in Exhibit A within {d} days of receipt of a proper invoice.',
  'IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT, INCIDENTAL OR CONSEQUENTIAL DAMAGES ARISING OUT OF THIS AGREEMENT.',
  'All notices under this Agreement shall be in writing and delivered by hand, courier or registered mail to the addresses set forth above.',
  'This Agreement constitutes the entire agreement between the Parties and supersedes all prior agreements and understandings, whether written or oral.',
  'The Tenant shall pay the monthly rent in advance on the first day of each month and shall keep the Premises in good repair.',
  'The Employee shall devote his or her full working time to the business of the Employer and shall receive an annual base salary of {amount}.',
  'The Licensee shall not sublicense, modify or reverse engineer the Licensed Software except as expressly permitted herein.',
];
const LAWS = ['the State of New York', 'the State of Delaware', 'England and Wales', 'the State of California', 'Germany', 'the Province of Ontario', 'Singapore'];

function contract(r: Random, variant: number): SyntheticDocument {
  const a = org(r);
  const b = r() < 0.3 ? person(r) : org(r);
  const kind = pick(r, [
    ['SERVICES AGREEMENT', 'Company', 'Service Provider'],
    ['NON-DISCLOSURE AGREEMENT', 'Disclosing Party', 'Recipient'],
    ['LEASE AGREEMENT', 'Landlord', 'Tenant'],
    ['EMPLOYMENT AGREEMENT', 'Employer', 'Employee'],
    ['SOFTWARE LICENSE AGREEMENT', 'Licensor', 'Licensee'],
    ['DISTRIBUTION AGREEMENT', 'Supplier', 'Distributor'],
  ] as const);
  const [title, roleA, roleB] = kind;
  const when = day(r);
  const clause = (): string =>
    pick(r, CLAUSES)
      .replace('{n}', String(int(r, 1, 5)))
      .replace('{s}', `${int(r, 2, 14)}.${int(r, 1, 5)}`)
      .replace(/\{d\}/g, String(pick(r, [10, 15, 30, 45, 60, 90])))
      .replace('{law}', pick(r, LAWS))
      .replace('{amount}', `${pick(r, ['$', '€', '£'])}${int(r, 30, 200)},000`);
  const preamble =
    variant === 0
      ? `This ${title[0]}${title.slice(1).toLowerCase()} (the “Agreement”) is entered into as of ${writeDate(r, when, 'us')} (the “Effective Date”) by and between ${a}, a ${pick(r, ['Delaware', 'Nevada', 'California', 'New York'])} corporation (“${roleA}”), and ${b}${/\s(?:Ltd|GmbH|Inc\.|LLC|S\.A\.|B\.V\.|AG|plc)$/.test(b) ? `, a ${pick(r, ['Texas', 'Florida', 'Washington'])} limited liability company` : `, an individual residing at ${address(r)}`} (“${roleB}”).`
      : `THIS AGREEMENT is made on ${writeDate(r, when, 'en')} BETWEEN: (1) ${a} whose registered office is at ${address(r)} (the "${roleA}"); and (2) ${b} of ${address(r)} (the "${roleB}").`;
  const sections = Array.from({ length: int(r, 4, 9) }, (_, i) => [`${i + 1}. ${pick(r, ['Definitions', 'Term', 'Services', 'Payment', 'Confidentiality', 'Termination', 'Governing Law', 'Assignment', 'Notices', 'Limitation of Liability', 'Entire Agreement'])}`, wrap(Array.from({ length: int(r, 1, 3) }, clause).join(' '), int(r, 80, 100))]).flat();
  const text = [
    ...(r() < 0.3 ? [`Exhibit 10.${int(r, 1, 40)}`] : []),
    title,
    '',
    wrap(preamble, int(r, 80, 100)),
    '',
    variant === 0 ? 'RECITALS' : 'BACKGROUND',
    wrap(`WHEREAS, ${roleA} ${pick(r, ['wishes to engage', 'owns certain premises and wishes to lease them to', 'has developed certain software and wishes to license it to', 'wishes to employ'])} ${roleB}; and WHEREAS, ${roleB} is willing to ${pick(r, ['provide such services', 'accept such terms', 'enter into this Agreement'])} on the terms set out below.`, 90),
    'NOW, THEREFORE, in consideration of the mutual covenants contained herein, the Parties agree as follows:',
    '',
    ...sections,
    '',
    'IN WITNESS WHEREOF, the Parties have executed this Agreement as of the date first written above.',
    '',
    `${a.toUpperCase()}`,
    `By: ${blank(r)}`,
    `Name: ${person(r)}`,
    `Title: ${pick(r, ['Chief Executive Officer', 'President', 'Director', 'General Counsel'])}`,
    '',
    `${b.toUpperCase()}`,
    `By: ${blank(r)}`,
    `Name: ${r() < 0.5 ? person(r) : b}`,
  ];
  return { label: 'contract', source: `synthetic:contract_${['us', 'uk'][variant]}`, text: text.join('\n'), fields: { parties: [a, b] } };
}

/** The templates, as [generator, variants] for syntheticDocuments.ts's list. */
export const FORM_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [form, 5],
  [resume, 3],
  [contract, 2],
];
