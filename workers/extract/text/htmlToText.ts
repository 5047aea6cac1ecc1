/**
 * HTML to readable text without a DOM: scripts, styles and comments dropped, block elements become
 * line breaks, whitespace collapsed as a browser would, entities decoded. Good enough for search and
 * field rules; not a layout engine.
 */

// Elements whose content is never text a reader sees.
const DROPPED = ['script', 'style', 'noscript', 'template', 'svg', 'math', 'object', 'iframe', 'head'];
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'title',
  'tr',
  'ul',
]);
// Cells stay on their row's line, separated by a tab, so a table row reads as one line.
const CELL = new Set(['td', 'th']);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'pre', 'ul', 'ol']);

// HTML 4 Latin-1 entities, code points 160..255 in order.
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(
    ' ',
  );
const ENTITIES = new Map<string, string>([
  ...LATIN1_NAMES.map((name, i): [string, string] => [name, String.fromCodePoint(160 + i)]),
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['euro', '€'],
  ['ndash', '–'],
  ['mdash', '—'],
  ['hellip', '…'],
  ['lsquo', '‘'],
  ['rsquo', '’'],
  ['sbquo', '‚'],
  ['ldquo', '“'],
  ['rdquo', '”'],
  ['bdquo', '„'],
  ['bull', '•'],
  ['trade', '™'],
  ['dagger', '†'],
  ['permil', '‰'],
  ['lsaquo', '‹'],
  ['rsaquo', '›'],
  ['OElig', 'Œ'],
  ['oelig', 'œ'],
  ['Scaron', 'Š'],
  ['scaron', 'š'],
  ['Yuml', 'Ÿ'],
  ['fnof', 'ƒ'],
  ['thinsp', '\u2009'],
  ['ensp', '\u2002'],
  ['emsp', '\u2003'],
  ['zwnj', ''],
  ['zwj', ''],
  ['minus', '−'],
  ['larr', '←'],
  ['rarr', '→'],
  ['hearts', '♥'],
  ['check', '✓'],
]);

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Invalid and surrogate code points become U+FFFD, as browsers do.
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return ENTITIES.get(body) ?? match;
  });
}

export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ');
  for (const tag of DROPPED) {
    // Keep <title>: it is often the only heading of an HTML e-mail or export.
    if (tag === 'head') s = s.replace(/<head\b[^>]*>([\s\S]*?)<\/head\s*>/gi, (_m, head: string) => keepTitle(head));
    else s = s.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?(?:</${tag}\\s*>|$)`, 'gi'), ' ');
  }
  s = s.replace(/<!doctype[^>]*>|<\?[^>]*>/gi, ' ');

  let out = '';
  let inPre = 0;
  const re = /<(\/?)([a-z][a-z0-9-]*)\b[^>]*>|([^<]+|<)/gi;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const [, closing, rawName, textPart] = m;
    if (textPart !== undefined) {
      const decoded = decodeHtmlEntities(textPart);
      // In <pre>, newlines become hard breaks and spaces a placeholder the final collapse leaves alone.
      out += inPre > 0 ? decoded.replace(/\r?\n/g, '\u0001').replace(/[ \t]/g, '\u0003') : decoded.replace(/\s+/g, ' ');
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    if (name === 'pre') inPre = Math.max(0, inPre + (closing ? -1 : 1));
    if (CELL.has(name)) out += closing ? '' : '\t';
    else if (name === 'br') out += '\u0001';
    else if (PARAGRAPH.has(name)) out += '\u0002';
    else if (BLOCK.has(name)) out += '\u0001';
  }
  // \u0001 = hard line break, \u0002 = paragraph break; collapse runs and trim around them.
  return out
    .replace(/\u00a0/g, ' ')
    .split(/\u0002/)
    .map((para) =>
      para
        .split('\u0001')
        .map((line) => line.replace(/[ \t]+/g, (ws) => (ws.includes('\t') ? '\t' : ' ')).trim())
        .filter((line) => line.length > 0)
        .join('\n'),
    )
    .filter((para) => para.length > 0)
    .join('\n\n')
    .replace(/\u0003/g, ' ');
}

function keepTitle(head: string): string {
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(head);
  return title ? `<title>${title[1]}</title>` : ' ';
}

/** The charset an HTML document declares in a <meta>, if any. */
export function htmlDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head)?.[1];
}
