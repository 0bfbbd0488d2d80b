import { describe, expect, it } from 'vitest';
import { fittingSequences, judgeFit, kvCacheBytes, memoryNeeded } from '../../../../src-main/llm/hardware.js';
import type { Hardware } from '../../../../src-shared/domain/models.js';

const GB = 1e9;
const machine = (ram: number, vramFree = 0): Hardware => ({
  backend: vramFree > 0 ? 'cuda' : 'cpu',
  gpuNames: vramFree > 0 ? ['Test GPU'] : [],
  vram: { total: vramFree, free: vramFree },
  ram: { total: ram, free: ram / 2 },
  cpuThreads: 8,
  cpuMathCores: 4,
});
// Llama 3.1 8B's shape: 1 GiB of f16 KV cache per 8192-token sequence.
const LLAMA_8B = { layers: 32, embeddingLength: 4096, headCount: 32, headCountKv: 8 };
const FILE = 4.9 * GB;

describe('conversations kept warm: context sequences bounded by memory', () => {
  it('counts a KV cache per sequence (node-llama-cpp sizes the context per sequence)', () => {
    const kv = kvCacheBytes(FILE, LLAMA_8B, 8192);
    expect(memoryNeeded(FILE, LLAMA_8B, 8192, 4) - memoryNeeded(FILE, LLAMA_8B, 8192, 1)).toBeCloseTo(
      3 * kv,
      -1,
    );
  });

  it('keeps as many as fit with room to spare, fewer on a smaller machine, at least one', () => {
    expect(fittingSequences(machine(32 * GB), FILE, LLAMA_8B, 8192, 4)).toBe(4);
    // 9 GB: one sequence leaves the reserve, four would not (4.9 + 4.3 + 0.4 > 9 - 1.5).
    const n = fittingSequences(machine(9 * GB), FILE, LLAMA_8B, 8192, 4);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(4);
    expect(judgeFit(machine(9 * GB), memoryNeeded(FILE, LLAMA_8B, 8192, n)).verdict).toBe('fits');
    expect(judgeFit(machine(9 * GB), memoryNeeded(FILE, LLAMA_8B, 8192, n + 1)).verdict).not.toBe('fits');
    // Tight even with one: one it is (the load's own fit check decides whether it runs at all).
    expect(fittingSequences(machine(7 * GB), FILE, LLAMA_8B, 8192, 4)).toBe(1);
    // Unknown hardware: no guessing.
    expect(fittingSequences(null, FILE, LLAMA_8B, 8192, 4)).toBe(1);
    expect(fittingSequences(machine(64 * GB), FILE, LLAMA_8B, 8192, 0)).toBe(1);
  });
});
