/**
 * What the machine has for running models, and where Ollama put the models it loaded. The first comes
 * from the system's own tools (nvidia-smi, rocm-smi) or the platform (Apple silicon); the second from
 * Ollama's /api/ps, whose `size_vram` says how much of a loaded model sits in GPU memory. A model that
 * does not fit spills to the CPU and runs many times slower: that is the fact a person needs to see.
 * Commands are run through an injected function, so tests replay recorded outputs.
 */
import { execFile } from 'node:child_process';
import { totalmem } from 'node:os';
import { z } from 'zod';
import type { GpuDevice, GpuFacts, ModelPlacement } from '../../shared/contract/services.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a program and resolves with its output. Rejects when it cannot run (an error with `code`
 * 'ENOENT' when it is not installed) or exits with an error.
 */
export type RunCommand = (file: string, args: readonly string[]) => Promise<CommandOutput>;

/** The real thing: execFile with a 5 s limit (a hung driver must not hang docpipe's start). */
export const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 5000, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr).trim() || String(stdout).trim();
        if (detail && !error.message.includes(detail)) error.message = `${error.message}: ${detail}`;
        reject(error);
      } else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });

const MIB = 1024 * 1024;

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Devices from `nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv,noheader,nounits`:
 * one line per GPU, memory in MiB, `[N/A]` where the driver does not say.
 */
export function parseNvidiaSmiCsv(text: string): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 4) continue;
    // A name could hold a comma; the last three fields never do.
    const [total, used, driver] = fields.slice(-3);
    const name = fields.slice(0, -3).join(', ');
    const totalMib = numberOrNull(total);
    const usedMib = numberOrNull(used);
    devices.push({
      name,
      memoryTotalBytes: totalMib === null ? null : Math.round(totalMib * MIB),
      memoryUsedBytes: usedMib === null ? null : Math.round(usedMib * MIB),
      driverVersion: driver && driver !== '[N/A]' ? driver : null,
    });
  }
  return devices;
}

/** rocm-smi names the same field differently across versions ("Card series", "Card Series", "Device Name"). */
function pick(fields: Record<string, string>, ...keys: string[]): string | undefined {
  const lower = new Map(Object.entries(fields).map(([k, v]) => [k.trim().toLowerCase(), v]));
  for (const key of keys) {
    const value = lower.get(key.toLowerCase())?.trim();
    if (value) return value;
  }
  return undefined;
}

function rocmDevice(fields: Record<string, string>, driverVersion: string | null): GpuDevice {
  return {
    name: pick(fields, 'Card Series', 'Device Name', 'Marketing Name', 'Card Model') ?? 'AMD GPU',
    memoryTotalBytes: numberOrNull(pick(fields, 'VRAM Total Memory (B)')),
    memoryUsedBytes: numberOrNull(pick(fields, 'VRAM Total Used Memory (B)')),
    driverVersion,
  };
}

const RocmJson = z.record(z.string(), z.record(z.string(), z.unknown()));

/**
 * Devices from `rocm-smi --showproductname --showmeminfo vram`, in its `--json` form (`{"card0": {...}}`)
 * or its text form (`GPU[0]  : Card series:  Navi 21 ...`).
 */
export function parseRocmSmi(text: string): GpuDevice[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: z.infer<typeof RocmJson>;
    try {
      parsed = RocmJson.parse(JSON.parse(trimmed));
    } catch {
      return [];
    }
    const asStrings = (o: Record<string, unknown>): Record<string, string> =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
    const system = Object.entries(parsed).find(([key]) => key.toLowerCase() === 'system')?.[1];
    const driver = system ? (pick(asStrings(system), 'Driver version') ?? null) : null;
    return Object.entries(parsed)
      .filter(([key]) => /^card\d+$/i.test(key))
      .sort(([a], [b]) => Number(a.slice(4)) - Number(b.slice(4)))
      .map(([, fields]) => rocmDevice(asStrings(fields), driver));
  }
  const byCard = new Map<number, Record<string, string>>();
  let driver: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const driverLine = /^Driver version:\s*(\S.*)$/i.exec(line.trim());
    if (driverLine) driver = driverLine[1]!.trim();
    const m = /^GPU\[(\d+)\]\s*:\s*([^:]+?)\s*:\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const card = Number(m[1]);
    const fields = byCard.get(card) ?? {};
    fields[m[2]!] = m[3]!.trim();
    byCard.set(card, fields);
  }
  return [...byCard.entries()].sort(([a], [b]) => a - b).map(([, fields]) => rocmDevice(fields, driver));
}

export interface DetectGpuOptions {
  run?: RunCommand;
  platform?: NodeJS.Platform;
  arch?: string;
  /** The machine's memory, which an Apple-silicon GPU shares. Default os.totalmem(). */
  totalMemoryBytes?: number;
}

function failureOf(tool: string, error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (code === 'ENOENT') return `${tool} is not installed`;
  return `${tool} failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
}

/**
 * What accelerator the machine has: Apple silicon (Metal, memory shared with the system), an NVIDIA GPU
 * (nvidia-smi), an AMD GPU (rocm-smi), or none. `source` says which tool told, or why none could.
 */
export async function detectGpu(options: DetectGpuOptions = {}): Promise<GpuFacts> {
  const run = options.run ?? runCommand;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  if (platform === 'darwin' && arch === 'arm64') {
    const memory = options.totalMemoryBytes ?? totalmem();
    return {
      vendor: 'apple',
      api: 'metal',
      devices: [{ name: 'Apple silicon GPU', memoryTotalBytes: memory, memoryUsedBytes: null, driverVersion: null }],
      unifiedMemory: true,
      source: 'platform (Apple silicon: Metal, memory shared with the system)',
    };
  }
  const notes: string[] = [];
  try {
    const { stdout } = await run('nvidia-smi', [
      '--query-gpu=name,memory.total,memory.used,driver_version',
      '--format=csv,noheader,nounits',
    ]);
    const devices = parseNvidiaSmiCsv(stdout);
    if (devices.length > 0)
      return { vendor: 'nvidia', api: 'cuda', devices, unifiedMemory: false, source: 'nvidia-smi' };
    notes.push('nvidia-smi found no GPU');
  } catch (error) {
    notes.push(failureOf('nvidia-smi', error));
  }
  if (platform !== 'darwin') {
    try {
      let output: string;
      try {
        output = (await run('rocm-smi', ['--showproductname', '--showmeminfo', 'vram', '--json'])).stdout;
      } catch (error) {
        // Old rocm-smi versions do not know --json; their text output says the same.
        if ((error as { code?: unknown }).code === 'ENOENT') throw error;
        output = (await run('rocm-smi', ['--showproductname', '--showmeminfo', 'vram'])).stdout;
      }
      const devices = parseRocmSmi(output);
      if (devices.length > 0) return { vendor: 'amd', api: 'rocm', devices, unifiedMemory: false, source: 'rocm-smi' };
      notes.push('rocm-smi found no GPU');
    } catch (error) {
      notes.push(failureOf('rocm-smi', error));
    }
  }
  if (platform === 'darwin') notes.push('an Intel Mac: Ollama runs on the CPU');
  return { vendor: 'none', api: null, devices: [], unifiedMemory: false, source: notes.join('; ') };
}

/** The share of a model in GPU memory at or above which it counts as running on the GPU. */
export const ON_GPU_FRACTION = 0.95;

/** Where a loaded model of `sizeBytes` with `vramBytes` in GPU memory runs, in words a person can act on. */
export function placementOf(model: string, sizeBytes: number, vramBytes: number): ModelPlacement {
  const size = Math.max(0, Math.round(sizeBytes));
  const vram = Math.max(0, Math.min(size, Math.round(vramBytes)));
  const gpuFraction = size > 0 ? vram / size : 0;
  if (gpuFraction >= ON_GPU_FRACTION)
    return { model, sizeBytes: size, vramBytes: vram, gpuFraction, where: 'gpu', verdict: 'on the GPU' };
  if (gpuFraction > 0) {
    // Rounded down, so that 94.9 % does not read as "95 %" next to a verdict that says "partly".
    const percent = Math.max(1, Math.floor(gpuFraction * 100));
    return {
      model,
      sizeBytes: size,
      vramBytes: vram,
      gpuFraction,
      where: 'partial',
      verdict: `partly on the GPU (${percent} %)`,
    };
  }
  return { model, sizeBytes: size, vramBytes: vram, gpuFraction: 0, where: 'cpu', verdict: 'on the CPU (slow)' };
}

/** Ollama's /api/ps answer, as far as placement needs it. */
export const OllamaPsAnswer = z.object({
  models: z
    .array(
      z.object({
        name: z.string(),
        size: z.number().min(0),
        size_vram: z.number().min(0).optional(),
      }),
    )
    .nullable()
    .default([]),
});

/** Where each loaded model sits, from an /api/ps answer (parsed here: it comes over the network). */
export function modelPlacements(psAnswer: unknown): ModelPlacement[] {
  const parsed = OllamaPsAnswer.parse(psAnswer);
  return (parsed.models ?? []).map((m) => placementOf(m.name, m.size, m.size_vram ?? 0));
}
