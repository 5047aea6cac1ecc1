/**
 * A small XML reader of our own, for the XML files docpipe meets: e-invoices (eInvoice.ts), the XML
 * attachments of PDFs and e-mails, and XML files dropped as documents. Elements, attributes, text,
 * CDATA and the predefined and numeric entities; no DTDs and no external entities, so nothing in a file
 * can make it fetch or expand anything. Names are kept by local name, so any namespace prefix works.
 */
import { decodeText } from './decodeText.js';

export interface XmlNode {
  /** Local name (the namespace prefix dropped). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own text (its text segments joined; children's text not included). */
  text: string;
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;
const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/giu,
    (_, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
      const code = hex ? Number.parseInt(hex, 16) : dec ? Number.parseInt(dec, 10) : -1;
      // A reference past Unicode's last code point is no character: dropped, never a thrown RangeError.
      if (hex || dec) return code <= 0x10ffff ? String.fromCodePoint(code) : '';
      return (
        ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[(named ?? '').toLowerCase()] ??
        ''
      );
    },
  );
}

/**
 * The document element of a well-formed XML text, or null when the text is not one. One pass with
 * indexOf, so any input costs time linear in its length (a regex with lazy runs for comments and CDATA
 * rescans the rest of the text at every unterminated one).
 */
export function parseXml(xml: string): XmlNode | null {
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  let i = 0;
  const skipTo = (start: number, close: string): number => {
    const end = xml.indexOf(close, start);
    return end < 0 ? -1 : end + close.length;
  };
  while (i < xml.length) {
    const top = stack[stack.length - 1]!;
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      top.text += decodeEntities(xml.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(xml.slice(i, lt));
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return null;
      top.text += xml.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!--', lt) || xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      // Comments, processing instructions and a DOCTYPE (with its internal subset): skipped, never expanded.
      const bracket = xml.indexOf('[', lt);
      const gt = xml.indexOf('>', lt);
      i = xml.startsWith('<!--', lt)
        ? skipTo(lt + 4, '-->')
        : xml.startsWith('<?', lt)
          ? skipTo(lt + 2, '?>')
          : bracket >= 0 && bracket < gt
            ? skipTo(bracket, ']>')
            : gt < 0
              ? -1
              : gt + 1;
      if (i < 0) return null;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) return null;
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      if (stack.length === 1 || top.name !== localName(tag.slice(1).trim())) return null;
      stack.pop();
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/>]+/u.exec(body)?.[0];
    if (!name) return null;
    const attrs: Record<string, string> = {};
    for (const a of body.slice(name.length).matchAll(ATTRIBUTE))
      attrs[localName(a[1] ?? '')] = decodeEntities(a[2] ?? a[3] ?? '');
    const node: XmlNode = { name: localName(name), attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  return stack.length === 1 && root.children.length === 1 ? (root.children[0] ?? null) : null;
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
