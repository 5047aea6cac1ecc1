import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { Mime, sniffMime, SUPPORTED_MIMES } from './sniff.js';

async function zipHead(entries: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries))
    zip.file(name, content, name === 'mimetype' ? { compression: 'STORE' } : {});
  return (await zip.generateAsync({ type: 'uint8array' })).subarray(0, 4096);
}

describe('sniffMime for ZIP containers', () => {
  it('tells Word, PowerPoint, Excel and OpenDocument files apart by their parts, whatever their names', async () => {
    expect(sniffMime(await zipHead({ 'word/document.xml': '<w/>' }), 'a.bin')).toBe(Mime.docx);
    expect(sniffMime(await zipHead({ 'ppt/presentation.xml': '<p/>' }), 'a.bin')).toBe(Mime.pptx);
    expect(sniffMime(await zipHead({ 'xl/workbook.xml': '<x/>' }), 'a.bin')).toBe(Mime.xlsx);
    expect(
      sniffMime(await zipHead({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<c/>' }), 'a.zip'),
    ).toBe(Mime.odt);
    expect(
      sniffMime(
        await zipHead({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<c/>' }),
        'a.bin',
      ),
    ).toBe(Mime.ods);
    expect(sniffMime(await zipHead({ 'notes.txt': 'hello' }), 'a.zip')).toBe(Mime.zip);
    for (const mime of [Mime.pptx, Mime.xlsx, Mime.odt, Mime.ods, Mime.odp])
      expect(SUPPORTED_MIMES.has(mime)).toBe(true);
    expect(SUPPORTED_MIMES.has(Mime.zip)).toBe(false);
  });
});

describe('sniffMime for RTF', () => {
  it('calls a file that starts with {\\rtf RTF, whatever its name', () => {
    expect(sniffMime(new TextEncoder().encode('{\\rtf1\\ansi Hello}'), 'notes.txt')).toBe(Mime.rtf);
    expect(sniffMime(new TextEncoder().encode('Hello {\\rtf1}'), 'notes.txt')).toBe(Mime.text);
    expect(SUPPORTED_MIMES.has(Mime.rtf)).toBe(true);
  });
});

describe('sniffMime for XML', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  it('calls a file with an XML declaration, or a .xml file that starts with a tag, XML; XHTML stays HTML', () => {
    expect(sniffMime(bytes('<?xml version="1.0"?><Invoice/>'), 'rechnung.dat')).toBe(Mime.xml);
    expect(sniffMime(bytes('\uFEFF  <Invoice xmlns="urn:oasis"/>'), 'xrechnung.xml')).toBe(Mime.xml);
    expect(sniffMime(bytes('<?xml version="1.0"?>\n<!DOCTYPE html><html><body>Hi</body></html>'), 'page.xhtml')).toBe(
      Mime.html,
    );
    expect(sniffMime(bytes('Invoice <b> notes'), 'notes.xml')).toBe(Mime.text);
    expect(SUPPORTED_MIMES.has(Mime.xml)).toBe(true);
  });
});

describe('sniffMime for binary garbage', () => {
  /** mulberry32, seeded: the same "random" files on every run. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never calls random bytes text, named .pdf or .txt, from 16 bytes to a full head', () => {
    const next = random(19);
    const called: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const size = [16, 32, 64, 256, 4096][i % 5]!;
      const bytes = Uint8Array.from({ length: size }, () => Math.floor(next() * 256));
      for (const name of ['scan.pdf', 'notes.txt']) {
        const mime = sniffMime(bytes, name);
        called[mime] = (called[mime] ?? 0) + 1;
      }
    }
    expect(called).toEqual({ [Mime.unknown]: 4000 });
  });

  it('still reads UTF-8 and legacy 8-bit text as text, and a head cut inside a UTF-8 character', () => {
    // "Привет, мир " six times in windows-1251, then CRLF.
    const line = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0, 0x20];
    const cp1251 = Uint8Array.from([...Array.from({ length: 6 }, () => line).flat(), 0x0d, 0x0a]);
    expect(sniffMime(cp1251, 'privet.txt')).toBe(Mime.text);
    const latin1 = Buffer.from('Größe: 12 m², Preis 5 Euro, Lieferung frei Haus, Zahlung in 30 Tagen.\n', 'latin1');
    expect(sniffMime(Uint8Array.from(latin1), 'a.txt')).toBe(Mime.text);
    // Under 64 bytes, text that is not UTF-8 cannot be told from noise.
    expect(sniffMime(Uint8Array.from(Buffer.from('Größe: 12 m²\n', 'latin1')), 'short.txt')).toBe(Mime.unknown);
    const utf8 = new TextEncoder().encode('Rechnung über 12 €');
    expect(sniffMime(utf8.subarray(0, utf8.length - 1), 'cut.txt')).toBe(Mime.text);
    // Content over name: a text file named .pdf is text; a legacy-encoded one is not trusted under that name.
    expect(sniffMime(utf8, 'rechnung.pdf')).toBe(Mime.text);
    expect(sniffMime(cp1251, 'privet.pdf')).toBe(Mime.unknown);
  });
});
