/**
 * Candidates for the party that issued an invoice, for the learned scorer (fieldScorer.ts): every party a
 * seller cue of the rules proposed (invoiceVendor.ts, each cue a feature, the rules' choice one more),
 * plus the name-like lines of the letterhead and the footer that no cue took. What tells the issuer from
 * the addressee is learned, not listed: the words of the lines above and beside a candidate ("Bill to",
 * "Rechnungsempfänger", "Verkäufer", "Absender" — in any language the taught documents use), its place
 * on the page, its legal form, and what is printed near it (VAT id, IBAN, phone, web address, register).
 */
import { foldOrganization } from '../sameValue.js';
import type { DocumentLine } from './documentLines.js';
import { ORG_SUFFIX, type RuleContext } from './fieldBuilder.js';
import type { FieldCandidate } from './scoredCandidate.js';
import { LEGAL_MENTION, namedLikeSite, nameLike, orgIn, type VendorEvidence } from './invoiceVendor.js';

/** How many lines from the top of the first page, and from the end of the document, are searched. */
const TOP_LINES = 14;
const BOTTOM_LINES = 10;

const NEARBY: Array<[string, RegExp]> = [
  ['vatId', /\b(?:vat|ust|tva|btw|iva|mwst|gst|uid|steuer\s*-?\s*nr|tax\s*id)\b|\b[A-Z]{2}\s?\d{8,12}\b/iu],
  ['iban', /\b(?:iban|bic|swift|bank)\b|\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}\b/iu],
  ['phone', /\b(?:tel|fon|phone|fax|t[ée]l[ée]phone|telefoon)\b|\+\d{2}[\s\d()/-]{6,}/iu],
  ['web', /\bwww\.|https?:\/\/|@[\w-]+\.\w{2,}/iu],
  [
    'street',
    /\b\d{1,4}\s?[a-z]?\s*$|^\s*\d{1,4}\s+\p{L}|\b(?:str(?:asse|\.)|straße|rue|road|street|avenue|weg|laan|plein)\b/iu,
  ],
  ['postcode', /\b\d{4,5}\s+\p{Lu}\p{L}+|\b\p{Lu}{1,2}\d{1,2}\s?\d\p{Lu}{2}\b/u],
  ['legal', LEGAL_MENTION],
];

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Words of a line as tokens (letters only, 2–15 long); a name's own words are rare and fall out of the vocabulary. */
function tokens(text: string): string[] {
  return [...new Set(fold(text).match(/\p{L}{2,15}/gu) ?? [])];
}

/** A line's first column, and the text after a label on it ("Sold by: Acme Ltd" → "Acme Ltd"). */
function segmentsOf(text: string): string[] {
  const out: string[] = [];
  for (const column of text.trim().split(/\s{3,}|\t/)) {
    const t = column.trim().replace(/[,;.]+$/, '');
    if (t) out.push(t);
    const after = /^[^:]{2,30}:\s*(.+)$/.exec(t)?.[1]?.trim();
    if (after) out.push(after);
  }
  return out.slice(0, 4);
}

function plausibleName(text: string): boolean {
  return (
    text.length >= 2 &&
    text.length <= 70 &&
    /\p{L}{2}/u.test(text) &&
    (nameLike(text) || orgIn(text) === text || /^[\p{Lu}\d][\p{L}\d&'’.\- ]+$/u.test(text)) &&
    !/\d[.,]\d{2}(?!\d)/.test(text)
  );
}

/**
 * The vendor candidates of an invoice. `evidence` is what the seller cues found; `rule` the rules' answer
 * (marked with `rule:chosen` by the caller, fieldCandidates.ts).
 */
export function vendorCandidates(ctx: RuleContext, evidence: VendorEvidence): FieldCandidate[] {
  const byName = new Map<string, FieldCandidate>();
  const position = new Map(ctx.lines.map((l, k) => [l.index, k]));
  const firstPage = ctx.lines[0]?.page ?? 1;
  const firstPageCount = ctx.lines.filter((l) => l.page === firstPage).length;
  const siteNamed = (raw: string): boolean => evidence.sites.length > 0 && namedLikeSite(raw, evidence.sites);

  const add = (raw: string, line: DocumentLine, extra: Array<[string, number]>): void => {
    const name = raw.trim();
    const key = foldOrganization(name);
    if (key.length < 2) return;
    let c = byName.get(key);
    if (!c) {
      c = { raw: name, normalized: name, page: line.page, features: new Map() };
      byName.set(key, c);
    }
    const features = c.features;
    const set = (f: string, v = 1): void => {
      features.set(f, Math.max(features.get(f) ?? 0, v));
    };
    for (const [f, v] of extra) set(f, v);
    const at = position.get(line.index) ?? 0;
    const above = ctx.lines[at - 1];
    const above2 = ctx.lines[at - 2];
    const below = ctx.lines[at + 1];
    // The label before the name in its own column ("Sold by:"), not the other column's text.
    const before =
      line.text
        .slice(0, Math.max(0, line.text.indexOf(name)))
        .split(/\s{3,}/)
        .pop() ?? '';
    for (const t of tokens(before)) set(`pre:${t}`);
    if (above?.page === line.page) for (const t of tokens(above.text)) set(`a:${t}`);
    if (above2?.page === line.page) for (const t of tokens(above2.text)) set(`a2:${t}`);
    if (below?.page === line.page) for (const t of tokens(below.text)) set(`b:${t}`);
    // What is printed with the party: its contact and registration details, on its line or the three
    // below (a party's details follow its name), or just above it (a footer's name under its details).
    for (let k = Math.max(0, at - 1); k <= at + 3; k++) {
      const near = ctx.lines[k];
      if (!near || near.page !== line.page) continue;
      for (const [cue, re] of NEARBY)
        if (re.test(k === at ? line.text.replace(name, ' ') : near.text)) set(`near:${cue}`);
    }
    if (evidence.buyerBlock.has(line.index)) set('buyerBlock');
    const onFirst = line.page === firstPage;
    set(onFirst ? 'pos:firstPage' : 'pos:laterPage');
    if (onFirst) {
      set(`pos:fromtop${Math.min(at, 8)}`);
      set('pos:y', at / Math.max(1, firstPageCount));
    }
    const fromEnd = ctx.lines.length - 1 - at;
    if (fromEnd < BOTTOM_LINES) set(`pos:frombottom${Math.min(fromEnd, 5)}`);
    set('pos:lineStart', line.text.trim().startsWith(name) ? 1 : 0);
    // The name's shape.
    const words = name.split(/\s+/).length;
    set(`shape:words${Math.min(words, 6)}`);
    if (ORG_SUFFIX.test(name)) set('shape:legalForm');
    if (name === name.toUpperCase() && /\p{Lu}{2}/u.test(name)) set('shape:capitals');
    if (/\d/.test(name)) set('shape:digits');
    if (/[:@/]/.test(name)) set('shape:punct');
    if (/^\p{Ll}/u.test(name)) set('shape:lowerStart');
    if (siteNamed(name)) set('site:named');
  };

  // The seller cues' proposals, each cue its own feature with the strength the rules gave it.
  for (const cue of evidence.cues) add(cue.raw, cue.line, [[`cue:${cue.cue}`, cue.strength]]);
  if (evidence.brand)
    add(evidence.brand.name, evidence.brand.line, [
      ['cue:brand', 1],
      [`cue:brandMentions${Math.min(evidence.brand.mentions, 3)}`, 1],
    ]);
  // The letterhead and the footer: name-like lines no cue took.
  const firstLines = ctx.lines.filter((l) => l.page === firstPage).slice(0, TOP_LINES);
  const lastLines = ctx.lines.slice(-BOTTOM_LINES);
  for (const line of [...firstLines, ...lastLines])
    for (const segment of segmentsOf(line.text)) {
      if (!plausibleName(segment)) continue;
      const org = orgIn(segment);
      add(org ?? segment, line, [['cue:line', 1]]);
    }
  // How often each party is named in the document (the issuer repeats in the header and footer).
  const text = foldOrganization(ctx.text);
  for (const [key, c] of byName) {
    let count = 0;
    for (let at = text.indexOf(key); at >= 0 && count < 4; at = text.indexOf(key, at + key.length)) count++;
    c.features.set(`mentions${Math.min(Math.max(count, 1), 3)}`, 1);
    if (!c.features.has('buyerBlock')) c.features.set('outsideBuyerBlock', 1);
  }
  return [...byName.values()];
}
