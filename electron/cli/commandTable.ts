/**
 * The product's commands, in the order the usage lists them. Each is declared once, in its file under
 * commands/; the usage text, `--help` and the argument parsing all read this list. Commands from
 * outside the product (the evaluation room's) are appended by the entry point, never imported here.
 */
import type { CliCommand } from './command.js';
import { config } from './commands/config.js';
import { docs, show } from './commands/documents.js';
import { exportCsv } from './commands/export.js';
import { ingest, pause, resume, unwatch, watched } from './commands/ingest.js';
import { jobs, reprocess } from './commands/jobs.js';
import { confirm, review, set } from './commands/review.js';
import { reindex, search } from './commands/search.js';
import { app, serve, url } from './commands/serve.js';
import { models, services } from './commands/services.js';
import { status } from './commands/status.js';
import { worker } from './commands/worker.js';

export const productCommands: readonly CliCommand[] = [
  app,
  serve,
  worker,
  url,
  ingest,
  status,
  docs,
  show,
  jobs,
  watched,
  pause,
  resume,
  unwatch,
  review,
  set,
  confirm,
  reprocess,
  exportCsv,
  search,
  reindex,
  services,
  models,
  config,
];

/** The product's commands followed by `extensions`; a name may be used once. */
export function commandTable(extensions: readonly CliCommand[] = []): readonly CliCommand[] {
  const table = [...productCommands, ...extensions];
  const seen = new Set<string>();
  for (const { name } of table) {
    if (seen.has(name)) throw new Error(`Two CLI commands are named "${name}".`);
    seen.add(name);
  }
  return table;
}
