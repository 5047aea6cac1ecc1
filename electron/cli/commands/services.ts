/**
 * `services` and `models`: the model server and search services docpipe runs, the machine's GPU, and the
 * models on the server. Both open a core with its services running (as the app does), so what they show
 * is what this process found; the Ollama it starts stops when the command ends, unless another docpipe
 * on the same data folder already runs one (then it is `external` and left alone).
 */
import type {
  BrokerOverview,
  GpuFacts,
  InstalledModel,
  PullProgress,
  ServicesOverview,
} from '../../shared/contract/services.js';
import type { Settings } from '../../shared/contract/settings.js';
import { sameModel } from '../../core/inference/ollama/ollamaConfig.js';
import { defineCommand, EXIT_FAILURES, EXIT_OK } from '../command.js';
import { UsageError } from '../flags.js';
import { formatBytes, PullProgressLine } from '../progress.js';
import { waitForModelServer, waitForPull, waitForServices } from '../waiting.js';

interface ServicesReport {
  overview: ServicesOverview;
  /** False when a service was still starting at the deadline. */
  settled: boolean;
}

export const services = defineCommand({
  name: 'services',
  operands: '',
  summary: 'the model server and search services, the GPU, the models, and whether the LLM is in use',
  details:
    'Starts the services as the app does and waits (a minute at most) until each has answered or failed.\n' +
    'The Ollama it starts stops when the command ends; one that another docpipe (the app, serve) runs\n' +
    'on the same data folder, or that someone else runs, is shown as external and left alone.',
  flags: {},
  core: 'services',
  async run({ api, print }) {
    const { overview, settled } = await waitForServices(api, { link: true });
    print({ overview, settled });
    return EXIT_OK;
  },
  json: ({ overview }: ServicesReport) => overview,
  text: ({ overview, settled }: ServicesReport) =>
    servicesText(overview) +
    (settled ? '' : 'Some services were still starting after a minute; their logs are named above.\n'),
});

/** The `services` answer for a person: one line per service, the GPU, the models, and the LLM's use. */
export function servicesText(overview: ServicesOverview): string {
  const lines: string[] = ['Services:'];
  const rows = overview.services.map((s) => [
    s.name,
    s.state,
    s.pid === null ? '-' : `pid ${s.pid}`,
    s.url ?? '-',
    `${s.restarts} restart${s.restarts === 1 ? '' : 's'}`,
  ]);
  for (const [i, row] of aligned(rows).entries()) {
    lines.push(`  ${row}`);
    const reason = overview.services[i]?.reason;
    if (reason) lines.push(`      ${reason}`);
  }
  if (overview.services.length === 0) lines.push('  none (the model server is turned off in the settings)');
  // With more than the local server, each one's state: requests are spread over those that answer.
  if (overview.ollamaHosts.length > 1 || overview.ollamaHosts.some((h) => h.role === 'remote')) {
    lines.push('Ollama servers:');
    const hosts = overview.ollamaHosts;
    for (const [i, row] of aligned(
      hosts.map((h) => [
        h.url,
        h.role,
        h.state,
        `${h.inFlight} in flight (${h.parallel} per model)`,
        h.models.length ? h.models.join(', ') : '-',
      ]),
    ).entries()) {
      lines.push(`  ${row}`);
      const host = hosts[i];
      if (host?.reason)
        lines.push(`      ${host.reason}${host.nextCheckAt ? ` (asked again at ${host.nextCheckAt})` : ''}`);
    }
  }
  if (overview.broker) lines.push(...brokerLines(overview.broker));
  lines.push(`GPU: ${gpuLine(overview.gpu)}`);

  const { llm } = overview;
  lines.push(overview.models.length === 0 ? 'Models: none on the model server' : 'Models:');
  const placed = (name: string) => overview.placements.find((p) => sameModel(p.model, name))?.verdict ?? 'not loaded';
  const roles = (name: string) =>
    [sameModel(name, llm.textModel) && 'text', sameModel(name, llm.embedModel) && 'embed'].filter(Boolean).join(', ') ||
    '-';
  for (const row of aligned(
    overview.models.map((m) => [m.name, formatBytes(m.sizeBytes), roles(m.name), placed(m.name)]),
  ))
    lines.push(`  ${row}`);
  for (const pull of overview.pulls)
    lines.push(`  downloading ${pull.model}: ${pull.percent === null ? pull.status : `${Math.floor(pull.percent)} %`}`);

  lines.push(`LLM (${llm.textModel}): ${llm.active ? 'in use for classification and fields' : 'not in use'}`);
  lines.push(`Vectors (${llm.embedModel}): ${llm.vectors ? 'in use for search' : 'not in use; search is lexical'}`);
  if (llm.reason) lines.push(`  ${llm.reason}`);
  lines.push(
    `Search: ${overview.search.backend === 'sqlite' ? 'the built-in index' : 'OpenSearch'}${overview.search.reason ? ` (${overview.search.reason})` : ''}`,
  );
  return lines.join('\n') + '\n';
}

/**
 * The broker line ("Broker amqp://guest:***@mq/docpipe: connected, 2 workers (6 slots)") and one line per
 * live worker: its machine, pid, slots per stage, tasks running and how long ago it was last heard.
 */
export function brokerLines(broker: BrokerOverview): string[] {
  const slotsOf = (slots: Record<string, number>) => Object.values(slots).reduce((sum, n) => sum + n, 0);
  const total = broker.workers.reduce((sum, w) => sum + slotsOf(w.slots), 0);
  const n = broker.workers.length;
  const head = broker.connected
    ? `connected, ${n} worker${n === 1 ? '' : 's'} (${total} slot${total === 1 ? '' : 's'})` +
      (broker.inFlight > 0 ? `, ${broker.inFlight} task${broker.inFlight === 1 ? '' : 's'} in flight` : '')
    : 'not connected (reconnecting); no worker counts until it is back';
  const lines = [`Broker ${broker.url}: ${head}`];
  for (const row of aligned(
    broker.workers.map((w) => [
      w.host,
      `pid ${w.pid}`,
      Object.entries(w.slots)
        .map(([stage, slots]) => `${slots} ${stage} slot${slots === 1 ? '' : 's'}`)
        .join(', ') || '0 slots',
      `${w.busy} busy`,
      `heard ${Math.round(w.heartbeatAgeMs / 1000)} s ago`,
    ]),
  ))
    lines.push(`  ${row}`);
  if (broker.connected && n === 0)
    lines.push('  no worker yet: start "docpipe worker" on a machine that can reach the broker');
  return lines;
}

/** "NVIDIA GeForce RTX 4090, 24 GB, driver 550.54.14", or "no GPU found (CPU only)". */
export function gpuLine(gpu: GpuFacts | null): string {
  if (!gpu) return 'not looked for';
  if (gpu.vendor === 'none' || gpu.devices.length === 0) return 'no GPU found (CPU only)';
  const device = (d: GpuFacts['devices'][number]) => {
    // GPU tools report MiB; "24 GB" is how a 24 GiB card is sold and spoken of.
    const memory = d.memoryTotalBytes === null ? null : `${Math.round(d.memoryTotalBytes / 1024 ** 3)} GB`;
    return [
      d.name,
      gpu.unifiedMemory ? (memory ? `${memory} shared with the system` : 'memory shared with the system') : memory,
      d.driverVersion && `driver ${d.driverVersion}`,
    ]
      .filter(Boolean)
      .join(', ');
  };
  return gpu.devices.map(device).join('; ');
}

/** Rows of cells as lines whose columns line up. */
function aligned(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  );
}

/** A model on the server with the roles the settings give it. */
export interface ListedModel extends InstalledModel {
  /** `text`, `vision`, `embed`: the settings' models this one is. */
  roles: string[];
}

type ModelsAnswer =
  | { action: 'list'; models: ListedModel[]; missing: { model: string; role: string }[] }
  | { action: 'pull'; progress: PullProgress }
  | { action: 'rm'; model: string; deleted: boolean };

const MODELS_USAGE = 'Usage: docpipe models list | models pull <name> | models rm <name>';

function modelsOperands(args: readonly string[]): { action: 'list' } | { action: 'pull' | 'rm'; model: string } {
  const [action, model, ...more] = args;
  if (action === 'list' && model === undefined) return { action };
  if ((action === 'pull' || action === 'rm') && model && more.length === 0) return { action, model };
  throw new UsageError(
    action === 'pull' || action === 'rm'
      ? `models ${action} takes one model name, e.g. nomic-embed-text.`
      : MODELS_USAGE,
  );
}

function rolesOf(settings: Settings): { model: string; role: string }[] {
  return [
    { model: settings.models.text, role: 'text' },
    { model: settings.models.vision, role: 'vision' },
    { model: settings.models.embed, role: 'embed' },
  ];
}

export const models = defineCommand({
  name: 'models',
  operands: 'list | pull <name> | rm <name>',
  summary: 'the models on the model server: list them, download one (with progress), remove one',
  details:
    'Roles: text (classification, fields), vision (scans), embed (search vectors), as set with\n' +
    '"docpipe config set models.text=NAME". On a terminal a download shows its progress; Ctrl-C cancels\n' +
    'it (exit 1), and Ollama keeps what arrived, so the next "models pull" goes on from there.',
  flags: {},
  core: 'services',
  checkOperands: (args) => void modelsOperands(args),
  async run({ api, core, args, options, isStopping, print }) {
    const operands = modelsOperands(args);
    await waitForModelServer(api);
    if (operands.action === 'pull') {
      const line = options.json ? null : new PullProgressLine();
      let progress: PullProgress;
      try {
        progress = await waitForPull(core, operands.model, isStopping, (p) => line?.update(p, p.phase !== 'pulling'));
      } finally {
        // The bar's line ends before the answer is printed under it.
        line?.finish();
      }
      print({ action: 'pull', progress });
      return progress.phase === 'success' ? EXIT_OK : EXIT_FAILURES;
    }
    if (operands.action === 'rm') {
      const { deleted } = await api.deleteModel({ model: operands.model });
      print({ action: 'rm', model: operands.model, deleted });
      return EXIT_OK;
    }
    const [{ models: installed }, settings] = await Promise.all([api.services({}), api.settings({})]);
    const roles = rolesOf(settings);
    const listed = installed.map((m) => ({
      ...m,
      roles: roles.filter((r) => sameModel(r.model, m.name)).map((r) => r.role),
    }));
    print({
      action: 'list',
      models: listed,
      missing: roles.filter((r) => !installed.some((m) => sameModel(m.name, r.model))),
    });
    return EXIT_OK;
  },
  json(answer: ModelsAnswer) {
    if (answer.action === 'list') return answer.models;
    if (answer.action === 'pull') return answer.progress;
    return { model: answer.model, deleted: answer.deleted };
  },
  text(answer: ModelsAnswer) {
    if (answer.action === 'rm') return `Removed ${answer.model} from the model server.\n`;
    if (answer.action === 'pull') {
      const { progress } = answer;
      if (progress.phase === 'success')
        return `Downloaded ${progress.model}${progress.totalBytes > 0 ? ` (${formatBytes(progress.totalBytes)})` : ''}.\n`;
      if (progress.phase === 'cancelled')
        return `Stopped downloading ${progress.model}; "docpipe models pull ${progress.model}" goes on from what arrived.\n`;
      return `${progress.error ?? `Downloading ${progress.model} failed.`}\n`;
    }
    const rows = answer.models.map((m) => [
      m.name,
      formatBytes(m.sizeBytes),
      m.quantization ?? '-',
      m.roles.join(', ') || '-',
    ]);
    const out =
      rows.length === 0 ? ['No models on the model server.'] : aligned([['NAME', 'SIZE', 'QUANT', 'ROLE'], ...rows]);
    for (const { model, role } of answer.missing) out.push(`missing: ${model} (${role}): docpipe models pull ${model}`);
    return out.join('\n') + '\n';
  },
});
