/** Adding documents in words: rates, time left, what a batch found, when a folder was last scanned. */
import type { IngestSummary } from '../../../electron/shared/contract/api.js';
import type { UploadProgress } from '../state/intakeStore.js';
import { secondsLeft } from '../state/uploadPlan.js';
import { formatBytes } from './documentFacts.js';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `1.4 MB/s`; an empty string while the rate is not known. */
export function formatRate(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '' : `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** `about 40 s left`, `about 3 min left`; an empty string while it cannot be told. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.ceil(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  return `about ${hours} h ${Math.ceil((seconds - hours * 3600) / 60)} min left`;
}

/** What a batch found: `6 files: 5 new, 1 already in the archive.` */
export function describeSummary(summary: IngestSummary): string {
  const parts = [
    summary.new ? `${summary.new} new` : '',
    summary.changed ? `${summary.changed} changed` : '',
    summary.unchanged ? `${summary.unchanged} unchanged` : '',
    summary.duplicates ? `${summary.duplicates} already in the archive` : '',
    summary.failed ? `${summary.failed} could not be read` : '',
    summary.notFiles ? `${summary.notFiles} left out (not files)` : '',
  ].filter(Boolean);
  if (summary.found === 0)
    return summary.notFiles ? `No files found there; ${parts.join('')}.` : 'No files found there.';
  return `${plural(summary.found, 'file')}: ${parts.join(', ')}.`;
}

/**
 * The upload's state as one sentence, for the live region: it changes once per file and per phase, not
 * with every byte, so a screen reader is not flooded.
 */
export function uploadSentence(upload: UploadProgress): string {
  const { label, filesDone, filesTotal } = upload;
  switch (upload.phase) {
    case 'preparing':
      return `Preparing to upload ${label}…`;
    case 'uploading':
      return `Uploading ${label}: ${filesDone} of ${plural(filesTotal, 'file')}.`;
    case 'ingesting':
      return `Uploaded ${label}; adding ${plural(filesTotal - upload.failed.length, 'file')} to the archive…`;
    case 'done':
      return `Added ${label}. ${upload.summary ? describeSummary(upload.summary) : ''}`.trim();
    case 'stopped':
      return upload.summary
        ? `Upload of ${label} stopped; what arrived was added. ${describeSummary(upload.summary)}`
        : `Upload of ${label} stopped; nothing was added.`;
    case 'failed':
      return `${label} could not be added. ${upload.error ?? ''}`.trim();
  }
}

/** The byte half of the progress line: `1.2 MB of 3.4 MB · 850 KB/s · about 3 s left`. */
export function uploadBytesLine(upload: UploadProgress): string {
  const rate = upload.phase === 'uploading' ? upload.bytesPerSecond : null;
  const left = formatTimeLeft(secondsLeft(upload.bytesTotal - upload.bytesDone, rate));
  return [`${formatBytes(upload.bytesDone)} of ${formatBytes(upload.bytesTotal)}`, formatRate(rate), left]
    .filter(Boolean)
    .join(' · ');
}

/** `5 min ago`, `yesterday`, from ISO text; `never` for null. */
export function scannedAgo(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86_400) return format.format(-Math.round(seconds / 3600), 'hour');
  return format.format(-Math.round(seconds / 86_400), 'day');
}
