/**
 * A docpipe stand-in for "docpipe was killed with -9": runs a service supervisor over the data folder in
 * argv[3] with the services config (JSON) in argv[4], prints the statuses as one JSON line on stdout once
 * started, and then waits to be killed, never stopping its servers. Run through bin/run-ts.js.
 */
import { createServiceSupervisor } from '../../services/serviceSupervisor.js';

const [dataDir, configJson] = process.argv.slice(3);
if (!dataDir || !configJson) {
  process.stderr.write('usage: node bin/run-ts.js superviseUntilKilled.ts <dataDir> <services config JSON>\n');
  process.exit(2);
}
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const supervisor = createServiceSupervisor({
  dataDir,
  resourcesDir: dataDir,
  log: quiet,
  config: JSON.parse(configJson) as object,
  env: process.env,
});
const statuses = await supervisor.start();
process.stdout.write(`${JSON.stringify(statuses)}\n`);
setInterval(() => {}, 60_000);
