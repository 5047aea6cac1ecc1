import { describe, expect, it } from 'vitest';
import type { UploadProgress } from '../state/intakeStore.js';
import { describeSummary, formatTimeLeft, scannedAgo, uploadBytesLine, uploadSentence } from './uploadFacts.js';

const upload = (patch: Partial<UploadProgress>): UploadProgress => ({
  label: 'receipts',
  phase: 'uploading',
  filesTotal: 6,
  filesDone: 2,
  bytesTotal: 3 * 1024 * 1024,
  bytesDone: 1024 * 1024,
  bytesPerSecond: 512 * 1024,
  skipped: [],
  ignored: 0,
  failed: [],
  summary: null,
  error: null,
  ...patch,
});

describe('adding documents in words', () => {
  it('says what a batch found, in counts a person reads', () => {
    expect(
      describeSummary({
        batchId: 'b',
        found: 1,
        new: 1,
        unchanged: 0,
        duplicates: 0,
        changed: 0,
        failed: 0,
        notFiles: 0,
      }),
    ).toBe('1 file: 1 new.');
    expect(
      describeSummary({
        batchId: 'b',
        found: 7,
        new: 3,
        unchanged: 1,
        duplicates: 2,
        changed: 0,
        failed: 1,
        notFiles: 0,
      }),
    ).toBe('7 files: 3 new, 1 unchanged, 2 already in the archive, 1 could not be read.');
    expect(
      describeSummary({
        batchId: 'b',
        found: 0,
        new: 0,
        unchanged: 0,
        duplicates: 0,
        changed: 0,
        failed: 0,
        notFiles: 0,
      }),
    ).toBe('No files found there.');
    expect(
      describeSummary({
        batchId: 'b',
        found: 0,
        new: 0,
        unchanged: 0,
        duplicates: 0,
        changed: 0,
        failed: 0,
        notFiles: 2,
      }),
    ).toBe('No files found there; 2 left out (not files).');
    expect(
      describeSummary({
        batchId: 'b',
        found: 1,
        new: 1,
        unchanged: 0,
        duplicates: 0,
        changed: 0,
        failed: 0,
        notFiles: 1,
      }),
    ).toBe('1 file: 1 new, 1 left out (not files).');
  });

  it('tells the time left roughly, and nothing while it cannot be told', () => {
    expect(formatTimeLeft(null)).toBe('');
    expect(formatTimeLeft(0.4)).toBe('less than a second left');
    expect(formatTimeLeft(41.2)).toBe('about 42 s left');
    expect(formatTimeLeft(150)).toBe('about 3 min left');
    expect(formatTimeLeft(3 * 3600 + 125)).toBe('about 3 h 3 min left');
  });

  it('speaks once per file, and shows the bytes with rate and time left beside it', () => {
    expect(uploadSentence(upload({}))).toBe('Uploading receipts: 2 of 6 files.');
    expect(uploadBytesLine(upload({}))).toBe('1.0 MB of 3.0 MB · 512.0 KB/s · about 4 s left');
    expect(uploadBytesLine(upload({ bytesPerSecond: null }))).toBe('1.0 MB of 3.0 MB');
    expect(uploadSentence(upload({ phase: 'failed', error: 'docpipe is not reachable.' }))).toBe(
      'receipts could not be added. docpipe is not reachable.',
    );
    expect(uploadSentence(upload({ phase: 'stopped' }))).toBe('Upload of receipts stopped; nothing was added.');
  });

  it('says when a folder was last scanned', () => {
    const now = Date.parse('2026-12-08T12:00:00Z');
    expect(scannedAgo(null, now)).toBe('never');
    expect(scannedAgo('2026-12-08T11:59:50Z', now)).toBe('just now');
    expect(scannedAgo('2026-12-08T11:55:00Z', now)).toMatch(/5 minutes ago/);
    expect(scannedAgo('2026-12-07T12:00:00Z', now)).toMatch(/yesterday|1 day ago/);
  });
});
