import { describe, expect, it } from 'vitest';
import { checkUploadPath, isSkippedUploadPath, parseUploadFileUrl, uploadFileUrl, UploadId } from './uploads.js';

const refused = (raw: string) => {
  const checked = checkUploadPath(raw);
  return checked.ok ? null : checked.reason;
};

describe('relative paths of uploaded files', () => {
  it('keeps the path as dropped, with / between names', () => {
    expect(checkUploadPath('receipts/2024/a.pdf')).toEqual({
      ok: true,
      path: 'receipts/2024/a.pdf',
      segments: ['receipts', '2024', 'a.pdf'],
    });
    // Windows separators and doubled slashes are read as one separator.
    expect(checkUploadPath('receipts\\2024//a.pdf')).toMatchObject({ ok: true, path: 'receipts/2024/a.pdf' });
    // Names docpipe reads everywhere: spaces inside, accents, CJK, a leading dash.
    expect(checkUploadPath('Rechnungen März/领收据 -1.pdf')).toMatchObject({ ok: true });
  });

  it('stores names in Unicode NFC (macOS hands over decomposed names)', () => {
    const decomposed = 'Cafe\u0301/re\u0301sume\u0301.pdf';
    const checked = checkUploadPath(decomposed);
    expect(checked).toMatchObject({ ok: true, path: 'Caf\u00e9/r\u00e9sum\u00e9.pdf' });
  });

  it('refuses paths that step outside what was dropped', () => {
    for (const raw of ['../etc/passwd', 'a/../../b', '..', 'a/./b', './a', 'a/..\\..\\b', '..\\windows\\win.ini'])
      expect(refused(raw), raw).toMatch(/outside what was dropped/);
  });

  it('refuses absolute paths, Unix, Windows and UNC alike', () => {
    for (const raw of ['/etc/passwd', '\\\\server\\share\\x.pdf', 'C:\\Windows\\x.pdf', 'c:x.pdf', '//host/x'])
      expect(refused(raw), raw).toMatch(/absolute/);
  });

  it('refuses control characters, NUL first of all', () => {
    for (const raw of ['a\u0000.pdf', 'a/b\u0000/../../x', 'line\nbreak.pdf', 'bell\u0007.txt', 'del\u007f.txt'])
      expect(refused(raw), JSON.stringify(raw)).toMatch(/control character/);
  });

  it('refuses names Windows reserves or cannot hold', () => {
    for (const raw of ['CON', 'con.txt', 'folder/Nul.pdf', 'COM1.pdf', 'lpt9', 'aux.tar.gz', 'COM¹.txt'])
      expect(refused(raw), raw).toMatch(/keeps for a device/);
    for (const raw of ['a<b.pdf', 'what?.pdf', 'star*.pdf', 'pipe|.pdf', 'quote".pdf', 'drive:colon.pdf'])
      expect(refused(raw), raw).toMatch(/character file systems refuse/);
    for (const raw of ['trailing.', 'folder./a.pdf', 'space ', 'dir /a.pdf'])
      expect(refused(raw), raw).toMatch(/ends in a dot or a space/);
    // Names that only look like device names are fine.
    for (const raw of ['CONTRACT.pdf', 'console.txt', 'COM10.pdf', 'auxiliary/x.pdf'])
      expect(checkUploadPath(raw).ok, raw).toBe(true);
  });

  it('refuses empty, overlong paths and overlong names', () => {
    expect(refused('')).toMatch(/no name/);
    expect(refused('///')).toMatch(/absolute/);
    expect(refused('a/'.repeat(600) + 'x.pdf')).toMatch(/longer than 1024 characters/);
    // 128 two-byte letters are 256 bytes: one over what a file system keeps in a name.
    expect(refused(`${'é'.repeat(128)}.pdf`)).toMatch(/longer than 255 bytes/);
    expect(checkUploadPath(`${'é'.repeat(120)}.pdf`).ok).toBe(true);
  });

  it('knows the hidden and system files the engine never reads', () => {
    expect(isSkippedUploadPath('receipts/.DS_Store')).toBe(true);
    expect(isSkippedUploadPath('project/.git/config')).toBe(true);
    expect(isSkippedUploadPath('scans/Thumbs.db')).toBe(true);
    expect(isSkippedUploadPath('letters/~$draft.docx')).toBe(true);
    expect(isSkippedUploadPath('receipts/2024/a.pdf')).toBe(false);
  });
});

describe('the upload route', () => {
  it('builds and reads the address of one file, the path encoded', () => {
    const url = uploadFileUrl('20261208-101503-ab12cd34', 'receipts/a b&c.pdf');
    expect(url).toBe('/api/uploads/20261208-101503-ab12cd34/files?path=receipts%2Fa%20b%26c.pdf');
    const [pathname = '', query = ''] = url.split('?');
    expect(parseUploadFileUrl(pathname)).toBe('20261208-101503-ab12cd34');
    expect(decodeURIComponent(query.replace(/^path=/, ''))).toBe('receipts/a b&c.pdf');
    expect(parseUploadFileUrl('/api/uploads/x/y/files')).toBeNull();
    expect(parseUploadFileUrl('/api/status')).toBeNull();
  });

  it('accepts only upload ids of its own form', () => {
    expect(UploadId.safeParse('20261208-101503-ab12cd34').success).toBe(true);
    for (const bad of ['..', '../inbox', '20261208-101503-AB12CD34', '20261208-101503-ab12cd34/..', ''])
      expect(UploadId.safeParse(bad).success, bad).toBe(false);
  });
});
