/**
 * RTF to text, by a single pass over the markup: groups that hold no body text (font and colour
 * tables, stylesheets, `{\*\…}` destinations, pictures) are skipped, `\par`/`\line` end lines, `\tab`
 * is a tab, `\'hh` is a byte of the document's code page (Windows-1252 unless `\ansicpg` says
 * otherwise), `\uN` is a Unicode character (its `\ucN` fallback characters are dropped), `\~` a space.
 * Linear in the input; no recursion, so deeply nested groups cannot overflow the stack.
 */
import { TextDecoder } from 'node:util';

const SKIPPED_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'header',
  'footer',
  'headerl',
  'headerr',
  'footerl',
  'footerr',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'object',
  'fldinst',
]);

/** The code page's decoder; Windows-1252 when the runtime does not know the one named. */
function decoderFor(codePage: number): TextDecoder {
  try {
    return new TextDecoder(`windows-${codePage}`);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

export function rtfToText(rtf: string): string {
  let out = '';
  let codePage = 1252;
  // Per group: whether its text is skipped, and how many fallback characters follow a \uN.
  const stack: Array<{ skip: boolean; uc: number }> = [];
  let skip = false;
  let uc = 1;
  let pendingFallback = 0;
  let bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    if (!skip) out += decoderFor(codePage).decode(new Uint8Array(bytes));
    bytes = [];
  };
  const emit = (text: string): void => {
    flushBytes();
    if (pendingFallback > 0) {
      const dropped = Math.min(pendingFallback, text.length);
      pendingFallback -= dropped;
      text = text.slice(dropped);
    }
    if (!skip) out += text;
  };
  let i = 0;
  let groupStart = false;
  while (i < rtf.length) {
    const ch = rtf[i] as string;
    if (ch === '{') {
      flushBytes();
      stack.push({ skip, uc });
      groupStart = true;
      i++;
      continue;
    }
    if (ch === '}') {
      flushBytes();
      const top = stack.pop();
      if (top) ({ skip, uc } = top);
      groupStart = false;
      i++;
      continue;
    }
    if (ch === '\\') {
      const next = rtf[i + 1] ?? '';
      if (next === '\\' || next === '{' || next === '}') {
        emit(next);
        i += 2;
      } else if (next === "'") {
        const hex = rtf.slice(i + 2, i + 4);
        if (/^[0-9a-f]{2}$/i.test(hex)) {
          if (pendingFallback > 0) pendingFallback--;
          else bytes.push(Number.parseInt(hex, 16));
        }
        i += 4;
      } else if (next === '*') {
        // An optional destination this reader does not know: skip the group.
        skip = true;
        i += 2;
      } else if (next === '~') {
        emit(' ');
        i += 2;
      } else if (next === '\n' || next === '\r') {
        emit('\n');
        i += 2;
      } else {
        const m = /^\\([a-z]{1,32})(-?\d{1,10})? ?/i.exec(rtf.slice(i, i + 48));
        if (!m) {
          i += 2;
          continue;
        }
        const word = (m[1] as string).toLowerCase();
        const arg = m[2] === undefined ? null : Number(m[2]);
        i += m[0].length;
        if (groupStart && SKIPPED_DESTINATIONS.has(word)) skip = true;
        else if (word === 'par' || word === 'line' || word === 'sect' || word === 'page' || word === 'row') emit('\n');
        else if (word === 'tab' || word === 'cell') emit('\t');
        else if (word === 'ansicpg' && arg !== null) codePage = arg;
        else if (word === 'uc' && arg !== null) uc = arg;
        else if (word === 'u' && arg !== null) {
          emit(String.fromCharCode(arg < 0 ? arg + 65536 : arg));
          pendingFallback = uc;
        } else if (word === 'emdash') emit('—');
        else if (word === 'endash') emit('–');
        else if (word === 'bullet') emit('•');
        else if (word === 'lquote' || word === 'rquote') emit(word === 'lquote' ? '‘' : '’');
        else if (word === 'ldblquote' || word === 'rdblquote') emit(word === 'ldblquote' ? '“' : '”');
      }
      groupStart = false;
      continue;
    }
    groupStart = false;
    if (ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    emit(ch);
    i++;
  }
  flushBytes();
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
