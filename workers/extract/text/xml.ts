/**
 * The XML reader for the XML files docpipe meets: e-invoices (eInvoice.ts), the XML attachments of PDFs
 * and e-mails, and XML files dropped as documents. Parsing is saxes (the parser jsdom uses): no DTD is
 * processed, so an entity a DOCTYPE declares is never expanded (billion laughs) and no external entity
 * is fetched (XXE); such a reference stays in the text as written. Names are kept by local name, so any
 * namespace prefix works.
 */
import { SaxesParser } from 'saxes';
import { decodeText } from './decodeText.js';

export interface XmlNode {
  /** Local name (the namespace prefix dropped). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own text (its text segments joined; children's text not included). */
  text: string;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * saxes reports these and reads on; they do not make a document unreadable, so the tree is kept. Any other
 * error (a tag closed out of order, two roots, text outside the root, an unclosed tag) means the text is
 * not XML, and the caller reads it as plain text.
 */
const TOLERATED_ERRORS = new Set([
  // An entity no DTD of ours declares (&nbsp; in hand-written XML, or one a DOCTYPE declares): kept as written.
  'undefined entity.',
  // A control character in text: exports write them; normalizeText removes them later.
  'disallowed character.',
  // Whitespace before the XML declaration.
  'an XML declaration must be at the start of the document.',
  // A character reference of bad syntax (&#xZZ;): kept as written. Ones past U+10FFFF are dropped first.
  'malformed character entity.',
]);

class NotWellFormed extends Error {}

/**
 * A character reference to no XML character (past U+10FFFF, a surrogate, a C0 control): dropped before
 * parsing, so the text never holds a lone surrogate or a RangeError.
 */
function dropInvalidCharacterReferences(xml: string): string {
  return xml.replace(/&#(?:x([0-9a-f]+)|([0-9]+));/giu, (ref, hex: string | undefined, dec: string | undefined) => {
    const digits = hex ?? dec ?? '';
    // More digits than any code point needs: past U+10FFFF whatever they say.
    if (digits.replace(/^0+/u, '').length > 7) return '';
    const code = Number.parseInt(digits, hex ? 16 : 10);
    const isChar =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    return isChar ? ref : '';
  });
}

/**
 * Elements nested deeper than this are not made nodes: their text goes to the deepest node kept, so
 * nothing is lost, and a file nested a million deep costs saxes' open-tag list, not a tree as well (that
 * tree alone took an extraction thread past its heap limit). No document docpipe reads nests this deep.
 */
export const MAX_XML_DEPTH = 1000;

/**
 * The document element of a well-formed XML text, or null when the text is not one. saxes keeps its open
 * elements in an array and so do we: a file nested a million deep costs memory, not the call stack.
 */
export function parseXml(xml: string): XmlNode | null {
  const document: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [document];
  // Open elements below MAX_XML_DEPTH, which have no node of their own.
  let unkept = 0;
  const parser = new SaxesParser({ position: false });
  parser.on('error', (error) => {
    if (!TOLERATED_ERRORS.has(error.message)) throw new NotWellFormed(error.message);
  });
  parser.on('opentag', (tag) => {
    if (stack.length > MAX_XML_DEPTH) {
      unkept++;
      // Words of sibling elements stay apart, as they would in separate nodes.
      stack[stack.length - 1]!.text += ' ';
      return;
    }
    const attrs: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attrs[localName(name)] = value;
    const node: XmlNode = { name: localName(tag.name), attrs, children: [], text: '' };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    if (unkept > 0) unkept--;
    else stack.pop();
  });
  parser.on('text', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  parser.on('cdata', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  try {
    parser.write(dropInvalidCharacterReferences(xml)).close();
  } catch (error) {
    if (error instanceof NotWellFormed) return null;
    throw error;
  }
  return stack.length === 1 && document.children.length === 1 ? (document.children[0] ?? null) : null;
}

/** The first element below `node` (depth first, document order) whose local name is `name`. */
export function findElement(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  // An explicit stack: a file nested a million deep must not overflow the call stack.
  const stack = [...node.children].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    if (next.name === name) return next;
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
  return undefined;
}

/**
 * The text of an XML document to read and search: one line per element that has text of its own, in
 * document order, as "name: text" when the element is a leaf (a record's fields: `<City>Bern</City>`
 * reads "City: Bern"), else the text alone. Attributes are left out (identifiers and codes, not words).
 */
export function xmlText(root: XmlNode): string {
  const lines: string[] = [];
  const stack: XmlNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    const own = node.text.replace(/\s+/gu, ' ').trim();
    if (own) lines.push(node.children.length === 0 ? `${words(node.name)}: ${own}` : own);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return lines.join('\n');
}

/** `InvoiceTypeCode` → "Invoice type code", `postal_code` → "Postal code": a label a person reads. */
function words(name: string): string {
  const spaced = name
    .replace(/[_-]+/gu, ' ')
    .replace(/([a-z\d])([A-Z])/gu, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/gu, '$1 $2')
    .trim();
  const lower = spaced.toLowerCase().replace(/\b(?:id|iban|bic|vat|url|uri)\b/gu, (m) => m.toUpperCase());
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** The text of an XML file's bytes: by its BOM, else the encoding its declaration names, else guessed. */
export function decodeXml(bytes: Uint8Array): string {
  return decodeText(bytes, xmlDeclaredEncoding(bytes)).text.replace(/^\uFEFF/u, '');
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`), if any. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(200, bytes.length)));
  return /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/u.exec(head)?.[1];
}
