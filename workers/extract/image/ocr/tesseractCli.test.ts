import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseractCliEngine } from './tesseractCli.js';

describe.skipIf(process.platform === 'win32')('TesseractCliEngine page segmentation', () => {
  // A stand-in tesseract: lists eng, and answers one TSV word that is the --psm it was given.
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-fake-tesseract-'));
  const binary = join(dir, 'tesseract');
  writeFileSync(
    binary,
    `#!/bin/sh
if [ "$1" = "--list-langs" ]; then printf 'List of available languages (1):\\neng\\n'; exit 0; fi
cat >/dev/null
psm=""; prev=""; method=""
for a in "$@"; do if [ "$prev" = "--psm" ]; then psm="$a"; fi; if [ "$prev" = "-c" ]; then method="-$a"; fi; prev="$a"; done
printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'
printf '5\\t1\\t1\\t1\\t1\\t1\\t0\\t0\\t10\\t10\\t90\\tpsm%s%s\\n' "$psm" "$method"
`,
  );
  chmodSync(binary, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs psm 3 by default and psm 6 for a single block', async () => {
    const engine = new TesseractCliEngine(binary);
    expect((await engine.recognize(new Uint8Array([1, 2, 3]), ['eng'])).text).toBe('psm3');
    expect((await engine.recognize(new Uint8Array([1, 2, 3]), ['eng'], { layout: 'auto' })).text).toBe('psm3');
    expect((await engine.recognize(new Uint8Array([1, 2, 3]), ['eng'], { layout: 'single-block' })).text).toBe('psm6');
    await engine.dispose();
  });

  it('asks for Sauvola thresholding for a local binarisation, and for nothing more by default', async () => {
    const engine = new TesseractCliEngine(binary);
    const local = await engine.recognize(new Uint8Array([1]), ['eng'], {
      layout: 'single-block',
      binarisation: 'local',
    });
    expect(local.text).toBe('psm6-thresholding_method=2');
    expect((await engine.recognize(new Uint8Array([1]), ['eng'], { binarisation: 'global' })).text).toBe('psm3');
  });
});
