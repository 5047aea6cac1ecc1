/**
 * Contract rules for the title (capitals, possibly over several lines), the preamble of an agreement
 * ("This Agreement is made as of <date> by and between <party>, a <state> corporation (“Alias”), and
 * <party> ..."), the governing-law clause and the renewal clause. Parties are read by contractParties.ts.
 * The EDGAR "Source:" page footer is removed first: its date is the filing's, not the agreement's.
 */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { findDates } from './dates.js';
import { contractParties } from './contractParties.js';
import { field, type RuleContext } from './fieldBuilder.js';

const CONTRACT_WORD =
  /\b(?:AGREEMENT|CONTRACT|LEASE|TERMS\s+AND\s+CONDITIONS|MEMORANDUM\s+OF\s+UNDERSTANDING|ADDENDUM|AMENDMENT|LICEN[CS]E|ARRANGEMENT)\b/i;

/** Title words → CUAD-style contract type (the category names of the dev corpus labels). */
const TYPES: Array<[RegExp, string]> = [
  [/co-?branding/i, 'Co Branding'],
  [/strategic\s+alliance/i, 'Strategic Alliance'],
  [/joint\s+venture/i, 'Joint Venture'],
  [/non-?compet|non-?solicit/i, 'Non Compete Non Solicit'],
  [/collaborat/i, 'Collaboration'],
  [/distribut/i, 'Distributor'],
  [/sponsor/i, 'Sponsorship'],
  [/hosting/i, 'Hosting'],
  [/franchise/i, 'Franchise'],
  [/reseller|resale/i, 'Reseller'],
  [/licen[cs]e/i, 'License Agreements'],
  [/intellectual\s+property|\bIP\b|patent/i, 'IP'],
  [/transport|shipping|courier/i, 'Transportation'],
  [/agency|agent/i, 'Agency Agreements'],
  [/manufactur/i, 'Manufacturing'],
  [/development/i, 'Development'],
  [/maintenance|support/i, 'Maintenance'],
  [/supply|purchase/i, 'Supply'],
  [/marketing/i, 'Marketing'],
  [/promotion/i, 'Promotion'],
  [/affiliate/i, 'Affiliate Agreements'],
  [/outsourc/i, 'Outsourcing'],
  [/consult/i, 'Consulting Agreements'],
  [/endorse/i, 'Endorsement'],
  [/service/i, 'Service'],
  [/cooperat/i, 'Collaboration'],
];

function isCapitals(text: string): boolean {
  return text.replace(/[^\p{Lu}]/gu, '').length >= text.replace(/[^\p{L}]/gu, '').length * 0.6;
}

/**
 * A title in capitals set over several lines: "AMENDMENT AND TERMINATION / OF / JOINT VENTURE AGREEMENT",
 * "ELECTRONIC JOURNAL DEVELOPMENT, / HOSTING AND MANAGEMENT AGREEMENT". Lines are joined across a
 * trailing comma or joining word, or a next line that starts with one.
 */
function capitalTitle(lines: ReadonlyArray<{ text: string }>, at: number): string {
  const joinsNext = /(?:,|\b(?:OF|AND|FOR|TO|&))\s*$/;
  const startsJoined = /^\s*(?:OF|AND|FOR|TO|&)\b/;
  const usable = (i: number): string | null => {
    const t = lines[i]?.text.trim() ?? '';
    return t && t.length <= 80 && isCapitals(t) && !/:\s*\S/.test(t) ? t : null;
  };
  let first = at;
  let last = at;
  while (first > 0 && first > at - 2 && usable(first - 1) && joinsNext.test(usable(first - 1) as string)) first--;
  while (
    last - at < 3 &&
    usable(last + 1) &&
    (joinsNext.test(lines[last]?.text ?? '') || startsJoined.test(usable(last + 1) as string))
  )
    last++;
  return lines
    .slice(first, last + 1)
    .map((l) => l.text.trim())
    .join(' ');
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  eighteen: 18,
  twenty: 20,
  thirty: 30,
  sixty: 60,
};

/**
 * A jurisdiction as written: capitalised words, possibly joined by "of" ("People’s Republic of China"),
 * with the country after a province or an Australian state ("Province of Ontario, Canada").
 */
const PLACE = String.raw`((?:[A-Z][\w’'-]*)(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,4}(?:,\s+(?:Canada|Australia)\b)?)`;
const LAW_PREFIX = String.raw`laws?\s+(?:of|in)\s+(?:the\s+)?(?:(?:State|Commonwealth)\s+of\s+)?`;
/** Words that end a jurisdiction: "New York without regard to …", "DELAWARE APPLICABLE TO …". */
const PLACE_END =
  /\s+(?:Without|And|Applicable|In|Excluding|As|Including|Except|Exclusive|Regardless|Other|Governing|Shall|Will|The|Irrespective|Notwithstanding)\b.*$/i;

/**
 * The governing-law clause, in its usual shapes: "governed by [and construed in accordance with] the laws
 * of the State of X", "construed … under the laws of the Commonwealth of X", "the laws of X shall govern",
 * "the law of X applies", "requires application of the laws of X", "governed by PRC laws". The place is
 * kept as written except the formal "State of"/"Commonwealth of" and "Federal Republic of"; capitals are
 * folded to title case.
 */
function governingLaw(flat: string): { raw: string; place: string; confidence: number } | null {
  const cues: Array<[RegExp, number]> = [
    [
      new RegExp(
        String.raw`\bgoverned\s+(?:\w+ly\s+)?(?:by|in\s+accordance\s+with|under)\b[^.]{0,100}?\b${LAW_PREFIX}${PLACE}`,
        'gi',
      ),
      0.8,
    ],
    [
      new RegExp(String.raw`\b${LAW_PREFIX}${PLACE}[^.]{0,80}?\b(?:(?:shall|will)\s+(?:govern|apply)|applies)\b`, 'gi'),
      0.75,
    ],
    [
      new RegExp(
        String.raw`\b(?:governed|construed|interpreted|enforced)\b[^.]{0,120}?\b(?:according\s+to|in\s+accordance\s+with|under|by)\s+(?:the\s+)?(?:internal\s+|substantive\s+)?${LAW_PREFIX}${PLACE}`,
        'gi',
      ),
      0.7,
    ],
    [new RegExp(String.raw`\bapplication\s+of\s+(?:the\s+)?${LAW_PREFIX}${PLACE}`, 'gi'), 0.6],
  ];
  for (const [re, confidence] of cues) {
    for (const m of flat.matchAll(re)) {
      const written = m[1] as string;
      // The jurisdiction must start with a capital even in a case-insensitive search.
      if (!/^[A-Z]/.test(written)) continue;
      let place = written
        .replace(PLACE_END, '')
        .replace(/^(?:the\s+)?(?:Federal\s+)?Republic\s+of\s+/i, '')
        .replace(/[.,]+$/, '');
      if (/^(?:United\s+States|USA|U\.S\.A?\.?)$/i.test(place) || !place) continue;
      if (place === place.toUpperCase()) place = place.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
      return { raw: m[0], place, confidence };
    }
  }
  // "governed by PRC laws": the abbreviation of the People's Republic of China.
  const prc = /\bgoverned\s+by\s+(?:the\s+)?(?:PRC|Chinese)\s+laws?\b/i.exec(flat);
  if (prc) return { raw: prc[0], place: "People's Republic of China", confidence: 0.65 };
  return null;
}

export function contractFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const firstLines = ctx.lines.slice(0, 40);
  // Underlines that text layers keep from EDGAR filings ("and --- ENTRUST") are not text.
  const flat = ctx.text
    .replace(/\s+/g, ' ')
    .replace(/ (?:-{2,}|_{2,}) /g, ' ')
    // The EDGAR page footer "Source: ACME CORP, 10-K, 3/13/2020" dates the filing, not the agreement; it
    // still ends what precedes it (a cover page's party line).
    .replace(/\bSource:\s[^/]{1,120}?,\s*\d{1,2}\/\d{1,2}\/\d{4}/g, '; ')
    // Text-layer slips inside dates: "April 15 , 2010", "20t h day of".
    .replace(/(\d) ,/g, '$1,')
    .replace(/(\d)(st|nd|rd|th|s|n|r|t) ([tdh])\b/g, (m, d: string, a: string, b: string) =>
      /^(?:st|nd|rd|th)$/.test(a + b) ? `${d}${a}${b}` : m,
    );
  const head = flat.slice(0, 6000);

  // Title. A line with a colon is a reference ("Contract No.: 1513"), not a heading.
  const headingLike = (l: { text: string }): boolean => CONTRACT_WORD.test(l.text) && !/:\s*\S/.test(l.text);
  const titleLine = firstLines.find((l) => headingLike(l) && l.text.trim().length <= 120 && isCapitals(l.text));
  const titleAny = titleLine ?? firstLines.find((l) => headingLike(l) && l.text.trim().length <= 80);
  let title: string | null = null;
  if (titleAny) {
    title = (titleLine ? capitalTitle(firstLines, firstLines.indexOf(titleLine)) : titleAny.text.trim())
      .replace(/^exhibit\s+[\d.]+\w*\s*/i, '')
      .replace(/\s{2,}/g, ' ');
    fields.push(field(ctx, 'title', title, title, titleLine ? 0.7 : 0.45, titleAny.page));
  }
  const typeSource = title ?? head.slice(0, 400);
  const type = TYPES.find(([re]) => re.test(typeSource));
  if (type) fields.push(field(ctx, 'contract_type', type[1], type[1], title ? 0.55 : 0.35));

  // Parties.
  const parties = contractParties(head, ctx.lines);
  if (parties) fields.push(field(ctx, 'parties', parties.names.join('; '), parties.names, parties.confidence));

  // Dates: agreement date from the preamble, effective date from an "effective" cue.
  const order = ctx.dateOrder ?? 'mdy';
  const preamble = head.slice(0, 3000);
  const dated = /\b(?:dated|made|entered\s+into|executed|signed|agreement\s+date|as\s+of|this)\b[^.]{0,80}/gi;
  let agreement: { raw: string; iso: string } | null = null;
  for (const m of preamble.matchAll(dated)) {
    const d = findDates(preamble.slice(m.index, m.index + 140), order).find((x) => x.iso);
    if (d?.iso) {
      agreement = { raw: d.raw, iso: d.iso };
      break;
    }
  }
  let agreementConfidence = 0.65;
  // A date alone on a line before the preamble's dated phrase: the date of a letter agreement
  // ("AGENCY AGREEMENT / May 14, 2014 / Ladies and Gentlemen: …").
  const cueAt = agreement ? preamble.indexOf(agreement.raw) : preamble.length;
  for (const line of ctx.lines.slice(0, 30)) {
    const d = findDates(line.text, order).find((x) => x.iso && x.raw.length >= line.text.trim().length - 2);
    const at = d ? preamble.indexOf(d.raw) : -1;
    if (d?.iso && at >= 0 && at < cueAt) {
      agreement = { raw: d.raw, iso: d.iso };
      break;
    }
  }
  const firstDate = findDates(preamble, order).find((d) => d.iso);
  if (!agreement && firstDate?.iso) {
    // Any date at the top is a guess: it may be a filing, a schedule or a term date.
    agreement = { raw: firstDate.raw, iso: firstDate.iso };
    agreementConfidence = 0.4;
  }
  if (agreement) fields.push(field(ctx, 'agreement_date', agreement.raw, agreement.iso, agreementConfidence));

  let effective: { raw: string; iso: string; confidence: number } | null = null;
  // '<date> (the "Effective Date")': the definition itself, so it beats a later "the Term shall commence on".
  const defined = /\(\s*(?:the|this)?\s*[“"]?Effective\s*Date[”"]?\s*\)/i.exec(flat.slice(0, 20000));
  if (defined) {
    const before = findDates(flat.slice(Math.max(0, defined.index - 60), defined.index), order).pop();
    if (before?.iso) effective = { raw: before.raw, iso: before.iso, confidence: 0.75 };
  }
  const explicit =
    /(?:effective|commenc\w*)\s+(?:as\s+of|on|from|date\s*(?:of|is|shall\s+be)?\s*:?)\s*(?:the\s+(?:day|date)\s+of\s+)?/gi;
  for (const m of effective ? [] : flat.slice(0, 20000).matchAll(explicit)) {
    // Something else may commence ("Phase I will commence on …"): only the agreement or its term counts.
    if (
      /^commenc/i.test(m[0]) &&
      !/\b(?:agreement|term|contract|lease)\b[^.]{0,40}$/i.test(flat.slice(Math.max(0, m.index - 60), m.index))
    )
      continue;
    const d = findDates(flat.slice(m.index + m[0].length, m.index + m[0].length + 40), order)[0];
    if (d?.iso && d.index < 5) {
      effective = { raw: d.raw, iso: d.iso, confidence: 0.75 };
      break;
    }
  }
  // Without an effective-date cue the agreement date stands in, as weakly as it was found.
  if (!effective && agreement) effective = { ...agreement, confidence: agreementConfidence > 0.5 ? 0.45 : 0.3 };
  if (effective) fields.push(field(ctx, 'effective_date', effective.raw, effective.iso, effective.confidence));

  const expiry = /\b(?:expire[sd]?|terminate[sd]?|ending|end)\s+(?:on|at|as\s+of)?\s*/gi;
  for (const m of flat.slice(0, 30000).matchAll(expiry)) {
    const d = findDates(flat.slice(m.index + m[0].length, m.index + m[0].length + 30), order)[0];
    if (d?.iso && d.index < 4 && (!agreement || d.iso > agreement.iso)) {
      fields.push(field(ctx, 'expiration_date', d.raw, d.iso, 0.5));
      break;
    }
  }

  // Governing law.
  const law = governingLaw(flat);
  if (law) fields.push(field(ctx, 'governing_law', law.raw, law.place, law.confidence));

  // Renewal term.
  const renewal =
    /renew(?:ed|al|s)?\b[^.]{0,120}?\b(?:for|of)\s+(?:an?\s+)?(?:(successive|additional|further|subsequent)\s+)?(?:(?:period|term)s?\s+of\s+)?(\d+|one|two|three|four|five|six|ten|twelve)\s*(?:\(\d+\)\s*)?[-\s]?(year|month)s?/i.exec(
      flat,
    );
  if (renewal) {
    const n = /^\d+$/.test(renewal[2] as string)
      ? Number(renewal[2])
      : (NUMBER_WORDS[(renewal[2] as string).toLowerCase()] ?? 1);
    const value = `${renewal[1]?.toLowerCase() === 'successive' ? 'successive ' : ''}${n} ${renewal[3]}${n === 1 ? '' : 's'}`;
    fields.push(field(ctx, 'renewal_term', renewal[0], value, 0.4));
  }
  return fields;
}
