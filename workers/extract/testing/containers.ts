/**
 * Containers made on the fly for tests and the hostile-file generator (electron/core/testing/
 * hostileFiles.ts): ZIP files whose directories may lie, DOCX and XLSX parts, and a PDF whose content
 * stream is a Flate bomb. Big streams are never held whole: a deflate stream of a repeated chunk is that
 * chunk's compressed form (flushed so that it stands alone) repeated, so a 1 GiB bomb costs a few MB.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Deflate streams of repeated content, and a small ZIP writer (with directories that may lie).

/** One piece of a stream: `bytes` written `times` times. */
export interface Piece {
  bytes: Buffer;
  times: number;
}

/**
 * Raw deflate of the pieces in order: each piece compressed once, flushed so that it starts a fresh
 * block on a byte boundary with no reference to what came before, then repeated; one empty final block
 * ends the stream. Returns the compressed bytes, the CRC-32 and the inflated length.
 */
function deflateRepeated(pieces: readonly Piece[]): { packed: Buffer; crc: number; size: number } {
  const parts: Buffer[] = [];
  let crc = 0;
  let size = 0;
  for (const { bytes, times } of pieces) {
    const packed = deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    for (let i = 0; i < times; i++) {
      parts.push(packed);
      crc = crc32(bytes, crc);
    }
    size += bytes.length * times;
  }
  parts.push(Buffer.from([0x03, 0x00])); // a final block with nothing in it (fixed Huffman, end of block)
  return { packed: Buffer.concat(parts), crc, size };
}

/** zlib's format (what a PDF's FlateDecode holds): header, raw deflate, Adler-32 of the inflated bytes. */
export function zlibRepeated(pieces: readonly Piece[]): Buffer {
  const { packed } = deflateRepeated(pieces);
  let a = 1;
  let b = 0;
  for (const { bytes, times } of pieces) {
    for (let t = 0; t < times; t++) {
      for (let i = 0; i < bytes.length; i += 4096) {
        const end = Math.min(bytes.length, i + 4096);
        for (let j = i; j < end; j++) {
          a += bytes[j]!;
          b += a;
        }
        a %= 65521;
        b %= 65521;
      }
    }
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), packed, adler]);
}

export interface ZipEntrySpec {
  name: string;
  /** Content, deflated on writing; or `pieces` for a big repeated one. */
  content?: string | Buffer;
  pieces?: readonly Piece[];
  /** Stored, not deflated (ODF's mimetype). */
  stored?: boolean;
  /** The uncompressed size the headers claim, when they should lie. */
  claimedSize?: number;
}

/** A ZIP file of these entries (local headers, central directory, end record; no ZIP64). */
export function makeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let data: Buffer;
    let crc: number;
    let size: number;
    let method = 8;
    if (entry.pieces) {
      const d = deflateRepeated(entry.pieces);
      data = d.packed;
      crc = d.crc;
      size = d.size;
    } else {
      const raw =
        typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : (entry.content ?? Buffer.alloc(0));
      crc = crc32(raw);
      size = raw.length;
      if (entry.stored) {
        method = 0;
        data = raw;
      } else data = deflateRawSync(raw);
    }
    const claimed = entry.claimedSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(claimed, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(claimed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Math.min(entries.length, 0xffff);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  // Over 65,535 entries the end record says 0xFFFF and the ZIP64 end record (with its locator) the truth.
  const zip64 = entries.length > 0xffff ? zip64End(entries.length, centralSize, offset) : [];
  return Buffer.concat([...locals, ...centrals, ...zip64, end]);
}

function zip64End(count: number, centralSize: number, centralOffset: number): Buffer[] {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4); // the record's size after this field
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(centralSize), 40);
  record.writeBigUInt64LE(BigInt(centralOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8);
  locator.writeUInt32LE(1, 16);
  return [record, locator];
}

// ---------------------------------------------------------------------------------------------------
// Office containers.

const CONTENT_TYPES_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOCX_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOCX_TAIL = '</w:body></w:document>';

const paragraph = (text: string): string => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

/** About 1 MiB of whole repetitions of `unit` (so the repeated chunk stays well-formed). */
export function chunkOf(unit: string, target = MiB): Buffer {
  return Buffer.from(unit.repeat(Math.max(1, Math.floor(target / Buffer.byteLength(unit)))), 'utf8');
}

/**
 * The entries of a DOCX whose document.xml holds `bytes` of paragraphs saying `text` (a real, readable
 * document when small); `claimedSize` makes its directory lie about document.xml.
 */
export function docxEntries(text: string, bytes: number, claimedSize?: number): ZipEntrySpec[] {
  const chunk = chunkOf(paragraph(text), Math.min(MiB, bytes));
  return [
    { name: '[Content_Types].xml', content: CONTENT_TYPES_DOCX },
    { name: '_rels/.rels', content: RELS_DOCX },
    {
      name: 'word/document.xml',
      pieces: [
        { bytes: Buffer.from(DOCX_HEAD), times: 1 },
        { bytes: chunk, times: Math.max(1, Math.round(bytes / chunk.length)) },
        { bytes: Buffer.from(DOCX_TAIL), times: 1 },
      ],
      ...(claimedSize !== undefined ? { claimedSize } : {}),
    },
  ];
}

/** A small readable DOCX. */
export function makeDocx(paragraphs: readonly string[]): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES_DOCX },
    { name: '_rels/.rels', content: RELS_DOCX },
    { name: 'word/document.xml', content: DOCX_HEAD + paragraphs.map(paragraph).join('') + DOCX_TAIL },
  ]);
}

const XLSX_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

export function xlsxEntries(sheet: ZipEntrySpec['pieces'] | string): ZipEntrySpec[] {
  return [
    { name: '[Content_Types].xml', content: XLSX_TYPES },
    { name: 'xl/workbook.xml', content: '<workbook><sheets><sheet name="A" sheetId="1"/></sheets></workbook>' },
    typeof sheet === 'string'
      ? { name: 'xl/worksheets/sheet1.xml', content: sheet }
      : { name: 'xl/worksheets/sheet1.xml', pieces: sheet ?? [] },
  ];
}

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';
export const row = (cells: readonly string[]): string =>
  `<row>${cells.map((c) => `<c t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;

// ---------------------------------------------------------------------------------------------------
// PDF with a Flate bomb.

/** A one-page PDF whose content stream says one line and then inflates to `bytes` of blanks. */
export function pdfFlateBomb(bytes: number): Buffer {
  const text = Buffer.from('BT /F1 12 Tf 72 720 Td (A page whose content stream is a Flate bomb.) Tj ET\n', 'latin1');
  const blanks = Buffer.alloc(MiB, 0x20);
  const stream = zlibRepeated([
    { bytes: text, times: 1 },
    { bytes: blanks, times: Math.max(1, Math.round(bytes / MiB)) },
  ]);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    ),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.concat([
      Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
      stream,
      Buffer.from('\nendstream'),
    ]),
  ];
  const out: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  let at = out[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(at);
    const piece = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    out.push(piece);
    at += piece.length;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) tail += `${String(off).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  out.push(Buffer.from(tail));
  return Buffer.concat(out);
}
