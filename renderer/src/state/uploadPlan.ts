/**
 * What a browser upload sends, decided before a byte goes: each dropped or picked file with its path
 * relative to what was dropped, checked by the same rule the server applies (contract/uploads.ts), so a
 * name the server would refuse is reported at once instead of after an upload. Plus the upload's rate.
 */
import { checkUploadPath, isSkippedUploadPath } from '../../../electron/shared/contract/uploads.js';

/** A file as dropped or picked: its bytes and where it sat in what was dropped (`receipts/2024/a.pdf`). */
export interface PickedFile {
  file: Blob;
  path: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface UploadPlan {
  files: PickedFile[];
  /** Files that will not be sent, with why (a refused name, over the size limit). */
  skipped: SkippedFile[];
  /** Hidden and system files (`.DS_Store`, `Thumbs.db`, dot-folders) left out, as the engine would. */
  ignored: number;
  bytes: number;
}

export function planUpload(
  picked: readonly PickedFile[],
  maxFileBytes: number,
  sizeText: (n: number) => string,
): UploadPlan {
  const plan: UploadPlan = { files: [], skipped: [], ignored: 0, bytes: 0 };
  const seen = new Set<string>();
  for (const item of picked) {
    const checked = checkUploadPath(item.path);
    if (!checked.ok) {
      plan.skipped.push({ path: item.path, reason: checked.reason });
      continue;
    }
    if (isSkippedUploadPath(checked.path)) {
      plan.ignored++;
      continue;
    }
    if (seen.has(checked.path)) continue;
    seen.add(checked.path);
    if (item.file.size > maxFileBytes) {
      plan.skipped.push({
        path: checked.path,
        reason: `It is ${sizeText(item.file.size)}, over the ${sizeText(maxFileBytes)} limit for one file.`,
      });
      continue;
    }
    plan.files.push({ file: item.file, path: checked.path });
    plan.bytes += item.file.size;
  }
  return plan;
}

/** The rate of a transfer over its last few seconds (a whole-upload average would hide a stall). */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 5000) {}

  /** `bytes` done in total at time `at` (ms). */
  record(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    // Keep one sample older than the window as the base of the measure.
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - this.windowMs) this.samples.shift();
  }

  /** Bytes per second; null until half a second has been measured. */
  bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 500) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}

/** Seconds until `remaining` bytes are sent at `rate`; null when the rate is not known or nothing moves. */
export function secondsLeft(remaining: number, rate: number | null): number | null {
  if (rate === null || rate <= 0) return null;
  return Math.max(0, remaining / rate);
}
