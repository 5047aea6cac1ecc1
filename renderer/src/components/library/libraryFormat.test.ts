import { describe, expect, it } from 'vitest';
import { fileKind, folderOf, formatTotal, hasThumbnail, plainError } from './libraryFormat.js';

describe('library cells', () => {
  it('writes a total with its currency, or as a number when the currency is unknown', () => {
    expect(formatTotal({ amount: 1250, currency: 'EUR' }, 'en-GB')).toBe('€1,250.00');
    expect(formatTotal({ amount: 1250.5, currency: 'JPY' }, 'en-US')).toBe('¥1,251');
    expect(formatTotal({ amount: 3.5, currency: null }, 'en-US')).toBe('3.50');
    expect(formatTotal({ amount: 3.5, currency: 'euro' }, 'en-US')).toBe('3.50 euro');
    expect(formatTotal(null)).toBe('');
  });

  it("says why a document failed with its file's name rather than its whole path", () => {
    const row = {
      name: 'broken.pdf',
      path: '/home/me/in/broken.pdf',
      error: { code: 'PDF_CORRUPT' as const, message: '/home/me/in/broken.pdf is not a readable PDF.' },
    };
    expect(plainError(row)).toBe('broken.pdf is not a readable PDF.');
    expect(plainError({ ...row, error: null })).toBe('');
  });

  it('shows a picture for PDFs and images, a kind for the rest', () => {
    expect(hasThumbnail('application/pdf')).toBe(true);
    expect(hasThumbnail('text/plain')).toBe(false);
    expect(fileKind({ mime: 'message/rfc822', name: 'a.eml' })).toBe('EML');
    expect(
      fileKind({
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        name: 'Report.docx',
      }),
    ).toBe('DOCX');
    expect(fileKind({ mime: 'application/octet-stream', name: 'noext' })).toBe('FILE');
    expect(folderOf('C:\\in\\a.pdf')).toBe('C:\\in');
    expect(folderOf('/a.pdf')).toBe('');
  });
});
