/**
 * A document's original file, for the viewer, downloads and the desktop app's Open / Show in folder.
 * The file must still hold the document's bytes: a file that moved, or changed since it was read, would
 * not match the text, the fields or their boxes, so it is FILE_NOT_FOUND with a sentence saying so.
 *
 * Checking a file is hashing it (streamed, never whole in memory). A viewer asks for a large PDF in many
 * ranges, so a check is remembered for the file as it is (path, size, mtime, ctime, inode): the next
 * part of the same unchanged file is a stat, not another hash of up to 200 MiB.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  DOCUMENT_FILE_MAX_BYTES,
  type DocumentFile,
  type DocumentFileLocation,
  type DocumentFileRequest,
} from '../../shared/contract/api.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { DocumentCatalog } from './DocumentCatalog.js';

/** Checks remembered; a few hundred files is more than one person opens between restarts. */
const REMEMBERED_CHECKS = 256;

export interface DocumentFilesOptions {
  /** Most bytes one `read` answers. Default DOCUMENT_FILE_MAX_BYTES. */
  maxAnswerBytes?: number;
}

export class DocumentFiles {
  /** File identity (path, size, times, inode) → the sha256 its bytes had when hashed. Oldest first. */
  private readonly checked = new Map<string, string>();
  private readonly maxAnswerBytes: number;

  constructor(
    private readonly catalog: Pick<DocumentCatalog, 'find'>,
    options: DocumentFilesOptions = {},
  ) {
    this.maxAnswerBytes = options.maxAnswerBytes ?? DOCUMENT_FILE_MAX_BYTES;
  }

  /** The first of the document's paths that still holds its bytes. */
  async locate(id: number): Promise<DocumentFileLocation> {
    const doc = this.catalog.find(id);
    const name = basename(doc.paths[0] ?? `document ${id}`);
    if (doc.sha256 === null) {
      throw new AppError(
        ErrorCode.FILE_NOT_FOUND,
        `${name} could not be read when it was found${doc.error ? ` (${doc.error.code})` : ''}, so docpipe has none of its bytes to give.`,
      );
    }
    for (const path of doc.paths) {
      if (await this.holds(path, doc.size, doc.sha256)) {
        return { path, fileName: basename(path), contentType: doc.mime, size: doc.size, sha256: doc.sha256 };
      }
    }
    throw new AppError(
      ErrorCode.FILE_NOT_FOUND,
      `The file of document ${id} (${name}) is no longer where it was found, or has changed since it was read: ` +
        'add it again from where it is now.',
    );
  }

  /** The bytes from `offset` (to the end, or `length` of them), at most `maxAnswerBytes`. */
  async read({ id, offset, length }: DocumentFileRequest): Promise<DocumentFile> {
    const { path, ...file } = await this.locate(id);
    if (offset > file.size) {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `Byte ${offset} is past the end of ${file.fileName} (${file.size} bytes).`,
      );
    }
    const wanted = Math.min(length ?? file.size - offset, file.size - offset);
    if (wanted > this.maxAnswerBytes) {
      throw new AppError(
        ErrorCode.FILE_TOO_LARGE,
        `${file.fileName} is ${mib(file.size)}; one answer carries at most ${mib(this.maxAnswerBytes)}: ` +
          'ask for it in parts (offset and length), or open it with Open.',
      );
    }
    // A buffer of its own (not Node's pool): IPC's structured clone copies a view's whole buffer.
    const bytes = new Uint8Array(new ArrayBuffer(wanted));
    const handle = await open(path, 'r');
    try {
      let done = 0;
      while (done < wanted) {
        const { bytesRead } = await handle.read(bytes, done, wanted - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      if (done < wanted) throw changedWhileReading(file.fileName);
    } finally {
      await handle.close();
    }
    return { ...file, offset, bytes };
  }

  /** Whether `path` holds bytes of this size and sha256; a file once hashed and unchanged since is trusted. */
  private async holds(path: string, size: number, sha256: string): Promise<boolean> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return false;
    }
    if (!info.isFile() || info.size !== size) return false;
    const identity = `${path}\0${info.size}\0${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}`;
    const known = this.checked.get(identity);
    if (known !== undefined) return known === sha256;
    let actual: string;
    try {
      actual = await hashFile(path);
    } catch {
      return false;
    }
    this.checked.set(identity, actual);
    if (this.checked.size > REMEMBERED_CHECKS) this.checked.delete(this.checked.keys().next().value!);
    return actual === sha256;
  }
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function changedWhileReading(fileName: string): AppError {
  return new AppError(ErrorCode.FILE_NOT_FOUND, `${fileName} became shorter while it was read: it has changed.`);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}
