/**
 * DOCX via mammoth's raw-text conversion: paragraphs come out separated by a blank line, which we
 * keep. A DOCX has no fixed pages, so it is one page without positions.
 */
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { normalizeText } from '../text/decodeText.js';

export async function extractDocxText(bytes: Uint8Array, fileName: string): Promise<string> {
  // A DOCX is a ZIP; anything else would make mammoth fail with a less helpful JSZip message.
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new AppError(
      ErrorCode.DOCX_CORRUPT,
      `${fileName} is not a Word document (.docx is a ZIP file and this is not one).`,
      { retryable: false },
    );
  }
  try {
    // Loaded on first use: most threads never see a DOCX.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.extractRawText({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    return normalizeText(result.value)
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  } catch (error) {
    throw new AppError(
      ErrorCode.DOCX_CORRUPT,
      `${fileName} could not be read as a Word document (${error instanceof Error ? error.message : String(error)}); re-save it in Word or LibreOffice.`,
      {
        retryable: false,
        cause: error,
      },
    );
  }
}
