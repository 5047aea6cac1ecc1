/**
 * Bytes of a text file to a string: a BOM decides (UTF-8, UTF-16 LE/BE); without one, valid UTF-8 is
 * UTF-8, text whose odd or even bytes are mostly zero is BOM-less UTF-16, and anything else is read
 * as windows-1252 (WHATWG's "latin1"), which never fails and is what old Windows exports are.
 */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | string;
}

export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };

  if (declaredCharset) {
    const label = declaredCharset.trim().toLowerCase();
    // A declared UTF-8 that is not valid UTF-8 falls through to the guesses below.
    if (['iso-8859-1', 'latin1', 'l1', 'windows-1252', 'cp1252', 'iso8859-1', 'ascii', 'us-ascii'].includes(label)) {
      return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    }
    if (label !== 'utf-8' && label !== 'utf8') {
      try {
        return { text: new TextDecoder(label).decode(bytes), encoding: label };
      } catch {
        // unknown label: guess instead
      }
    }
  }

  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// 0x80-0x9F of windows-1252 (U+FFFD where the code page has no character). Decoded by hand because
// Node 20's TextDecoder('windows-1252') takes a latin1 fast path and returns C1 controls instead.
const CP1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk);
  }
  return repairC1Controls(out);
}

/**
 * C1 controls (U+0080–U+009F) as the windows-1252 characters of the same bytes (U+0080 → €). Text a person
 * reads never holds C1 controls; they are what Node 20's TextDecoder('windows-1252') gives for 0x80–0x9F,
 * also inside libraries that decode with it (postal-mime).
 */
export function repairC1Controls(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  // ASCII-heavy UTF-16 has a zero in every other byte; real UTF-8/latin1 text has almost none.
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Unifies line ends and drops NULs and other control characters that only confuse search and the UI. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t]+\n/g, '\n');
}
