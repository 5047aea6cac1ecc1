/**
 * Contract rules for the preamble of an agreement ("This Agreement is made as of <date> by and between
 * <party>, a <state> corporation (“Alias”), and <party> ..."), the governing-law clause and the renewal
 * clause. Parties come from the preamble, else from "Party A:" lines, else from organisation names at the top.
 */
import type { FieldValue } from '../../../../shared/contract/schemas/fieldValue.js';
import { findDates } from './dates.js';
import { field, ORG_SUFFIX, type RuleContext } from './fieldBuilder.js';

const CONTRACT_WORD = /\b(?:AGREEMENT|CONTRACT|LEASE|TERMS\s+AND\s+CONDITIONS|MEMORANDUM\s+OF\s+UNDERSTANDING|ADDENDUM|AMENDMENT|LICEN[CS]E|ARRANGEMENT)\b/i;

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

/** " AND " after a legal form or an alias, in a cover page written in capitals. */
const CAPITAL_AND_AFTER_NAME = /(?<=(?:\b(?:INC|CORP|CORPORATION|COMPANY|CO|LLC|L\.L\.C|LTD|LIMITED|PLC|L\.?P|AG|GMBH|S\.A|N\.V|B\.V|A\/S|AB)|[)”"])[.,]?)\s+AND\s+(?=[A-Z])/;

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, eighteen: 18, twenty: 20, thirty: 30, sixty: 60 };

/** A party's name: the start of its preamble segment, before descriptions and the defined alias. */
function partyName(segment: string): string | null {
  // Text before the last "between" is the agreement's own description, not a party.
  let s = segment.replace(/^[\s\S]*\b(?:between|among|B\s*E\s*T\s*W\s*E\s*E\s*N)\b\s*:?\s*/i, '').replace(/^\s*(?:and|&)\s+/i, '').trim();
  s = s.replace(/^(?:\(\s*[\divx]+\s*\)|\([a-z]\)|\d\.|[a-c]\))\s*/i, '');
  const cut = s.search(
    /,?\s+(?:a|an)\s+(?:[A-Z][\w.]*\s+){0,4}?(?:corporation|company|limited|partnership|bank|association|organi[sz]ation|entity|institution|corp\.?|llc|l\.l\.c\.|public|private|business|society|trust|federally|national|non-profit|wholly|division|subsidiary)|\s*\((?![^()"“”]{1,40}\)\s+(?!and\b|or\b|an?\b|with\b|having\b|located\b|of\b|to\b)\w)|,\s*(?:with|having|whose|located|organi[sz]ed|incorporated|duly|existing|hereinafter|its\s+principal|a\s+division)\b|\s+(?:with|having)\s+(?:its|a)\s+(?:principal|registered|place|office)|\s+(?:located|residing)\s+at\b|\s+of\s+(?=\d|[A-Z][\w-]*\s+\d)|,\s*\d|\s+hereinafter|\s+Source:|\.\s+(?:The|This)\s|\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d|[;"“”]/i,
  );
  // CUAD keeps a trade name: "TIME LIFE, INC., a Delaware corporation d/b/a Time Life Music".
  const dba = /\s(d\/b\/a|doing\s+business\s+as)\s+([^,(;"“”]+)/i.exec(s);
  if (cut > 0) s = s.slice(0, cut);
  // "Beijing CC-Pharming Ltd. of Beijing, China": what follows the legal form is the seat.
  s = s.replace(/(\b(?:Inc|Corp|Corporation|Company|Ltd|LLC|Limited|plc|GmbH|AG|S\.A|N\.V|B\.V)\.?),?\s+of\s+.*$/i, '$1');
  if (dba && !s.includes(dba[0].trim())) s = `${s.replace(/[,\s]+$/, '')} ${dba[1]} ${(dba[2] as string).trim()}`;
  s = s.replace(/[,\s]+$/, '').replace(/\s{2,}/g, ' ');
  if (s.length < 3 || s.length > 100 || !/^(?:[\p{Lu}\d"“]|\p{Ll}\p{Lu})/u.test(s)) return null;
  if (/^(?:the\s+)?(?:parties|party|undersigned|following|company|each|this|in\s+connection)\b|\b(?:referred|hereby|agreement|statement)\b/i.test(s)) return null;
  return s;
}

function partiesFromPreamble(head: string): string[] {
  const at = head.search(/\b(?:by\s+and\s+between|between|B\s*E\s*T\s*W\s*E\s*E\s*N|by\s+and\s+among|among)\b/i);
  if (at < 0) return [];
  const end = head.slice(at).search(/\b(?:WHEREAS|R\s?E\s?C\s?I\s?T\s?A\s?L\s?S|W\s*I\s*T\s*N\s*E\s*S\s*S(?:\s*E\s*T\s*H)?|NOW,?\s+THEREFORE|BACKGROUND|PREAMBLE|IN\s+CONSIDERATION|collectively\s+(?:the|referred))\b/i);
  const segment = head.slice(at, at + (end > 0 ? Math.min(end, 1500) : 900));
  // Parties are separated by "and" after an alias or description, or by semicolons.
  const pieces = segment.split(
    /(?<=[)”"])\s*[,;]?\s*(?:and|&)\s+|;\s*(?:and\s+)?|,\s+and\s+(?=[A-Z])|\s+and\s+(?=[A-Z][\w.&'-]+(?:\s+[A-Z][\w.&'-]+)*,?\s+(?:a|an)\s)|(?<=\d|\b(?:Inc|Corp|Ltd|LLC|Limited|plc|GmbH|AG)\.?)\s+and\s+(?=[A-Z])/,
  );
  const out: string[] = [];
  // "BY AND BETWEEN X, INC. AND Y, INC." in capitals (cover pages) splits on the capital AND.
  // Only after a complete name (a legal form or an alias): "NEW YORK LIFE INSURANCE AND ANNUITY
  // CORPORATION" is one party.
  const expanded = pieces.flatMap((piece) => piece.split(CAPITAL_AND_AFTER_NAME));
  for (const piece of expanded) {
    const name = partyName(piece);
    // The same party again, in other capitals or with a parenthesis: "Beike Internet (Beijing) Security…".
    const key = (x: string): string => x.replace(/\([^)]*\)/g, '').replace(/[^\p{L}\d]/gu, '').toLowerCase();
    if (name && !out.some((o) => key(o) === key(name))) out.push(name);
    if (out.length >= 4) break;
  }
  // After two real names, a lone capitalised word ("Records") is a sentence fragment, not a party.
  const named = out.filter((n) => /\s/.test(n) || ORG_SUFFIX.test(n));
  return named.length >= 2 ? out.filter((n, i) => i < 2 || /\s/.test(n) || ORG_SUFFIX.test(n)) : out;
}

export function contractFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const firstLines = ctx.lines.slice(0, 40);
  // Underlines that text layers keep from EDGAR filings ("and --- ENTRUST") are not text.
  const flat = ctx.text
    .replace(/\s+/g, ' ')
    .replace(/ (?:-{2,}|_{2,}) /g, ' ')
    // Text-layer slips inside dates: "April 15 , 2010", "20t h day of".
    .replace(/(\d) ,/g, '$1,')
    .replace(/(\d)(st|nd|rd|th|s|n|r|t) ([tdh])\b/g, (m, d: string, a: string, b: string) => (/^(?:st|nd|rd|th)$/.test(a + b) ? `${d}${a}${b}` : m));
  const head = flat.slice(0, 6000);

  // Title.
  const titleLine = firstLines.find((l) => CONTRACT_WORD.test(l.text) && l.text.trim().length <= 120 && l.text.replace(/[^\p{Lu}]/gu, '').length >= l.text.replace(/[^\p{L}]/gu, '').length * 0.6);
  const titleAny = titleLine ?? firstLines.find((l) => CONTRACT_WORD.test(l.text) && l.text.trim().length <= 80);
  let title: string | null = null;
  if (titleAny) {
    title = titleAny.text.trim().replace(/^exhibit\s+[\d.]+\w*\s*/i, '').replace(/\s{2,}/g, ' ');
    fields.push(field(ctx, 'title', title, title, titleLine ? 0.7 : 0.45, titleAny.page));
  }
  const typeSource = title ?? head.slice(0, 400);
  const type = TYPES.find(([re]) => re.test(typeSource));
  if (type) fields.push(field(ctx, 'contract_type', type[1], type[1], title ? 0.55 : 0.35));

  // Parties.
  let parties = partiesFromPreamble(head);
  let partiesConfidence = parties.length >= 2 ? 0.7 : 0.4;
  if (parties.length < 2) {
    const labelled = [...head.matchAll(/\bParty\s+[A-D]\s*:\s*([^:]+?)(?=\s+(?:Add(?:ress)?|Legal|Registered|Party\s+[A-D]|Tel|Whereas)\b|$)/g)].map((m) => (m[1] as string).trim());
    if (labelled.length >= 2) {
      parties = labelled.slice(0, 4);
      partiesConfidence = 0.65;
    }
  }
  if (parties.length < 2) {
    const orgs: string[] = [];
    for (const line of firstLines) {
      const m = ORG_SUFFIX.exec(line.text);
      if (!m) continue;
      const name = line.text.slice(0, m.index + m[0].length).trim().split(/\s{3,}/).pop() ?? '';
      if (name.length > 3 && !orgs.includes(name)) orgs.push(name);
    }
    if (orgs.length >= 2) {
      parties = orgs.slice(0, 2);
      partiesConfidence = 0.35;
    }
  }
  if (parties.length) fields.push(field(ctx, 'parties', parties.join('; '), parties, partiesConfidence));

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
  const firstDate = findDates(preamble, order).find((d) => d.iso);
  if (!agreement && firstDate?.iso) agreement = { raw: firstDate.raw, iso: firstDate.iso };
  if (agreement) fields.push(field(ctx, 'agreement_date', agreement.raw, agreement.iso, 0.65));

  let effective: { raw: string; iso: string; confidence: number } | null = null;
  const explicit =
    /(?:effective|commenc\w*)\s+(?:as\s+of|on|from|date\s*(?:of|is|shall\s+be)?\s*:?)\s*(?:the\s+(?:day|date)\s+of\s+)?/gi;
  for (const m of flat.slice(0, 20000).matchAll(explicit)) {
    const d = findDates(flat.slice(m.index + m[0].length, m.index + m[0].length + 40), order)[0];
    if (d?.iso && d.index < 5) {
      effective = { raw: d.raw, iso: d.iso, confidence: 0.75 };
      break;
    }
  }
  if (!effective) {
    // '<date> (the "Effective Date")': the date right before the defined term.
    const defined = /\(\s*(?:the|this)?\s*[“"]?Effective\s*Date[”"]?\s*\)/i.exec(flat.slice(0, 20000));
    if (defined) {
      const before = findDates(flat.slice(Math.max(0, defined.index - 60), defined.index), order).pop();
      if (before?.iso) effective = { raw: before.raw, iso: before.iso, confidence: 0.75 };
    }
  }
  if (!effective && agreement) effective = { ...agreement, confidence: 0.45 };
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
  const law = /governed\s+by[^.]{0,80}?laws?\s+of\s+(?:the\s+)?(?:State\s+of\s+|Commonwealth\s+of\s+|Province\s+of\s+|Republic\s+of\s+|People'?s\s+Republic\s+of\s+)?([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,3})/.exec(flat);
  if (law) {
    const place = (law[1] as string).replace(/\s+(?:Without|And|Applicable|In|Excluding|As|Including|Except)\b.*$/, '');
    fields.push(field(ctx, 'governing_law', place, place, 0.7));
  }

  // Renewal term.
  const renewal =
    /renew(?:ed|al|s)?\b[^.]{0,120}?\b(?:for|of)\s+(?:an?\s+)?(?:(successive|additional|further|subsequent)\s+)?(?:(?:period|term)s?\s+of\s+)?(\d+|one|two|three|four|five|six|ten|twelve)\s*(?:\(\d+\)\s*)?[-\s]?(year|month)s?/i.exec(flat);
  if (renewal) {
    const n = /^\d+$/.test(renewal[2] as string) ? Number(renewal[2]) : (NUMBER_WORDS[(renewal[2] as string).toLowerCase()] ?? 1);
    const value = `${renewal[1]?.toLowerCase() === 'successive' ? 'successive ' : ''}${n} ${renewal[3]}${n === 1 ? '' : 's'}`;
    fields.push(field(ctx, 'renewal_term', renewal[0], value, 0.4));
  }
  return fields;
}
