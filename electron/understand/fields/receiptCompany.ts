/**
 * The shop name on a till slip, from noisy OCR. The name is printed at the top, usually in capitals; a
 * line with a legal form ("SDN BHD", "Inc.", "GmbH") or a shop word ("STATIONERY", "RESTAURANT") is the
 * best cue, the first name-like line the fallback. OCR damages names in known ways (legal forms misread,
 * "D.1.Y." for D.I.Y., debris around the line), and a name that is printed again elsewhere on the slip
 * ("Owned by SANYU SUPPLY", "Follow us: Sanyu.Stationery") can correct a misread letter of the header.
 */
import type { DocumentLine } from './documentLines.js';
import { ORG_SUFFIX } from './fieldBuilder.js';
import { anyOf } from './patterns.js';

const SHOP_WORD =
  /\b(?:SDN|BHD|S\/B|ENTERPRISE|TRADING|RESTAURANT|RESTORAN|STORE|MART|SHOP|HARDWARE|STATIONERY|BOOK|PHARMACY|CAFE|BAKERY|MARKET|SUPERMARKET|HYPERMARKET|CENTRE|CENTER|KEDAI|GIFT|FOOD|HOTEL|ELECTRICAL|MACHINERY|TRADERS?|HOLDINGS?|SERVICES?|MOTOR|AUTO|PETROL|STATION|MARKT|B[ÄA]CKEREI|DROGERIE|APOTHEKE|METZGEREI|GETR[ÄA]NKE|IMBISS|BOULANGERIE|PHARMACIE|SUPERMARCH[ÉE]|BRASSERIE|TABAC|RESTAURANTE|FARMACIA|PANADERIA|SUPERMERCADO|TOKO|WARUNG|APOTEK|DELI|DINER|GROCERY|COFFEE|KOPI|BISTRO|PIZZERIA|BAR)\b/i;

/**
 * Malaysian legal forms as OCR reads them: "Sdn. Bhd.", "SON, BHD", "SIN BHD", "Sdn. kbd", "S/B",
 * "5/8", glued "EXPERTSDNBHD". Checked besides ORG_SUFFIX, which wants them spelled right.
 */
const OCR_LEGAL_FORM = /\bSDN\b|\bS[O0I1]N\b(?:[.,]|\s*[B83][\p{L}\d]{1,3}\b)|\b[S5]\/[B8]\b|\p{L}SDN\.?\s?BHD\b/iu;
/** "SDN" (or its misreading "SON." / "SIN,") without the "BHD" that always follows it. */
const SDN_ALONE = /\b(?:SDN\b|S[O0I1]N\b(?=[.,]))([.,]?)(?!\s*BHD\b)(?:\s+\S{1,4}(?=\s|$))?/iu;

/** Words that head a line of the slip, not a name: payment, slip titles, greetings, column headers. */
const NOT_A_NAME = anyOf(
  // a line that opens with a slip's title, a greeting, a label or a column name
  /^\W*(?:summary|payments?\b|order\s+(?:details|summary)|receipt|tax\s+invoice|invoice|cash\s+bill|official|welcome|date|tel|fax|gst|no\b|thank|cashier|counter|customer|table|member|served|server)/i,
  // a line that is only a payment word or a copy mark
  /^\W*(?:cash|credit|card|change|total|copy|duplicate|reprint)\W*$/i,
  // a total, tax or payment line that carries an amount (Malay too: tunai, kembali, bayar)
  /^\W*(?:sub\s*-?\s*total|total|tax|vat|tunai|kembali\w*|change|bayar|debit|visa|mastercard|amex|rounding)\b.*\d/i,
  // a column header anywhere on the line
  /\b(?:amount|qty|quantity|price|description|subtotal)\b/i,
  // a company registration number's label ("Co. No", "Company Reg")
  /\b(?:company|co)\.?\s*(?:no|reg)\b/i,
);
/** A line of the slip that is no name wherever it stands: an item or amount, a registration number, a slip title. */
// An amount in cents, or in thousands at the end of the line (rupiah, won: "1 BAKSO URAT 25.000").
const SLIP_LINE =
  /\d[.,]\d{2}\b|\d[.,]\d{3}\s*$|\breg\.?\s*no\b|\b(?:tax\s+invoice|invoice|receipt|cash\s+bill|voucher|points)\b/i;

/** Capitals, or every word capitalised ("Golden Scoop Sdn Bhd"): how names are printed, unlike prose. */
function capitalised(text: string): { upper: boolean; title: boolean } {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = letters.length > 0 && text.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.6;
  const words = text.match(/\p{L}[\p{L}'’.]*/gu) ?? [];
  const small = /^(?:and|of|the|de|du|la|le|des|et|und|der|die|das|y|e|di|da|van|von|&)$/i;
  // All words capitalised but one in five, which OCR may have damaged ("Segi Cash & Carry Sdn. kbd").
  const title =
    words.length >= 2 &&
    words.filter((w) => small.test(w) || /^\p{Lu}/u.test(w)).length >= Math.max(2, 0.8 * words.length);
  return { upper, title };
}

/**
 * A line of Chinese, Japanese or Korean without digits: such a slip prints its shop's name so (이마트
 * 성수점, 永辉超市), and those scripts have no capitals to tell a name by.
 */
const CJK_NAME_LINE = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}ー・&()（）\s]{2,24}$/u;
/** …unless it is the slip's title, a greeting or a total. */
const CJK_NOT_NAME =
  /영수증|收据|收據|小票|レシート|領収|欢迎|歡迎|いらっしゃいませ|ありがとう|감사합니다|谢谢|謝謝|합\s*계|合計|合计|总计/u;

export function looksLikeName(text: string): boolean {
  if (CJK_NAME_LINE.test(text.trim())) return !CJK_NOT_NAME.test(text);
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4) return false;
  const legal = ORG_SUFFIX.test(text) || OCR_LEGAL_FORM.test(text);
  // Address words do not make a line an address when it names a company ("AIK HUAT (SETIA ALAM) SDN BHD");
  // short forms such as "KG" (kampung) or "SA" are too common in addresses to count here.
  const registered = OCR_LEGAL_FORM.test(text) || /\b(?:BHD|Inc|Ltd|LLC|GmbH|Limited|Corp|Pty|Pvt)\b/i.test(text);
  if (
    /\b(?:jalan|jln|taman|lot|no\.|road|street|floor|darul|ehsan|johor|selangor|kuala|lumpur|bandar|lorong|persiaran|kampung)\b/i.test(
      text,
    ) &&
    !registered
  )
    return false;
  // A five-digit postcode ("40150 SHAH ALAM", "CA 90025", "50668 Köln") marks an address line.
  if (/(?<![\d-])\d{5}(?![\d-])/.test(text) && !registered) return false;
  // An item line ("CAFE CREME 12.00 2 24.00"), a registration number, or a slip's own title.
  if (SLIP_LINE.test(text)) return false;
  // A line in brackets is a note to the name (branch, owner, registration), not the name; nor is a line
  // of codes ("ST# 1234 OP# 00001 TE# 01").
  if (
    /^\s*\(/.test(text) ||
    NOT_A_NAME.test(text.trim()) ||
    /\p{L}#\s*\d/u.test(text) ||
    (text.match(/\d/g) ?? []).length > letters.length
  )
    return false;
  const { upper, title } = capitalised(text);
  // Receipts print the shop name in capitals; a lower-case first line is usually handwriting or noise.
  // A registered name in title case ("Golden Scoop Sdn Bhd") carries its legal form.
  // A title-case name with a shop word ("Bäckerei Müller", "ORION Drogerie") is a name too.
  return upper || (title && (legal || SHOP_WORD.test(text)));
}

/**
 * A name-like line in title case without a legal form ("YHM Aeon Tebrau City"), or a brand written as
 * one capitalised word ("Walmart", "FamilyMart"): a weaker fallback.
 */
function looksLikeTitleName(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const brand = /^\s*\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?\s*$/u.test(text) && letters.length >= 5;
  return (
    letters.length >= 5 &&
    (capitalised(text).title || brand) &&
    !/\d/.test(text) &&
    !SLIP_LINE.test(text) &&
    !NOT_A_NAME.test(text.trim()) &&
    !/\b(?:jalan|jln|taman|lot|road|street|avenue|floor|tower|level)\b/i.test(text)
  );
}

/** Letters OCR puts for digits inside dotted initials ("D.1.Y." is D.I.Y.). */
const LETTER_FOR: Record<string, string> = { '1': 'I', '0': 'O', '5': 'S', '8': 'B', '¥': 'Y', '|': 'I' };

/**
 * Registration numbers after the name "(519537-X)" are not part of it, nor is what OCR adds around it;
 * the legal form is repaired from its usual OCR slips ("SON BILD", "SDN 3HD", "5/B" for SDN BHD, S/B).
 */
export function cleanCompany(text: string): string {
  let name = text
    .replace(/_/g, ' ')
    .replace(/\{/g, '(')
    .replace(/\}/g, ')')
    // "¥" is a Y in a name ("MR. D.I.¥."): a shop name carries no yen sign.
    .replace(/¥/g, 'Y')
    .trim()
    .replace(/^(?:(?:simplified\s+)?tax\s+invoice|receipt|cash\s+bill)\s+/i, '')
    // OCR debris before the name: a long run of digits ("000002 BAIFU"; "99 SPEED MART" keeps its 99), a
    // lower-case fragment ("rOSTVD BEMED"), a short mixed-case scrap before capitals ("Bee PAGOH REST").
    .replace(/^[^\p{L}\d]*(?:\d{4,}|\p{Ll}\S*)\s+(?=\p{Lu}{2})/u, '')
    .replace(
      /^[^\p{L}\d]*(?!(?:The|Mrs?|Dr|St|Le|La|Les|El|Il|Al|Da|De|Du|Di|Van|Von)\b)\p{Lu}\p{Ll}{2,3}\s+(?=\p{Lu}{2,}\s+\p{Lu}{2,})/u,
      '',
    )
    .replace(/^[^\p{L}\d]+/u, '')
    .replace(/^#\d+\s+/, '')
    // A chain's store number after the name ("TIM HORTONS #2231") is the branch, not the name.
    .replace(/\s+#\s?\d+$/, '')
    .replace(/\s*\((?=[^)]*\d)[^)]*\)?\s*$/, '')
    // "( SUNGAI RENGIT )": OCR spaces inside brackets.
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    // Glued legal form: "PRINTEXPERTSDNBHD".
    .replace(/(\p{L})(SDN\.?\s?BHD\b)/u, '$1 $2')
    .replace(/\bSDN(\.?)BHD\b/, 'SDN$1 BHD')
    .replace(
      /\bS[DO0I1]N\b([.,]?)\s*[B83E][HIEL]{0,2}[LI]?[DO0)](\.?)(?![\p{L}])/giu,
      (m: string, a: string, b: string) => (/^sdn\.?\s*bhd\.?$/i.test(m) ? m : `SDN${a === ',' ? '.' : a} BHD${b}`),
    )
    .replace(/\b(?:5|S)\/(?:B|8|2)\b/g, 'S/B')
    // "S/B" at the end of a name read as "9/2", "5/8".
    .replace(/\s[59S]\s?\/\s?[B82]\s*$/, ' S/B')
    .replace(/\s{2,}/g, ' ')
    .trim();
  // "SDN" is always followed by "BHD": a short scrap after it ("SON. ao. WIP", "Sdn. kbd") is that BHD.
  const sdn = SDN_ALONE.exec(name);
  if (sdn && !/\bBHD\b/i.test(name.slice(sdn.index))) {
    const upper = !/\p{Ll}/u.test(sdn[0].slice(0, 3));
    name = `${name.slice(0, sdn.index)}${upper ? 'SDN' : 'Sdn'}${sdn[1] ? '.' : ''} ${upper ? 'BHD' : 'Bhd'}${sdn[1] ? '.' : ''}`;
  }
  // Nothing after the legal form belongs to the name.
  const end = /\b(?:SDN\.?\s*BHD\.?|S\/B|BHD\.?)(?![\p{L}])/iu.exec(name);
  if (end) name = name.slice(0, end.index + end[0].length);
  // Dotted initials: "D.1.Y." is D.I.Y.
  name = name.replace(/\b(?:[\p{Lu}\d|]\.){2,}/gu, (initials) => initials.replace(/[\d|]/g, (c) => LETTER_FOR[c] ?? c));
  // "(MALURID": the closing bracket read as a letter at the end of the name.
  if ((name.match(/\(/g) ?? []).length > (name.match(/\)/g) ?? []).length)
    name = name.replace(/\((\p{Lu}{3,})[DJI\]]$/u, '($1)');
  // A name in capitals followed by OCR debris with lower-case letters ("YONG CEN ENTERPRISE Fo a").
  if (/^(?:[^\p{Ll}\s]+\s+){2}/u.test(name))
    name = name.replace(/(?:\s+(?!(?:Sdn|Bhd|Co|Ltd|Inc)\b)\S*\p{Ll}\S*){1,3}$/u, '');
  return name.trim();
}

/** Letters OCR takes for one another; a name's letter is only corrected to one it is confused with. */
const CONFUSABLE = ['OUDQ0', 'IL1TFJ|!', 'NQHMR', 'CGO', 'EF', 'B8E', 'S5$', 'Z2', 'YV'];
const confusable = (a: string, b: string): boolean => CONFUSABLE.some((g) => g.includes(a) && g.includes(b));

/** The one position where two words of the same length differ, when the letters there are confusable. */
function oneConfusableLetterApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let differences = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (++differences > 1 || !confusable(a[i] as string, b[i] as string)) return false;
  }
  return differences === 1;
}

/**
 * A word of the name that OCR misread ("SANYO") is corrected from other mentions of it on the slip
 * ("Owned by SANYU SUPPLY", "Sanyu.Stationery"): when the name's spelling appears nowhere else and a
 * spelling one confusable letter away does, the other mentions win. Words under five letters are left
 * alone (too many short words are one letter apart).
 */
export function correctFromMentions(name: string, elsewhere: string): string {
  const words = (elsewhere.toUpperCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 5);
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return name.replace(/\p{Lu}{5,}/gu, (word) => {
    if (counts.has(word)) return word;
    const variants = [...counts.keys()].filter((w) => oneConfusableLetterApart(word, w));
    return variants.length === 1 ? (variants[0] as string) : word;
  });
}

export interface ReceiptCompany {
  name: string;
  line: DocumentLine;
  /** Index in the lines of the last line the name was read from (the address starts after it). */
  lastAt: number;
  confidence: number;
}

/**
 * The shop name: the first line of the top ten with a legal form or a shop word, else the first line in
 * capitals, else the first title-case line; joined with a line above or below it when the name is
 * visibly broken over two lines.
 */
export function receiptCompany(lines: readonly DocumentLine[]): ReceiptCompany | null {
  const top = lines.slice(0, 10);
  // A web shop's or a service's receipt names its sender: "Receipt from Helios Books", "Your Atlas Rides receipt".
  for (const [i, line] of top.entries()) {
    const m =
      /^\W*(?:(?:payment|order|your)\s+)?(?:receipt|invoice)\s+from\s+(.{3,60}?)[.!]?\s*$/i.exec(line.text) ??
      /^\W*your\s+(.{3,60}?)\s+(?:receipt|order)\s*$/i.exec(line.text);
    if (m?.[1] && /\p{Lu}/u.test(m[1])) return { name: m[1].trim(), line, lastAt: i, confidence: 0.7 };
  }
  // A shop word with a number is the branch's address ("Station 4471 Hwy 101" under "SHELL"), not its name.
  const withSuffix = top.find(
    (l) =>
      (ORG_SUFFIX.test(l.text) || OCR_LEGAL_FORM.test(l.text) || (SHOP_WORD.test(l.text) && !/\d/.test(l.text))) &&
      looksLikeName(l.text),
  );
  const firstName = top.find((l) => looksLikeName(l.text));
  const titleName = withSuffix || firstName ? undefined : top.find((l) => looksLikeTitleName(l.text));
  const company = withSuffix ?? firstName ?? titleName;
  if (!company) return null;
  const at = lines.indexOf(company);
  let lastAt = at;
  let name = cleanCompany(company.text);
  const used = new Set([at]);
  // A name broken over two lines: "LIAN CHI PU TIAN VEGETARIAN" / "RESTAURANT SDN BHD". The line above
  // must read as words in capitals (not a single scrap such as "POSTED" or ", rOSTVD").
  const previous = lines[at - 1];
  if (
    withSuffix &&
    name.split(' ').length <= 3 &&
    previous &&
    at <= 4 &&
    looksLikeName(previous.text) &&
    !/\d/.test(previous.text) &&
    !/\p{Ll}/u.test(previous.text) &&
    (previous.text.match(/\p{L}{2,}/gu) ?? []).length >= 2
  ) {
    name = `${cleanCompany(previous.text)} ${name}`;
    used.add(at - 1);
  }
  // A name that visibly goes on: "HOME MASTER HARDWARE &" / "ELECTRICAL", "AIK HUAT (SETIA" / "ALAM) SDN BHD".
  const next = lines[at + 1];
  const unclosed = (name.match(/\(/g) ?? []).length > (name.match(/\)/g) ?? []).length;
  if (next && (/[&,-]$/.test(name) || unclosed || /\b(?:AND|OF)$/.test(name)) && looksLikeName(next.text)) {
    name = cleanCompany(`${name} ${next.text}`);
    used.add(at + 1);
    lastAt = at + 1;
  }
  const elsewhere = lines
    .filter((_, i) => !used.has(i))
    .map((l) => l.text)
    .join('\n');
  const corrected = correctFromMentions(name, elsewhere);
  const confidence = withSuffix ? 0.75 : firstName ? 0.45 : 0.35;
  return { name: corrected, line: company, lastAt, confidence };
}
