/**
 * Small, pure presentation facts about the model server, the GPU, the models and the remote workers,
 * shared by the header's badge and the Services & models screen.
 */
import { assertNever } from '../../../electron/shared/contract/errors.js';
import type {
  BrokerOverview,
  GpuFacts,
  PullProgress,
  ServiceState,
  ServiceStatus,
  ServicesOverview,
} from '../../../electron/shared/contract/services.js';

/** `name` and `name:latest` are one model to Ollama, and its list shows the long form. */
export function sameModelName(a: string, b: string): boolean {
  const long = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return long(a) === long(b);
}

/**
 * Download sizes of the default models as the Ollama library lists them. docpipe is offline and cannot
 * ask the registry, and a person agreeing to a download deserves a number when one is known; "about",
 * because a tag can be re-published.
 */
const KNOWN_DOWNLOAD_BYTES: Record<string, number> = {
  'qwen2.5:7b-instruct': 4.7e9,
  'qwen2.5vl:7b': 6.0e9,
  'nomic-embed-text:latest': 274e6,
};

/** "about 4.7 GB" for a model whose size is known, else "several GB" (the honest order of magnitude). */
export function downloadSizeText(model: string, pull?: PullProgress): string {
  // Once a download has announced its layers, its own total beats the table.
  if (pull && pull.totalBytes > 0) return `about ${formatModelBytes(pull.totalBytes)}`;
  const known = Object.entries(KNOWN_DOWNLOAD_BYTES).find(([name]) => sameModelName(name, model));
  return known ? `about ${formatModelBytes(known[1])}` : 'several GB';
}

/** Sizes as Ollama states them: decimal units ("4.7 GB", "274 MB"). */
export function formatModelBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** One line for a download: "47 % · 102 MB of 215 MB · 48 MB/s" (parts left out while unknown). */
export function pullProgressText(pull: PullProgress): string {
  const parts: string[] = [];
  if (pull.percent !== null) parts.push(`${Math.floor(pull.percent)} %`);
  if (pull.totalBytes > 0)
    parts.push(`${formatModelBytes(pull.completedBytes)} of ${formatModelBytes(pull.totalBytes)}`);
  if (pull.bytesPerSecond !== null && pull.phase === 'pulling')
    parts.push(`${formatModelBytes(pull.bytesPerSecond)}/s`);
  if (pull.phase !== 'pulling') parts.push(PULL_PHASE_LABEL[pull.phase]);
  return parts.length > 0 ? parts.join(' · ') : 'starting…';
}

export const PULL_PHASE_LABEL: Record<PullProgress['phase'], string> = {
  pulling: 'downloading',
  verifying: 'verifying',
  writing: 'saving',
  success: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** The services' own names, for people. */
export function serviceLabel(name: string): string {
  if (name === 'ollama') return 'Ollama';
  if (name === 'opensearch') return 'OpenSearch';
  return name;
}

/** A state in a word or two, and how it should look. */
export function serviceStateView(state: ServiceState): { label: string; tone: Tone } {
  switch (state) {
    case 'ready':
      return { label: 'ready', tone: 'ok' };
    case 'external':
      return { label: 'external (not managed)', tone: 'ok' };
    case 'starting':
      return { label: 'starting…', tone: 'warn' };
    case 'restarting':
      return { label: 'restarting…', tone: 'warn' };
    case 'degraded':
      return { label: 'not answering', tone: 'warn' };
    case 'failed':
      return { label: 'failed', tone: 'bad' };
    case 'absent':
      return { label: 'not installed', tone: 'muted' };
    case 'stopped':
      return { label: 'stopped', tone: 'muted' };
    default:
      return assertNever(state, 'service state');
  }
}

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

export interface Badge {
  text: string;
  tone: Tone;
}

export function ollamaStatus(overview: ServicesOverview): ServiceStatus | null {
  return overview.services.find((s) => s.name === 'ollama') ?? null;
}

/**
 * The header's one-line answer to "does the LLM run, and how fast": where the text model sits when it
 * is loaded, else what the model server is doing. Null before the overview has loaded.
 */
export function modelServerBadge(overview: ServicesOverview | null): Badge | null {
  if (!overview) return null;
  const ollama = ollamaStatus(overview);
  if (!ollama) return { text: 'LLM: off (no model server)', tone: 'muted' };
  switch (ollama.state) {
    case 'absent':
      return { text: 'LLM: off (no model server)', tone: 'muted' };
    case 'stopped':
      return { text: 'LLM: off (model server stopped)', tone: 'muted' };
    case 'failed':
      return { text: 'LLM: off (Ollama failed)', tone: 'bad' };
    case 'starting':
      return { text: 'Ollama starting…', tone: 'warn' };
    case 'restarting':
      return { text: 'Ollama restarting…', tone: 'warn' };
    case 'degraded':
      return { text: 'Ollama not answering', tone: 'warn' };
    case 'ready':
    case 'external':
      return llmBadge(overview);
    default:
      return assertNever(ollama.state, 'service state');
  }
}

function llmBadge(overview: ServicesOverview): Badge {
  const { llm, placements, pulls, gpu } = overview;
  if (!llm.active) {
    const pull = pulls.find((p) => sameModelName(p.model, llm.textModel));
    if (pull)
      return {
        text: `LLM: downloading${pull.percent === null ? '…' : ` ${Math.floor(pull.percent)} %`}`,
        tone: 'warn',
      };
    if (llm.missing.some((m) => sameModelName(m, llm.textModel)))
      return { text: 'LLM: off (model not downloaded)', tone: 'warn' };
    return { text: 'LLM: off', tone: 'muted' };
  }
  const placement = placements.find((p) => sameModelName(p.model, llm.textModel));
  if (placement) {
    if (placement.where === 'gpu') return { text: 'LLM on GPU', tone: 'ok' };
    if (placement.where === 'partial')
      return { text: `LLM partly on GPU (${Math.round(placement.gpuFraction * 100)} %)`, tone: 'warn' };
    return { text: 'LLM on CPU', tone: 'warn' };
  }
  // Not loaded yet (Ollama loads a model at its first request): without a GPU it can only run on the CPU.
  if (gpu?.vendor === 'none') return { text: 'LLM on CPU', tone: 'warn' };
  return { text: 'LLM ready', tone: 'ok' };
}

/** What the machine has, in a sentence: "NVIDIA (CUDA): RTX 4070, 12.0 GB" or "No GPU found". */
export function gpuSummary(gpu: GpuFacts | null): string {
  if (!gpu) return 'docpipe has not looked for a GPU (no model server in use).';
  if (gpu.vendor === 'none') return 'No GPU found: models run on the CPU, several times slower.';
  const vendor = { nvidia: 'NVIDIA', amd: 'AMD', apple: 'Apple silicon' }[gpu.vendor];
  const api = gpu.api ? ` (${gpu.api === 'rocm' ? 'ROCm' : gpu.api === 'cuda' ? 'CUDA' : 'Metal'})` : '';
  return `${vendor}${api}${gpu.unifiedMemory ? ', memory shared with the system' : ''}`;
}

/**
 * "12.0 GB, 3.1 GB in use" for a device; null when the tool did not say. Binary units, as graphics
 * memory is sold (a "12 GB" card has 12,288 MiB).
 */
export function deviceMemoryText(device: GpuFacts['devices'][number]): string | null {
  if (device.memoryTotalBytes === null) return null;
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  const used = device.memoryUsedBytes === null ? '' : `, ${gib(device.memoryUsedBytes)} in use`;
  return `${gib(device.memoryTotalBytes)}${used}`;
}

/** Tasks a remote worker takes at once, all stages together. */
export function workerSlots(worker: BrokerOverview['workers'][number]): number {
  return Object.values(worker.slots).reduce((sum, n) => sum + n, 0);
}

/** "2 workers, 6 slots, 3 tasks running." (beside the connection badge), or why none counts. */
export function brokerSummary(broker: BrokerOverview): string {
  if (!broker.connected)
    return 'Not connected to the broker; docpipe reconnects by itself, and no worker counts until then.';
  const n = broker.workers.length;
  const slots = broker.workers.reduce((sum, w) => sum + workerSlots(w), 0);
  if (n === 0) return 'No worker yet: start “docpipe worker” on a machine that can reach the broker.';
  const running = broker.inFlight > 0 ? `, ${broker.inFlight} task${broker.inFlight === 1 ? '' : 's'} running` : '';
  return `${n} worker${n === 1 ? '' : 's'}, ${slots} slot${slots === 1 ? '' : 's'}${running}.`;
}

/** "heard just now", "heard 4 s ago": a worker's last heartbeat. */
export function heardText(ageMs: number): string {
  const seconds = Math.round(ageMs / 1000);
  return seconds < 1 ? 'heard just now' : `heard ${seconds} s ago`;
}
