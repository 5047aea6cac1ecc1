/**
 * DOCX. The container is read by zipReader.ts (directory checked against the budgets before anything is
 * inflated, inflation bounded: ARCHIVE_TOO_LARGE). mammoth's raw-text conversion reads it through that
 * reader; paragraphs come out separated by a blank line, which we keep. mammoth builds a DOM of the
 * whole document (measured: about 60 bytes of memory per byte of XML, 46 s for 8 MiB), so a document
 * whose XML is larger than MAMMOTH_MAX_XML_BYTES is read by `plainDocxText` instead: paragraphs and
 * their runs by regular expressions over the main part, no DOM, stopping at the text budget. A DOCX
 * has no fixed pages, so it is one page without positions.
 */
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { ExtractContext } from '../ExtractContext.js';
import { normalizeText } from '../text/decodeText.js';
import { decodeEntities } from './office.js';
import { BoundedZip, ZipFormatError } from './zipReader.js';

/** XML (all parts) up to which mammoth reads a DOCX; a larger one is read by plainDocxText. */
export const MAMMOTH_MAX_XML_BYTES = 4 * 1024 * 1024;

function corrupt(fileName: string, detail: string, cause?: unknown): AppError {
  return new AppError(
    ErrorCode.DOCX_CORRUPT,
    `${fileName} could not be read as a Word document (${detail}); re-save it in Word or LibreOffice.`,
    { retryable: false, ...(cause !== undefined && { cause }) },
  );
}

export async function extractDocxText(bytes: Uint8Array, ctx: ExtractContext): Promise<string> {
  const { fileName } = ctx;
  // A DOCX is a ZIP; anything else would only fail later with a less helpful message.
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new AppError(
      ErrorCode.DOCX_CORRUPT,
      `${fileName} is not a Word document (.docx is a ZIP file and this is not one).`,
      { retryable: false },
    );
  }
  try {
    const zip = BoundedZip.open(bytes, fileName, {
      maxEntries: ctx.limits.maxArchiveEntries,
      maxUnpackedBytes: ctx.limits.maxUnpackedBytes,
    });
    // What mammoth parses: the parts directly under word/ (body, styles, numbering, notes, comments) and
    // the relationships; charts, embeddings and custom XML in subfolders are never read.
    const xmlBytes = zip.names
      .filter((n) => /^word\/[^/]+\.xml$/i.test(n) || /\.rels$/i.test(n))
      .reduce((sum, n) => sum + (zip.entry(n)?.size ?? 0), 0);
    if (xmlBytes > MAMMOTH_MAX_XML_BYTES) return plainDocxText(zip, ctx);
    return await mammothText(zip);
  } catch (error) {
    if (AppError.is(error)) throw error;
    throw corrupt(fileName, error instanceof Error ? error.message : String(error), error);
  }
}

async function mammothText(zip: BoundedZip): Promise<string> {
  // Loaded on first use: most threads never see a DOCX.
  const { default: mammoth } = await import('mammoth');
  // mammoth reads parts through an object with exists/read (its own JSZip wrapper has the same shape):
  // given ours, every part it reads is bounded by the directory and counted against the budget.
  const file = {
    exists: (name: string): boolean => zip.has(name),
    read: async (name: string, encoding?: string): Promise<Uint8Array | string> => {
      const bytes = zip.read(name);
      if (encoding === 'base64')
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      return encoding ? new TextDecoder(encoding).decode(bytes) : bytes;
    },
  };
  const result = await mammoth.extractRawText({ file } as unknown as Parameters<typeof mammoth.extractRawText>[0]);
  return normalizeText(result.value)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The main part's name, from the package relationships (word/document.xml when they do not say). */
function mainPart(zip: BoundedZip): string {
  if (zip.has('_rels/.rels')) {
    const rels = zip.readText('_rels/.rels');
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      if (!/Type="[^"]*\/officeDocument"/.test(m[0])) continue;
      const target = /Target="([^"]+)"/.exec(m[0])?.[1];
      if (target) return target.replace(/^\//, '');
    }
  }
  return 'word/document.xml';
}

/**
 * The body's text without a DOM: one paragraph (`<w:p>`) per block, separated by a blank line as
 * mammoth does; runs' `<w:t>` joined, `<w:tab/>` a tab, `<w:br/>` and `<w:cr/>` a line break; deleted
 * text and field codes are not text. Stops once the text budget is spent.
 */
function plainDocxText(zip: BoundedZip, ctx: ExtractContext): string {
  const name = mainPart(zip);
  if (!zip.has(name)) throw new ZipFormatError(`it has no ${name}`);
  zip.assertFits([name]);
  const xml = zip.readText(name);
  const paragraphs: string[] = [];
  let length = 0;
  for (const m of xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)) {
    if (length > ctx.limits.maxTextChars) break;
    const body = m[0].replace(/<w:tab\/>/g, '<w:t>\t</w:t>').replace(/<w:(?:br|cr)(?:\s[^>]*)?\/>/g, '<w:t>\n</w:t>');
    let text = '';
    for (const t of body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) text += t[1];
    text = decodeEntities(text);
    if (text.trim()) {
      paragraphs.push(text);
      length += text.length + 2;
    }
  }
  ctx.warn(
    `${ctx.fileName} is a large Word document (${Math.round(zip.unpackedBytes / 1024 / 1024)} MiB of XML); its text was read without formatting (lists and footnotes are not read).`,
  );
  return normalizeText(paragraphs.join('\n\n')).trim();
}
