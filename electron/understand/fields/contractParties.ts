/**
 * The parties to a contract, as their legal names, from the places a lawyer would look, strongest first:
 *  1. the preamble's "between/among" clause ("by and between A, a Delaware corporation (“A”), and B ...",
 *     "BETWEEN: (1) A ... AND (2) B", "among A, B and C");
 *  2. a preamble without "between", where each party is marked by its corporate description or its
 *     defined alias ("A CORPORATION (“A”), a California corporation, ..., and B, a Washington ...");
 *  3. "Party A: ..." lines (translated Chinese contracts), then role labels ("LICENSOR: Acme Inc.");
 *  4. the signature blocks ("<ENTITY>" followed by "By:"), for instruments signed by "the undersigned"
 *     with no preamble (joint filing agreements);
 *  5. organisation names at the top of the document.
 * Aliases, descriptions and seats are cut; trade names (d/b/a) are kept.
 */
import type { DocumentLine } from './documentLines.js';
import { endAtLegalForm, ORG_SUFFIX } from './fieldBuilder.js';

export interface Parties {
  names: string[];
  confidence: number;
}

/** More parties than this is a consortium list (cable landing agreements) that no rule here reads reliably. */
const MAX_PARTIES = 6;

/** " AND " after a legal form or an alias, in a cover page written in capitals. */
const CAPITAL_AND_AFTER_NAME =
  /(?<=(?:\b(?:INC|CORP|CORPORATION|COMPANY|CO|LLC|L\.L\.C|LTD|LIMITED|PLC|L\.?P|AG|GMBH|S\.A|N\.V|B\.V|A\/S|AB)|[)”"])[.,]?)\s+AND\s+(?=[A-Z])/;

/** A legal form ending a name, including the partnership forms ORG_SUFFIX leaves out ("Acquiror LP"). */
const LEGAL_FORM_END = new RegExp(`(?:${ORG_SUFFIX.source}|\\bL\\.?P\\.?|\\bLLLP)[.,]?$`, 'u');

/**
 * The corporate description that follows a party's name: ", a Delaware corporation", ", an Ohio limited
 * liability company", ", a Peoples’ Republic of China company". Jurisdictions may hold "of"/"the".
 */
const DESCRIPTION =
  /,?\s+(?:a|an)\s+(?:(?:[A-Z][\w.’'-]*|of|the)\s+){0,5}?(?:corporation|company|limited|partnership|bank|association|organi[sz]ation|entity|institution|corp\.?|llc|l\.l\.c\.|public|private|business|society|trust|federally|national|non-profit|wholly|division|subsidiary|individual|natural\s+person|resident|citizen)/i;

const DESCRIPTION_AT_START = new RegExp(`^${DESCRIPTION.source}`, 'i');

/** A party's name: the start of its preamble segment, before descriptions and the defined alias. */
export function partyName(segment: string): string | null {
  // Text before the last "between" is the agreement's own description, not a party.
  let s = segment
    .replace(/^[\s\S]*\b(?:between|among|B\s*E\s*T\s*W\s*E\s*E\s*N)\b\s*:?\s*/i, '')
    .replace(/^\s*(?:and|&)\s+/i, '')
    .trim();
  s = s.replace(/^(?:\(\s*[\divx]+\s*\)|\([a-z]\)|\d\.|[a-c]\))\s*/i, '');
  // "…, for services of Jane Roe (“Endorser”), …": a party brought in by a few lower-case words is
  // still one when it is given its own defined name.
  s = s.replace(
    /^(?:[a-z][\w’'-]*\s+){1,5}(?=\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,4}\s*\(\s*(?:the\s+)?[“"])/u,
    '',
  );
  const cut = s.search(
    new RegExp(
      `${DESCRIPTION.source}|\\s*\\((?![^()"“”]{1,40}\\)\\s+(?!and\\b|or\\b|an?\\b|with\\b|having\\b|located\\b|of\\b|to\\b)\\w)|,\\s*(?:with|having|whose|located|organi[sz]ed|incorporated(?=\\s+(?:in|under|and|as|pursuant|with)\\b)|duly|existing|hereinafter|its\\s+principal|(?:a\\s+)?division\\s+of)\\b|\\s+(?:with|having)\\s+(?:its|a)\\s+(?:principal|registered|place|office)|\\s+(?:located|residing)\\s+at\\b|\\s+whose\\s+(?:registered|principal|head|address|office|place)\\b|\\s+\\(?(?:company|registration|registered)\\s+(?:number|no)\\b|\\s+of\\s+(?=\\d|[A-Z][\\w-]*\\s+\\d)|,\\s*\\d|\\s+hereinafter|,?\\s+(?:acting\\s+)?(?:through|by\\s+and\\s+through)\\s+its\\b|\\s+of\\s+the\\s+(?:other|second|third)\\s+part\\b|\\s+Source:|\\.\\s+(?:The|This)\\s|\\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\\s+\\d|[;"“”]`,
      'i',
    ),
  );
  // CUAD keeps a trade name: "TIME LIFE, INC., a Delaware corporation d/b/a Time Life Music".
  const dba = /\s(d\/b\/a|doing\s+business\s+as)\s+([^,(;"“”]+)/i.exec(s);
  if (cut > 0) s = s.slice(0, cut);
  // "Beijing CC-Pharming Ltd. of Beijing, China": what follows the legal form is the seat.
  s = s.replace(
    /(\b(?:Inc|Corp|Corporation|Company|Ltd|LLC|Limited|plc|GmbH|AG|S\.A|N\.V|B\.V)\.?),?\s+of\s+.*$/i,
    '$1',
  );
  if (dba && !s.includes(dba[0].trim())) s = `${s.replace(/[,\s]+$/, '')} ${dba[1]} ${(dba[2] as string).trim()}`;
  s = s.replace(/[,\s]+$/, '').replace(/\s{2,}/g, ' ');
  if (s.length < 3 || s.length > 100 || !/^(?:[\p{Lu}\d"“]|\p{Ll}\p{Lu})/u.test(s)) return null;
  if (
    /^(?:the\s+)?(?:parties|party|undersigned|following|company|each|this|in\s+connection)\b|\b(?:refer(?:s|red)?|hereby|agreement|statement|shall|will)\b|:\s/i.test(
      s,
    )
  )
    return null;
  return s;
}

/** The same party again, in other capitals or with a parenthesis: "Beike Internet (Beijing) Security…". */
const partyKey = (x: string): string =>
  x
    .replace(/\([^)]*\)/g, '')
    .replace(/[^\p{L}\d]/gu, '')
    .toLowerCase();

function pushUnique(out: string[], name: string | null, limit = MAX_PARTIES): void {
  if (name && out.length < limit && !out.some((o) => partyKey(o) === partyKey(name))) out.push(name);
}

const BETWEEN = /\b(?:by\s+and\s+between|between|B\s*E\s*T\s*W\s*E\s*E\s*N|by\s+and\s+among|among)\b/gi;

/** The clause from the "between" at `open` to where the party list ends. */
function betweenClause(head: string, open: RegExpExecArray): string {
  const rest = head.slice(open.index);
  // The clause ends at the recitals, at a collective definition, or where a second "between" begins the
  // description of another agreement ("as an amendment to that certain Agreement dated … by and among").
  const end = rest
    .slice(open[0].length)
    .search(
      /\b(?:WHEREAS|R\s?E\s?C\s?I\s?T\s?A\s?L\s?S|W\s*I\s*T\s*N\s*E\s*S\s*S(?:\s*E\s*T\s*H)?|NOW,?\s+THEREFORE|BACKGROUND|PREAMBLE|IN\s+CONSIDERATION|TABLE\s+OF\s+CONTENTS|collectively\s+(?:the|referred))\b|,?\s+as\s+an?\s+(?:amendment|supplement)\b|\b(?:by\s+and\s+)?(?:between|among)\b/i,
    );
  const length = end >= 0 ? open[0].length + end : 900;
  return rest.slice(0, Math.min(length, 1500));
}

/** A legal name ahead, before any parenthesis: a new party after an alias ("(“Nissin”), Nissin Holdings USA, Inc."). */
const NAME_WITH_FORM_AHEAD = String.raw`(?=(?:[A-Z0-9][\w.&'’-]*,?\s+){0,8}(?:Inc|Corp|Corporation|Ltd|LLC|L\.L\.C|Limited|plc|GmbH|AG|AB|S\.A|N\.V|B\.V|L\.?P|Co)\b)`;

/** Where one party's segment ends and the next begins. */
const PARTY_SEPARATOR = new RegExp(
  [
    // After an alias or a closing parenthesis: "(“A”), and B", "(“A”) - and - B" (Canadian cover style).
    String.raw`(?<=[)”"])\s*[,;]?\s*(?:-\s*)?(?:and|AND|&)(?:\s*-)?\s+`,
    String.raw`;\s*(?:and\s+)?`,
    String.raw`,\s+and\s+(?=[A-Z])`,
    String.raw`\s+and\s+(?=[A-Z][\w.&'-]+(?:\s+[A-Z][\w.&'-]+)*,?\s+(?:a|an)\s)`,
    String.raw`(?<=\d|\b(?:Inc|Corp|Ltd|LLC|Limited|plc|GmbH|AG)\.?)\s+and\s+(?=[A-Z])`,
    // A numbered list of parties: "… USA AND 2. B Limited", "and (2) B Co., Ltd.".
    // A lettered list: "among (a) Alpha S.A. (“Alpha”), … Luxembourg, (b) Beta S.A. …; (c) Gamma Limited".
    String.raw`[,;]\s*(?:and\s+)?(?=\([a-h]\)\s+[A-Z])`,
    String.raw`\s+(?:and|AND)\s+(?=\(?\d{1,2}[.)]\s)`,
    String.raw`(?<=[)”"]),\s+${NAME_WITH_FORM_AHEAD}`,
    // After an alias, a party brought in by a few lower-case words and given its own defined name:
    // "(“Lender”), for services of Jane Roe (“Endorser”), and …".
    String.raw`(?<=[)”"]),\s+(?=(?:[a-z][\w’'-]*\s+){1,5}[A-Z][^()]{0,60}\(\s*(?:the\s+)?[“"])`,
    // After a party's corporate description: "Alpha LP, a Delaware limited partnership, Beta GP LLC, a …".
    String.raw`(?<=\b(?:corporation|company|partnership|association|bank|trust))\s*,\s+${NAME_WITH_FORM_AHEAD}`,
    // A bare list of legal names: "among Alpha Inc., Beta LLC and Gamma Ltd.".
    String.raw`(?<=\b(?:Inc|Corp|Ltd|LLC|Limited|plc|GmbH|AG|N\.V|B\.V|S\.A|L\.P|LP)\.?),\s+${NAME_WITH_FORM_AHEAD}`,
    // English style: "… (“Alpha”) of the one part and Beta Limited … of the other part".
    String.raw`\s+of\s+the\s+(?:one|first)\s+part[,;]?\s*(?:and|AND)?\s*`,
  ].join('|'),
);

function partiesFromPreamble(head: string): string[] {
  // "This Agreement between the parties is made between A and B": a "between" that names nobody gives
  // way to the next one in the same sentence (later ones are clauses of the body: "between X and Y").
  const opens = [...head.matchAll(BETWEEN)];
  const first = opens[0]?.index ?? 0;
  for (const open of opens.filter((o) => o.index - first < 300).slice(0, 3)) {
    const names = partiesFromClause(betweenClause(head, open));
    if (names.length) return names;
  }
  return [];
}

function partiesFromClause(clause: string): string[] {
  const out: string[] = [];
  // "BY AND BETWEEN X, INC. AND Y, INC." in capitals (cover pages) splits on the capital AND.
  // Only after a complete name (a legal form or an alias): "NEW YORK LIFE INSURANCE AND ANNUITY
  // CORPORATION" is one party.
  const pieces = clause.split(PARTY_SEPARATOR).flatMap((piece) => piece.split(CAPITAL_AND_AFTER_NAME));
  for (const piece of pieces) pushUnique(out, partyName(piece));
  if (out.length === 1) return simpleBetween(clause) ?? out;
  // After two real names, a lone capitalised word ("Records") is a sentence fragment, not a party.
  const named = out.filter((n) => /\s/.test(n) || ORG_SUFFIX.test(n));
  return named.length >= 2 ? out.filter((n, i) => i < 2 || /\s/.test(n) || ORG_SUFFIX.test(n)) : out;
}

/**
 * "This is a hosting agreement between Acme.com and bright systems." — an informal sentence with two bare
 * names and no punctuation between them: split on its only "and". Names may be written in lower case.
 */
function simpleBetween(clause: string): string[] | null {
  const m = /^\S+(?:\s+and\s+between)?\s+(.+?)\s+and\s+(.+?)(?:\.(?:\s|$)|,\s|$)/i.exec(clause);
  if (!m) return null;
  const [a, b] = [(m[1] as string).trim(), (m[2] as string).trim()];
  const bare = (x: string): boolean =>
    x.length >= 2 &&
    x.length <= 60 &&
    x.split(/\s+/).length <= 5 &&
    !/[,;:()"“”]|\b(?:and|the|parties|party|agreement)\b/i.test(x);
  return bare(a) && bare(b) ? [a, b] : null;
}

/** Tokens of a name read backwards from its description: capitalised words, numbers and joining words. */
/** A word of a name: capitalised, a number, a joining word, or a legal form written in lower case (“Acme Media plc”). */
const NAME_TOKEN = /^(?:[\p{Lu}\d][\p{L}\d.&'’\/-]*,?|&|and|of|de|du|la|for|the|plc[.,]?|e\.V\.,?)$/u;
/** Forms written after a comma that ORG_SUFFIX does not know: national banks, mutual holding companies. */
const COMMA_FORM = /^(?:N\.A\.|MHC|P\.C\.|PC|LP|L\.P\.)$/;
const JOINING = /^(?:&|and|of|de|du|la|for|the)$/;

/** The name written right before `end`: back to the previous clause, an alias or a lower-case word. */
function nameBefore(text: string, end: number): string | null {
  const tokens = text
    .slice(Math.max(0, end - 160), end)
    .trimEnd()
    .split(/\s+/);
  const name: string[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] as string;
    if (!NAME_TOKEN.test(t) || /^(?:AGREEMENT|CONTRACT|Agreement|Contract)/.test(t)) break;
    // A comma ends the previous clause unless a legal form follows it ("Acme, Inc.", "Hill Bank, N.A.") or
    // the name is a firm's list of founders ("Keefe, Bruyette & Woods, Inc.").
    if (t.endsWith(',') && !LEGAL_FORM_END.test(name[0] ?? '') && !COMMA_FORM.test(name[0] ?? '') && name[1] !== '&')
      break;
    name.unshift(t);
    if (name.length >= 10) break;
  }
  while (name.length && JOINING.test(name[0] as string)) name.shift();
  const s = name.join(' ').replace(/,$/, '');
  return s.length >= 2 && /^[\p{Lu}\d]/u.test(s) ? s : null;
}

/**
 * A preamble without "between": "X CORPORATION (“X”), a California corporation, …, and Y, a Washington
 * corporation, …". Each party is a name followed by its corporate description, or a name with a legal form
 * followed by its defined alias; a bare "Term (“Term”)" is a definition, not a party.
 */
function partiesFromDescriptions(head: string): string[] {
  const end = head.search(
    /\b(?:WHEREAS|RECITALS|Recitals|W\s*I\s*T\s*N\s*E\s*S\s*S\s*E\s*T\s*H|NOW,?\s+THEREFORE|BACKGROUND|Background)\b/,
  );
  const preamble = head.slice(0, end > 0 ? Math.min(end, 3000) : 2000);
  const out: string[] = [];
  const anchor = new RegExp(
    `${DESCRIPTION.source}\\b|\\s*\\((?:the\\s+|hereinafter\\s+(?:referred\\s+to\\s+as\\s+|called\\s+)?)?["“][^"”]{1,40}["”]\\)`,
    'gi',
  );
  for (const m of preamble.matchAll(anchor)) {
    const name = nameBefore(preamble, m.index);
    if (!name) continue;
    // Described: the anchor is the description, or the alias is followed by one.
    const described =
      /^,?\s+an?\s/i.test(m[0]) ||
      DESCRIPTION_AT_START.test(preamble.slice(m.index + m[0].length, m.index + m[0].length + 100));
    if (!described && !ORG_SUFFIX.test(name)) continue;
    pushUnique(out, name);
  }
  return out;
}

/** "Party A: <name>" lines; a role written twice (cover page, then preamble) keeps its last name. */
function partiesFromRoleLines(head: string): string[] {
  const byRole = new Map<string, string>();
  for (const m of head.matchAll(
    /\bParty\s+([A-D])\s*:\s*([^:]+?)(?=\s+(?:Add(?:ress)?|Legal|Registered|Party\s+[A-D]|Tel|Whereas)\b|$)/g,
  )) {
    byRole.set(m[1] as string, (m[2] as string).trim());
  }
  return [...byRole.values()];
}

/** Role words that head a party's block on a cover or summary page ("LICENSOR: Acme Inc."). */
const ROLE =
  /^\s*(?:the\s+)?(Licensor|Licensee|Supplier|Customer|Distributor|Client|Consultant|Buyer|Seller|Vendor|Purchaser|Sponsor|Franchisor|Franchisee|Lessor|Lessee|Landlord|Tenant|Contractor|Provider|Service\s+Provider|Reseller|Manufacturer|Developer|Publisher|Employer|Employee|Lender|Borrower|Owner|Agent|Principal|Guarantor|Assignor|Assignee|Grantor|Grantee|Investor)\s*:\s*(.*)$/i;

/**
 * Parties under role labels: "LICENSOR: Acme Inc." / "LICENSEE:" + "Name: Beta LLC" on the next line. Two
 * different roles are needed; the value must look like a name (a legal form, or two capitalised words).
 */
function partiesFromRoleLabels(lines: readonly DocumentLine[]): string[] {
  const byRole = new Map<string, string>();
  const top = lines.slice(0, 60);
  top.forEach((line, i) => {
    const m = ROLE.exec(line.text);
    if (!m) return;
    let value = (m[2] as string).trim();
    if (!value) value = (top[i + 1]?.text ?? '').replace(/^\s*(?:(?:Company|Legal|Full)\s+)?Name\s*:\s*/i, '').trim();
    // Columns after the name ("Phone: …", "Address: …") are not part of it.
    value =
      value
        .split(/\s{3,}|\s+(?:Phone|Tel|Fax|E-?mail|Address|Attn|Contact)\s*:|,\s+(?=\d)/i)[0]
        ?.replace(/[,;]\s*$/, '')
        .trim() ?? '';
    value = endAtLegalForm(value);
    const role = (m[1] as string).toLowerCase();
    const looksLikeName =
      ORG_SUFFIX.test(value) || /^[\p{Lu}\d][\p{L}\d.&'’-]*(?:\s+[\p{Lu}&][\p{L}\d.&'’-]*)+$/u.test(value);
    if (looksLikeName && value.length <= 100 && !byRole.has(role)) byRole.set(role, value);
  });
  const out: string[] = [];
  for (const name of byRole.values()) pushUnique(out, name);
  return out;
}

const SIGNATURE_LABEL =
  /^\s*(?:By|Name|Title|Its|Date|Dated|Print(?:ed)?\s+Name|Signature)\s*:|^\s*By\s+(?:\/s\/|_{2,})|^\s*\/s\//i;

/**
 * Entities from the signature blocks: a line ending in a legal form directly above "By:". A name broken
 * over two lines ("… Opportunity Fund" / "Offshore, LP") is joined when the line above is not part of the
 * previous block (a signer's name or title, two lines or less below its "By:").
 */
function partiesFromSignatures(lines: readonly DocumentLine[]): string[] {
  const out: string[] = [];
  const isBy = (i: number): boolean => /^\s*By\b/i.test(lines[i]?.text ?? '');
  for (let i = 0; i + 1 < lines.length; i++) {
    const text = (lines[i] as DocumentLine).text.trim();
    if (!isBy(i + 1) || SIGNATURE_LABEL.test(text) || !LEGAL_FORM_END.test(text) || text.length > 100) continue;
    let name = text.replace(/[,:]$/, '');
    const above = lines[i - 1]?.text.trim() ?? '';
    const shortStart = /^[\p{Lu}][\p{L}\d.'’-]*,?\s+\S+$/u.test(name);
    if (
      shortStart &&
      above &&
      !SIGNATURE_LABEL.test(above) &&
      !ORG_SUFFIX.test(above) &&
      !above.includes(':') &&
      !isBy(i - 2) &&
      !isBy(i - 3)
    )
      name = `${above} ${name}`;
    // Every signer of a joint filing is a party, however many there are.
    pushUnique(out, name, Infinity);
  }
  return out;
}

/** Organisation names in the first lines (letterheads, cover pages): a weak guess. */
function partiesFromTopLines(lines: readonly DocumentLine[]): string[] {
  const orgs: string[] = [];
  for (const line of lines.slice(0, 40)) {
    const m = ORG_SUFFIX.exec(line.text);
    if (!m) continue;
    const name =
      line.text
        .slice(0, m.index + m[0].length)
        .trim()
        .split(/\s{3,}/)
        .pop() ?? '';
    // A name is capitalised words ("Acme Trading Company"), not a sentence or a numbered clause that ends
    // in a legal form ("4. Section 31125 of the California Corporation").
    const words = name.split(/\s+/);
    const nameLike =
      words.length <= 8 && /^\p{Lu}/u.test(name) && words.every((w) => /^[\p{Lu}\d&(]/u.test(w) || JOINING.test(w));
    if (name.length > 3 && nameLike && !orgs.includes(name)) orgs.push(name);
  }
  return orgs.slice(0, 2);
}

/** `head` is the start of the document as one line (whitespace folded). */
export function contractParties(head: string, lines: readonly DocumentLine[]): Parties | null {
  const preamble = partiesFromPreamble(head);
  if (preamble.length >= 2) return { names: preamble, confidence: 0.7 };
  const described = partiesFromDescriptions(head);
  if (described.length >= 2) return { names: described, confidence: 0.55 };
  const roles = partiesFromRoleLines(head);
  if (roles.length >= 2) return { names: roles.slice(0, 4), confidence: 0.65 };
  const labelled = partiesFromRoleLabels(lines);
  if (labelled.length >= 2) return { names: labelled, confidence: 0.5 };
  // A summary sheet may label one party ("SPONSOR: Name: …") and define the other in a sentence
  // ("Harbor Park LLC (“HP”) shall provide …"): one name from each, less sure than either alone.
  const merged: string[] = [];
  for (const name of [...described, ...roles, ...labelled]) pushUnique(merged, name);
  if (merged.length >= 2) return { names: merged, confidence: 0.45 };
  // Signature blocks list every signer, parties and their general partners alike: only trusted when
  // the instrument is signed by "the undersigned" and names nobody in a preamble.
  if (/\bthe\s+undersigned\b/i.test(head.slice(0, 1500))) {
    const signed = partiesFromSignatures(lines);
    if (signed.length >= 2) return { names: signed, confidence: 0.4 };
  }
  const top = partiesFromTopLines(lines);
  if (top.length >= 2) return { names: top, confidence: 0.35 };
  return preamble.length ? { names: preamble, confidence: 0.4 } : null;
}
