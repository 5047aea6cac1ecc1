import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface HashedFile {
  sha256: string;
  /** The first bytes, for content sniffing (read in the same pass). */
  head: Uint8Array;
  /** Bytes actually read (the file may have changed size since it was listed). */
  size: number;
}

const HEAD_BYTES = 4096;

/** sha256 of a file, streamed in 1 MiB chunks: large files are never held in memory. */
export function hashFile(path: string): Promise<HashedFile> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const head = new Uint8Array(HEAD_BYTES);
    let headLength = 0;
    let size = 0;
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    stream.on('data', (chunk) => {
      const bytes = chunk as Buffer;
      if (headLength < HEAD_BYTES) {
        const take = Math.min(HEAD_BYTES - headLength, bytes.length);
        head.set(bytes.subarray(0, take), headLength);
        headLength += take;
      }
      size += bytes.length;
      hash.update(bytes);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ sha256: hash.digest('hex'), head: head.subarray(0, headLength), size }));
  });
}
