/**
 * Our own reader of ZIP containers (DOCX, XLSX, PPTX, OpenDocument), made to be safe on hostile files:
 * the central directory is read and checked against the budgets before a single byte is inflated
 * (entry count, total unpacked size, each entry's compression ratio), and inflating an entry stops at
 * the size its directory states, so a directory that lies cannot make it inflate more. What an entry
 * may unpack to counts against the container's budget as it is read.
 *
 * Why not jszip: it builds an object per entry for any directory and inflates without a bound. Node's
 * zlib does the inflating (`maxOutputLength` stops it at the bound) and checks nothing else; the
 * CRC-32 is checked here.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';

export interface ZipBudget {
  /** Entries a container may hold. */
  maxEntries: number;
  /** Bytes the entries read from one container may unpack to, in total. */
  maxUnpackedBytes: number;
}

/** Compression ratios above this are refused for entries over RATIO_MIN_BYTES: deflate's ceiling is ~1032:1. */
export const MAX_RATIO = 500;
const RATIO_MIN_BYTES = 1024 * 1024;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else cannot be read. */
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  /** What the directory says the entry unpacks to. */
  size: number;
  localHeaderOffset: number;
}

/** The container's structure is damaged: the caller says which kind of file it is (DOCX_CORRUPT…). */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class BoundedZip {
  private readonly entries = new Map<string, ZipEntry>();
  private unpacked = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private readonly fileName: string,
    private readonly budget: ZipBudget,
  ) {}

  /**
   * Reads the central directory. Throws ARCHIVE_TOO_LARGE (an AppError) when the container is over a
   * budget, ZipFormatError when it is not a readable ZIP.
   */
  static open(bytes: Uint8Array, fileName: string, budget: ZipBudget): BoundedZip {
    const zip = new BoundedZip(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName, budget);
    zip.readDirectory();
    return zip;
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name);
  }

  /** Bytes inflated from this container so far. */
  get unpackedBytes(): number {
    return this.unpacked;
  }

  /**
   * Checks, before reading them, that these entries fit the budget together (what is read already
   * counts): a container whose text parts are too large is refused before any work is done on it.
   */
  assertFits(names: readonly string[]): void {
    const declared = names.reduce((sum, n) => sum + (this.entries.get(n)?.size ?? 0), 0);
    if (this.unpacked + declared > this.budget.maxUnpackedBytes) {
      throw this.tooLarge(
        `its text parts unpack to ${mib(this.unpacked + declared)}, over the ${mib(this.budget.maxUnpackedBytes)} docpipe reads from one file (maxUnpackedBytes)`,
      );
    }
  }

  /** The entry's bytes, inflated at most to the size its directory states and within the budget left. */
  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipFormatError(`${name} is missing from the container`);
    if (entry.encrypted) throw new ZipFormatError(`${name} is encrypted`);
    if (this.unpacked + entry.size > this.budget.maxUnpackedBytes) {
      throw this.tooLarge(
        `reading ${name} would unpack ${mib(this.unpacked + entry.size)}, over the ${mib(this.budget.maxUnpackedBytes)} docpipe reads from one file (maxUnpackedBytes)`,
      );
    }
    const data = this.compressedData(entry);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (data.length !== entry.size) throw new ZipFormatError(`${name} is stored with a wrong size`);
      out = data;
    } else if (entry.method === 8) {
      let lied = false;
      try {
        // One byte more than stated is enough to catch a directory that lies; inflating stops there.
        out = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE')
          throw new ZipFormatError(`${name} cannot be inflated (${(error as Error).message})`);
        lied = true;
        out = new Uint8Array(0);
      }
      if (lied || out.length > entry.size) {
        throw this.tooLarge(
          `${name} unpacks to more than the ${mib(entry.size)} its directory states (a "ZIP bomb" lies about sizes); reading stopped there`,
        );
      }
      if (out.length < entry.size) throw new ZipFormatError(`${name} is shorter than its directory states`);
    } else {
      throw new ZipFormatError(`${name} uses compression method ${entry.method}, which docpipe does not read`);
    }
    if (crc32(out) >>> 0 !== entry.crc) throw new ZipFormatError(`${name} is damaged (checksum mismatch)`);
    this.unpacked += out.length;
    return out;
  }

  /** The entry as UTF-8 text. */
  readText(name: string): string {
    return new TextDecoder('utf-8').decode(this.read(name));
  }

  private tooLarge(why: string): AppError {
    return new AppError(
      ErrorCode.ARCHIVE_TOO_LARGE,
      `${this.fileName} was not read: ${why}. A real document this large is rare; a file made to exhaust memory (a "ZIP bomb") is not. If it is genuine, raise the limit or save it in smaller parts.`,
      { retryable: false },
    );
  }

  private compressedData(entry: ZipEntry): Uint8Array {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== LOCAL)
      throw new ZipFormatError(`${entry.name} has no local header`);
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw new ZipFormatError(`${entry.name} is cut off (the file is truncated)`);
    return this.bytes.subarray(start, end);
  }

  private readDirectory(): void {
    const { bytes, view } = this;
    const eocd = findEndRecord(bytes, view);
    if (eocd < 0) throw new ZipFormatError('no end of central directory (the file is truncated or not a ZIP)');
    let count = view.getUint16(eocd + 10, true);
    let size = view.getUint32(eocd + 12, true);
    let offset = view.getUint32(eocd + 16, true);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const zip64 = this.zip64End(eocd);
      if (zip64) ({ count, size, offset } = zip64);
    }
    // The count is checked before any entry is looked at; it may lie, so the walk below counts too.
    if (count > this.budget.maxEntries) throw this.tooManyEntries(`${count.toLocaleString('en')}`);
    if (offset + size > bytes.length) throw new ZipFormatError('the central directory is cut off (truncated file)');
    let at = offset;
    let total = 0;
    const end = offset + size;
    while (at + 46 <= end && view.getUint32(at, true) === CENTRAL) {
      if (this.entries.size >= this.budget.maxEntries)
        throw this.tooManyEntries(`more than ${this.budget.maxEntries.toLocaleString('en')}`);
      const flags = view.getUint16(at + 8, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
      const entry: ZipEntry = {
        name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes),
        method: view.getUint16(at + 10, true),
        encrypted: (flags & 1) === 1,
        crc: view.getUint32(at + 16, true),
        compressedSize: view.getUint32(at + 20, true),
        size: view.getUint32(at + 24, true),
        localHeaderOffset: view.getUint32(at + 42, true),
      };
      readZip64Extra(view, at + 46 + nameLength, extraLength, entry);
      total += entry.size;
      if (entry.size > RATIO_MIN_BYTES && entry.size / Math.max(1, entry.compressedSize) > MAX_RATIO) {
        throw this.tooLarge(
          `${entry.name} would unpack ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times its packed size (to ${mib(entry.size)}), far beyond what real documents compress to`,
        );
      }
      this.entries.set(entry.name, entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    if (this.entries.size === 0) throw new ZipFormatError('the container has no entries');
    // Entries never read cost nothing, but no genuine document's parts add up to many times the budget.
    if (total > this.budget.maxUnpackedBytes * 8) {
      throw this.tooLarge(
        `its ${this.entries.size} entries claim to unpack to ${mib(total)} in all, over eight times the ${mib(this.budget.maxUnpackedBytes)} budget (maxUnpackedBytes)`,
      );
    }
  }

  /** `count`: the number its end record states, or "more than N" when the record lied and the walk counted. */
  private tooManyEntries(count: string): AppError {
    return this.tooLarge(
      `its container holds ${count} entries, over the ${this.budget.maxEntries.toLocaleString('en')} docpipe reads (maxArchiveEntries)`,
    );
  }

  private zip64End(eocd: number): { count: number; size: number; offset: number } | null {
    const { view } = this;
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return null;
    const at = Number(view.getBigUint64(locator + 8, true));
    if (at + 56 > this.bytes.length || view.getUint32(at, true) !== ZIP64_EOCD) return null;
    return {
      count: safeNumber(view.getBigUint64(at + 32, true)),
      size: safeNumber(view.getBigUint64(at + 40, true)),
      offset: safeNumber(view.getBigUint64(at + 48, true)),
    };
  }
}

/** The end-of-central-directory record: within the last 64 KiB + 22 bytes (its comment is at most 64 KiB). */
function findEndRecord(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) if (view.getUint32(at, true) === EOCD) return at;
  return -1;
}

/** ZIP64 sizes and offset, for the fields the central record marks as 0xFFFFFFFF (in this order). */
function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  let at = start;
  const end = Math.min(start + length, view.byteLength);
  while (at + 4 <= end) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number => {
        if (p + 8 > at + 4 + size) throw new ZipFormatError(`${entry.name} has a damaged ZIP64 field`);
        const value = safeNumber(view.getBigUint64(p, true));
        p += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}

function safeNumber(value: bigint): number {
  // Anything past 2^53 is a lie in a file under the size limit; as a number it fails every budget.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(bytes >= 100 * 1024 * 1024 ? 0 : 1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}
