/**
 * Seeded mutations of small files, through extractFile, for each format whose reader is a library
 * (postal-mime, saxes, parse5, image-size): truncations, byte flips, inserted and repeated runs, and deep
 * nesting (testing/mutations.ts). Every case must end with text or with one of the format's own error codes:
 * never an unknown error (EXTRACT_FAILED wraps those) and never a hang. Inputs stay under ~200 KB, so the cases are fast.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../electron/shared/contract/errors.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../electron/shared/contract/extract.js';
import { extractFile } from './extractFile.js';
import { concatBytes, mutate, nestEml, nestHtml, nestXml, random, type Nest } from './testing/mutations.js';

const CASES = 300;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const tmp = mkdtempSync(join(tmpdir(), 'docpipe-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs CASES mutations of the seeds and returns the cases that ended neither with text nor with an allowed code. */
async function fuzz(
  format: string,
  mime: string,
  seeds: Uint8Array[],
  nest: Nest,
  allowedCodes: readonly string[],
): Promise<string[]> {
  const failures: string[] = [];
  const path = join(tmp, `case.${format}`);
  for (let n = 0; n < CASES; n++) {
    const next = random(n + 1);
    const { bytes, name } = mutate(seeds[n % seeds.length]!, next, nest);
    writeFileSync(path, bytes);
    const res = await extractFile(
      {
        path,
        mime,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        limits: { ...DEFAULT_EXTRACT_LIMITS, maxOcrPages: 0 },
        languages: ['eng'],
      },
      {
        ocr: () => {
          throw new Error('no page may be OCRed in this test (maxOcrPages 0)');
        },
      },
    );
    const label = `${format} case ${n} (${name})`;
    if (res.ok) {
      if (!res.output.pages.every((p) => typeof p.text === 'string')) failures.push(`${label}: a page without text`);
    } else if (!allowedCodes.includes(res.error.code)) {
      failures.push(`${label}: ${res.error.code}: ${res.error.message}`);
    }
  }
  return failures;
}

const EMAIL = [
  'From: =?utf-8?Q?M=C3=BCller?= <billing@example.com>',
  'To: alice@example.com',
  'Subject: =?utf-8?B?UmVjaG51bmcgZsO8ciBNw6Ryeg==?=',
  'Date: Mon, 2 Mar 2026 10:00:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Total: 12,50 =E2=82=AC, due in M=C3=A4rz. Soft-=',
  'wrapped.',
  '--inner',
  'Content-Type: text/html; charset=iso-8859-1',
  '',
  '<p>Caf\xe9 &amp; <b>bill</b></p><script>x()</script>',
  '--inner--',
  '--outer',
  'Content-Type: application/xml; name="invoice.xml"',
  "Content-Disposition: attachment; filename*=utf-8''re%C3%A7u.xml",
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<Invoice><ID>7</ID></Invoice>').toString('base64'),
  '--outer',
  'Content-Type: message/rfc822',
  '',
  'From: old@example.com',
  'Subject: Forwarded',
  '',
  'Forwarded words.',
  '--outer--',
  '',
].join('\r\n');

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Invoice [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/hostname">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:cbc" xmlns:cac="urn:cac">
  <cbc:ID>RE-1</cbc:ID><cbc:IssueDate>2024-06-12</cbc:IssueDate><!-- a comment --><?pi data?>
  <cbc:Note><![CDATA[Note <with> markup]]> &amp; &#x20AC; &b; &x;</cbc:Note>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Nordlicht GmbH</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">47.60</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>`;

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Invoice &amp; Receipt</title>
<style>p{color:red}</style><script>if (a < b) x = "</p>";</script></head>
<body><h1>Total</h1><p>Amount:&nbsp;12&#46;50 &euro; &notanentity;</p><!-- hidden --><div>Line one<br>Line two</div>
<table><tr><td>Item</td><td>Price</td></tr><tr><td>Tea</td><td>2.00</td></tr></table>
<pre>a  b
c</pre><svg><text>not text</text></svg><ul><li>one<li>two</ul></body></html>`;

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('format readers under seeded mutations', () => {
  it(`e-mail (postal-mime): ${CASES} cases end with text`, { timeout: 120_000 }, async () => {
    expect(await fuzz('eml', 'message/rfc822', [new Uint8Array(Buffer.from(EMAIL, 'latin1'))], nestEml, [])).toEqual(
      [],
    );
  });

  it(`XML (saxes): ${CASES} cases end with text`, { timeout: 120_000 }, async () => {
    expect(await fuzz('xml', 'application/xml', [utf8(XML)], nestXml, [])).toEqual([]);
  });

  it(`HTML (parse5): ${CASES} cases end with text`, { timeout: 120_000 }, async () => {
    expect(await fuzz('html', 'text/html', [utf8(HTML)], nestHtml, [])).toEqual([]);
  });

  it(
    `images (image-size): ${CASES} cases end with pages or a corrupt or too-large image`,
    { timeout: 120_000 },
    async () => {
      const seeds = ['words.png', 'words.jpg', 'words.gif', 'words.bmp', 'words.webp', 'two-pages.tif'].map(fixture);
      // Repeated segments: markers (JPEG), chunks (PNG), IFD entries (TIFF) over and over.
      const nest: Nest = (inner, depth) => {
        const head = inner.subarray(0, Math.min(inner.length, 24));
        return concatBytes(
          head,
          ...Array<Uint8Array>(Math.min(depth, 500)).fill(inner.subarray(2, 40)),
          inner.subarray(head.length),
        );
      };
      // Each mime as sniffMime would call the seed; a mutation may make the bytes another format or none.
      const results = await Promise.all([
        fuzz('png', 'image/png', [seeds[0]!], nest, [ErrorCode.IMAGE_CORRUPT, ErrorCode.IMAGE_TOO_LARGE]),
        fuzz('jpg', 'image/jpeg', [seeds[1]!], nest, [ErrorCode.IMAGE_CORRUPT, ErrorCode.IMAGE_TOO_LARGE]),
      ]);
      const others = await fuzz('img', 'image/gif', seeds.slice(2), nest, [
        ErrorCode.IMAGE_CORRUPT,
        ErrorCode.IMAGE_TOO_LARGE,
      ]);
      expect([...results.flat(), ...others]).toEqual([]);
    },
  );
});
