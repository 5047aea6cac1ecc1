/**
 * Writes the pipeline's own extracted text of every completed document of a data folder as
 * `<sha256>.txt` (pages separated by form feeds), the text cache `npm run train -- --texts DIR` reads.
 * Train on what the pipeline extracts, not on what other tools would: the classifier sees the same
 * tokens in production.
 *
 *   docpipe eval --labels ../shared/corpus/labels.jsonl --data /tmp/dev-data     # ingest the dev docs once
 *   node bin/run-ts.js training/dumpTexts.ts --data /tmp/dev-data --out /tmp/pipeline-text
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore } from '../electron/core/createCore.js';

function option(name: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  if (!value) {
    console.error('usage: node bin/run-ts.js training/dumpTexts.ts --data DIR --out DIR');
    process.exit(2);
  }
  return value;
}

const dataDir = resolve(option('data'));
const out = resolve(option('out'));
mkdirSync(out, { recursive: true });
const core = await createCore({ dataDir, runPipeline: false, log: { stderrLevel: 'warn' } });
try {
  let written = 0;
  for (const doc of await core.api.listDocuments({ state: 'completed' })) {
    if (!doc.sha256) continue;
    const detail = await core.api.getDocument({ ref: String(doc.id) });
    writeFileSync(join(out, `${doc.sha256}.txt`), detail.pageTexts.map((p) => p.text).join('\f'));
    written++;
  }
  console.log(`${written} texts written to ${out}`);
} finally {
  await core.dispose();
}
