import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { makeTextPdf } from '../testing/fixtureFiles.js';
import { testCore, type TestCore } from '../testing/testCore.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import { DocumentFiles } from './DocumentFiles.js';

/** Enough text on each page that no page is OCRed (the test is about files, not reading). */
const lines = (what: string) => Array.from({ length: 8 }, (_, i) => `${what}, line ${i + 1} of a page of plain text`);
const PDF = makeTextPdf([lines('Page one'), lines('Page two'), lines('Page three')]);

let t: TestCore;
const idOf = async (name: string) =>
  (await t.core.api.listDocuments({})).find((d) => d.paths.some((p) => p.endsWith(`/${name}`)))!.id;

beforeAll(async () => {
  t = await testCore(
    { 'three pages.pdf': PDF, 'moving.pdf': makeTextPdf([lines('Moves')]), 'changing.txt': 'before' },
    { ingest: true },
  );
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe('documentFile and locateDocumentFile', () => {
  it("answers the original's bytes, whole or a part, with its name, type, size and sha256", async () => {
    const id = await idOf('three pages.pdf');
    const whole = await t.core.api.documentFile({ id });
    expect(whole).toMatchObject({
      fileName: 'three pages.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      offset: 0,
    });
    expect(Buffer.from(whole.bytes).equals(PDF)).toBe(true);
    expect(whole.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The bytes are in a buffer of their own (IPC's structured clone copies a view's whole buffer).
    expect(whole.bytes.byteOffset).toBe(0);
    expect(whole.bytes.buffer.byteLength).toBe(PDF.length);

    const part = await t.core.api.documentFile({ id, offset: 9, length: 20 });
    expect(part.offset).toBe(9);
    expect(Buffer.from(part.bytes).equals(PDF.subarray(9, 29))).toBe(true);
    const tail = await t.core.api.documentFile({ id, offset: PDF.length - 5, length: 100 });
    expect(Buffer.from(tail.bytes).equals(PDF.subarray(PDF.length - 5))).toBe(true);
    await expect(t.core.api.documentFile({ id, offset: PDF.length + 1 })).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    expect(await t.core.api.locateDocumentFile({ id })).toEqual({
      path: join(t.docs, 'three pages.pdf'),
      fileName: 'three pages.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: whole.sha256,
    });
  });

  it('refuses a file that moved or changed with FILE_NOT_FOUND and a sentence saying what to do', async () => {
    const moved = await idOf('moving.pdf');
    renameSync(join(t.docs, 'moving.pdf'), join(t.docs, 'moved.pdf'));
    await expect(t.core.api.locateDocumentFile({ id: moved })).rejects.toMatchObject({
      code: ErrorCode.FILE_NOT_FOUND,
      message: expect.stringMatching(/moving\.pdf\) is no longer where it was found.*add it again/),
    });

    const changing = await idOf('changing.txt');
    expect(Buffer.from((await t.core.api.documentFile({ id: changing })).bytes).toString()).toBe('before');
    // Same size, other bytes: only the hash tells (the check remembered is for the file as it was).
    writeFileSync(join(t.docs, 'changing.txt'), 'after!');
    await expect(t.core.api.documentFile({ id: changing })).rejects.toMatchObject({ code: ErrorCode.FILE_NOT_FOUND });
    await expect(t.core.api.documentFile({ id: 999 })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('refuses an answer over its size cap, saying to ask for parts', async () => {
    const id = await idOf('three pages.pdf');
    const record = (await t.core.api.getDocument({ ref: id })) as unknown as DocumentRecord;
    const files = new DocumentFiles({ find: () => record }, { maxAnswerBytes: 100 });
    await expect(files.read({ id, offset: 0 })).rejects.toMatchObject({
      code: ErrorCode.FILE_TOO_LARGE,
      message: expect.stringMatching(/at most .* ask for it in parts \(offset and length\)/),
    });
    expect((await files.read({ id, offset: 100, length: 100 })).bytes.byteLength).toBe(100);
  });
});
