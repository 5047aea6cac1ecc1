/**
 * Rendered page pictures at a width asked for (the library's thumbnails), kept on disk in the data folder
 * and named by content: `<sha256[0..2]>/<sha256>-p<page>-w<width>.png`. A document's bytes never change
 * under its hash, so an entry is never stale; the desktop app (no HTTP cache) and every browser share it,
 * and it survives restarts. Removing a document from the archive removes its entries (`forget`).
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../privateFiles.js';

export class ThumbnailCache {
  constructor(private readonly dir: string) {}

  private folder(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2));
  }

  private file(sha256: string, page: number, width: number): string {
    return join(this.folder(sha256), `${sha256}-p${page}-w${width}.png`);
  }

  /** The cached picture, or null when there is none (or it cannot be read: it is rendered again). */
  async read(sha256: string, page: number, width: number): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.file(sha256, page, width)));
    } catch {
      return null;
    }
  }

  /** Keeps a picture; written to a temporary name and renamed, so a reader never sees half a file. */
  async write(sha256: string, page: number, width: number, png: Uint8Array): Promise<void> {
    await mkdir(this.folder(sha256), { recursive: true, mode: PRIVATE_DIR });
    const target = this.file(sha256, page, width);
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, png, { mode: PRIVATE_FILE });
    await rename(temporary, target);
  }

  /** Removes every picture of these contents (documents removed from the archive). */
  async forget(sha256s: readonly string[]): Promise<void> {
    const byFolder = new Map<string, string[]>();
    for (const sha of sha256s) byFolder.set(this.folder(sha), [...(byFolder.get(this.folder(sha)) ?? []), sha]);
    for (const [folder, shas] of byFolder) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        continue;
      }
      const prefixes = shas.map((s) => `${s}-`);
      await Promise.all(
        names.filter((n) => prefixes.some((p) => n.startsWith(p))).map((n) => rm(join(folder, n), { force: true })),
      );
    }
  }
}
