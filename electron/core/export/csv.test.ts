import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { csvCell, writeCsv } from './csv.js';

describe('csv', () => {
  it('quotes what RFC 4180 requires and nothing else', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r'])
      expect(csvCell(`${lead}1+A1`).replace(/^"/, '').startsWith(`'${lead}`)).toBe(true);
    expect(csvCell(-3)).toBe('-3'); // a number is data, not a formula
    // A negative amount as fields store it stays a number a spreadsheet can sum; anything more is neutralised.
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('-3')).toBe('-3');
    for (const formula of ['-1+1', '-12.50)', '-2*A1', '- 1', '-1e3', '-'])
      expect(csvCell(formula)).toBe(`'${formula}`);
  });

  it('streams many rows to a file with CRLF line ends and an optional BOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docpipe-csv-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'out.csv');
    function* rows() {
      for (let i = 0; i < 20_000; i++) yield [i, `name ${i}`, i % 2 ? 'x,y' : null];
    }
    const n = await writeCsv(path, ['id', 'name', 'note'], rows(), { bom: true });
    expect(n).toBe(20_000);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFFid,name,note\r\n0,name 0,\r\n1,name 1,"x,y"\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(20_002);
  });
});
