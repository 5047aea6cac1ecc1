/**
 * One run of an engine over a folder, in a process of its own, as `docpipe ingest` runs it but with the
 * extraction thread the test names (a testing/ stand-in): argv[3] the data folder, argv[4] the folder to
 * ingest, argv[5] the extraction thread's entry (a path). Prints the documents (id, path, state, error)
 * as one JSON line when the pipeline is idle, then stops cleanly. Run through bin/run-ts.js.
 */
import { basename } from 'node:path';
import { createCore } from '../../createCore.js';
import { settle } from '../settle.js';

const [dataDir, folder, extractWorkerEntry] = process.argv.slice(3);
if (!dataDir || !folder || !extractWorkerEntry) {
  process.stderr.write('usage: node bin/run-ts.js ingestOnce.ts <dataDir> <folder> <extract worker entry>\n');
  process.exit(2);
}
// Two attempts (the product's default is 3): the test needs one run less to see the file set aside.
const core = await createCore({
  dataDir,
  workers: 1,
  extractWorkerEntry,
  extract: { maxAttempts: 2 },
  queue: { pollMs: 50, backoffBaseMs: 50 },
});
await core.api.ingest({ paths: [folder] });
await settle(core, 120_000);
const documents = await core.api.listDocuments({});
process.stdout.write(
  `${JSON.stringify(documents.map((d) => ({ id: d.id, name: basename(d.paths[0] ?? ''), state: d.state, error: d.error })))}\n`,
);
await core.dispose();
