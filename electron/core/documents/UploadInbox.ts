/**
 * Where browser uploads land: `<data folder>/inbox/<uploadId>/<path as dropped>`. Each file is streamed to
 * a temporary file under `inbox/.incoming` (never held in memory), flushed to disk, then renamed into
 * place, so a half-sent file is never seen by the ingest; files are readable by this user only (0600,
 * folders 0700). The uploaded copies are the documents' originals from then on, so they stay.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { checkUploadPath, UploadId, type UploadReceipt, type UploadStarted } from '../../shared/contract/uploads.js';
import { formatBytes } from '../ingest/Ingestor.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../privateFiles.js';

export interface UploadInboxOptions {
  /** The inbox folder, `<data folder>/inbox`. */
  dir: string;
  /** Largest file accepted, bytes: the ingest size limit. */
  maxFileBytes: number;
  /** Clock, injectable for tests. Default: now. */
  now?: () => Date;
}

/** Temporary files of uploads cut off by a crash are removed once they are this old. */
const STALE_PART_MS = 24 * 60 * 60 * 1000;

export class UploadInbox {
  private readonly incoming: string;
  private readonly now: () => Date;

  constructor(private readonly options: UploadInboxOptions) {
    this.incoming = join(options.dir, '.incoming');
    this.now = options.now ?? (() => new Date());
  }

  get maxFileBytes(): number {
    return this.options.maxFileBytes;
  }

  /** Makes the folder of a new upload. */
  async begin(): Promise<UploadStarted> {
    const at = this.now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace('T', '-')
      .replace(/\.\d+Z$/, '');
    const uploadId = `${at}-${randomBytes(4).toString('hex')}`;
    await mkdir(join(this.options.dir, uploadId), { recursive: true, mode: PRIVATE_DIR });
    await this.removeStaleParts();
    return { uploadId, maxFileBytes: this.options.maxFileBytes };
  }

  /** The folder of an upload that was begun; NOT_FOUND otherwise. */
  async folderOf(uploadId: string): Promise<string> {
    const parsed = UploadId.safeParse(uploadId);
    if (!parsed.success) {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `“${uploadId}” is not an upload id (${parsed.error.issues[0]?.message}).`,
      );
    }
    const folder = join(this.options.dir, parsed.data);
    try {
      if ((await stat(folder)).isDirectory()) return folder;
    } catch {
      // reported below
    }
    throw new AppError(ErrorCode.NOT_FOUND, `There is no upload ${uploadId}; start one with beginUpload.`);
  }

  /**
   * Streams one file of an upload into place. `body` is read, never destroyed: on a refusal the caller
   * still owns it (the HTTP route answers, then drops the connection). `declaredBytes` (Content-Length)
   * over the limit is refused before a byte is written.
   */
  async receive(
    uploadId: string,
    rawPath: string,
    body: Readable,
    declaredBytes: number | null,
  ): Promise<UploadReceipt> {
    const folder = await this.folderOf(uploadId);
    const checked = checkUploadPath(rawPath);
    if (!checked.ok) throw new AppError(ErrorCode.INVALID_ARGUMENT, `“${rawPath}” was not accepted: ${checked.reason}`);
    const max = this.options.maxFileBytes;
    const tooLarge = (size: string) =>
      new AppError(
        ErrorCode.FILE_TOO_LARGE,
        `${checked.path} is ${size}, over the ${formatBytes(max)} limit for one file; it was not uploaded.`,
        { retryable: false },
      );
    if (declaredBytes !== null && declaredBytes > max) throw tooLarge(formatBytes(declaredBytes));

    const target = join(folder, ...checked.segments);
    const inside = relative(folder, target);
    // checkUploadPath already refused `..` and absolute paths; this keeps the rule where the write happens.
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, `“${rawPath}” was not accepted: it leads outside the upload.`);
    }
    await mkdir(this.incoming, { recursive: true, mode: PRIVATE_DIR });
    try {
      await mkdir(dirname(target), { recursive: true, mode: PRIVATE_DIR });
    } catch (error) {
      throw placeFailure(checked.path, error);
    }

    const part = join(this.incoming, `${uploadId}-${randomUUID()}.part`);
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > max) done(tooLarge(`more than ${formatBytes(max)}`));
        else done(null, chunk);
      },
    });
    // Piped through a stream of our own: pipeline() destroys what it was given on an error, and `body`
    // must stay open for the answer. A body that ends early (the page went away) fails the copy.
    const source = body.pipe(new PassThrough());
    const cutShort = () =>
      source.destroy(
        new AppError(ErrorCode.INVALID_ARGUMENT, `${checked.path} arrived incomplete (the sender stopped).`),
      );
    body.once('error', cutShort);
    body.once('close', () => {
      if (!body.readableEnded) cutShort();
    });
    try {
      await pipeline(source, limit, createWriteStream(part, { flags: 'wx', mode: PRIVATE_FILE, flush: true }));
      if (declaredBytes !== null && bytes !== declaredBytes) {
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `${checked.path} arrived with ${bytes} of its ${declaredBytes} bytes (the sender stopped).`,
        );
      }
      await rename(part, target);
    } catch (error) {
      await rm(part, { force: true });
      if (AppError.is(error)) throw error;
      throw placeFailure(checked.path, error);
    } finally {
      body.off('error', cutShort);
    }
    return { path: checked.path, bytes };
  }

  /** Temporary files left by an upload a crash cut off. */
  private async removeStaleParts(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.incoming);
    } catch {
      return;
    }
    const cutoff = this.now().getTime() - STALE_PART_MS;
    for (const name of names) {
      const path = join(this.incoming, name);
      try {
        if ((await stat(path)).mtimeMs < cutoff) await rm(path, { force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** Why a file could not be put at its path, in words (a name used both as a file and as a folder, a full disk). */
function placeFailure(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
    return new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `${path} could not be stored: this upload already has a file and a folder of the same name along its path.`,
      { cause: error },
    );
  }
  if (code === 'ENOSPC') {
    return new AppError(ErrorCode.INTERNAL, `${path} could not be stored: the disk of the data folder is full.`, {
      cause: error,
      retryable: false,
    });
  }
  return AppError.wrap(error, ErrorCode.INTERNAL, `${path} could not be stored`);
}
