/**
 * Synthetic forms, résumés and contracts. The dev corpus has each of these from one source only (one
 * forms dataset of scanned office forms, one résumé dataset, one contract dataset), so the model could
 * learn a source's habits instead of the kind of document, and nothing measured whether it did. These
 * templates write what every document of the kind has, in several house styles: a form's labelled blanks,
 * check boxes and office-use boxes; a résumé's section headings and dated positions; a contract's
 * preamble, recitals, numbered clauses and signature blocks. With them, `npm run train` can also leave
 * each real source out whole and see what the generated documents alone teach.
 */
import {
  CITIES,
  LAST,
  MONTHS,
  ORG_A,
  ORG_B,
  address,
  day,
  int,
  ocrNoise,
  org,
  person,
  pick,
  wrap,
  writeDate,
  type Random,
  type SyntheticDocument,
} from './syntheticParts.js';

const blank = (r: Random): string =>
  pick(r, ['____________________', '__________', '.....................', '', '[            ]']);
const box = (r: Random): string => pick(r, ['☐', '[ ]', '□', 'O', '[X]', '☒']);

function labelled(r: Random, labels: readonly string[], n: number, fill: (label: string) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(r, labels);
    out.push(r() < 0.4 ? `${label}: ${blank(r)}` : `${label}: ${fill(label)}`);
  }
  return out;
}

const PERSON_LABELS = [
  'Name',
  'Last name',
  'First name',
  'Date of birth',
  'Address',
  'City',
  'Postal code',
  'Telephone',
  'E-mail',
  'Nationality',
  'Occupation',
  'Employer',
  'Signature',
  'Date',
];

function form(r: Random, variant: number): SyntheticDocument {
  const joined = formText(r, variant);
  // Many forms arrive as scans: some are passed through OCR-like noise and marked as OCR.
  const scanned = r() < 0.4;
  return {
    label: 'form',
    source: `synthetic:form_${FORM_KINDS[variant]}`,
    text: scanned ? ocrNoise(r, joined, 0.005 + r() * 0.03) : joined,
    ...(scanned ? { ocr: true } : {}),
    fields: {},
  };
}

const FORM_KINDS = ['application', 'tax', 'intake', 'request', 'survey', 'memo', 'datasheet', 'approval'];

function formText(r: Random, variant: number): string {
  if (variant >= 5) return officeFormText(r, variant);
  const applicant = person(r);
  const fill = (label: string): string =>
    /name/i.test(label)
      ? applicant
      : /date/i.test(label)
        ? writeDate(r, day(r), 'en')
        : /address/i.test(label)
          ? address(r)
          : /telephone|phone|fax/i.test(label)
            ? `+${int(r, 1, 49)} ${int(r, 100, 999)} ${int(r, 100000, 999999)}`
            : /mail/i.test(label)
              ? `${applicant.split(' ')[0]?.toLowerCase()}@example.com`
              : pick(r, CITIES);
  let text: string[];
  if (variant === 0) {
    // Application or registration form.
    text = [
      `${pick(r, [org(r), 'City of ' + pick(r, CITIES), `${pick(r, ORG_A)} Sports Club`, 'Department of Motor Vehicles'])}`,
      pick(r, [
        'APPLICATION FORM',
        'Membership Application',
        'Registration Form',
        'Application for Employment',
        'Permit Application',
      ]),
      pick(r, [
        'Please print clearly in block capitals.',
        'Complete all sections and return to the office.',
        'Fields marked * are mandatory.',
      ]),
      '',
      `Section 1 - ${pick(r, ['Personal details', 'Applicant information', 'About you'])}`,
      ...labelled(r, PERSON_LABELS, int(r, 4, 9), fill),
      '',
      `Section 2 - ${pick(r, ['Membership type', 'Position applied for', 'Details of request'])}`,
      ...Array.from(
        { length: int(r, 2, 5) },
        () =>
          `${box(r)} ${pick(r, ['Full time', 'Part time', 'Student', 'Family', 'Senior', 'Annual', 'Monthly', 'New', 'Renewal', 'Change of details'])}`,
      ),
      `Have you applied before? ${box(r)} Yes ${box(r)} No`,
      '',
      'Declaration',
      wrap(
        pick(r, [
          'I declare that the information given in this form is true and complete.',
          'I confirm that the details above are correct and I agree to the terms and conditions.',
          'I understand that false statements may lead to the rejection of this application.',
        ]),
        80,
      ),
      `Signature: ${blank(r)}   Date: ${blank(r)}`,
      '',
      pick(r, ['FOR OFFICE USE ONLY', 'Office use only', 'For official use']),
      `Received by: ${blank(r)}   Ref. no.: ${blank(r)}`,
    ];
  } else if (variant === 1) {
    // A government tax or benefits form with numbered boxes.
    text = [
      `Form ${pick(r, ['W-', 'P', 'SA', 'TR-', 'R'])}${int(r, 1, 99)}${pick(r, ['', 'A', '-EZ'])}`,
      pick(r, [
        'Request for Taxpayer Identification Number',
        'Tax Return',
        'Claim for Benefit',
        'Change of Circumstances',
        'Declaration of Income',
      ]),
      `${pick(r, ['Department of the Treasury', 'Revenue Service', 'Tax Office', 'Social Security Administration'])}   OMB No. ${int(r, 1000, 9999)}-${int(r, 1000, 9999)}`,
      '',
      ...Array.from(
        { length: int(r, 5, 10) },
        (_, i) =>
          `${i + 1}${pick(r, ['', 'a', 'b'])} ${pick(r, ['Name (as shown on your income tax return)', 'Business name, if different from above', 'Address (number, street, and apt. or suite no.)', 'City, state, and ZIP code', 'Taxpayer identification number', 'Total income for the year', 'Deductions', 'Exemptions claimed', 'Account number(s) (optional)', 'Amount of tax withheld'])} ${r() < 0.5 ? blank(r) : int(r, 100, 99999)}`,
      ),
      `Check appropriate box: ${box(r)} Individual ${box(r)} Corporation ${box(r)} Partnership ${box(r)} Trust/estate`,
      '',
      'Part II Certification',
      wrap(
        'Under penalties of perjury, I certify that the information on this form is true, correct and complete to the best of my knowledge.',
        85,
      ),
      `Sign Here   Signature of person ${blank(r)}   Date ${blank(r)}`,
      `Cat. No. ${int(r, 10000, 99999)}X   Form ${int(r, 1, 99)} (Rev. ${int(r, 1, 12)}-${int(r, 2000, 2025)})`,
    ];
  } else if (variant === 2) {
    // Medical or insurance intake form with check boxes.
    text = [
      pick(r, [
        'PATIENT REGISTRATION FORM',
        'New Patient Intake',
        'Health Questionnaire',
        'Insurance Claim Form',
        'Incident Report Form',
      ]),
      `${pick(r, ORG_A)} ${pick(r, ['Medical Centre', 'Clinic', 'Insurance', 'Dental Practice'])}`,
      '',
      ...labelled(
        r,
        [...PERSON_LABELS, 'Policy number', 'Insurance provider', 'Emergency contact', 'Relationship', 'GP name'],
        int(r, 5, 10),
        fill,
      ),
      '',
      pick(r, ['Medical history (tick all that apply)', 'Please tick if you have ever had:', 'Nature of claim']),
      ...Array.from(
        { length: int(r, 3, 7) },
        () =>
          `${box(r)} ${pick(r, ['Diabetes', 'Asthma', 'Heart disease', 'High blood pressure', 'Allergies', 'Surgery', 'Theft', 'Accidental damage', 'Water damage', 'Other (please specify)'])}`,
      ),
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
          pick(r, [
            'PURCHASE REQUISITION',
            'CHANGE REQUEST FORM',
            'EXPENSE CLAIM FORM',
            'LEAVE REQUEST',
            'WORK ORDER REQUEST',
            'SAMPLE REQUEST FORM',
          ]),
          `Requested by: ${person(r)}   Department: ${pick(r, ['Finance', 'R&D', 'Marketing', 'Operations', 'IT'])}`,
          `Date of request: ${writeDate(r, day(r), 'en')}   Cost centre: ${int(r, 1000, 9999)}`,
          `Priority: ${box(r)} Low ${box(r)} Medium ${box(r)} High`,
          'Description:',
          pick(r, [
            'Replacement of laboratory equipment',
            'Change to product specification',
            'Travel to client site',
            'Annual leave',
            'Repair of air conditioning',
          ]),
          `Reason / justification: ${blank(r)}`,
          `Approved by: ${blank(r)}   Date: ${blank(r)}`,
          `Authorised signature ${blank(r)}`,
        ];
  } else {
    // Survey or evaluation questionnaire.
    text = [
      pick(r, [
        'CUSTOMER SATISFACTION SURVEY',
        'Course Evaluation Form',
        'Employee Survey',
        'Product Feedback Questionnaire',
        'Questionnaire',
      ]),
      pick(r, [
        'Please rate each statement from 1 (strongly disagree) to 5 (strongly agree).',
        'Circle the answer that best describes your experience.',
        'Your answers are anonymous.',
      ]),
      '',
      ...Array.from(
        { length: int(r, 4, 9) },
        (_, i) =>
          `${i + 1}. ${pick(r, ['The staff were helpful.', 'The product met my expectations.', 'The course content was relevant.', 'I would recommend this service.', 'Instructions were clear.', 'How often do you use the product?', 'Overall, how satisfied are you?'])}   ${r() < 0.5 ? '1   2   3   4   5' : `${box(r)} Never ${box(r)} Sometimes ${box(r)} Often`}`,
      ),
      '',
      `Comments: ${blank(r)}`,
      `Age group: ${box(r)} under 25 ${box(r)} 25-44 ${box(r)} 45-64 ${box(r)} 65+`,
      'Thank you for completing this form.',
    ];
  }
  return text.join('\n');
}

/**
 * Office forms filled in and filed: a routing memo, a test data sheet, an approval form. Like the
 * forms above they are labels with values and boxes, but of a company's own paper, not a public one.
 */
function officeFormText(r: Random, variant: number): string {
  const date = (): string => writeDate(r, day(r), 'us');
  const maybe = (value: string): string => (r() < 0.3 ? blank(r) : value);
  if (variant === 5) {
    return [
      pick(r, [
        'INTEROFFICE ROUTING SLIP',
        'TRANSMITTAL FORM',
        'ROUTING AND ACTION FORM',
        'DOCUMENT ROUTING SHEET',
        'ACTION REQUEST FORM',
      ]),
      `TO: ${person(r)}`,
      `FROM: ${person(r)}`,
      `DATE: ${date()}`,
      `SUBJECT: ${pick(r, ['Product test results', 'Budget revision', 'Sample shipment', 'Program review', 'Equipment request', 'Vendor evaluation'])}`,
      `CC: ${r() < 0.5 ? person(r) : blank(r)}`,
      `ACTION REQUESTED: ${box(r)} Approval ${box(r)} Information ${box(r)} Comment ${box(r)} File`,
      `DUE DATE: ${maybe(date())}`,
      'REMARKS:',
      pick(r, ['Attached for your review.', 'Please return by the due date.', 'Copies to all departments listed.', '']),
      `RETURN TO: ${person(r)}   EXT. ${int(r, 100, 9999)}`,
    ].join('\n');
  }
  if (variant === 6) {
    const rows = Array.from(
      { length: int(r, 3, 9) },
      (_, i) =>
        `${i + 1}   ${(r() * 20).toFixed(1)}   ${(r() * 5).toFixed(2)}   ${pick(r, ['OK', 'PASS', 'FAIL', 'N/A', ''])}`,
    );
    return [
      pick(r, [
        'TEST DATA SHEET',
        'INSPECTION REPORT FORM',
        'QUALITY CONTROL CHECK SHEET',
        'LABORATORY ANALYSIS REQUEST',
        'SAMPLE DATA RECORD',
      ]),
      `Project No.: ${int(r, 100, 9999)}   Sample ID: ${pick(r, ['A', 'B', 'QC', 'LAB'])}-${int(r, 10, 999)}`,
      `Product / Material: ${pick(r, ['Filter paper', 'Adhesive', 'Packaging film', 'Coating', 'Resin', 'Printed carton'])}`,
      `Date received: ${date()}   Date tested: ${maybe(date())}`,
      `Test method: ${pick(r, ['ASTM D', 'ISO ', 'SOP-', 'TM-'])}${int(r, 10, 9999)}`,
      `Requested by: ${person(r)}   Dept.: ${pick(r, ['R&D', 'QA', 'Production', 'Purchasing'])}`,
      pick(r, [
        'No.   Value   Deviation   Result',
        'Sample   Reading   Tolerance   Pass/Fail',
        'Run   Weight (g)   Moisture (%)   Remarks',
      ]),
      ...rows,
      `Conclusion: ${pick(r, ['Within specification', 'Out of specification - retest', 'See comments', blank(r)])}`,
      `Tested by: ${maybe(person(r))}   Checked by: ${blank(r)}   Approved: ${blank(r)}`,
    ].join('\n');
  }
  return [
    pick(r, [
      'PROGRAM APPROVAL FORM',
      'BUDGET AUTHORIZATION REQUEST',
      'CAPITAL EXPENDITURE REQUEST',
      'NEW VENDOR SET-UP FORM',
      'PROMOTION REQUEST FORM',
      'CHECK REQUEST',
    ]),
    `Program / Project name: ${pick(r, ['Spring promotion', 'Plant upgrade', 'Trade show', 'Retail display', 'Field sales kit'])}`,
    `Requested by: ${person(r)}   Date: ${date()}`,
    `Region: ${pick(r, ['North', 'South', 'East', 'West', 'National'])}   Account / Cost centre: ${int(r, 1000, 99999)}`,
    `Estimated cost: ${maybe(`$${int(r, 100, 90000).toLocaleString('en-US')}`)}   Budget code: ${int(r, 100, 999)}-${int(r, 10, 99)}`,
    `Start date: ${maybe(date())}   End date: ${maybe(date())}`,
    'Description / objectives:',
    pick(r, [
      'Support retail distribution in the region',
      'Replace obsolete equipment',
      'Introduce new packaging',
      'Evaluate consumer response',
    ]),
    `${box(r)} New ${box(r)} Revised ${box(r)} Cancelled`,
    'APPROVALS',
    `Department head ${blank(r)} Date ${blank(r)}`,
    `Finance ${blank(r)} Date ${blank(r)}`,
    `Vice President ${blank(r)} Date ${blank(r)}`,
  ].join('\n');
}

const SCRAWL_WORDS = new Set([
  'ai',
  'am',
  'an',
  'as',
  'at',
  'co',
  'cm',
  'es',
  'in',
  'is',
  'it',
  'km',
  'mm',
  'no',
  'on',
  'or',
  'so',
  'to',
  'us',
  'we',
  'ok',
  'tv',
  'uk',
  'eu',
  'un',
  'car',
  'cat',
  'man',
  'men',
  'new',
  'not',
  'now',
  'our',
  'out',
  'sea',
  'set',
  'sun',
  'ten',
  'use',
  'was',
  'win',
  'yes',
  'you',
  'own',
  'one',
  'key',
  'lot',
  'low',
  'net',
  'tax',
]);

/**
 * A filled-in paper form as OCR reads a scan of it. Rules, underlines, dot leaders and empty boxes
 * print as nothing or as a stray glyph; handwriting reads as short garbage; a label and its value in
 * two columns come out on separate lines; colons are lost. Clean generated forms taught "underscores
 * and boxes mean form", which no scanned form keeps (of 149 scanned forms in the dev set, 1 % show
 * underscores or boxes after OCR, against 95 % of the generated ones), and left alone the model sent
 * scanned forms of an unseen source to `receipt`, the other OCR-read class.
 */
function paperForm(r: Random, variant: number): SyntheticDocument {
  // Handwriting as OCR reads it: short runs of letters and digits. Runs that are words or common
  // abbreviations are redrawn, or they would become vocabulary that says `form` ("ai", "us").
  const glyphs = (): string => {
    for (;;) {
      const run = Array.from({ length: int(r, 1, 4) }, () => pick(r, [...'aeioulrtnsmcwkxyz0123456789'])).join('');
      if (!SCRAWL_WORDS.has(run)) return run;
    }
  };
  const scrawl = (): string => Array.from({ length: int(r, 1, 3) }, glyphs).join(' ');
  const out: string[] = [];
  for (const raw of formText(r, variant).split('\n')) {
    let line = raw.replace(/_{3,}|\.{5,}|\[\s*\]|\[X\]|[☐☒□]/g, () =>
      r() < 0.8 ? '' : pick(r, ['|', 'O', '0', 'C', '[]', 'Ol']),
    );
    const kv = /^([^:]{2,40}):\s*(.*)$/u.exec(line);
    if (kv) {
      let [, label = '', value = ''] = kv;
      if (r() < 0.4) label = label.toUpperCase();
      const roll = r();
      if (roll < 0.3) value = scrawl();
      else if (roll < 0.45) value = '';
      const colon = r() < 0.6 ? ':' : pick(r, ['', '.', ' .', ';']);
      if (value && r() < 0.3) {
        out.push(`${label}${colon}`);
        line = value;
      } else line = `${label}${colon} ${value}`;
    }
    if (line.trim()) out.push(line.replace(/\s{2,}/g, r() < 0.5 ? ' ' : '  ').trim());
    if (r() < 0.08) out.push(scrawl());
  }
  return {
    label: 'form',
    source: `synthetic:form_paper_${FORM_KINDS[variant]}`,
    text: ocrNoise(r, out.join('\n'), 0.01 + r() * 0.04),
    ocr: true,
    fields: {},
  };
}

const TITLES = [
  'Software Engineer',
  'Project Manager',
  'Sales Executive',
  'Data Analyst',
  'Accountant',
  'Nurse',
  'Mechanical Engineer',
  'Teacher',
  'Marketing Manager',
  'Customer Service Representative',
  'Research Assistant',
  'Office Administrator',
];
const DEGREES = [
  'Bachelor of Science in Computer Science',
  'B.Tech in Electronics',
  'Master of Business Administration',
  'BA in Economics',
  'MSc Mechanical Engineering',
  'Diploma in Nursing',
  'PhD in Chemistry',
  'B.Com',
];
const SKILLS = [
  'Python',
  'Java',
  'SQL',
  'Excel',
  'Project management',
  'Communication',
  'Leadership',
  'SAP',
  'AutoCAD',
  'Salesforce',
  'Teamwork',
  'Negotiation',
  'Machine learning',
  'Customer service',
  'Budgeting',
];
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
    return {
      title: pick(r, TITLES),
      company: `${pick(r, ORG_A)} ${pick(r, ORG_B)}`,
      from,
      to: r() < 0.3 ? 'Present' : String(from + int(r, 1, 5)),
    };
  });
  const contact = [
    `${name.split(' ')[0]?.toLowerCase()}.${name.split(' ')[1]?.toLowerCase()}@${pick(r, ['gmail.com', 'outlook.com', 'example.com'])}`,
    `+${int(r, 1, 91)} ${int(r, 100, 999)} ${int(r, 100000, 9999999)}`,
    `${pick(r, CITIES)}`,
  ];
  const heading = (h: string): string => (variant === 0 ? h.toUpperCase() : h);
  let text: string[];
  if (variant === 0 || variant === 1) {
    text = [
      variant === 0 ? name.toUpperCase() : name,
      r() < 0.6 ? pick(r, TITLES) : '',
      contact.join(r() < 0.5 ? ' | ' : '\n'),
      '',
      heading(pick(r, ['Summary', 'Profile', 'Professional Summary', 'Career Objective', 'Objective'])),
      wrap(
        `${pick(r, ['Experienced', 'Motivated', 'Detail-oriented', 'Results-driven'])} ${pick(r, TITLES).toLowerCase()} with ${int(r, 2, 20)} years of experience in ${pick(r, ['finance', 'software development', 'healthcare', 'retail', 'education', 'manufacturing'])}. ${pick(r, ['Seeking a challenging position in a growing organisation.', 'Strong analytical and communication skills.', 'Proven record of delivering projects on time.'])}`,
        int(r, 70, 95),
      ),
      '',
      heading(pick(r, ['Work Experience', 'Experience', 'Professional Experience', 'Employment History'])),
      ...jobs.flatMap((j) => [
        `${j.title}`,
        `${j.company}, ${pick(r, CITIES)}   ${pick(r, MONTHS).slice(0, 3)} ${j.from} - ${j.to}`,
        ...Array.from({ length: int(r, 1, 3) }, () => `${pick(r, ['•', '-', '*', '❖'])} ${pick(r, DUTIES)}`),
        '',
      ]),
      heading(pick(r, ['Education', 'Education and Training', 'Academic Qualifications'])),
      `${pick(r, DEGREES)}`,
      `${pick(r, ['University of ', 'Institute of Technology, ', 'College of '])}${pick(r, CITIES)}   ${int(r, 1995, 2022)}`,
      '',
      heading(pick(r, ['Skills', 'Technical Skills', 'Key Skills', 'Core Competencies'])),
      Array.from({ length: int(r, 3, 8) }, () => pick(r, SKILLS)).join(', '),
      ...(r() < 0.5
        ? [
            '',
            heading(pick(r, ['Languages', 'Certifications', 'References'])),
            pick(r, ['English (fluent), German (intermediate)', 'PMP, ITIL Foundation', 'Available on request']),
          ]
        : []),
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
      pick(r, [
        `${person(r)}, ${name}. ${pick(r, ['A survey of', 'Results on', 'Notes on'])} ${pick(r, ['sparse models', 'water quality', 'learning analytics'])}. Journal of ${pick(r, ['Science', 'Education', 'Engineering'])}, ${int(r, 2000, 2024)}.`,
        'Mother tongue: Spanish. Other languages: English C1, French B2.',
        'Driving licence: B',
      ]),
      ...(r() < 0.5
        ? ['', 'Digital skills', Array.from({ length: int(r, 2, 6) }, () => pick(r, SKILLS)).join(', ')]
        : []),
    ];
  }
  return {
    label: 'resume',
    source: `synthetic:resume_${['caps', 'plain', 'cv'][variant]}`,
    text: text.join('\n'),
    fields: { name },
  };
}

/**
 * Résumés in three more house styles: a South Asian biodata (personal details, declaration, place and
 * date, which also make it look like a form), a graduate's one-page résumé built on projects, and an
 * academic CV. Without them a résumé from a source left out of training sat at 0.2–0.4 between résumé,
 * form and `other`.
 */
function resumeMore(r: Random, variant: number): SyntheticDocument {
  const name = person(r);
  const email = `${name.split(' ')[0]?.toLowerCase()}${int(r, 1, 99)}@${pick(r, ['gmail.com', 'yahoo.com', 'outlook.com'])}`;
  const phone = `${pick(r, ['+91 ', '+1 ', '+44 ', '0'])}${int(r, 70000, 99999)} ${int(r, 10000, 99999)}`;
  const year = int(r, 2005, 2023);
  const H = (h: string): string => (r() < 0.5 ? h.toUpperCase() : h);
  const projects = Array.from(
    { length: int(r, 1, 3) },
    () =>
      `${pick(r, ['•', '-', '➢', '*'])} ${pick(r, ['Online library management system', 'Inventory tracking application', 'Sentiment analysis of product reviews', 'Design of a solar water heater', 'Payroll automation in Excel', 'College event website'])} (${pick(r, ['Java', 'Python', 'PHP and MySQL', 'MATLAB', 'React'])})`,
  );
  let text: string[];
  if (variant === 0) {
    text = [
      pick(r, ['RESUME', 'Resume', 'CURRICULUM VITAE', 'BIO-DATA']),
      name.toUpperCase(),
      `Mobile: ${phone}`,
      `Email: ${email}`,
      '',
      H('Career Objective'),
      wrap(
        pick(r, [
          'To work in an organisation where I can use my skills for the growth of the organisation and myself.',
          'Seeking a position that offers challenges and opportunities to learn and contribute.',
          'To build a career in a dynamic environment with a committed and dedicated team.',
        ]),
        int(r, 70, 95),
      ),
      '',
      H('Academic Qualification'),
      'Qualification   Board/University   Year   Percentage',
      `${pick(r, ['B.E.', 'B.Tech', 'B.Sc', 'BCA', 'MBA', 'M.Com'])}   ${`University of ${pick(r, CITIES)}`}   ${year}   ${int(r, 55, 92)}%`,
      `HSC   State Board   ${year - 4}   ${int(r, 55, 95)}%`,
      `SSC   State Board   ${year - 6}   ${int(r, 55, 95)}%`,
      '',
      H('Technical Skills'),
      `${pick(r, ['Languages', 'Software', 'Tools'])}: ${Array.from({ length: int(r, 2, 5) }, () => pick(r, SKILLS)).join(', ')}`,
      '',
      H(pick(r, ['Projects', 'Academic Projects'])),
      ...projects,
      '',
      H(pick(r, ['Strengths', 'Hobbies', 'Extra-Curricular Activities'])),
      pick(r, [
        'Quick learner, hard working, positive attitude',
        'Playing cricket, reading books, listening to music',
        'Volunteer at the college blood donation camp',
      ]),
      '',
      H('Personal Details'),
      `Father's Name: ${person(r)}`,
      `Date of Birth: ${writeDate(r, day(r), 'en')}`,
      `Gender: ${pick(r, ['Male', 'Female'])}`,
      `Marital Status: ${pick(r, ['Single', 'Married', 'Unmarried'])}`,
      `Languages Known: ${pick(r, ['English, Hindi', 'English, French', 'English, German, Spanish', 'English, Arabic', 'English, Portuguese'])}`,
      `Nationality: ${pick(r, ['Indian', 'British', 'Kenyan', 'Filipino', 'Egyptian'])}`,
      '',
      H('Declaration'),
      'I hereby declare that the above information is true to the best of my knowledge and belief.',
      `Place: ${pick(r, CITIES)}`,
      'Date:',
      `(${name.toUpperCase()})`,
    ];
  } else if (variant === 1) {
    text = [
      name,
      `${pick(r, CITIES)} · ${phone} · ${email} · linkedin.com/in/${name.split(' ')[0]?.toLowerCase()}`,
      '',
      H('Education'),
      `${pick(r, ['University of ', 'State University of ', 'College of '])}${pick(r, CITIES)} ${pick(r, ['Expected', 'Graduated'])} ${pick(r, MONTHS)} ${year}`,
      `${pick(r, DEGREES)}; GPA ${(2.8 + r() * 1.2).toFixed(2)}`,
      `Relevant coursework: ${pick(r, ['Data Structures, Databases, Operating Systems', 'Financial Accounting, Statistics, Marketing', 'Thermodynamics, Fluid Mechanics, CAD'])}`,
      '',
      H('Projects'),
      ...projects,
      '',
      H(pick(r, ['Experience', 'Internships', 'Work History'])),
      `${pick(r, ['Intern', 'Teaching Assistant', 'Student Assistant', 'Sales Associate'])}, ${pick(r, ORG_A)} ${pick(r, ORG_B)} ${pick(r, MONTHS).slice(0, 3)} ${year - 1} – ${pick(r, MONTHS).slice(0, 3)} ${year}`,
      `- ${pick(r, DUTIES)}`,
      `- ${pick(r, DUTIES)}`,
      '',
      H(pick(r, ['Activities', 'Leadership', 'Awards'])),
      pick(r, ["Dean's List (4 semesters)", 'President, Robotics Club', 'Volunteer tutor, community centre']),
      '',
      H('Skills'),
      Array.from({ length: int(r, 3, 7) }, () => pick(r, SKILLS)).join(' · '),
      ...(r() < 0.5 ? ['References available upon request.'] : []),
    ];
  } else {
    text = [
      name,
      pick(r, ['Curriculum Vitae', 'Academic CV']),
      `Department of ${pick(r, ['Physics', 'History', 'Biology', 'Economics', 'Computer Science'])}, University of ${pick(r, CITIES)}`,
      email,
      '',
      H('Research Interests'),
      pick(r, [
        'Statistical learning, causal inference',
        'Early modern trade networks',
        'Plant genetics and crop resilience',
        'Labour markets and migration',
      ]),
      '',
      H('Academic Positions'),
      `${year} – present   ${pick(r, ['Lecturer', 'Assistant Professor', 'Postdoctoral Researcher'])}, University of ${pick(r, CITIES)}`,
      `${year - 3} – ${year}   ${pick(r, ['Research Fellow', 'Postdoctoral Researcher'])}, ${pick(r, ['Institute of ', 'University of '])}${pick(r, CITIES)}`,
      '',
      H('Education'),
      `${year - 4}   PhD, ${pick(r, ['Physics', 'History', 'Biology', 'Economics'])}, University of ${pick(r, CITIES)}`,
      `${year - 9}   ${pick(r, ['BSc', 'BA', 'MSc'])}, University of ${pick(r, CITIES)}`,
      '',
      H('Publications'),
      ...Array.from(
        { length: int(r, 2, 5) },
        (_, i) =>
          `${i + 1}. ${name.split(' ')[1]}, ${name[0]}. and ${pick(r, LAST)}, ${pick(r, ['A.', 'J.', 'M.'])} (${year - i}). ${pick(r, ['On the estimation of', 'New evidence on', 'A model of'])} ${pick(r, ['trade flows', 'gene expression', 'wage dynamics', 'galaxy clusters'])}. ${pick(r, ['Journal of', 'Review of', 'Annals of'])} ${pick(r, ['Economics', 'Biology', 'Physics', 'History'])}, ${int(r, 1, 80)}, ${int(r, 1, 400)}–${int(r, 401, 900)}.`,
      ),
      '',
      H(pick(r, ['Grants and Awards', 'Teaching'])),
      pick(r, [
        `${year - 1}   Early career research grant`,
        'Introductory statistics (undergraduate), 2 semesters',
        'Best paper award, annual conference',
      ]),
      '',
      H('Service'),
      pick(r, ['Referee for several journals', 'Member of the departmental ethics committee']),
    ];
  }
  return {
    label: 'resume',
    source: `synthetic:resume_${['biodata', 'graduate', 'academic'][variant]}`,
    text: text.join('\n'),
    fields: { name },
  };
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
const LAWS = [
  'the State of New York',
  'the State of Delaware',
  'England and Wales',
  'the State of California',
  'Germany',
  'the Province of Ontario',
  'Singapore',
];

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
  const sections = Array.from({ length: int(r, 4, 9) }, (_, i) => [
    `${i + 1}. ${pick(r, ['Definitions', 'Term', 'Services', 'Payment', 'Confidentiality', 'Termination', 'Governing Law', 'Assignment', 'Notices', 'Limitation of Liability', 'Entire Agreement'])}`,
    wrap(Array.from({ length: int(r, 1, 3) }, clause).join(' '), int(r, 80, 100)),
  ]).flat();
  const text = [
    ...(r() < 0.3 ? [`Exhibit 10.${int(r, 1, 40)}`] : []),
    title,
    '',
    wrap(preamble, int(r, 80, 100)),
    '',
    variant === 0 ? 'RECITALS' : 'BACKGROUND',
    wrap(
      `WHEREAS, ${roleA} ${pick(r, ['wishes to engage', 'owns certain premises and wishes to lease them to', 'has developed certain software and wishes to license it to', 'wishes to employ'])} ${roleB}; and WHEREAS, ${roleB} is willing to ${pick(r, ['provide such services', 'accept such terms', 'enter into this Agreement'])} on the terms set out below.`,
      90,
    ),
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
  return {
    label: 'contract',
    source: `synthetic:contract_${['us', 'uk'][variant]}`,
    text: text.join('\n'),
    fields: { parties: [a, b] },
  };
}

const DEFINED_TERMS = [
  'Affiliate',
  'Confidential Information',
  'Effective Date',
  'Intellectual Property',
  'Licensed Product',
  'Net Sales',
  'Territory',
  'Term',
  'Third Party',
  'Change of Control',
  'Business Day',
  'Specifications',
];
const ARTICLES = [
  'DEFINITIONS',
  'GRANT OF RIGHTS',
  'DEVELOPMENT AND COMMERCIALIZATION',
  'SUPPLY AND MANUFACTURE',
  'PAYMENTS',
  'INTELLECTUAL PROPERTY',
  'CONFIDENTIALITY',
  'REPRESENTATIONS AND WARRANTIES',
  'INDEMNIFICATION',
  'TERM AND TERMINATION',
  'DISPUTE RESOLUTION',
  'MISCELLANEOUS',
];

/**
 * Contracts as filed with a regulator: a long agreement in articles with a table of contents, defined
 * terms and redactions; an amendment; a short letter agreement. The two templates above taught a
 * one-page contract, and a left-out source's long agreements went to `report` (they have a contents
 * page) or `form` (their signature blocks).
 */
function contractMore(r: Random, variant: number): SyntheticDocument {
  const a = org(r);
  const b = org(r);
  const [roleA, roleB] = pick(r, [
    ['Licensor', 'Licensee'],
    ['Company', 'Partner'],
    ['Supplier', 'Purchaser'],
    ['Seller', 'Buyer'],
    ['Client', 'Consultant'],
  ] as const);
  const kind = pick(r, [
    'LICENSE AGREEMENT',
    'COLLABORATION AGREEMENT',
    'SUPPLY AGREEMENT',
    'ASSET PURCHASE AGREEMENT',
    'CONSULTING AGREEMENT',
    'MASTER SERVICES AGREEMENT',
    'JOINT VENTURE AGREEMENT',
  ]);
  const when = day(r);
  const redact = (): string => (r() < 0.3 ? ' [***]' : '');
  const signature = (party: string): string[] => [
    party,
    `By: ${r() < 0.5 ? '/s/ ' + person(r) : blank(r)}`,
    `Name: ${person(r)}`,
    `Title: ${pick(r, ['Chief Executive Officer', 'President', 'Chief Financial Officer', 'Vice President'])}`,
    '',
  ];
  let text: string[];
  if (variant === 0) {
    const articles = Array.from(
      { length: int(r, 6, 11) },
      (_, i) => [i + 1, ARTICLES[i % ARTICLES.length] as string] as const,
    );
    text = [
      `Exhibit 10.${int(r, 1, 40)}`,
      ...(r() < 0.5
        ? [
            'CONFIDENTIAL TREATMENT REQUESTED',
            'Certain portions of this exhibit have been omitted and filed separately. Omitted portions are marked [***].',
          ]
        : []),
      kind,
      'between',
      a.toUpperCase(),
      'and',
      b.toUpperCase(),
      `Dated as of ${writeDate(r, when, 'us')}`,
      '\f',
      'TABLE OF CONTENTS',
      ...articles.map(([n, h]) => `ARTICLE ${n}   ${h} ${'. '.repeat(int(r, 5, 20))}${n * 3 - 2}`),
      `EXHIBIT A   ${pick(r, ['Specifications', 'Fees', 'Territory', 'Development Plan'])}`,
      '\f',
      wrap(
        `This ${kind.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase())} (this “Agreement”) is made and entered into as of ${writeDate(r, when, 'us')} (the “Effective Date”) by and between ${a} (“${roleA}”) and ${b} (“${roleB}”). ${roleA} and ${roleB} are each referred to herein as a “Party” and together as the “Parties.”`,
        int(r, 80, 100),
      ),
      ...articles.flatMap(([n, h]) => [
        '',
        `ARTICLE ${n}`,
        h,
        ...Array.from({ length: int(r, 2, 4) }, (_, j) =>
          n === 1
            ? wrap(
                `${n}.${j + 1} “${pick(r, DEFINED_TERMS)}” means ${pick(r, ['any entity that controls, is controlled by or is under common control with a Party', 'all information disclosed by one Party to the other in connection with this Agreement', 'the gross amounts invoiced for the sale of Licensed Products less permitted deductions', 'the countries listed in Exhibit A'])}.`,
                int(r, 80, 100),
              )
            : wrap(
                `${n}.${j + 1} ${pick(r, CLAUSES)
                  .replace('{n}', String(int(r, 1, 5)))
                  .replace('{s}', `${int(r, 2, 14)}.${int(r, 1, 5)}`)
                  .replace(/\{d\}/g, String(pick(r, [30, 60, 90])))
                  .replace('{law}', pick(r, LAWS))
                  .replace('{amount}', `$${int(r, 30, 900)},000`)}${redact()}`,
                int(r, 80, 100),
              ),
        ),
        ...(r() < 0.3 ? ['\f'] : []),
      ]),
      '',
      wrap(
        'IN WITNESS WHEREOF, the Parties have caused this Agreement to be executed by their duly authorized representatives as of the Effective Date.',
        90,
      ),
      '',
      ...signature(a.toUpperCase()),
      ...signature(b.toUpperCase()),
    ];
  } else if (variant === 1) {
    const original = writeDate(r, day(r), 'us');
    text = [
      `AMENDMENT NO. ${int(r, 1, 4)} TO ${kind}`,
      '',
      wrap(
        `This Amendment No. ${int(r, 1, 4)} (this “Amendment”) is entered into as of ${writeDate(r, when, 'us')} by and between ${a} (“${roleA}”) and ${b} (“${roleB}”), and amends the ${kind.toLowerCase()} between the Parties dated ${original} (the “Agreement”). Capitalized terms used but not defined herein have the meanings given in the Agreement.`,
        int(r, 80, 100),
      ),
      '',
      wrap(
        'NOW, THEREFORE, for good and valuable consideration, the receipt and sufficiency of which are hereby acknowledged, the Parties agree as follows:',
        90,
      ),
      ...Array.from({ length: int(r, 2, 5) }, (_, i) =>
        wrap(
          `${i + 1}. Section ${int(r, 2, 14)}.${int(r, 1, 9)} of the Agreement is hereby ${pick(r, ['deleted in its entirety and replaced with the following', 'amended by replacing', 'amended to extend the Term until'])} ${pick(r, [writeDate(r, day(r), 'us'), '“[***]”', 'the text set out in Schedule 1'])}.`,
          int(r, 80, 100),
        ),
      ),
      wrap(
        'Except as expressly amended hereby, the Agreement remains in full force and effect. This Amendment may be executed in counterparts.',
        90,
      ),
      '',
      ...signature(a),
      ...signature(b),
    ];
  } else {
    text = [
      a,
      address(r),
      '',
      writeDate(r, when, 'us'),
      '',
      b,
      address(r),
      '',
      `Re: ${pick(r, ['Letter Agreement', 'Side Letter', 'Consulting Arrangement', 'Settlement Agreement'])}`,
      '',
      `Dear ${pick(r, ['Sir or Madam', person(r)])}:`,
      wrap(
        `This letter agreement (the “Letter Agreement”) sets forth the terms on which ${b} (“${roleB}”) will ${pick(r, ['provide consulting services to', 'supply products to', 'settle all claims against'])} ${a} (“${roleA}”). In consideration of the mutual promises herein, the parties agree as follows:`,
        int(r, 80, 100),
      ),
      ...Array.from({ length: int(r, 3, 6) }, (_, i) =>
        wrap(
          `${i + 1}. ${pick(r, CLAUSES)
            .replace('{n}', '2')
            .replace('{s}', '5.1')
            .replace(/\{d\}/g, '30')
            .replace('{law}', pick(r, LAWS))
            .replace('{amount}', `$${int(r, 30, 900)},000`)}`,
          int(r, 80, 100),
        ),
      ),
      wrap(
        'If the foregoing is acceptable, please sign and return a copy of this Letter Agreement, whereupon it will become a binding agreement between us.',
        90,
      ),
      '',
      'Very truly yours,',
      ...signature(a),
      'ACCEPTED AND AGREED:',
      ...signature(b),
    ];
  }
  return {
    label: 'contract',
    source: `synthetic:contract_${['articles', 'amendment', 'letter'][variant]}`,
    text: text.join('\n').replace(/\n?\f\n?/g, '\f'),
    fields: { parties: [a, b] },
  };
}

/** The templates, as [generator, variants] for syntheticDocuments.ts's list. */
export const FORM_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [form, 5],
  [resume, 3],
  [contract, 2],
  [(r, variant) => form(r, variant + 5), 3],
  [paperForm, 8],
  [resumeMore, 3],
  [contractMore, 3],
];
