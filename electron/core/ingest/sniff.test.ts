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
