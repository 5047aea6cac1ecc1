import type { PullProgress } from '../shared/contract/services.js';

/** One line redrawn in place on stderr (only when stderr is a terminal), at most every 200 ms unless forced. */
class RedrawnLine {
  private lastDrawn = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  draw(line: string, force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDrawn < 200) return;
    this.lastDrawn = now;
    // A terminal that does not know its size says 0 columns (script(1), some CI runners).
    const width = (this.stream.columns || 80) - 1;
    this.stream.write(`\r${line.padEnd(width).slice(0, width)}`);
  }

  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}

/** `[######------]`, filled to `fraction` (0-1). */
function bar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '#'.repeat(filled) + '-'.repeat(width - filled);
}

/** The ingest progress bar: counts, docs/min and ETA. */
export class ProgressLine {
  private readonly started = Date.now();
  private readonly line: RedrawnLine;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.line = new RedrawnLine(stream);
  }

  get enabled(): boolean {
    return this.line.enabled;
  }

  update(done: number, total: number, failed: number, force = false): void {
    if (!this.enabled) return;
    const minutes = (Date.now() - this.started) / 60_000;
    const rate = minutes > 0 ? done / minutes : 0;
    const remaining = total - done;
    const eta = rate > 0 ? formatDuration((remaining / rate) * 60_000) : '--';
    this.line.draw(
      `[${bar(total > 0 ? done / total : 0)}] ${done}/${total} done, ${failed} failed, ${rate.toFixed(0)} docs/min, ETA ${eta}`,
      force,
    );
  }

  finish(): void {
    this.line.finish();
  }
}

/** A model download's progress bar: bytes, percent and speed, from its `model.pull` events. */
export class PullProgressLine {
  private readonly line: RedrawnLine;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.line = new RedrawnLine(stream);
  }

  update(progress: PullProgress, force = false): void {
    this.line.draw(pullProgressText(progress), force);
  }

  finish(): void {
    this.line.finish();
  }
}

/** `nomic-embed-text [####----] 120 MB / 274 MB, 44 %, 12 MB/s (pulling 970aa74c0a90)`. */
export function pullProgressText(progress: PullProgress): string {
  const amount =
    progress.totalBytes > 0
      ? `${formatBytes(progress.completedBytes)} / ${formatBytes(progress.totalBytes)}`
      : 'size not known yet';
  const percent = progress.percent === null ? '' : `, ${Math.floor(progress.percent)} %`;
  const speed = progress.bytesPerSecond === null ? '' : `, ${formatBytes(progress.bytesPerSecond)}/s`;
  return `${progress.model} [${bar((progress.percent ?? 0) / 100)}] ${amount}${percent}${speed} (${progress.status})`;
}

/** Sizes as Ollama shows them (decimal units): `274 MB`, `4.7 GB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
