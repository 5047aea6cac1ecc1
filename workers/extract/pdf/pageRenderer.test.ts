/**
 * Page renderers on real PDFs: pdf.js always, pdftoppm when installed (else those cases skip and say
 * so), and stand-in pdftoppm scripts for a hang and a failure.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPageRenderer } from './createPageRenderer.js';
import { findExecutable } from '../nativeTools.js';
import { RenderThreadLost, type PageRenderer, type PageRendererChoice } from './pageRenderer.js';
import { isBlankGray, parsePgm } from './popplerRenderer.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const tmp = mkdtempSync(join(tmpdir(), 'page-renderer-test-'));
const renderers: PageRenderer[] = [];
afterAll(async () => {
  await Promise.all(renderers.map((r) => r.stop()));
  rmSync(tmp, { recursive: true, force: true });
});

function renderer(
  data: Uint8Array,
  timeoutMs: number,
  choice: PageRendererChoice,
  pdftoppmPath?: string,
): PageRenderer {
  const r = createPageRenderer(data, timeoutMs, { renderer: choice, pdftoppmPath });
  renderers.push(r);
  return r;
}

/** A stand-in pdftoppm: a shell script with this body. */
function fakePdftoppm(name: string, body: string): string {
  const path = join(tmp, name);
  writeFileSync(path, `#!/bin/sh\ncat >/dev/null\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A one-page PDF whose content stream is `content` (objects numbered from 1, correct xref). */
function onePagePdf(content: string, size = 200): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size} ${size}] /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

describe('parsePgm and isBlankGray', () => {
  it('reads a P5 header with a comment and finds the pixels after it', () => {
    const pgm = Buffer.concat([Buffer.from('P5\n# by a test\n3 2\n255\n'), Buffer.from([255, 255, 255, 10, 255, 255])]);
    const parsed = parsePgm(pgm);
    expect(parsed).toMatchObject({ width: 3, height: 2, maxValue: 255 });
    expect([...parsed.pixels]).toEqual([255, 255, 255, 10, 255, 255]);
    expect(isBlankGray(parsed.pixels)).toBe(false);
    expect(isBlankGray(new Uint8Array([255, 250, 201, 230]))).toBe(true);
  });

  it('refuses what is not an 8-bit PGM, and a truncated one', () => {
    expect(() => parsePgm(Buffer.from('P6\n1 1\n255\n\0\0\0'))).toThrow(/not an 8-bit PGM \(P6\)/);
    expect(() => parsePgm(Buffer.from(''))).toThrow(/not an 8-bit PGM \(nothing\)/);
    expect(() => parsePgm(Buffer.from('P5\n4 4\n255\n\0\0'))).toThrow(/truncated \(2 of 16 pixels\)/);
  });
});

const pdftoppm = findExecutable('pdftoppm');
const choices: PageRendererChoice[] = ['pdf.js', 'native'];

describe.each(choices)('renderer %s', (choice) => {
  const skip = choice === 'native' && !pdftoppm;
  if (skip) it.skip('needs pdftoppm (apt-get install poppler-utils); not installed here', () => {});

  it.skipIf(skip)('renders a scanned page at the asked scale, not blank', async () => {
    // scanned.pdf: one 480×115 pt page holding an image of "SCANNED RECEIPT / TOTAL 98.76".
    const page = await renderer(fixture('scanned.pdf'), 20_000, choice).render(1, 2);
    expect(page.blank).toBe(false);
    expect(page.width).toBeGreaterThanOrEqual(959);
    expect(page.width).toBeLessThanOrEqual(961);
    expect(page.height).toBeGreaterThanOrEqual(229);
    expect(page.height).toBeLessThanOrEqual(231);
    expect(page.image.byteLength).toBeGreaterThan(100);
  });

  it.skipIf(skip)('reports a page with nothing darker than light grey as blank, without an image', async () => {
    const page = await renderer(onePagePdf('0.98 g 0 0 10 10 re f'), 20_000, choice).render(1, 300 / 72);
    expect(page.blank).toBe(true);
    // 200 pt at 300 dpi is 833.3 px: pdf.js rounds down, pdftoppm up.
    expect([833, 834]).toContain(page.width);
    expect(page.image.byteLength).toBe(0);
    const dark = await renderer(onePagePdf('0 g 50 50 20 20 re f'), 20_000, choice).render(1, 1);
    expect(dark.blank).toBe(false);
  });
});

describe.skipIf(process.platform === 'win32')('pdftoppm deadlines and failures (stand-in scripts)', () => {
  it('kills a pdftoppm past its deadline and reports the renderer lost', async () => {
    const slow = fakePdftoppm('slow-pdftoppm', 'sleep 30');
    const started = Date.now();
    const error = await renderer(fixture('scanned.pdf'), 500, 'native', slow)
      .render(1, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderThreadLost);
    expect(String(error)).toMatch(/rendering took longer than 500 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("'auto' renders with pdf.js when pdftoppm fails, and keeps pdf.js for the document", async () => {
    const broken = fakePdftoppm('broken-pdftoppm', 'echo "Syntax Error: something odd" >&2; exit 99');
    const r = renderer(fixture('scanned.pdf'), 20_000, 'auto', broken);
    expect(r.name).toBe('pdftoppm');
    const page = await r.render(1, 1);
    expect(page.blank).toBe(false);
    expect(r.name).toBe('pdf.js');
  });

  it("'native' reports pdftoppm's own error instead of falling back", async () => {
    const broken = fakePdftoppm('broken-pdftoppm-2', 'echo "Syntax Error: something odd" >&2; exit 99');
    await expect(renderer(fixture('scanned.pdf'), 20_000, 'native', broken).render(1, 1)).rejects.toThrow(
      /exited with code 99: Syntax Error: something odd/,
    );
  });

  it("'native' without any pdftoppm says what to install", async () => {
    const r = createPageRenderer(fixture('scanned.pdf'), 1000, {
      renderer: 'native',
      pdftoppmPath: join(tmp, 'none'),
      resourcesDir: tmp,
    });
    // PATH may hold a real one; only when it does not is the missing case observable.
    if (findExecutable('pdftoppm')) return;
    await expect(r.render(1, 1)).rejects.toThrow(/no pdftoppm was found.*poppler-utils/);
  });
});
