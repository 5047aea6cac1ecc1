/** A one-line progress bar on stderr (only when stderr is a terminal): counts, docs/min and ETA. */
export class ProgressLine {
  private readonly started = Date.now();
  private lastDrawn = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, total: number, failed: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDrawn < 200) return;
    this.lastDrawn = now;
    const minutes = (now - this.started) / 60_000;
    const rate = minutes > 0 ? done / minutes : 0;
    const remaining = total - done;
    const eta = rate > 0 ? formatDuration((remaining / rate) * 60_000) : '--';
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const line = `[${bar}] ${done}/${total} done, ${failed} failed, ${rate.toFixed(0)} docs/min, ETA ${eta}`;
    this.stream.write(`\r${line.padEnd((this.stream.columns ?? 80) - 1).slice(0, (this.stream.columns ?? 80) - 1)}`);
  }

  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
