/**
 * Outlook .msg extraction on real compound files written here with SheetJS cfb, laid out as MS-OXMSG
 * says (property streams with their headers, __substg1.0_ streams, recipient and attachment storages),
 * and read back through @kenjiuno/msgreader.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeMsg, type MessageSpec } from '../fixtures/makeMsg.js';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { DEFAULT_EXTRACT_LIMITS, type ExtractResponse } from '../../../electron/shared/contract/extract.js';
import { extractFile, SUPPORTED_MIME_TYPES } from '../extractFile.js';
import { MSG_MIME, parseMsg } from './msg.js';

const tmp = mkdtempSync(join(tmpdir(), 'msg-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PDF_BYTES = new Uint8Array(Buffer.from('%PDF-1.4\n% a small attachment\n%%EOF\n'));
const FULL: MessageSpec = {
  subject: 'Invoice 2024-117 for March',
  senderName: 'Ann Example',
  senderEmail: 'ann@example.org',
  displayTo: 'Bob Builder',
  displayCc: 'Carol Count',
  body: 'Hello Bob,\r\n\r\nplease find the invoice attached.\r\n\r\nAnn',
  submitted: new Date('2024-03-14T09:30:00Z'),
  recipients: [
    { type: 1, name: 'Bob Builder', email: 'bob@example.org' },
    { type: 2, name: 'Carol Count', email: 'carol@example.org' },
    { type: 3, name: 'Hidden Person', email: 'hidden@example.org' },
  ],
  attachments: [{ fileName: 'invoice-2024-117.pdf', data: PDF_BYTES }],
};

async function extractMsg(name: string, bytes: Uint8Array, mime = MSG_MIME): Promise<ExtractResponse> {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return extractFile({ path, mime, sha256, limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] });
}

async function msgError(bytes: Uint8Array): Promise<AppError> {
  try {
    await parseMsg(bytes, 'mail.msg');
  } catch (error) {
    if (AppError.is(error)) return error;
    throw error;
  }
  throw new Error('expected parseMsg to fail');
}

describe('parseMsg', () => {
  it('puts From, To, Cc, Subject and Date first, then the body, as for an .eml', async () => {
    const msg = await parseMsg(makeMsg(FULL), 'mail.msg');
    expect(msg.text).toBe(
      [
        'From: Ann Example <ann@example.org>',
        'To: Bob Builder <bob@example.org>',
        'Cc: Carol Count <carol@example.org>',
        'Subject: Invoice 2024-117 for March',
        'Date: 2024-03-14 09:30:00Z',
        '',
        'Hello Bob,',
        '',
        'please find the invoice attached.',
        '',
        'Ann',
      ].join('\n'),
    );
    expect(msg.text).not.toContain('hidden@example.org'); // Bcc is not shown, as for an .eml
    expect(msg.warnings).toEqual([]);
  });

  it('falls back to the display To/Cc lines when there are no recipient storages', async () => {
    const msg = await parseMsg(makeMsg({ ...FULL, recipients: [] }), 'mail.msg');
    expect(msg.text.split('\n').slice(0, 3)).toEqual([
      'From: Ann Example <ann@example.org>',
      'To: Bob Builder',
      'Cc: Carol Count',
    ]);
  });

  it('reads an HTML-only body as text, without tags, scripts or styles', async () => {
    const html =
      '<html><head><style>p { color: red }</style><script>alert("x")</script></head>' +
      '<body><p>Dear Bob,</p><p>the total is <b>&euro;&nbsp;1.234,50</b>.</p><script>track()</script></body></html>';
    const msg = await parseMsg(makeMsg({ subject: 'HTML only', senderEmail: 'ann@example.org', html }), 'mail.msg');
    expect(msg.text.startsWith('From: ann@example.org\nSubject: HTML only\n\n')).toBe(true);
    expect(msg.text).toContain('Dear Bob,');
    expect(msg.text).toContain('the total is € 1.234,50.');
    expect(msg.text).not.toMatch(/<|>|alert|track\(|color: red/);
    expect(msg.warnings).toEqual([]);
  });

  it('keeps the headers and warns when there is no body it can read', async () => {
    const msg = await parseMsg(makeMsg({ subject: 'No body', senderName: 'Ann' }), 'mail.msg');
    expect(msg.text).toBe('From: Ann\nSubject: No body');
    expect(msg.warnings).toEqual([expect.stringContaining('no message body')]);
  });

  it('lists attachments with name, MIME from the extension and size; an embedded message by its subject', async () => {
    const msg = await parseMsg(
      makeMsg({ ...FULL, embedded: [{ subject: 'Re: the earlier quote', body: 'Inner body' }] }),
      'mail.msg',
    );
    expect(msg.attachments).toHaveLength(2);
    expect(msg.attachments[0]).toEqual({
      fileName: 'invoice-2024-117.pdf',
      mime: 'application/pdf',
      size: PDF_BYTES.length,
    });
    expect(msg.attachments[1]).toMatchObject({ fileName: 'Re: the earlier quote.msg', mime: MSG_MIME });
    expect(msg.attachments[1]!.size).toBeGreaterThan(0);
    // Attachments are listed, not read: neither the PDF nor the inner message's body is in the text.
    expect(msg.text).not.toContain('small attachment');
    expect(msg.text).not.toContain('Inner body');
  });

  it('refuses a non-OLE file, garbage after an OLE signature and a truncated .msg with MSG_CORRUPT', async () => {
    const good = makeMsg(FULL);
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    garbage.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const cases = [
      new Uint8Array(Buffer.from('From: not really\n\nan e-mail')),
      garbage,
      good.subarray(0, 600),
      good.subarray(0, good.length >> 1),
    ];
    for (const bytes of cases) {
      const error = await msgError(bytes);
      expect(error.code).toBe(ErrorCode.MSG_CORRUPT);
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(
        /^mail\.msg is damaged or not an Outlook message: .+\. Open it in Outlook and save it again/,
      );
      expect(error.message).not.toMatch(/\n\s+at /); // no stack trace in the message
    }
  });
});

/** A copy of `good` with one of its loops made: a FAT chain back onto itself, or a directory entry its own sibling. */
function withLoop(good: Uint8Array, kind: 'fat' | 'directory'): Uint8Array {
  const bytes = good.slice();
  const dv = new DataView(bytes.buffer);
  const sectorSize = 2 ** dv.getUint16(30, true);
  const dirSector = dv.getInt32(48, true);
  if (kind === 'fat') {
    dv.setInt32((dv.getInt32(76, true) + 1) * sectorSize + 4 * dirSector, dirSector, true);
  } else {
    const dirAt = (dirSector + 1) * sectorSize;
    const child = dv.getInt32(dirAt + 76, true); // the root's first child
    dv.setInt32(dirAt + 128 * child + 68, child, true);
  }
  return bytes;
}

describe('parseMsg on looping compound files', () => {
  // Without the check, msgreader follows these loops until the thread runs out of memory.
  it.each(['fat', 'directory'] as const)(
    'refuses a %s loop with MSG_CORRUPT instead of running out of memory',
    async (kind) => {
      const error = await msgError(withLoop(makeMsg(FULL), kind));
      expect(error.code).toBe(ErrorCode.MSG_CORRUPT);
      expect(error.message).toMatch(/run in a loop/);
    },
  );
});

describe('extractFile with an .msg', () => {
  it('handles the MIME type sniffMime gives an .msg', () => {
    expect(MSG_MIME).toBe('application/vnd.ms-outlook');
    expect(SUPPORTED_MIME_TYPES).toContain(MSG_MIME);
  });

  it('gives one text page with the headers on top, and the attachments', async () => {
    const r = await extractMsg('mail.msg', makeMsg(FULL));
    if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
    expect(r.output.pages).toHaveLength(1);
    expect(r.output.pages[0]).toMatchObject({ page: 1, method: 'text', ocrConfidence: null, words: [] });
    expect(r.output.pages[0]!.text.split('\n')[0]).toBe('From: Ann Example <ann@example.org>');
    expect(r.output.pages[0]!.text).toContain('please find the invoice attached.');
    expect(r.output.attachments).toEqual([
      { fileName: 'invoice-2024-117.pdf', mime: 'application/pdf', size: PDF_BYTES.length },
    ]);
    expect(r.output.warnings).toEqual([]);
  });

  it('reads an e-invoice attached as XML: its values, and its page after the message', async () => {
    const xml = new TextEncoder().encode(
      '<?xml version="1.0"?><Invoice xmlns:cbc="urn:cbc" xmlns:cac="urn:cac"><cbc:ID>2024-117</cbc:ID><cbc:IssueDate>2024-03-14</cbc:IssueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">99.00</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>',
    );
    const r = await extractMsg(
      'xrechnung.msg',
      makeMsg({ ...FULL, attachments: [{ fileName: 'invoice-2024-117.xml', data: xml }] }),
    );
    if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
    expect(r.output.eInvoice).toMatchObject({
      fileName: 'invoice-2024-117.xml',
      syntax: 'UBL',
      fields: { invoice_number: '2024-117', date: '2024-03-14', amount_due: '99.00' },
    });
    expect(r.output.pages.map((p) => p.text.split('\n')[0])).toEqual([
      'From: Ann Example <ann@example.org>',
      'Invoice',
    ]);
  });

  it('answers a damaged .msg with MSG_CORRUPT, not EXTRACT_FAILED', async () => {
    const good = makeMsg(FULL);
    for (const [name, bytes] of [
      ['truncated.msg', good.subarray(0, 1000)],
      ['text.msg', new Uint8Array(Buffer.from('hello'))],
    ] as const) {
      const r = await extractMsg(name, bytes);
      expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.MSG_CORRUPT, retryable: false } });
      if (!r.ok) expect(r.error.message).toContain(`${name} is damaged or not an Outlook message`);
    }
  });
});
