/**
 * Synthetic running text for the classes the dev corpus has almost none of: reports (annual, research
 * and policy, technical, project status), letters (business, application, notices to members), and the
 * `other` class's usual residents (manuals and configuration guides, handbooks and policies, book pages,
 * leaflets, press releases). Each template writes what any document of its kind has — a report's
 * contents page, executive summary, findings and sources; a letter's addresses, salutation and closing;
 * a manual's steps, warnings and command examples — with wording drawn from pools wide enough that the
 * classifier learns the kind, not one template's sentences. Some letters and reports are passed through
 * OCR-like noise, since scanned ones reach the classifier that way.
 */
import {
  CITIES,
  MONTHS,
  ORG_A,
  ORG_B,
  address,
  day,
  int,
  iso,
  ocrNoise,
  org,
  person,
  pick,
  wrap,
  writeDate,
  type Random,
  type SyntheticDocument,
} from './syntheticParts.js';

const TOPICS = [
  'road safety',
  'digital services',
  'water quality',
  'youth employment',
  'energy efficiency',
  'public libraries',
  'small businesses',
  'air pollution',
  'broadband access',
  'legal aid',
  'housing',
  'primary care',
  'cyber security',
  'tourism',
];
const AGENCIES = [
  'Ministry of Transport',
  'City Council',
  'National Statistics Office',
  'Regional Development Agency',
  'Office of the Auditor General',
  'Environmental Protection Agency',
  'Department of Health',
  'National Assembly Research Service',
  'Institute for Fiscal Studies',
  'United Nations Development Programme',
];

const EXECUTIVE = [
  'This report presents the main results of the {topic} review carried out between {m1} and {m2} {y}.',
  'The evaluation found that the programme met most of its objectives, although progress was uneven across regions.',
  'Overall, {p}% of respondents said the service had improved, compared with {q}% in the previous survey.',
  'The report makes {n} recommendations, which are set out in Chapter {c}.',
  'Spending on {topic} rose to {a} million in {y}, an increase of {p}% on the previous year.',
  'The analysis draws on administrative data, a national survey of {k} households and interviews with stakeholders.',
  'Key challenges remain in staffing, data quality and the coordination between national and local authorities.',
  'We recommend that the responsible ministry publish an implementation plan within twelve months.',
];
const FINDINGS = [
  'Access to {topic} services varies widely between urban and rural areas.',
  'Around one in {n} organisations reported that they lacked the skills to comply with the new requirements.',
  'The number of complaints fell by {p}% over the reporting period.',
  'Costs per case were highest in the northern region, where caseloads are lowest.',
  'Most respondents ({p}%) were aware of the scheme, but fewer than half had used it.',
  'Data on outcomes are incomplete, which limits what can be concluded about effectiveness.',
  'The pilot sites achieved better results than the comparison group on every indicator.',
  'Demand is projected to grow by {q}% by {y2}, driven by demographic change.',
  'Funding arrangements are complex and were described by stakeholders as a barrier to planning.',
  'The share of spending on prevention has remained below the target of {q}%.',
];
const METHOD = [
  'The survey was conducted online and by telephone; the response rate was {p}%.',
  'Figures are in nominal terms unless stated otherwise.',
  'Regional breakdowns are based on the statistical regions used by the national statistics office.',
  'Interviews were held with {n} officials and representatives of {k} organisations.',
  'Where data were missing, estimates were made using the method described in Annex B.',
  'Percentages may not add up to 100 because of rounding.',
];
const CORPORATE = [
  'Revenue increased by {p}% to {a} million, driven by strong demand in our core markets.',
  'Operating profit rose to {b} million and the operating margin improved to {q}%.',
  'The Board proposes a dividend of {d} per share for the financial year {y}.',
  'Net debt was reduced to {b} million at the end of the year.',
  'We continued to invest in research and development, which accounted for {q}% of sales.',
  'Our sustainability programme reduced carbon emissions by {p}% compared with the base year.',
  'The Group employed {k} people in {n} countries at the end of the year.',
  'Risks are managed through the Group-wide risk management system described on page {c}.',
  'The consolidated financial statements have been prepared in accordance with IFRS.',
  'Earnings per share amounted to {d}, compared with {e} in the prior year.',
];
const TECHNICAL = [
  'This chapter describes how to configure {feature} and how it interacts with existing security settings.',
  'The examples in this paper were tested on version {v} of the product.',
  'Before you implement {feature}, review the planning considerations in section {c}.{n}.',
  'Figure {c}-{n} shows the architecture of the solution and the flow of a request.',
  'The following table lists the system values that control this behaviour.',
  'Performance measurements showed an overhead of less than {q}% for typical workloads.',
  'Administrators can monitor the environment by using the views described in this section.',
  'This publication is intended for architects, administrators and developers.',
];
const FEATURES = [
  'row and column access control',
  'data replication',
  'high availability clustering',
  'single sign-on',
  'backup and recovery',
  'encryption at rest',
  'workload management',
  'audit logging',
];

/** Replaces {placeholders} in one sentence with plausible numbers and words. */
function fill(r: Random, sentence: string, topic: string, year: number): string {
  return sentence
    .replace(/\{topic\}/g, topic)
    .replace(/\{feature\}/g, () => pick(r, FEATURES))
    .replace(/\{m1\}/g, () => pick(r, MONTHS.slice(0, 6)))
    .replace(/\{m2\}/g, () => pick(r, MONTHS.slice(6)))
    .replace(/\{y2\}/g, String(year + int(r, 5, 15)))
    .replace(/\{y\}/g, String(year))
    .replace(/\{[pq]\}/g, () => String(int(r, 3, 89)))
    .replace(/\{[nc]\}/g, () => String(int(r, 2, 12)))
    .replace(/\{k\}/g, () => String(int(r, 120, 25_000).toLocaleString('en-US')))
    .replace(/\{[ab]\}/g, () => `${pick(r, ['EUR', 'USD', '£', '$', 'CHF'])} ${int(r, 12, 9800)}.${int(r, 0, 9)}`)
    .replace(/\{[de]\}/g, () => `${int(r, 0, 9)}.${int(r, 10, 99)}`)
    .replace(/\{v\}/g, () => `${int(r, 5, 12)}.${int(r, 0, 9)}`);
}
const prose = (r: Random, pool: readonly string[], n: number, topic: string, year: number): string =>
  wrap(Array.from({ length: n }, () => fill(r, pick(r, pool), topic, year)).join(' '), int(r, 75, 100));

function contents(r: Random, headings: readonly string[], dots: boolean): string[] {
  let page = int(r, 1, 9);
  return headings.map((heading, i) => {
    page += int(r, 1, 9);
    const leader = dots ? ` ${'. '.repeat(int(r, 8, 30)).trim()} ` : ' ';
    return `${r() < 0.5 ? `${i + 1} ` : ''}${heading}${leader}${page}`;
  });
}

function report(r: Random, variant: number): SyntheticDocument {
  const topic = pick(r, TOPICS);
  const year = int(r, 2008, 2025);
  const agency = pick(r, AGENCIES);
  const company = `${pick(r, ORG_A)} ${pick(r, ORG_B)}`;
  let text: string[];
  if (variant === 0) {
    // Research or policy report of a public body.
    const headings = [
      'Executive summary',
      'Introduction',
      'Scope and methodology',
      'Key findings',
      `The state of ${topic}`,
      'Recommendations',
      'Annex A: Survey questionnaire',
      'Annex B: Data sources',
    ];
    text = [
      agency,
      `${pick(r, ['Report on', 'Review of', 'Evaluation of', 'The State of', 'Annual Report on'])} ${topic[0]?.toUpperCase()}${topic.slice(1)} ${year}`,
      pick(r, [
        '',
        `Report No. ${int(r, 1, 90)}/${year}`,
        `Published ${MONTHS[int(r, 0, 11)]} ${year}`,
        `Research Paper ${int(r, 10, 99)}-${int(r, 1, 20)}`,
      ]),
      '',
      pick(r, ['Contents', 'Table of Contents', 'CONTENTS']),
      ...contents(r, headings.slice(0, int(r, 4, 8)), r() < 0.7),
      '',
      'Executive summary',
      prose(r, EXECUTIVE, int(r, 3, 6), topic, year),
      '',
      pick(r, ['Key findings', 'Main findings', 'Findings']),
      ...Array.from(
        { length: int(r, 3, 6) },
        () => `${pick(r, ['•', '-', '']).padEnd(2)}${fill(r, pick(r, FINDINGS), topic, year)}`,
      ),
      '',
      `Figure ${int(r, 1, 9)}. ${pick(r, ['Share of respondents by region', `Spending on ${topic}, ${year - 5}–${year}`, 'Number of cases per year', 'Satisfaction by age group'])}`,
      `Source: ${pick(r, [agency, 'National Statistics Office', 'own calculations', 'survey data'])}, ${year}.`,
      '',
      pick(r, ['Methodology', 'Scope and methodology', 'About this report']),
      prose(r, METHOD, int(r, 2, 4), topic, year),
      '',
      'Recommendations',
      ...Array.from(
        { length: int(r, 2, 5) },
        (_, i) =>
          `${i + 1}. ${pick(r, ['The ministry should', 'Local authorities should', 'The government should', 'The agency should'])} ${pick(r, ['improve the collection of outcome data.', 'publish an implementation plan.', 'review the funding formula.', 'set clear targets for the next period.', 'coordinate more closely with service providers.'])}`,
      ),
      `${int(r, 2, 80)}`,
    ];
  } else if (variant === 1) {
    // A company's annual report.
    text = [
      `${company} ${pick(r, ['Group', 'AG', 'plc', 'Holdings'])}`,
      `${pick(r, ['Annual Report', 'Annual Report and Accounts', 'Integrated Report', 'Geschäftsbericht'])} ${year}`,
      '',
      pick(r, ['Contents', 'In this report']),
      ...contents(
        r,
        [
          'Highlights of the year',
          'Letter from the CEO',
          'Strategy',
          'Business review',
          'Sustainability',
          'Corporate governance',
          'Risk management',
          'Consolidated financial statements',
        ].slice(0, int(r, 4, 8)),
        r() < 0.4,
      ),
      '',
      pick(r, ['Financial highlights', 'Highlights', 'Key figures']),
      `${pick(r, ['in EUR million', 'in USD million', '£m'])}                 ${year}      ${year - 1}      Change`,
      ...['Revenue', 'EBITDA', 'Operating profit', 'Net income', 'Free cash flow', 'Employees']
        .slice(0, int(r, 3, 6))
        .map(
          (k) =>
            `${k.padEnd(20)} ${int(r, 10, 9000)}.${int(r, 0, 9)}   ${int(r, 10, 9000)}.${int(r, 0, 9)}   ${pick(r, ['+', '-'])}${int(r, 0, 30)}.${int(r, 0, 9)}%`,
        ),
      '',
      pick(r, ['Business review', 'Review of the year', 'Management report']),
      prose(r, CORPORATE, int(r, 4, 8), topic, year),
      '',
      pick(r, ['Outlook', 'Outlook for ' + String(year + 1)]),
      prose(r, CORPORATE, int(r, 2, 3), topic, year),
      `${company} ${pick(r, ['Annual Report', 'Integrated Report'])} ${year}   ${int(r, 2, 200)}`,
    ];
  } else if (variant === 2) {
    // Technical report, white paper or vendor guide.
    const feature = pick(r, FEATURES);
    text = [
      pick(r, ['Technical Report', 'White Paper', 'Redpaper', 'Solution Guide', 'Technical Note']),
      `${feature[0]?.toUpperCase()}${feature.slice(1)} ${pick(r, ['in', 'for', 'with'])} ${pick(r, ORG_A)} ${pick(r, ['Server', 'Cloud', 'Database', 'Platform'])} ${int(r, 5, 12)}`,
      ...Array.from({ length: int(r, 1, 5) }, () => person(r)),
      '',
      pick(r, ['Contents', 'Table of contents']),
      ...contents(
        r,
        [
          'Notices',
          'Trademarks',
          'Preface',
          'Authors',
          `Chapter 1. Introduction to ${feature}`,
          'Chapter 2. Planning',
          'Chapter 3. Implementation',
          'Chapter 4. Monitoring',
          'Related publications',
        ].slice(0, int(r, 5, 9)),
        true,
      ),
      '',
      `© Copyright ${pick(r, ORG_A)} Corp. ${year}. All rights reserved.`,
      '',
      `Chapter ${int(r, 1, 4)}. ${pick(r, ['Introduction', 'Planning', 'Implementation', 'Monitoring'])}`,
      prose(r, TECHNICAL, int(r, 4, 8), topic, year),
      `Note: ${fill(r, pick(r, TECHNICAL), topic, year)}`,
      `Figure ${int(r, 1, 4)}-${int(r, 1, 9)} ${pick(r, ['Architecture overview', 'Request flow', 'Configuration panel', 'Deployment options'])}`,
      prose(r, TECHNICAL, int(r, 2, 5), topic, year),
    ];
  } else {
    // Project status or progress report.
    text = [
      `${pick(r, ['Project Status Report', 'Progress Report', 'Quarterly Progress Report', 'Monthly Report', 'Interim Report'])}`,
      `Project: ${pick(r, ['ERP migration', 'New headquarters', `${topic[0]?.toUpperCase()}${topic.slice(1)} programme`, 'Network upgrade', 'Data platform'])}`,
      `Reporting period: ${pick(r, MONTHS)} ${year}`,
      `Prepared by: ${person(r)}, ${pick(r, ['Project Manager', 'Programme Director', 'PMO'])}`,
      `Overall status: ${pick(r, ['Green', 'Amber', 'Red', 'On track', 'At risk'])}`,
      '',
      pick(r, ['Summary', 'Executive summary', 'Highlights']),
      prose(r, [...EXECUTIVE, ...FINDINGS], int(r, 2, 4), topic, year),
      '',
      'Milestones',
      ...Array.from(
        { length: int(r, 3, 6) },
        () =>
          `${pick(r, ['Requirements signed off', 'Vendor selected', 'Pilot completed', 'Go-live', 'Training delivered', 'Data migration'])}   ${writeDate(r, day(r), 'en')}   ${pick(r, ['Completed', 'On track', 'Delayed', 'Not started'])}`,
      ),
      '',
      pick(r, ['Risks and issues', 'Key risks', 'Issues']),
      ...Array.from(
        { length: int(r, 1, 4) },
        () =>
          `- ${pick(r, ['Resource shortage in the test team', 'Supplier delivery delayed', 'Budget pressure from scope changes', 'Dependency on the network upgrade'])} (${pick(r, ['high', 'medium', 'low'])})`,
      ),
      '',
      'Budget',
      `Approved ${int(r, 100, 9000)}k · spent to date ${int(r, 50, 5000)}k · forecast ${int(r, 100, 9000)}k`,
      '',
      'Next steps',
      prose(r, FINDINGS, int(r, 1, 3), topic, year),
    ];
  }
  const joined = text.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
  return {
    label: 'report',
    source: `synthetic:report_${['research', 'annual', 'technical', 'status'][variant]}`,
    ...(variant === 0 && r() < 0.25 ? { text: ocrNoise(r, joined, 0.02), ocr: true } : { text: joined }),
    fields: {},
  };
}

const LETTER_OPENINGS = [
  'Thank you for your letter of {date} concerning {matter}.',
  'I am writing to you regarding {matter}.',
  'Further to our telephone conversation of last week, I would like to confirm {matter}.',
  'We are pleased to inform you that {matter} has been approved.',
  'With reference to your enquiry, please find enclosed the information on {matter}.',
  'I wish to bring to your attention a problem with {matter}.',
  'Desiring to keep you informed of the progress of {matter}, we write to let you know the following.',
  'On behalf of the board, I would like to thank you for your support of {matter}.',
];
const LETTER_MIDDLES = [
  'We have enclosed the signed documents and a copy of the agreement for your records.',
  'The committee will consider your request at its next meeting and will write to you afterwards.',
  'Please note that the new arrangements will apply from the first day of next month.',
  'We would be grateful if you could return the completed form at your earliest convenience.',
  'Your membership has been renewed and your new card will be sent separately.',
  'Unfortunately we are unable to accept your proposal in its present form.',
  'I have five years of experience in this field and believe I would be a valuable addition to your team.',
  'The matter has been passed to our legal department, who will contact you directly.',
  'We apologise for any inconvenience this may have caused.',
  'A cheque for the outstanding amount is enclosed.',
  'I would welcome the opportunity to discuss this with you in person.',
  'Should you have any questions, please do not hesitate to contact me.',
];
const MATTERS = [
  'your application',
  'the renewal of your membership',
  'the proposed changes to the schedule',
  'your account',
  'the meeting of the foundation',
  'the position of sales manager',
  'the repair of the roof',
  'your complaint',
  'the grant you applied for',
  'the transfer of the property',
];
const CLOSINGS = [
  'Yours sincerely,',
  'Yours faithfully,',
  'Sincerely yours,',
  'Very truly yours,',
  'Kind regards,',
  'Respectfully,',
  'Best regards,',
  'Sincerely,',
];

function letter(r: Random, variant: number): SyntheticDocument {
  const sender = variant === 1 ? person(r) : r() < 0.6 ? org(r) : person(r);
  const signatory = person(r);
  const recipient = person(r);
  const when = day(r);
  const matter = pick(r, MATTERS);
  const paragraph = (): string =>
    wrap(
      [pick(r, LETTER_OPENINGS), ...Array.from({ length: int(r, 1, 3) }, () => pick(r, LETTER_MIDDLES))]
        .join(' ')
        .replace('{matter}', matter)
        .replace('{date}', writeDate(r, day(r), pick(r, ['en', 'us'] as const))),
      int(r, 60, 90),
    );
  const salutation = pick(r, [
    `Dear ${pick(r, ['Mr', 'Ms', 'Mrs', 'Dr'])} ${recipient.split(' ')[1]},`,
    'Dear Sir or Madam,',
    'Dear Sirs:',
    'Gentlemen:',
    `Dear ${recipient.split(' ')[0]},`,
    'Dear Member,',
    'To whom it may concern,',
  ]);
  const subject = `${pick(r, ['Re:', 'RE:', 'Subject:', 'Our ref:'])} ${matter[0]?.toUpperCase()}${matter.slice(1)}`;
  const head =
    variant === 0
      ? [
          sender,
          address(r),
          `Tel. ${int(r, 100, 999)} ${int(r, 100000, 999999)}`,
          '',
          writeDate(r, when, pick(r, ['en', 'us'] as const)),
          '',
          recipient,
          address(r),
        ]
      : variant === 1
        ? [
            sender,
            address(r),
            `${sender.toLowerCase().replace(' ', '.')}@example.com`,
            '',
            writeDate(r, when, 'en'),
            '',
            `${pick(r, ['Hiring Manager', 'Human Resources'])}`,
            org(r),
            address(r),
          ]
        : [
            sender.toUpperCase(),
            `${pick(r, CITIES)} · ${address(r)}`,
            '',
            `${pick(r, CITIES)}, ${writeDate(r, when, 'us')}`,
            '',
            `To the ${pick(r, ['Members', 'Shareholders', 'Board of Directors', 'Residents'])}`,
          ];
  const lines = [
    ...head,
    '',
    ...(r() < 0.7 ? [subject, ''] : []),
    salutation,
    '',
    paragraph(),
    '',
    ...(r() < 0.6 ? [paragraph(), ''] : []),
    pick(r, CLOSINGS),
    '',
    '',
    signatory,
    pick(r, ['', 'Director', 'Secretary', 'Chairman', 'Customer Relations Manager']),
    ...(r() < 0.3 ? ['', `Enclosure${r() < 0.5 ? 's' : ''}: ${int(r, 1, 4)}`] : []),
    ...(r() < 0.2 ? [`cc: ${person(r)}`] : []),
  ];
  const text = lines.join('\n');
  return {
    label: 'letter',
    source: `synthetic:letter_${['business', 'application', 'notice'][variant]}`,
    ...(r() < 0.3 ? { text: ocrNoise(r, text, 0.03), ocr: true } : { text }),
    fields: { date: iso(when) },
  };
}

/**
 * Memoranda: a letter inside an organisation, headed TO / FROM / DATE / SUBJECT instead of addresses
 * and a salutation, often typed and filed as a scan (the dev set's one letter is such a memo). Without
 * them a memo sat between letter, form (whose routing slips share the header) and contract.
 */
function memo(r: Random, variant: number): SyntheticDocument {
  const when = day(r);
  const matter = pick(r, MATTERS);
  const to = Array.from({ length: int(r, 1, 4) }, () => person(r)).join(', ');
  const paragraph = (): string =>
    wrap(
      [pick(r, LETTER_OPENINGS), ...Array.from({ length: int(r, 0, 3) }, () => pick(r, LETTER_MIDDLES))]
        .join(' ')
        .replace('{matter}', matter)
        .replace('{date}', writeDate(r, day(r), 'us')),
      int(r, 55, 110),
    );
  const items =
    r() < 0.5
      ? Array.from({ length: int(r, 2, 5) }, (_, i) =>
          wrap(`(${String.fromCharCode(97 + i)}) ${pick(r, LETTER_MIDDLES)}`, int(r, 55, 80)),
        )
      : [];
  const lines = [
    ...(r() < 0.6 ? [org(r).toUpperCase()] : []),
    pick(r, ['MEMORANDUM', 'M E M O R A N D U M', 'INTEROFFICE MEMORANDUM', 'Memo', 'OFFICE MEMORANDUM']),
    '',
    `${pick(r, ['TO:', 'To:', 'TO'])} ${variant === 1 ? to.toUpperCase() : to}`,
    `${pick(r, ['FROM:', 'From:', 'FROM'])} ${person(r)}`,
    `${pick(r, ['DATE:', 'Date:'])} ${writeDate(r, when, pick(r, ['en', 'us'] as const))}`,
    `${pick(r, ['SUBJECT:', 'RE:', 'Subject:'])} ${matter[0]?.toUpperCase()}${matter.slice(1)}`,
    ...(r() < 0.4 ? [`CC: ${person(r)}`] : []),
    '',
    paragraph(),
    '',
    ...items,
    ...(items.length ? [''] : []),
    ...(r() < 0.6 ? [paragraph(), ''] : []),
    pick(r, [
      person(r)
        .split(' ')
        .map((n) => n[0])
        .join(''),
      '',
      person(r),
    ]),
  ];
  const text = lines.join('\n');
  // Typed memos of the paper era are filed as scans: the second variant is always read by OCR.
  const scanned = variant === 1 || r() < 0.3;
  return {
    label: 'letter',
    source: `synthetic:letter_memo${variant === 1 ? '_scan' : ''}`,
    ...(scanned ? { text: ocrNoise(r, text, 0.01 + r() * 0.04), ocr: true } : { text }),
    fields: { date: iso(when) },
  };
}

/** Appended after every other template (syntheticDocuments.ts), so those draw the same numbers as before. */
export const MEMO_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [[memo, 2]];

const MANUAL_STEPS = [
  'Open the configuration menu and select {item}.',
  'Enter the command shown below and press Enter.',
  'Verify that the status indicator changes to active.',
  'If the operation fails, check the log file for error messages.',
  'Repeat the procedure for each additional {item}.',
  'Save the configuration before you exit.',
  'Restart the service for the changes to take effect.',
  'Disconnect the power supply before opening the housing.',
  'Attach the bracket to the wall using the supplied screws.',
  'Make sure the cable is not trapped when you close the cover.',
];
const MANUAL_NOTES = [
  'The default value is recommended for most installations.',
  'This parameter cannot be changed while the port is in use.',
  'Only unused ports can be referenced within this configuration.',
  'Failure to follow these instructions may result in injury or damage to the equipment.',
  'For more information, see the reference guide for your release.',
  'The maximum value depends on the hardware platform.',
];
const ITEMS_TECH = ['port', 'interface', 'profile', 'user account', 'filter', 'sensor', 'module', 'policy'];

function other(r: Random, variant: number): SyntheticDocument {
  const year = int(r, 1995, 2025);
  let text: string[];
  if (variant === 0) {
    // Manual or configuration guide page.
    const item = pick(r, ITEMS_TECH);
    text = [
      `${pick(r, ORG_A)} ${pick(r, ['Configuration Guide', 'User Guide', 'Installation Manual', 'Operator Manual', 'Reference Guide'])} Release ${int(r, 1, 25)}.${int(r, 1, 12)}   ${item[0]?.toUpperCase()}${item.slice(1)} settings`,
      '',
      `${int(r, 1, 12)}.${int(r, 1, 9)} ${pick(r, ['Configuring', 'Installing', 'Managing', 'Troubleshooting'])} ${item}s`,
      wrap(Array.from({ length: int(r, 2, 4) }, () => pick(r, MANUAL_NOTES)).join(' '), int(r, 80, 100)),
      '',
      ...Array.from(
        { length: int(r, 2, 6) },
        (_, i) => `${r() < 0.5 ? `Step ${i + 1}.` : `${i + 1}.`} ${pick(r, MANUAL_STEPS).replace('{item}', item)}`,
      ),
      '',
      `Example: ${pick(r, ['Creating', 'Deleting', 'Listing'])} ${item}s`,
      ...(r() < 0.7
        ? [
            `${pick(r, ['A:node-1>config#', 'switch(config)#', '$ sudo', 'PS C:\\>'])} ${item} ${int(r, 1, 9)} create`,
            `  ${pick(r, ['no shutdown', 'enable', 'set mode auto'])}`,
            '  exit',
          ]
        : [`${pick(r, ['WARNING', 'CAUTION', 'DANGER'])}: ${pick(r, MANUAL_NOTES)}`]),
      '',
      `${pick(r, ['Note:', 'NOTE', 'Tip:', 'Important:'])} ${pick(r, MANUAL_NOTES)}`,
      `${pick(r, ['Table', 'Figure'])} ${int(r, 1, 40)}: ${item[0]?.toUpperCase()}${item.slice(1)} ${pick(r, ['parameters', 'states', 'options'])}`,
      `Page ${int(r, 2, 400)}`,
    ];
  } else if (variant === 1) {
    // Handbook or policy page.
    const topic = pick(r, [
      'Leave and holidays',
      'Working hours',
      'Health and safety',
      'Expenses',
      'Use of IT equipment',
      'Code of conduct',
      'Aircraft inspection',
      'Student assessment',
    ]);
    text = [
      pick(r, ['Employee Handbook', 'Staff Handbook', 'Student Handbook', 'Policy Manual', 'Maintenance Handbook']),
      `${pick(r, ['Section', 'Chapter', 'Part'])} ${int(r, 1, 14)}: ${topic}`,
      '',
      wrap(
        `${pick(r, ['This section explains', 'This policy sets out', 'The following pages describe'])} ${pick(r, ['the rules that apply to', 'what is expected of', 'the procedures for'])} ${pick(r, ['all employees', 'students', 'technicians', 'staff and contractors'])}. ${pick(r, ['Employees must', 'You should', 'Staff are required to', 'Technicians shall'])} ${pick(r, ['inform their manager as early as possible.', 'keep records of all inspections.', 'follow the procedure in every case.', 'complete the relevant training before starting.'])} ${pick(r, ['Exceptions require written approval.', 'Questions should be addressed to the Human Resources department.', 'Repeated breaches may lead to disciplinary action.', 'The checklist in the appendix may be used as a guide.'])}`,
        int(r, 70, 95),
      ),
      '',
      ...Array.from(
        { length: int(r, 2, 5) },
        () =>
          `• ${pick(r, ['Requests must be submitted at least two weeks in advance.', 'Unused days may be carried over to the next year.', 'Receipts must be attached to every claim.', 'Passwords must not be shared.', 'Protective equipment must be worn at all times.', 'Inspections are recorded in the logbook.', 'Late work is accepted only with a valid reason.'])}`,
      ),
      '',
      wrap(Array.from({ length: int(r, 2, 4) }, () => pick(r, MANUAL_NOTES)).join(' '), int(r, 70, 95)),
      `${int(r, 1, 200)}`,
    ];
  } else if (variant === 2) {
    // A page of a book, a game book or a story.
    const name = person(r).split(' ')[0];
    text = [
      pick(r, [
        'CHAPTER ' + String(int(r, 1, 30)),
        'Part ' + String(int(r, 1, 5)),
        'PROLOGUE',
        'MAIN GAME',
        'Chapter ' + String(int(r, 1, 30)),
      ]),
      '',
      wrap(
        Array.from({ length: int(r, 4, 9) }, () =>
          pick(r, [
            `${name} stood at the edge of the village and watched the smoke rise over the hills.`,
            '"We should not have come here," she said quietly, without turning around.',
            'The night was cold, and the road behind them had long since disappeared into the fog.',
            'Nobody in the town remembered when the old tower had last been opened.',
            `It was known that the creatures of the forest feared fire above all else.`,
            'He laughed, but there was no humour in it, only a kind of weary recognition.',
            'By morning the storm had passed, leaving the fields flooded and the bridge destroyed.',
            `Players who choose this path gain a bonus to their next roll.`,
            'The old man closed the book and looked at them for a long time before he spoke.',
          ]),
        ).join(' '),
        int(r, 70, 95),
      ),
      '',
      `${int(r, 1, 400)}`,
    ];
  } else if (variant === 3) {
    // Leaflet, brochure or product sheet.
    const product = `${pick(r, ORG_A)} ${pick(r, ['Platinum Card', 'Home Insurance', 'Fibre 500', 'Travel Plan', 'Smart Thermostat', 'Savings Plus'])}`;
    text = [
      product,
      pick(r, [
        'Your benefits at a glance',
        'Why choose us?',
        'Everything you need to know',
        'Product information sheet',
      ]),
      '',
      ...Array.from(
        { length: int(r, 3, 6) },
        () =>
          `${pick(r, ['✓', '•', '-', '']).padEnd(2)}${pick(r, ['Up to 5% cashback on every purchase', 'No annual fee in the first year', 'Free installation', 'Worldwide travel insurance included', '24/7 customer support', 'Cancel at any time', 'Save up to 30% on your energy bill', 'Airport lounge access'])}`,
      ),
      '',
      wrap(
        `${pick(r, ['Apply online in minutes.', 'Call us free on 0800 ' + String(int(r, 100000, 999999)) + '.', 'Visit your nearest branch.', 'Scan the code to find out more.'])} ${pick(r, ['Terms and conditions apply.', 'Offer valid while stocks last.', 'Subject to status.', 'Prices include VAT.'])} ${pick(r, ['See our website for full details.', 'This leaflet is not a contract.', 'Information correct at the time of printing.'])}`,
        80,
      ),
      `www.${pick(r, ORG_A).toLowerCase()}.com`,
    ];
  } else {
    // Press release or news article.
    const company = `${pick(r, ORG_A)} ${pick(r, ORG_B)}`;
    text = [
      pick(r, ['FOR IMMEDIATE RELEASE', 'Press release', 'NEWS RELEASE', 'Media release']),
      '',
      `${company} ${pick(r, ['announces', 'opens', 'launches', 'completes'])} ${pick(r, ['new research centre', 'partnership with local universities', 'expansion into new markets', 'acquisition of a regional competitor', 'sustainability initiative'])}`,
      '',
      wrap(
        `${pick(r, CITIES).toUpperCase()}, ${writeDate(r, day(r), 'us')} — ${company} today announced ${pick(r, ['the opening of a new facility that will create 200 jobs.', 'a partnership that will bring new services to customers across the region.', 'that it has completed the transaction announced earlier this year.'])} "${pick(r, ['We are delighted', 'This is an important step for us', 'We are proud'])}," said ${person(r)}, ${pick(r, ['Chief Executive Officer', 'President', 'Managing Director'])}. ${pick(r, ['The project is expected to be completed next year.', 'Further details will be announced in the coming months.', 'The company will continue to invest in the region.'])}`,
        int(r, 70, 95),
      ),
      '',
      `About ${company}`,
      wrap(
        `${company} is a ${pick(r, ['leading provider of', 'family-owned maker of', 'global supplier of'])} ${pick(r, ['software', 'building materials', 'medical devices', 'logistics services'])}, founded in ${year}.`,
        80,
      ),
      '',
      `Media contact: ${person(r)}, press@${pick(r, ORG_A).toLowerCase()}.com`,
    ];
  }
  return {
    label: 'other',
    source: `synthetic:other_${['manual', 'handbook', 'book', 'leaflet', 'press'][variant]}`,
    text: text.join('\n'),
    fields: {},
  };
}

const PAPER_TOPICS = [
  'entity linking',
  'galaxy cluster lensing',
  'superconducting thin films',
  'mass spectrometry',
  'graph neural networks',
  'soil moisture retrieval',
  'protein folding',
  'trace compilation',
  'question answering',
  'turbulent mixing',
  'sparse regression',
  'crop yield prediction',
];
const PAPER_PROSE = [
  'In this paper we {verb} {topic} and show that {claim}.',
  'Previous work [{n}] has focused on {topic}, but {claim}.',
  'As shown in Section {c}, {claim}.',
  'We {verb} a new approach to {topic} based on {method}.',
  'Our results indicate that {claim}, in agreement with earlier studies ({author} et al., {y}).',
  'The remainder of the paper is organized as follows: Section {c} describes {method}, Section {n} presents the experiments and Section {k} concludes.',
  'Table {c} summarises the {measure} obtained on the test set.',
  'The parameters were estimated by {method}, see Eq. ({n}).',
  'This work was supported by the {funder} under grant {grant}.',
  'Figure {c} shows the {measure} as a function of the {variable}.',
];
const VERBS = ['study', 'consider', 'propose', 'investigate', 'present', 'analyse', 'revisit'];
const CLAIMS = [
  'the effect is significant at the 5% level',
  'the method converges in a few iterations',
  'the error decreases with the number of samples',
  'both models agree within the uncertainties',
  'the proposed system outperforms the baseline',
  'the resistance drops sharply below the critical temperature',
];
const METHODS = [
  'maximum likelihood estimation',
  'alternating least squares',
  'a transformer encoder',
  'Monte Carlo simulation',
  'dependency parsing',
  'finite element analysis',
  'Bayesian inference',
];
const MEASURES = ['accuracy', 'mean squared error', 'shear amplitude', 'F-measure', 'critical current', 'speed-up'];
const VARIABLES = ['temperature', 'magnetic field', 'sample size', 'redshift', 'number of layers', 'learning rate'];
const FUNDERS = [
  'National Science Foundation',
  'European Research Council',
  'Swiss National Science Foundation',
  'Japan Society for the Promotion of Science',
];
const INSTITUTES = [
  'Department of Physics',
  'School of Computer Science',
  'Institute of Mathematics',
  'Faculty of Engineering',
  "Laboratoire d'Informatique",
  'Research Center for Language Technology',
  'Department of Chemistry',
];
const PLACES = [
  'University of Leeds',
  'Universidad de Chile',
  'Technical University of Munich',
  'University of Toronto',
  'Universiteit Gent',
  'ETH Zürich',
  'Kyoto University',
  'Indian Institute of Science',
];

/**
 * A scientific article's first pages as PDF text extraction returns them: title, authors with
 * affiliation numbers (often on lines of their own), affiliations and e-mails, journal or preprint
 * header, received/accepted dates or a DOI, abstract and keywords, then numbered sections with
 * citations. No reference list: only the first pages are read by the classifier.
 */
function paper(r: Random, variant: number): SyntheticDocument {
  const topic = pick(r, PAPER_TOPICS);
  const year = int(r, 1995, 2025);
  const authors = Array.from({ length: int(r, 1, 6) }, () => person(r));
  const sentence = (): string =>
    pick(r, PAPER_PROSE)
      .replace('{verb}', pick(r, VERBS))
      .replace('{topic}', topic)
      .replace('{claim}', pick(r, CLAIMS))
      .replace('{method}', pick(r, METHODS))
      .replace('{measure}', pick(r, MEASURES))
      .replace('{variable}', pick(r, VARIABLES))
      .replace('{author}', person(r).split(' ')[1] ?? '')
      .replace('{funder}', pick(r, FUNDERS))
      .replace('{grant}', `${pick(r, ['DE', 'NSF-', 'ERC-'])}${int(r, 10000, 999999)}`)
      .replace('{y}', String(year - int(r, 1, 10)))
      .replace(/\{[nck]\}/g, () => String(int(r, 1, 7)));
  const paragraph = (n: number): string => wrap(Array.from({ length: n }, sentence).join(' '), int(r, 75, 100));
  const header = pick(r, [
    `Journal of ${pick(r, ['Applied Statistics', 'Condensed Matter Research', 'Applied Physics', 'Machine Learning Research', 'Language Resources'])}`,
    `${pick(r, MONTHS)} ${year}, Volume ${int(r, 1, 90)}, Issue ${int(r, 1, 12)}.`,
    `Proceedings of the ${int(r, 2, 40)}th ${pick(r, ['International Conference on', 'Workshop on', 'Annual Meeting of the Association for'])} ${pick(r, ['Information Retrieval', 'Programming Language Design', 'Computational Linguistics', 'Pattern Recognition'])}`,
    `arXiv:${int(r, 7, 24)}${String(int(r, 1, 12)).padStart(2, '0')}.${int(r, 1000, 99999)}v${int(r, 1, 3)}`,
    '',
  ]);
  const byline =
    variant === 0
      ? [
          authors.map((a, i) => `${a}${i + 1}`).join(', '),
          ...authors.flatMap((_, i) => [`${i + 1}`, `${pick(r, INSTITUTES)}, ${pick(r, PLACES)}`]),
          `E-mail: ${authors.map((a) => `${a.split(' ')[1]?.toLowerCase()}@${pick(r, ['uni', 'inst', 'lab'])}.edu`).join(', ')}`,
        ]
      : authors.flatMap((a) => [
          a,
          `${pick(r, PLACES)}`,
          ...(r() < 0.5 ? [`${a.split(' ')[0]?.toLowerCase()}@${pick(r, ['cs', 'phys', 'math'])}.example.edu`] : []),
        ]);
  const text = [
    header,
    `${pick(r, ['On', 'Towards', 'A Study of', 'Revisiting', 'Fast', 'Efficient'])} ${topic[0]?.toUpperCase()}${topic.slice(1)}${pick(r, ['', ' in Noisy Data', ': A Software Library', ' at Scale', ' Under Weak Supervision'])}`,
    ...byline,
    ...(r() < 0.4
      ? [
          `Received ${writeDate(r, day(r), 'en')}`,
          `Accepted ${writeDate(r, day(r), 'en')}`,
          `doi:10.${int(r, 1000, 9999)}/${int(r, 1000, 99999)}`,
        ]
      : []),
    '',
    `${pick(r, ['Abstract', 'Abstract.', 'ABSTRACT', 'Summary'])}${r() < 0.5 ? ' ' : '\n'}${paragraph(int(r, 3, 6))}`,
    ...(r() < 0.5
      ? [
          `${pick(r, ['Keywords:', 'Key words:', 'Index Terms—'])} ${[topic, pick(r, METHODS), pick(r, MEASURES)].join(', ')}`,
        ]
      : []),
    '',
    `${pick(r, ['1 ', '1. ', 'I. ', ''])}${pick(r, ['Introduction', 'INTRODUCTION'])}`,
    paragraph(int(r, 4, 9)),
    '',
    `${pick(r, ['2 ', '2. ', 'II. '])}${pick(r, ['Related work', 'Method', 'Theory', 'Experimental setup', 'Model'])}`,
    paragraph(int(r, 4, 9)),
    ...(r() < 0.5
      ? [
          `(${int(r, 1, 9)})`,
          `Table ${int(r, 1, 5)}: ${pick(r, MEASURES)} ${pick(r, ['by method', 'on the test set', 'for each configuration'])}`,
        ]
      : []),
    paragraph(int(r, 2, 6)),
  ];
  return {
    label: 'scientific_paper',
    source: `synthetic:paper_${['numbered', 'plain'][variant]}`,
    text: text.join('\n'),
    fields: {},
  };
}

const AIMS = [
  'To test whether {method} improves the {measure} in {topic}.',
  'To compare {n} techniques for {topic} in a controlled setting.',
  'This study aimed to evaluate the effect of the {variable} on the {measure}.',
  'We investigate {topic} with {method} and report the first measurements of the {measure}.',
];
const METHODS_DONE = [
  '{k} samples were analysed by {method}.',
  'Statistical analysis was performed using the {test} test (p = 0.05).',
  'Data were collected between {y1} and {y2} and analysed blind to the group.',
  'The {measure} was recorded at {n} levels of the {variable}.',
  'A split-sample design with {n} groups was used.',
];
const RESULTS = [
  'The {measure} was {p}% higher with {method} than in the control group.',
  'No significant difference was found between the groups (p > 0.05).',
  'Both models agree within the uncertainties.',
  'The {measure} increased with the {variable} up to a maximum at {n} units.',
  'Two of the {n} groups showed a significant improvement.',
];
const CONCLUSIONS = [
  'Within the limitations of this study, {method} gave the best {measure}.',
  '{Method} is a promising approach to {topic} and deserves a larger trial.',
  'These results suggest that the {variable} should be controlled in future work.',
];
const TESTS = ['Kruskal-Wallis', 'Mann-Whitney', 'chi-square', 'Student t', 'Fisher exact'];

/**
 * A conference abstract, as abstract books and extended-abstract PDFs print them: the meeting at the
 * top, a title, authors with affiliation marks, affiliations, then either the structured sections of a
 * medical or life-science abstract (Aim, Methods, Results, Conclusions) or a page of narrow-column
 * prose with bracketed citations and a few references. Generated papers were all full articles with
 * an abstract and numbered sections; grobid's one-page abstracts left out of training went to `form`.
 */
function conferenceAbstract(r: Random, variant: number): SyntheticDocument {
  const topic = pick(r, PAPER_TOPICS);
  const year = int(r, 1995, 2025);
  const method = pick(r, METHODS);
  const fillIn = (sentence: string): string =>
    sentence
      .replace('{Method}', `${method[0]?.toUpperCase()}${method.slice(1)}`)
      .replace('{method}', method)
      .replace('{topic}', topic)
      .replace('{measure}', pick(r, MEASURES))
      .replace('{variable}', pick(r, VARIABLES))
      .replace('{test}', pick(r, TESTS))
      .replace('{y1}', String(year - int(r, 2, 4)))
      .replace('{y2}', String(year - 1))
      .replace('{p}', String(int(r, 5, 60)))
      .replace('{k}', String(int(r, 12, 400)))
      .replace(/\{n\}/g, () => String(int(r, 2, 6)));
  const some = (pool: readonly string[], lo: number, hi: number): string =>
    Array.from({ length: int(r, lo, hi) }, () => fillIn(pick(r, pool))).join(' ');
  const authors = Array.from({ length: int(r, 2, 6) }, () => person(r));
  const places = Array.from(
    { length: int(r, 1, Math.min(3, authors.length)) },
    () => `${pick(r, INSTITUTES)}, ${pick(r, PLACES)}`,
  );
  const byline = authors
    .map(
      (a, i) =>
        `${variant === 0 ? `${a.split(' ')[1]} ${a[0]}` : a}${(i % places.length) + 1}${i === 0 && r() < 0.5 ? '*' : ''}`,
    )
    .join(', ');
  const meeting = `${pick(r, ['Annual Meeting', 'International Conference', 'Biennial Congress', 'Spring Symposium'])} of the ${pick(r, ['Society', 'Association', 'Federation'])} for ${topic[0]?.toUpperCase()}${topic.slice(1)}`;
  const width = variant === 0 ? int(r, 80, 100) : int(r, 45, 60);
  const title = `${pick(r, ['Effect of', 'Ability of', 'Evidence for', 'Observation of', 'A comparison of'])} ${pick(r, METHODS)} ${pick(r, ['on', 'in', 'for'])} ${topic}`;
  const head = [
    ...(r() < 0.7
      ? [
          meeting,
          `${pick(r, PLACES).split(' ').slice(-1)[0]} ${year}, ${pick(r, MONTHS)} ${int(r, 1, 20)}-${int(r, 21, 28)}`,
        ]
      : []),
    ...(r() < 0.5
      ? [`${pick(r, ['Poster session', 'Oral presentation', 'Session'])} ${pick(r, ['', 'P-', 'OP'])}${int(r, 1, 240)}`]
      : []),
    '',
    variant === 1 && r() < 0.6 ? title.toUpperCase() : title,
    byline,
    ...places.map((place, i) => `${i + 1}${r() < 0.5 ? ' ' : ''}${place}`),
    ...(r() < 0.4
      ? [`*${authors[0]?.split(' ')[1]?.toLowerCase()}@${pick(r, ['uni', 'inst', 'hosp'])}.example.org`]
      : []),
    '',
  ];
  const body =
    variant === 0
      ? [
          `${pick(r, ['Aim', 'Objective', 'Background', 'Introduction'])} ${some(AIMS, 1, 2)}`,
          `${pick(r, ['Methodology', 'Methods', 'Materials and methods'])} ${some(METHODS_DONE, 2, 4)}`,
          `${pick(r, ['Results', 'Findings'])} ${some(RESULTS, 2, 4)}`,
          `${pick(r, ['Conclusions', 'Conclusion'])} ${some(CONCLUSIONS, 1, 2)}`,
          ...(r() < 0.5 ? [`Keywords: ${[topic, method, pick(r, MEASURES)].join(', ')}`] : []),
        ].map((part) => wrap(part, width))
      : [
          wrap(
            `${some(AIMS, 1, 1)} ${some(METHODS_DONE, 1, 3)} [1]. ${some(RESULTS, 2, 4)} [2]. ${r() < 0.5 ? `Fig. ${int(r, 1, 3)} shows the ${pick(r, MEASURES)} as a function of the ${pick(r, VARIABLES)}. ` : ''}${some(CONCLUSIONS, 1, 2)}`,
            width,
          ),
          '',
          ...(r() < 0.7
            ? [
                pick(r, ['References', 'REFERENCES', '']),
                ...Array.from(
                  { length: int(r, 2, 4) },
                  (_, i) =>
                    `[${i + 1}] ${person(r)}, ${pick(r, ['Phys. Rev. B', 'J. Appl. Phys.', 'Int. Endod. J.', 'Proc. Natl. Acad. Sci.'])} ${int(r, 10, 120)}, ${int(r, 100, 9999)} (${year - int(r, 1, 15)}).`,
                ),
              ]
            : []),
        ];
  return {
    label: 'scientific_paper',
    source: `synthetic:paper_abstract_${['structured', 'extended'][variant]}`,
    text: [...head, ...body].join('\n'),
    fields: {},
  };
}

/** Appended after every other template (syntheticDocuments.ts), so those draw the same numbers as before. */
export const ABSTRACT_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [conferenceAbstract, 2],
];

/** The prose templates, as [generator, variants] for syntheticDocuments.ts's list. */
export const PROSE_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [report, 4],
  [letter, 3],
  [other, 5],
  [paper, 2],
];
