/**
 * HTML to readable text without a DOM: scripts, styles and comments dropped, block elements become
 * line breaks, whitespace collapsed as a browser would, entities decoded. Good enough for search and
 * field rules; not a layout engine.
 */
import { decodeHTML } from 'entities';
import { SAXParser } from 'parse5-sax-parser';

// Elements whose content is never text a reader sees (of <head>, only the <title> is kept).
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'object', 'iframe']);
// What may stand in <head>; any other element starts the body.
const HEAD_CONTENT = new Set(['head', 'base', 'link', 'meta', 'title', 'style', 'script', 'noscript', 'template']);
// Elements that have no end tag: a stray </br> or </hr> is not a second break.
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
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

/** Named, decimal and hex references as a browser reads them in text (unknown names stay as written). */
export function decodeHtmlEntities(text: string): string {
  return decodeHTML(text);
}

/**
 * The tokens come from parse5's tokenizer (the WHATWG tokenizer browsers use: raw text of scripts and
 * styles, comments, CDATA, all 2,231 named references), without its tree construction: no DOM for a
 * large page, and time linear in the input however deep the nesting (a tree builder that searches its
 * stack of open elements at every end tag is quadratic there).
 */
export function htmlToText(html: string): string {
  let out = '';
  let dropped = 0;
  let inHead = 0;
  let inTitle = 0;
  let inPre = 0;
  const parser = new SAXParser();
  parser.on('startTag', ({ tagName, selfClosing }) => {
    // "/>" closes an element only in SVG and MathML; in HTML, <div/> opens a div as a browser reads it.
    if (selfClosing && (dropped > 0 || tagName === 'svg' || tagName === 'math')) return;
    // Any element that does not belong in <head> ends it, with or without </head> (as the HTML parser does).
    if (inHead > 0 && !HEAD_CONTENT.has(tagName)) inHead = 0;
    opened(tagName, 1);
    if (dropped > 0) return;
    if (CELL.has(tagName)) out += '\t';
    else if (tagName === 'br') out += '\u0001';
    else breakAround(tagName);
  });
  parser.on('endTag', ({ tagName }) => {
    if (VOID.has(tagName)) return;
    const wasDropped = dropped > 0;
    opened(tagName, -1);
    if (!wasDropped && !CELL.has(tagName)) breakAround(tagName);
  });
  parser.on('text', ({ text }) => {
    if (dropped > 0) return;
    // Of the head, only <title> is kept: it is often the only heading of an HTML e-mail or export. Text
    // there ends the head, as in a browser.
    if (inHead > 0 && inTitle === 0) {
      if (text.trim() === '') return;
      inHead = 0;
    }
    // In <pre>, newlines become hard breaks and spaces a placeholder the final collapse leaves alone.
    out += inPre > 0 ? text.replace(/\r?\n/g, '\u0001').replace(/[ \t]/g, '\u0003') : text.replace(/\s+/g, ' ');
  });
  parser.end(html);

  function opened(tagName: string, by: 1 | -1): void {
    const count = (n: number): number => Math.max(0, n + by);
    if (DROPPED.has(tagName)) dropped = count(dropped);
    else if (tagName === 'head') inHead = count(inHead);
    else if (tagName === 'title') inTitle = count(inTitle);
    else if (tagName === 'pre') inPre = count(inPre);
  }
  function breakAround(tagName: string): void {
    if (PARAGRAPH.has(tagName)) out += '\u0002';
    else if (BLOCK.has(tagName)) out += '\u0001';
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

/** The charset an HTML document declares in a <meta>, if any. */
export function htmlDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head)?.[1];
}
