/**
 * A supervised server's own output (stdout and stderr), appended to one file that never grows past a
 * cap: when the next write would pass it, the file becomes `<name>.1` (replacing the older one) and a
 * new file starts. So a chatty server that runs for weeks keeps at most twice the cap on disk, and the
 * lines that explain a crash are always in the newest file. Each write opens, appends and closes: writes
 * are on disk before docpipe reports the crash they explain, no descriptor outlives the server, and
 * output that arrives after a stop still lands in the file.
 */
import { appendFileSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir, PRIVATE_FILE } from '../privateFiles.js';

/** Default cap of one log file: 10 MiB. */
export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;

export class RotatingLogFile {
  /** Bytes in the file now; read from disk on the first write (the file survives docpipe's restarts). */
  private size: number | null = null;

  /** @param maxBytes the size a file may reach before it is rotated; default 10 MiB. */
  constructor(
    readonly path: string,
    private readonly maxBytes: number = DEFAULT_LOG_MAX_BYTES,
  ) {}

  /**
   * Appends, rotating first when the file would outgrow its cap. A server's output arrives on a socket
   * event: a log that cannot be written (its folder removed, a full disk) loses those lines, and must
   * never throw into the server's supervision.
   */
  write(chunk: Buffer | string): void {
    try {
      this.append(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    } catch {
      this.size = null;
    }
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const size = this.size ?? this.sizeOnDisk();
    if (size > 0 && size + bytes.length > this.maxBytes) {
      renameSync(this.path, `${this.path}.1`);
      this.size = 0;
      this.append(bytes);
      return;
    }
    appendFileSync(this.path, bytes, { mode: PRIVATE_FILE });
    this.size = size + bytes.length;
  }

  private sizeOnDisk(): number {
    makePrivateDir(dirname(this.path));
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }
}
