import { describe, expect, it } from 'vitest';
import { decodeText, normalizeText } from './decodeText.js';
import { decodeHtmlEntities, htmlToText } from './htmlToText.js';
import { decodeEncodedWords, parseEmail } from '../mail/eml.js';

const bytes = (s: string, enc: BufferEncoding = 'utf8'): Uint8Array => new Uint8Array(Buffer.from(s, enc));

describe('decodeText', () => {
  it('honours UTF-8 and UTF-16 byte order marks', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('Grüße')]))).toEqual({
      text: 'Grüße',
      encoding: 'utf-8',
    });
    expect(decodeText(Uint8Array.from([0xff, 0xfe, ...bytes('Grüße', 'utf16le')]))).toEqual({
      text: 'Grüße',
      encoding: 'utf-16le',
    });
    const be = Buffer.from('Grüße', 'utf16le').swap16();
    expect(decodeText(Uint8Array.from([0xfe, 0xff, ...be]))).toEqual({ text: 'Grüße', encoding: 'utf-16be' });
  });

  it('recognises BOM-less UTF-16 by its zero bytes', () => {
    expect(decodeText(bytes('Invoice total 12.50', 'utf16le')).text).toBe('Invoice total 12.50');
  });

  it('falls back to windows-1252 for invalid UTF-8', () => {
    // "Pantothensäure" written in latin1: 0xE4 alone is not valid UTF-8.
    expect(decodeText(bytes('Pantothensäure', 'latin1'))).toEqual({ text: 'Pantothensäure', encoding: 'windows-1252' });
    expect(decodeText(Uint8Array.from([0x80, 0x20, 0x35]))).toMatchObject({ text: '€ 5' });
  });

  it('normalises line ends and strips control characters', () => {
    expect(normalizeText('a\r\nb\rc\u0000d  \n')).toBe('a\nb\ncd\n');
  });
});

describe('htmlToText', () => {
  it('drops scripts, styles and comments, keeps the title, breaks blocks into lines', () => {
    const html = `<!doctype html><html><head><title>Invoice &amp; Receipt</title><style>p{color:red}</style>
      <script>var secret = "do not index";</script></head>
      <body><h1>Total</h1><p>Amount:&nbsp;12&#46;50 &euro;</p><!-- hidden note --><div>Line one<br>Line   two</div>
      <table><tr><td>Item</td><td>Price</td></tr><tr><td>Tea</td><td>&#x32;.00</td></tr></table></body></html>`;
    const text = htmlToText(html);
    expect(text).not.toMatch(/secret|color|hidden/);
    expect(text).toBe('Invoice & Receipt\n\nTotal\n\nAmount: 12.50 €\n\nLine one\nLine two\n\nItem\tPrice\nTea\t2.00');
  });

  it('keeps whitespace inside <pre>', () => {
    expect(htmlToText('<pre>a  b\nc</pre>')).toBe('a  b\nc');
  });

  it('decodes named, decimal and hex entities and leaves unknown ones', () => {
    expect(decodeHtmlEntities('&lt;&Eacute;t&eacute;&gt; &#8364; &#x20AC; &bogus; &#0;')).toBe(
      '<Été> € € &bogus; \ufffd',
    );
  });
});

describe('parseEmail', () => {
  it('decodes encoded-word headers', () => {
    expect(decodeEncodedWords('=?UTF-8?B?R3LDvMOfZQ==?= =?ISO-8859-1?Q?_und_sch=F6n?=')).toBe('Grüße und schön');
  });

  it("reads raw UTF-8 header bytes as UTF-8 (Latin-1 when they are not), and keeps Outlook's Sent line", async () => {
    const mail = Buffer.concat([
      Buffer.from(
        'From: IT Service Desk <desk@example.org>\nSent: Monday, 8 April 2024 07:30\nTo: All Staff\nSubject: Planned outage – email, Saturday\n\nHi',
        'utf8',
      ),
    ]);
    const text = (await parseEmail(mail)).text;
    expect(text).toContain('Subject: Planned outage – email, Saturday');
    expect(text).toContain('Sent: Monday, 8 April 2024 07:30');
    const latin1 = Buffer.from('From: a@example.org\nSubject: Gr\u00fc\u00dfe\n\nHi', 'latin1');
    expect((await parseEmail(latin1)).text).toContain('Subject: Grüße');
  });

  it('reads headers first, prefers text/plain, decodes quoted-printable, lists a base64 attachment', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake attachment body');
    const eml = [
      'From: "Billing" <billing@example.com>',
      'To: alice@example.com',
      'Subject: =?utf-8?Q?Rechnung_f=C3=BCr_M=C3=A4rz?=',
      'Date: Mon, 2 Mar 2026 10:00:00 +0100',
      'X-Ignored: not shown',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble is ignored',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Total: 12,50 =E2=82=AC, due in M=C3=A4rz. This line is long and soft-=',
      'wrapped.',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML version that must not appear</p>',
      '--inner--',
      '--outer',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64').replace(/(.{20})/g, '$1\r\n'),
      '--outer--',
      '',
    ].join('\r\n');
    const parsed = await parseEmail(bytes(eml));
    expect(parsed.text).toBe(
      'From: "Billing" <billing@example.com>\nTo: alice@example.com\nSubject: Rechnung für März\nDate: Mon, 2 Mar 2026 10:00:00 +0100\n\n' +
        'Total: 12,50 €, due in März. This line is long and soft-wrapped.',
    );
    expect(parsed.attachments).toEqual([{ fileName: 'invoice.pdf', mime: 'application/pdf', size: pdf.length }]);
    expect(parsed.headerless).toBe(false);
  });

  it('uses the HTML body as text when there is no plain part', async () => {
    const eml =
      'Subject: Hi\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n' +
      Buffer.from('<p>Caf\xe9 <b>bill</b></p><script>x()</script>', 'latin1').toString('base64');
    expect((await parseEmail(bytes(eml))).text).toBe('Subject: Hi\n\nCafé bill');
  });

  it('treats a file without headers as plain text', async () => {
    const parsed = await parseEmail(bytes('This is not a valid eml.\n'));
    expect(parsed).toMatchObject({ text: 'This is not a valid eml.', headerless: true, attachments: [] });
  });
});
