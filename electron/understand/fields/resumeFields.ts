/**
 * Resume rules: the name heads the document, contact details follow, then sections (WORK EXPERIENCE,
 * EDUCATION, SKILLS) whose headings are found by their capitals. When no e-mail address is given, the
 * profile link the author gave instead (e.g. an Indeed profile) is the contact.
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { EMAIL, PHONE, normalizePhone } from './identifiers.js';
import { field, type RuleContext } from './fieldBuilder.js';
import type { DocumentLine } from './documentLines.js';

const HEADINGS =
  /^(?:WORK\s+EXPERIENCE|EXPERIENCE|PROFESSIONAL\s+EXPERIENCE|EMPLOYMENT(?:\s+HISTORY)?|EDUCATION|ACADEMIC\s+(?:QUALIFICATIONS?|DETAILS)|SKILLS|TECHNICAL\s+SKILLS|KEY\s+SKILLS|PROJECTS?|CERTIFICATIONS?|ADDITIONAL\s+INFORMATION|SUMMARY|PROFILE|OBJECTIVE|AWARDS|LANGUAGES|INDUSTRIAL\s+TRAINING|LINKS|PUBLICATIONS)\s*:?$/i;

/** The document's own title or a personal-details heading, never the person's name. */
const DOCUMENT_TITLE =
  /^(?:europass|(?:europass\s+)?(?:curr[ií]culum(?:\s+vitae(?:\s+et\s+studiorum)?)?|vitae|r[ée]sum[ée]|cv|bio[\s-]?data|(?:tabellarischer\s+)?lebenslauf|personal\s+(?:information|details|data|profile)|contact(?:\s+(?:information|details))?)|zur\s+person|(?:angaben\s+zur|pers[öo]nliche)\s+(?:person|daten|angaben)|informations?\s+personnelles|[ée]tat\s+civil|coordonn[ée]es|datos\s+personales|informaci[óo]n\s+personal|informazioni\s+personali|dati\s+(?:personali|anagrafici)|personalia|persoonlijke\s+gegevens|个人简历|求职简历|简历|履歴書|職務経歴書|이력서|경력\s*기술서|입사\s*지원서)\s*:?$/iu;
/** A person's name as CVs print it: two to four capitalised or upper-case words ("Jean DUPONT"), no lower-case word. */
const STRONG_NAME = /^\p{Lu}[\p{L}'’-]*\.?(?:\s+\p{Lu}[\p{L}'’-]*\.?){1,3}$/u;

function section(lines: readonly DocumentLine[], heading: RegExp): DocumentLine[] {
  const start = lines.findIndex((l) => heading.test(l.text.trim()));
  if (start < 0) return [];
  const out: DocumentLine[] = [];
  for (const line of lines.slice(start + 1)) {
    if (HEADINGS.test(line.text.trim())) break;
    out.push(line);
  }
  return out;
}

export function resumeFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const lines = ctx.lines.map((l) => ({ ...l, text: l.text.trim() }));
  // "Name: Jane Doe" (European CVs, forms) is the name; else the first name-like line that is not the
  // document's title ("Curriculum Vitae") or a section heading.
  const labelled = lines
    .slice(0, 15)
    // (姓名, 氏名, 성명: a Chinese, Japanese or Korean name has no capital and may have two characters.)
    .map((l) => ({
      l,
      m: /^(?:(?:full\s+|first\s+and\s+last\s+)?(?:name|nom|nombre|nome)\s*[:\-–]\s*(\p{Lu}[\p{L}.'\- ]{2,50})|(?:姓名|氏名|성명|이름)\s*[:：]?\s*(\p{Lo}[\p{L} ]{1,20}))$/iu.exec(
        l.text,
      ),
    }))
    .map(({ l, m }) => ({ l, m: m ? ([m[0], m[1] ?? m[2]] as const) : null }))
    .find((x) => x.m?.[1] && x.m[1].trim().split(/\s+/).length <= 5);
  const candidates = labelled
    ? []
    : lines.filter(
        (l) =>
          /^\p{L}[\p{L}.'\- ]{2,50}$/u.test(l.text) &&
          l.text.split(/\s+/).length <= 5 &&
          !HEADINGS.test(l.text) &&
          !DOCUMENT_TITLE.test(l.text),
      );
  // A job title may head the page over the name ("Enseignant en Mathématiques" / "Jean DUPONT"): a first
  // candidate with a lower-case word gives way to a name-shaped line just below it.
  const firstCandidate = candidates[0];
  const nameShaped =
    firstCandidate && !STRONG_NAME.test(firstCandidate.text)
      ? candidates
          .slice(1)
          .find((l) => STRONG_NAME.test(l.text) && lines.indexOf(l) - lines.indexOf(firstCandidate) <= 4)
      : undefined;
  const nameLine = nameShaped ?? firstCandidate;
  if (labelled?.m?.[1])
    fields.push(field(ctx, 'name', labelled.m[1].trim(), labelled.m[1].trim(), 0.9, labelled.l.page));
  else if (nameLine)
    fields.push(
      field(ctx, 'name', nameLine.text, nameLine.text, lines.indexOf(nameLine) === 0 ? 0.92 : 0.6, nameLine.page),
    );

  // Contact: a real address first; else the profile link after "Indeed:".
  const email = ctx.text.match(EMAIL)?.[0];
  const profile = /(?:Indeed:\s*)?(indeed\.com\/r\/[\w-]+\/\w+)/i.exec(ctx.text);
  if (email) fields.push(field(ctx, 'email', email, email.toLowerCase(), 0.9));
  else if (profile) fields.push(field(ctx, 'email', profile[1] as string, profile[1] as string, 0.85));

  const headerBlock = lines.slice(0, 6);
  for (const line of headerBlock) {
    const m = line.text.match(PHONE);
    const phone = m ? normalizePhone(m[0]) : null;
    if (m && phone && !/indeed|\d{4}\s+to\s+\d{4}/i.test(line.text)) {
      fields.push(field(ctx, 'phone', m[0], phone, 0.7, line.page));
      break;
    }
  }

  // "Designation - Company" under the name; "City, Region - Email me on Indeed" for the location.
  if (nameLine) {
    const at = lines.indexOf(nameLine);
    const next = lines[at + 1];
    if (next && !/@|indeed|email/i.test(next.text)) {
      const designation = next.text.split(/\s+-\s+/)[0]?.trim() ?? '';
      if (designation && designation.length < 80)
        fields.push(field(ctx, 'designation', designation, designation, 0.6, next.page));
    }
    const locationLine = lines
      .slice(at + 1, at + 4)
      .find((l) => /\s-\s+(?:Email|Indeed|\+?\d)|^[\p{Lu}][\p{L} ]+,\s*[\p{Lu}][\p{L} ]+$/u.test(l.text));
    if (locationLine) {
      const location =
        locationLine.text
          .split(/\s+-\s+/)[0]
          ?.split(',')[0]
          ?.trim() ?? '';
      if (location && location.length < 40)
        fields.push(field(ctx, 'location', location, location, 0.6, locationLine.page));
    }
  }

  // Companies: "Company - City" lines followed by a date range in the experience section.
  const experience = section(
    lines,
    /^(?:WORK\s+EXPERIENCE|EXPERIENCE|PROFESSIONAL\s+EXPERIENCE|EMPLOYMENT(?:\s+HISTORY)?)\s*:?$/i,
  );
  const companies: string[] = [];
  experience.forEach((line, i) => {
    const next = experience[i + 1]?.text ?? '';
    if (/\b(?:19|20)\d{2}\b|present/i.test(next) && /\s-(?:\s|$)/.test(line.text)) {
      const name = line.text.split(/\s+-(?:\s|$)/)[0]?.trim() ?? '';
      if (name && name.length < 80 && !companies.includes(name)) companies.push(name);
    }
  });
  if (companies.length) fields.push(field(ctx, 'companies', companies.join('; '), companies, 0.5));

  // Education: first entry's degree line and its "College - City" line, and the year it ends.
  const education = section(lines, /^(?:EDUCATION|ACADEMIC\s+(?:QUALIFICATIONS?|DETAILS))\s*:?$/i);
  if (education[0]) fields.push(field(ctx, 'degree', education[0].text, education[0].text, 0.55, education[0].page));
  const collegeLine = education.slice(1, 3).find((l) => /\s-\s|college|university|institute|school/i.test(l.text));
  if (collegeLine) {
    const college = collegeLine.text.split(/\s+-\s+/)[0]?.trim() ?? collegeLine.text;
    fields.push(field(ctx, 'college', college, college, 0.5, collegeLine.page));
  }
  const yearLine = education.slice(0, 4).find((l) => /\b(?:19|20)\d{2}\b/.test(l.text));
  if (yearLine) {
    const years = yearLine.text.match(/\b(?:19|20)\d{2}\b/g) ?? [];
    const year = years[years.length - 1] as string;
    fields.push(field(ctx, 'graduation_year', year, year, 0.55, yearLine.page));
  }

  const skills = section(lines, /^(?:SKILLS|TECHNICAL\s+SKILLS|KEY\s+SKILLS)\s*:?$/i)[0];
  if (skills) {
    const list = skills.text.split(/\s*[,;•|]\s*/).filter((s) => s.length > 1);
    fields.push(field(ctx, 'skills', skills.text, list, 0.4, skills.page));
  }
  return fields;
}
