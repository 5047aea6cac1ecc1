/**
 * Who issued the invoice. The seller is the party in the letterhead, after a seller label, in the sender
 * line over the address window, in the statutory footer (capital, register, seat) and the holder of the
 * bank account to pay into; never the party under "Bill to". A web or e-mail domain printed on the
 * invoice is strong evidence: a candidate named like the domain wins, and when no candidate is, the
 * brand the domain names ("Acme" for acme.com) is what a user files the invoice under, even if a
 * different legal entity operates it.
 */
import { best, ORG_SUFFIX, type Candidate, type RuleContext } from './fieldBuilder.js';
import type { DocumentLine } from './documentLines.js';

/** A party a seller cue proposed, with the cue's name (a feature of the learned vendor scorer). */
export interface VendorCue extends Candidate<string> {
  cue: string;
}

/** "Attn:", Dutch "T.a.v.", German "z. Hd.", French "à l'attention de": the addressee follows. */
const ATTENTION = /^(?:attn\b\.?|attention\b|t\.\s?a\.\s?v\.|z\.\s?hd\.|zu\s+h[äa]nden\b|[àa]\s+l'attention\b)/i;

function firstPageLines(ctx: RuleContext): DocumentLine[] {
  return ctx.lines.filter((l) => l.page === (ctx.lines[0]?.page ?? 1));
}

/**
 * Lines of the first page in the address block that follows a buyer label (that party is the buyer).
 * Strict: only a label that starts its line or column ("Bill to:", not "… Customer Care: 1800 …").
 */
export function buyerBlockOf(ctx: RuleContext, buyerLabel: RegExp, strict = false): Set<number> {
  const firstPage = firstPageLines(ctx);
  const block = new Set<number>();
  firstPage.forEach((line, at) => {
    const m = buyerLabel.exec(line.text);
    if (m && !(strict && m.index > 0 && !/\s{3,}$/.test(line.text.slice(0, m.index))))
      for (let k = at; k <= at + 5; k++) block.add(firstPage[k]?.index ?? -1);
    // A name over an attention line ("Acme Corp" / "Attn: J. Doe") heads the addressee's block.
    if (ATTENTION.test(line.text.trim()) && at > 0)
      for (let k = at - 1; k <= at + 4; k++) block.add(firstPage[k]?.index ?? -1);
  });
  return block;
}

/** Organisation-looking name in a line: the text up to and including a legal-form suffix. */
export function orgIn(text: string): string | null {
  const m = ORG_SUFFIX.exec(text);
  if (!m) return null;
  const head = text.slice(0, m.index + m[0].length);
  // The organisation name is the last segment before the suffix that is not an address or a label.
  let segment =
    head
      .split(/\s{3,}|[|•●·]|\s-\s|,\s(?=\d)|:\s/)
      .pop()
      ?.trim() ?? '';
  // In a sentence ("All AWS Services are sold by Amazon Web Services, Inc.") the name starts after
  // "by"/"from" ("Au bon moulin SARL" keeps its lower-case words).
  segment = segment.replace(/^.*\b\p{Ll}{3,}\s+(?:by|from|par|von|door)\s+(?=\p{Lu})/u, '');
  return segment.length >= 3 && /\p{L}{2}/u.test(segment) ? segment : null;
}

const NOISE_LINE =
  /^(?:invoice|rechnung|facture|factuur|tax invoice|original|copy|page|seite|stylesheet|anwendungsempfehlung|www\.|http|tel|fax|phone|e-?mail)|^[^\n]{0,12}(?:請求書|请求书|发票|發票|納品書|見積書|領収書|收据|세금계산서|청구서|거래명세서|영수증)/iu;

/**
 * A Chinese, Japanese or Korean company name: the run of letters around its legal form, which may come
 * first or last (株式会社デザインラボ, 杭州数联软件有限公司, (주)한빛테크, 서울물산 주식회사).
 */
const CJK_ORG =
  /(?:\(주\)|㈜|주식회사\s?)[\p{L}\d·・ー]+|[\p{L}\d·・ー（）()]*(?:株式会社|有限会社|合同会社|股份有限公司|有限责任公司|有限公司|集团)[\p{L}\d·・ー]*|[\p{L}\d·]+\s?(?:주식회사|\(주\)|㈜)/u;
/** An addressee's mark after a name: the buyer, not the seller (御中, 様, 귀하, 귀중). */
const ADDRESSEE = /(?:御中|様|귀하|귀중)\s*$/u;

function layoutCandidates(ctx: RuleContext, vendorLabel: RegExp, buyerBlock: ReadonlySet<number>): VendorCue[] {
  const out: VendorCue[] = [];
  const firstPage = firstPageLines(ctx);
  // 1. An explicit seller label at the start of a line or of a column: the first name-like line after it.
  firstPage.forEach((line, at) => {
    const m = vendorLabel.exec(line.text);
    if (!m) return;
    const before = line.text.slice(0, m.index);
    if (before.trim() !== '' && !/\s{3,}$/.test(before)) return;
    const column = Math.max(0, m.index - 3);
    const rest =
      line.text
        .slice(m.index + m[0].length)
        .replace(/^[ \t]{0,2}/, '')
        .split(/\s{3,}/)[0]
        ?.trim() ?? '';
    const pool = rest
      ? [{ line, text: rest }]
      : firstPage.slice(at + 1, at + 5).map((l) => ({
          line: l,
          text:
            l.text
              .slice(column)
              .trim()
              .split(/\s{3,}/)[0] ?? '',
        }));
    pool.forEach((cand, k) => {
      if (out.some((o) => o.strength === 0.85)) return;
      // A remark in parentheses before the name ("(Not a VAT invoice) Acme Ltd") is not part of it.
      const text = cand.text.replace(/^\([^)]*\)\s*/, '');
      if (!text || /^(?:globale\s+nummer|nummer|gln|lief|steuer|ust|vat|tax|id)\b/i.test(text) || /^\d/.test(text))
        return;
      // A name printed over two lines ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G.").
      const next = pool[k + 1];
      const name =
        !ORG_SUFFIX.test(text) && next && ORG_SUFFIX.test(next.text) && !/\d/.test(next.text)
          ? `${text} ${next.text}`
          : text;
      out.push({ raw: name, normalized: name, line: cand.line, strength: 0.85, cue: 'label' });
    });
  });
  // 2. A sender line ("Acme GmbH | Street 1 | 12345 Town") or an organisation name near the top,
  // outside the address block that follows a "Bill to" label (that is the buyer).
  firstPage.slice(0, 25).forEach((line, i) => {
    if (buyerBlock.has(line.index)) return;
    const first = line.text.trim().split(/\s{3,}/)[0] ?? '';
    if (ADDRESSEE.test(line.text)) return;
    const org = orgIn(first) ?? orgIn(line.text.trim()) ?? CJK_ORG.exec(line.text)?.[0] ?? null;
    // The sender line over the address window (DIN 5008: "Acme AG - Street 4 - 12345 Town") names the seller.
    const senderLine =
      /^[^|•·]+?\s(?:-|–|\||•|·)\s.*\d.*\s(?:-|–|\||•|·)\s.*\d/.test(line.text.trim()) &&
      org !== null &&
      line.text.trim().startsWith(org);
    if (org && !/\b(?:bill|ship|to|kunde|käufer|client)\b/i.test(line.text.slice(0, 12)))
      out.push({
        raw: org,
        normalized: org,
        line,
        strength: senderLine ? 0.8 : 0.7 - i * 0.01,
        cue: senderLine ? 'senderLine' : 'orgNearTop',
      });
  });
  // 3. Fallback: the first name-like line of the page.
  const firstName = firstPage.slice(0, 6).find((l) => {
    const t = l.text.trim().split(/\s{3,}/)[0] ?? '';
    // Not an address line ("35 RUE du …") nor a number line ("# invoice_number_1").
    // Nor a table's header row ("Description Quantity Unit Price Amount"), nor one short lower-case word (OCR debris: "asus"),
    // nor a line with an amount on it ("Total EUR 49,99").
    const headerWords = (
      t.match(
        /\b(?:description|item|qty|quantity|unit|price|rate|amount|total|tax(?:es)?|disc\.?|vat|menge|anzahl|bezeichnung|preis|betrag|prix|montant|d[ée]signation|quantit[ée]|omschrijving|aantal|hoeveelheid|prijs|bedrag|btw|cantidad|precio|importe|descrizione|quantit[àa]|prezzo|importo)\b/gi,
      ) ?? []
    ).length;
    return (
      t.length >= 3 &&
      /\p{L}{3}/u.test(t) &&
      !NOISE_LINE.test(t) &&
      !/\d{3}/.test(t) &&
      !/[:@]/.test(t) &&
      !/^[#\d]/.test(t) &&
      headerWords < 3 &&
      !/^\p{Ll}{1,6}$/u.test(t) &&
      !/\d[.,]\d{2}(?!\d)/.test(t)
    );
  });
  if (firstName) {
    const t = firstName.text.trim().split(/\s{3,}/)[0] as string;
    out.push({ raw: t, normalized: t, line: firstName, strength: 0.4, cue: 'firstName' });
  }
  return out;
}

/** A short line that can only be a name: a few words, no digits, no label, no address or contact. */
export function nameLike(text: string): boolean {
  const t = text.trim();
  return (
    t.length >= 3 && t.split(/\s+/).length <= 6 && /\p{L}{3}/u.test(t) && !/[\d:@/]/.test(t) && !NOISE_LINE.test(t)
  );
}

/**
 * Statutory mentions that only the issuer prints about itself (share capital, trade register, seat,
 * managing directors, company number): French "capital social / RCS / SIRET / siège social", German
 * "HRB / Amtsgericht / Geschäftsführer / Sitz der Gesellschaft", Dutch "KvK", English "registered
 * office / company no.", Indian "CIN".
 */
export const LEGAL_MENTION =
  /(?:\bau\s+capital\s+(?:social\s+)?de\b|\bcapital\s+social\b|\bR\.?C\.?S\.?\s|\bSIRE[NT]\b|\bsi[èe]ge\s+social\b|\bHR[AB]\b|\bAmtsgericht\b|\bRegistergericht\b|\bHandelsregister|\bGesch[äa]ftsf[üu]hr(?:er|ung)\b|\bSitz\s+der\s+Gesellschaft\b|\bKvK\b|\bKamer\s+van\s+Koophandel\b|\bregistered\s+(?:office|in\s+\p{Lu})|\bcompany\s+(?:registration\s+)?(?:no\b|number)|\bCIN\b)/iu;

/** The issuer named in the statutory footer: on the mention's line, else the name line just above it. */
function legalFooterCandidates(ctx: RuleContext, buyerBlock: ReadonlySet<number>): VendorCue[] {
  const out: VendorCue[] = [];
  ctx.lines.forEach((line, at) => {
    const m = LEGAL_MENTION.exec(line.text);
    if (!m || buyerBlock.has(line.index)) return;
    // "Acme SAS au capital de …": the organisation before the mention.
    const org = orgIn(line.text.slice(0, m.index + m[0].length));
    if (org && line.text.indexOf(org) < m.index) {
      out.push({ raw: org, normalized: org, line, strength: 0.8, cue: 'legalFooter' });
      return;
    }
    // The name printed over the mentions ("Acme B.V." / "Street 1" / "City" / "KvK 1234", or "ACME" /
    // "Siège social : 1 rue …"): an organisation within a few lines above, else the nearest name line.
    const above = ctx.lines
      .slice(Math.max(0, at - 5), at)
      .filter((l) => l.page === line.page && !buyerBlock.has(l.index))
      .reverse();
    const withForm = above.find((l) => orgIn(l.text.trim()) === l.text.trim().replace(/[,;]$/, ''));
    const plain = above.find((l) => nameLike(l.text) && /^\p{Lu}/u.test(l.text.trim()) && !LEGAL_MENTION.test(l.text));
    const pick = withForm ?? plain;
    if (pick) {
      const text = pick.text.trim().replace(/[,;]$/, '');
      out.push({ raw: text, normalized: text, line: pick, strength: withForm ? 0.75 : 0.7, cue: 'legalFooterAbove' });
    }
  });
  return out;
}

/** The holder of the account the invoice is to be paid into is the seller (or whom it collects for). */
const PAYEE =
  /\b(?:titulaire(?:\s+du\s+compte)?|kontoinhaber(?:in)?|account\s+(?:name|holder)|beneficiary(?:\s+name)?|beg[üu]nstigter?|(?:made\s+)?payable\s+to|in\s+favou?r\s+of|rekeninghouder|ten\s+name\s+van)\b\s*:?/i;

function payeeCandidates(ctx: RuleContext, buyerBlock: ReadonlySet<number>): VendorCue[] {
  const out: VendorCue[] = [];
  ctx.lines.forEach((line, at) => {
    const m = PAYEE.exec(line.text);
    if (!m || buyerBlock.has(line.index)) return;
    const rest = (line.text.slice(m.index + m[0].length).split(/\s{3,}|\s[-–|]\s/)[0] ?? '').trim();
    const next = ctx.lines[at + 1];
    const [text, where] = rest
      ? [rest, line]
      : next && next.page === line.page
        ? [next.text.trim().split(/\s{3,}/)[0] ?? '', next]
        : ['', line];
    const name = text.replace(/[.,;]+$/, '').trim();
    if (/^[\p{Lu}\p{N}]/u.test(name) && (nameLike(name) || orgIn(name) === name))
      out.push({ raw: name, normalized: name, line: where, strength: orgIn(name) ? 0.6 : 0.45, cue: 'payee' });
  });
  return out;
}

const ORG_SUFFIX_ALL = new RegExp(ORG_SUFFIX.source, 'gu');

/** Letters and digits only, legal forms dropped, accents folded ("Müller-Bau GmbH" → "mullerbau"). */
export function foldName(value: string, transliterate = false): string {
  const t = transliterate
    ? value.replace(/ä/gi, 'ae').replace(/ö/gi, 'oe').replace(/ü/gi, 'ue').replace(/ß/g, 'ss')
    : value;
  return t
    .replace(ORG_SUFFIX_ALL, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Software credits name the tool that made the PDF, not the seller. */
const CREDIT_LINE =
  /\b(?:powered\s+by|generated\s+(?:by|with)|created\s+with|made\s+with|erstellt\s+mit|r[ée]alis[ée]\s+(?:avec|par)|gemaakt\s+met)\b/i;

/**
 * The distinctive label of each web or e-mail domain printed on the invoice, outside the buyer's block:
 * "amazon" for aws.amazon.com, "acmetools" for www.acme-tools.co.uk.
 */
export function siteNames(ctx: RuleContext, buyerBlock: ReadonlySet<number> = new Set()): string[] {
  const out = new Set<string>();
  for (const line of ctx.lines) {
    if (buyerBlock.has(line.index) || CREDIT_LINE.test(line.text)) continue;
    for (const m of line.text.matchAll(
      /(?:https?:\/\/|\bwww\.|@|(?<![\w.@-])(?=[a-z0-9-]+\.(?:[a-z0-9-]+\.)*(?:com|net|org|io|biz|info|eu|de|fr|nl|be|at|ch|uk|in|it|es)(?![\w-])))((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})/gi,
    )) {
      const labels = (m[1] as string)
        .toLowerCase()
        .replace(/^www\./, '')
        .split('.');
      labels.pop();
      // Second-level public suffixes: co.uk, com.au, co.in, org.uk …
      if (labels.length > 1 && /^(?:co|com|org|net|gov|ac|edu|ltd|plc)$/.test(labels[labels.length - 1] as string))
        labels.pop();
      const core = (labels[labels.length - 1] ?? '').replace(/[^a-z0-9]/g, '');
      if (core.length >= 3 && !/^\d+$/.test(core)) out.add(core);
    }
  }
  return [...out];
}

/** Whether a folded name is the one a domain label spells: equal, or one a prefix of the other ("acmetools" ~ "acme"). */
function spells(folded: string, site: string): boolean {
  return (
    folded.length >= 3 && (folded === site || (site.length >= 4 && folded.startsWith(site)) || site.startsWith(folded))
  );
}

/** Whether a written name is named like one of the domains ("Acme Tools Ltd" ~ acmetools.com). */
export function namedLikeSite(name: string, sites: readonly string[]): boolean {
  if (!/^[\p{Lu}\p{N}]/u.test(name.trim())) return false;
  return [foldName(name), foldName(name, true)].some((f) => sites.some((s) => spells(f, s)));
}

export interface Brand {
  name: string;
  line: DocumentLine;
  mentions: number;
}

const TITLE_WORD =
  /^(?:invoice|rechnung|facture|factuur|fattura|factura|receipt|quittung|bill|customer|kunden?|client|order|team)$/i;

/**
 * The brand a domain names, as printed in the text: capitalised words that spell the domain label (or,
 * in capitals, its start: "ACME" for acmerooms.com), outside URLs and e-mail addresses. Mentions often
 * go on with more capitalised words ("Acme Cloud Services", "Acme Storage"): the form most mentions
 * share is the name when one stands out, else just the words that spell the domain.
 */
export function brandFromSites(
  ctx: RuleContext,
  sites: readonly string[],
  buyerBlock: ReadonlySet<number> = new Set(),
): Brand | null {
  let found: Brand | null = null;
  for (const site of sites) {
    const mentions: Array<{ words: string[]; spelling: number; line: DocumentLine }> = [];
    for (const line of ctx.lines) {
      if (buyerBlock.has(line.index) || CREDIT_LINE.test(line.text)) continue;
      const words = [...line.text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&'’-]*/gu)];
      const word = (k: number): string => (words[k] as RegExpExecArray)[0];
      // Words of one name are separated by one space, no punctuation.
      const joined = (k: number): boolean => {
        const prev = words[k - 1] as RegExpExecArray;
        return line.text.slice(prev.index + prev[0].length, (words[k] as RegExpExecArray).index) === ' ';
      };
      // The whitespace-delimited token a word is in: a word inside a URL or an e-mail address is no mention.
      const tokenOf = (at: number): string => line.text.slice(line.text.lastIndexOf(' ', at) + 1).split(' ')[0] ?? '';
      for (let i = 0; i < words.length; i++) {
        if (!/^\p{Lu}/u.test(word(i)) || /@|^(?:https?:|www\.)|\//i.test(tokenOf((words[i] as RegExpExecArray).index)))
          continue;
        // The shortest run of words that spells the domain label, or its start in capitals.
        let spelled = '';
        const run: string[] = [];
        for (let j = i; j < words.length && run.length < 5 && spelled !== site; j++) {
          const next = spelled + foldName(word(j));
          if ((j > i && !joined(j)) || next === spelled || !site.startsWith(next)) break;
          spelled = next;
          run.push(word(j));
        }
        const written = run.join(' ');
        if (!run.length || spelled.length < 3 || (spelled !== site && written !== written.toUpperCase())) continue;
        // Then the capitalised words that go on with the name.
        const form = [...run];
        for (let k = i + run.length; k < words.length && form.length < run.length + 4; k++) {
          if (!joined(k) || !/^\p{Lu}\p{L}*$/u.test(word(k)) || TITLE_WORD.test(word(k)) || ORG_SUFFIX.test(word(k)))
            break;
          form.push(word(k));
        }
        mentions.push({ words: form, spelling: run.length, line });
        i += run.length - 1;
      }
    }
    const first = mentions[0];
    if (!first) continue;
    const counts = new Map<string, { words: string[]; count: number }>();
    for (const m of mentions) {
      const key = m.words.join(' ').toLowerCase();
      counts.set(key, { words: m.words, count: (counts.get(key)?.count ?? 0) + 1 });
    }
    const [top, second] = [...counts.values()].sort((a, b) => b.count - a.count);
    const name =
      top && top.count >= 2 && (second?.count ?? 0) < top.count
        ? top.words.join(' ')
        : first.words.slice(0, first.spelling).join(' ');
    if (!found || mentions.length > found.mentions) found = { name, line: first.line, mentions: mentions.length };
  }
  return found;
}

/** Everything the seller cues found: each cue's parties, the domains printed and the brand they name. */
export interface VendorEvidence {
  /** Each cue's proposals, strengthened where another kind of cue names the same party. */
  cues: VendorCue[];
  /** Domain labels printed outside the addressee's block, the buyer's own left out. */
  sites: string[];
  brand: Brand | null;
  /** Lines of the block under a buyer label (lenient: also mid-line labels and attention lines). */
  buyerBlock: ReadonlySet<number>;
}

export function vendorEvidence(
  ctx: RuleContext,
  vendorLabel: RegExp,
  buyerLabel: RegExp,
  buyerNames: readonly string[] = [],
): VendorEvidence {
  const buyerBlock = buyerBlockOf(ctx, buyerLabel);
  const kinds = [
    layoutCandidates(ctx, vendorLabel, buyerBlock),
    legalFooterCandidates(ctx, buyerBlock),
    payeeCandidates(ctx, buyerBlock),
  ];
  // Two independent cues naming the same party (letterhead and footer, label and bank account) back
  // each other; two readings of the letterhead do not.
  const cues = kinds.flatMap((own, k) =>
    own.map((c) => {
      const agree = kinds.some(
        (other, j) => j !== k && other.some((o) => foldName(o.raw) !== '' && foldName(o.raw) === foldName(c.raw)),
      );
      return { ...c, strength: Math.min(0.92, c.strength + (agree ? 0.05 : 0)) };
    }),
  );
  const addressee = buyerBlockOf(ctx, buyerLabel, true);
  // The buyer's own domain (its e-mail in its address block) names the buyer, never the seller.
  const buyers = new Set(buyerNames.map((b) => foldName(b)).filter((b) => b !== ''));
  const sites = siteNames(ctx, addressee).filter((site) => ![...buyers].some((b) => spells(b, site)));
  return { cues, sites, brand: sites.length ? brandFromSites(ctx, sites, addressee) : null, buyerBlock };
}

/** The rules' choice among the cues: the strongest, unless a printed domain names another party. */
export function vendorFromEvidence({ cues: scored, sites, brand }: VendorEvidence): Candidate<string> | undefined {
  const top = best(scored);
  if (!sites.length) return top;
  const onSite = best(
    scored
      .filter((c) => namedLikeSite(c.raw, sites))
      .map((c) => ({ ...c, strength: Math.min(0.92, c.strength + 0.1) })),
  );
  if (onSite && (!top || onSite.strength >= top.strength || namedLikeSite(top.raw, sites))) return onSite;
  const weakTop = !top || top.strength < 0.6;
  // The domain's brand, printed more than once, outweighs a legal entity that the domain does not name
  // (a marketplace operator, a franchise's company): lower confidence, the cues disagree.
  if (onSite && brand && brand.mentions >= 2) return { ...onSite, strength: 0.65 };
  if (brand && (weakTop || brand.mentions >= 2))
    return {
      raw: brand.name,
      normalized: brand.name,
      line: brand.line,
      strength: weakTop ? (brand.mentions >= 2 ? 0.7 : 0.55) : 0.65,
    };
  return top;
}
