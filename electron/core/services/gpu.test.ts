import { describe, expect, it } from 'vitest';
import { detectGpu, modelPlacements, parseNvidiaSmiCsv, parseRocmSmi, placementOf, type RunCommand } from './gpu.js';

// Recorded outputs, in the shapes the tools print.
const NVIDIA_ONE = 'NVIDIA GeForce RTX 4070 Laptop GPU, 8188, 423, 560.35.03\n';
const NVIDIA_TWO = 'NVIDIA A100-SXM4-80GB, 81920, 1, 535.183.01\nNVIDIA A100-SXM4-80GB, 81920, 40305, 535.183.01\n';
const NVIDIA_NA = 'NVIDIA GeForce GTX 1050 Ti, 4096, [N/A], [N/A]\n';
const ROCM_JSON = JSON.stringify({
  card0: {
    'Card series': 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]',
    'Card model': '0x73bf',
    'Card vendor': 'Advanced Micro Devices, Inc. [AMD/ATI]',
    'Card SKU': 'D4120100',
    'VRAM Total Memory (B)': '17163091968',
    'VRAM Total Used Memory (B)': '1543503872',
  },
  card1: {
    'Card Series': 'AMD Instinct MI210',
    'Card Model': '0x740f',
    'Card Vendor': 'Advanced Micro Devices, Inc. [AMD/ATI]',
    'GFX Version': 'gfx90a',
    'VRAM Total Memory (B)': '68702699520',
    'VRAM Total Used Memory (B)': '10960896',
  },
  system: { 'Driver version': '6.8.5' },
});
const ROCM_TEXT = `
========================================= ROCm System Management Interface =========================================
=================================================== Product Info ===================================================
GPU[0]		: Card series: 		Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]
GPU[0]		: Card model: 		0x73bf
GPU[0]		: Card vendor: 		Advanced Micro Devices, Inc. [AMD/ATI]
GPU[0]		: Card SKU: 		D4120100
====================================================================================================================
============================================== Memory Usage (Bytes) ================================================
GPU[0]		: VRAM Total Memory (B): 17163091968
GPU[0]		: VRAM Total Used Memory (B): 1543503872
====================================================================================================================
=============================================== End of ROCm SMI Log ================================================
`;

function enoent(file: string): Error {
  return Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
}

/** A RunCommand that replays `outputs` by program name; a program without an entry is not installed. */
function replay(
  outputs: Record<string, string | Error | ((args: readonly string[]) => string)>,
): RunCommand & { calls: string[] } {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[]) => {
    calls.push([file, ...args].join(' '));
    const output = outputs[file];
    if (output === undefined) throw enoent(file);
    if (output instanceof Error) throw output;
    return { stdout: typeof output === 'function' ? output(args) : output, stderr: '' };
  };
  return Object.assign(run, { calls });
}

describe('parsing the tools', () => {
  it('reads nvidia-smi CSV for one and two GPUs, memory in MiB', () => {
    expect(parseNvidiaSmiCsv(NVIDIA_ONE)).toEqual([
      {
        name: 'NVIDIA GeForce RTX 4070 Laptop GPU',
        memoryTotalBytes: 8188 * 1024 * 1024,
        memoryUsedBytes: 423 * 1024 * 1024,
        driverVersion: '560.35.03',
      },
    ]);
    const two = parseNvidiaSmiCsv(NVIDIA_TWO);
    expect(two.map((d) => d.name)).toEqual(['NVIDIA A100-SXM4-80GB', 'NVIDIA A100-SXM4-80GB']);
    expect(two[1]?.memoryUsedBytes).toBe(40305 * 1024 * 1024);
    expect(parseNvidiaSmiCsv(NVIDIA_NA)).toEqual([
      {
        name: 'NVIDIA GeForce GTX 1050 Ti',
        memoryTotalBytes: 4096 * 1024 * 1024,
        memoryUsedBytes: null,
        driverVersion: null,
      },
    ]);
  });

  it('reads rocm-smi JSON of either field spelling, and its text output', () => {
    expect(parseRocmSmi(ROCM_JSON)).toEqual([
      {
        name: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]',
        memoryTotalBytes: 17163091968,
        memoryUsedBytes: 1543503872,
        driverVersion: '6.8.5',
      },
      { name: 'AMD Instinct MI210', memoryTotalBytes: 68702699520, memoryUsedBytes: 10960896, driverVersion: '6.8.5' },
    ]);
    expect(parseRocmSmi(ROCM_TEXT)).toEqual([
      {
        name: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]',
        memoryTotalBytes: 17163091968,
        memoryUsedBytes: 1543503872,
        driverVersion: null,
      },
    ]);
    expect(parseRocmSmi('{"card0": ')).toEqual([]);
  });
});

describe('detectGpu', () => {
  it('finds NVIDIA GPUs through nvidia-smi', async () => {
    const run = replay({ 'nvidia-smi': NVIDIA_TWO });
    const facts = await detectGpu({ run, platform: 'linux', arch: 'x64' });
    expect(facts).toMatchObject({ vendor: 'nvidia', api: 'cuda', unifiedMemory: false, source: 'nvidia-smi' });
    expect(facts.devices).toHaveLength(2);
    expect(run.calls).toEqual([
      'nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv,noheader,nounits',
    ]);
  });

  it('finds AMD GPUs through rocm-smi when there is no nvidia-smi', async () => {
    const facts = await detectGpu({ run: replay({ 'rocm-smi': ROCM_JSON }), platform: 'linux', arch: 'x64' });
    expect(facts).toMatchObject({ vendor: 'amd', api: 'rocm', source: 'rocm-smi' });
    expect(facts.devices[1]?.name).toBe('AMD Instinct MI210');
  });

  it('falls back to the text output of an old rocm-smi that refuses --json', async () => {
    const run = replay({
      'rocm-smi': (args) => {
        if (args.includes('--json')) throw new Error('rocm-smi: error: unrecognized arguments: --json');
        return ROCM_TEXT;
      },
    });
    const facts = await detectGpu({ run, platform: 'linux', arch: 'x64' });
    expect(facts.vendor).toBe('amd');
    expect(run.calls).toHaveLength(3);
  });

  it('says none, and why, when no tool is installed or the driver does not answer', async () => {
    expect(await detectGpu({ run: replay({}), platform: 'linux', arch: 'x64' })).toEqual({
      vendor: 'none',
      api: null,
      devices: [],
      unifiedMemory: false,
      source: 'nvidia-smi is not installed; rocm-smi is not installed',
    });
    const broken = new Error("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
    const facts = await detectGpu({ run: replay({ 'nvidia-smi': broken }), platform: 'win32', arch: 'x64' });
    expect(facts.vendor).toBe('none');
    expect(facts.source).toContain(
      "nvidia-smi failed (NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.)",
    );
  });

  it('knows Apple silicon by the platform: Metal, memory shared with the system', async () => {
    const run = replay({});
    const facts = await detectGpu({ run, platform: 'darwin', arch: 'arm64', totalMemoryBytes: 32 * 1024 ** 3 });
    expect(facts).toMatchObject({ vendor: 'apple', api: 'metal', unifiedMemory: true });
    expect(facts.devices[0]?.memoryTotalBytes).toBe(32 * 1024 ** 3);
    expect(run.calls).toEqual([]);
  });
});

describe('where loaded models sit (/api/ps)', () => {
  const ps = (models: Array<{ name: string; size: number; size_vram?: number }>) => ({
    models: models.map((m) => ({ ...m, model: m.name, digest: 'd', details: {}, expires_at: '2026-12-07T12:00:00Z' })),
  });

  it('says on the GPU, partly, or on the CPU', () => {
    const placements = modelPlacements(
      ps([
        { name: 'qwen2.5:7b-instruct', size: 5_800_000_000, size_vram: 5_800_000_000 },
        { name: 'qwen2.5vl:7b', size: 10_000_000_000, size_vram: 4_000_000_000 },
        { name: 'nomic-embed-text:latest', size: 300_000_000, size_vram: 0 },
        { name: 'almost:latest', size: 1000, size_vram: 949 },
      ]),
    );
    expect(placements.map((p) => [p.model, p.where, p.verdict])).toEqual([
      ['qwen2.5:7b-instruct', 'gpu', 'on the GPU'],
      ['qwen2.5vl:7b', 'partial', 'partly on the GPU (40 %)'],
      ['nomic-embed-text:latest', 'cpu', 'on the CPU (slow)'],
      ['almost:latest', 'partial', 'partly on the GPU (94 %)'],
    ]);
    expect(placements[1]?.gpuFraction).toBeCloseTo(0.4);
  });

  it('counts 95 % as on the GPU, reads a missing size_vram as 0, and refuses a malformed answer', () => {
    expect(placementOf('m', 1000, 950).where).toBe('gpu');
    expect(modelPlacements(ps([{ name: 'old-server', size: 100 }]))[0]?.verdict).toBe('on the CPU (slow)');
    expect(modelPlacements({ models: null })).toEqual([]);
    expect(() => modelPlacements({ models: [{ size: 'big' }] })).toThrow();
  });
});
