import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../../electron/shared/contract/extract.js';
import { extractFile } from '../extractFile.js';
import { MAX_FORWARD_DEPTH, MAX_MIME_DEPTH, parseEmail } from './eml.js';

const crlf = (...lines: string[]): Uint8Array => new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1'));

/** A message whose body sits `depth` multipart levels down, each level with its own boundary. */
function nestedMultipart(depth: number): Uint8Array {
  const lines = ['From: deep@example.org', 'Subject: Nested'];
  for (let i = 0; i < depth; i++) lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
  lines.push('Content-Type: text/plain', '', 'The body at the bottom.');
  for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`);
  return crlf(...lines);
}

/** A message that forwards a message that forwards one … `depth` times, each inline (message/rfc822). */
function forwardChain(depth: number): Uint8Array {
  let message = ['From: first@example.org', 'Subject: Level 0', '', 'The innermost words.'].join('\r\n');
  for (let level = 1; level <= depth; level++) {
    message = [
      `From: level${level}@example.org`,
      `Subject: Level ${level}`,
      `Content-Type: multipart/mixed; boundary="f${level}"`,
      '',
      `--f${level}`,
      'Content-Type: text/plain',
      '',
      `Words of level ${level}.`,
      `--f${level}`,
      'Content-Type: message/rfc822',
      '',
      message,
      `--f${level}--`,
    ].join('\r\n');
  }
  return new Uint8Array(Buffer.from(message, 'latin1'));
}

describe('parseEmail on nesting', () => {
  it(`reads a body ${MAX_MIME_DEPTH - 6} multipart levels down`, async () => {
    const parsed = await parseEmail(nestedMultipart(MAX_MIME_DEPTH - 6), 'deep.eml');
    expect(parsed.text).toBe('From: deep@example.org\nSubject: Nested\n\nThe body at the bottom.');
    expect(parsed.warnings).toEqual([]);
  });

  it('cuts a message nested 1000 deep at the documented depth: its headers and a warning, never silence', async () => {
    const parsed = await parseEmail(nestedMultipart(1000), 'deep.eml');
    expect(parsed.text).toBe('From: deep@example.org\nSubject: Nested');
    expect(parsed.headerless).toBe(false);
    expect(parsed.warnings).toEqual([
      `deep.eml nests its MIME parts more than ${MAX_MIME_DEPTH} levels deep; only its headers were read.`,
    ]);
  });

  it('reads forwarded messages inline down to the documented depth and lists the deeper ones', async () => {
    const top = MAX_FORWARD_DEPTH + 5;
    const parsed = await parseEmail(forwardChain(top), 'chain.eml');
    expect(parsed.text.startsWith(`From: level${top}@example.org\n`)).toBe(true);
    expect(parsed.text).toContain(`Words of level ${top}.`);
    // The message itself, then MAX_FORWARD_DEPTH forwards inside it, are read.
    expect(parsed.text).toContain(`Words of level ${top - MAX_FORWARD_DEPTH}.`);
    expect(parsed.text).not.toContain(`Words of level ${top - MAX_FORWARD_DEPTH - 1}.`);
    expect(parsed.text).not.toContain('The innermost words.');
    expect(parsed.attachments).toEqual([{ fileName: 'message.eml', mime: 'message/rfc822', size: expect.any(Number) }]);
    expect(parsed.warnings).toEqual([
      `chain.eml forwards messages nested more than ${MAX_FORWARD_DEPTH} deep; the deeper ones are listed as attachments, not read.`,
    ]);
  });
});

describe('parseEmail on charsets and envelopes', () => {
  it('reads 0x80–0x9F of a windows-1252 body and header as the characters they are (€, “ ”)', async () => {
    const eml = Buffer.concat([
      Buffer.from('From: shop@example.com\r\nSubject: =?windows-1252?Q?Preis_=80_12?=\r\n', 'latin1'),
      Buffer.from('Content-Type: text/plain; charset=windows-1252\r\n\r\n', 'latin1'),
      Buffer.from([0x93, 0x4f, 0x4b, 0x94, 0x20, 0x80, 0x20, 0x35]),
    ]);
    const parsed = await parseEmail(new Uint8Array(eml));
    expect(parsed.text).toBe('From: shop@example.com\nSubject: Preis € 12\n\n“OK” € 5');
  });

  it('reads a message saved from an mbox, whose first line is the "From " envelope line', async () => {
    const parsed = await parseEmail(
      crlf(
        'From 1275267068816858875@xxx Wed Jul 16 06:24:10 +0000 2008',
        'From: "Tamir" <t@example.org>',
        'Subject: =?windows-1255?B?+ezl7Q==?=',
        'Content-Type: text/plain; charset=windows-1255',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from([0xf9, 0xec, 0xe5, 0xed]).toString('base64'),
      ),
    );
    expect(parsed.headerless).toBe(false);
    expect(parsed.text).toBe('From: "Tamir" <t@example.org>\nSubject: שלום\n\nשלום');
  });

  it('reads a text it cannot take for an e-mail as plain text', async () => {
    expect(await parseEmail(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]))).toMatchObject({
      text: 'AB',
      headerless: true,
    });
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'docpipe-eml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('extractFile for a message nested 1000 deep', () => {
  it('ends with the headers as text and the cut among the warnings', async () => {
    const bytes = nestedMultipart(1000);
    const path = join(tmp, 'deep.eml');
    writeFileSync(path, bytes);
    const res = await extractFile({
      path,
      mime: 'message/rfc822',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      limits: DEFAULT_EXTRACT_LIMITS,
      languages: ['eng'],
    });
    expect(res).toMatchObject({
      ok: true,
      output: {
        pages: [{ page: 1, text: 'From: deep@example.org\nSubject: Nested' }],
        warnings: [
          `deep.eml nests its MIME parts more than ${MAX_MIME_DEPTH} levels deep; only its headers were read.`,
        ],
      },
    });
  });
});
