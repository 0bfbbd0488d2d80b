import { describe, expect, it } from 'vitest';
import { judgeFit, kvCacheBytes, memoryNeeded } from '../../../../src-main/llm/hardware.js';
import type { Hardware } from '../../../../src-shared/domain/models.js';

const GB = 1e9;
const laptop = (ram: number, vramFree = 0): Hardware => ({
  backend: vramFree > 0 ? 'cuda' : 'cpu',
  gpuNames: vramFree > 0 ? ['Test GPU'] : [],
  vram: { total: vramFree, free: vramFree },
  ram: { total: ram, free: ram / 2 },
  cpuThreads: 8,
  cpuMathCores: 4,
});
// Llama 3.1 8B's shape: 32 layers, 4096 wide, 32 heads, 8 KV heads.
const LLAMA_8B = { layers: 32, embeddingLength: 4096, headCount: 32, headCountKv: 8 };

describe('memory estimates and the fit verdict', () => {
  it('sizes the f16 KV cache from the GGUF header (grouped-query heads included)', () => {
    // 2 (K and V) × 32 layers × 8192 tokens × 1024 dims × 2 bytes = 1 GiB.
    expect(kvCacheBytes(4.9 * GB, LLAMA_8B, 8192)).toBe(2 * 32 * 8192 * 1024 * 2);
    expect(kvCacheBytes(1000, null, 8192)).toBe(100);
    expect(memoryNeeded(4.9 * GB, LLAMA_8B, 8192)).toBeGreaterThan(4.9 * GB + 2 ** 30);
  });

  it('fits, is tight, or refuses with a message naming the numbers', () => {
    const need = memoryNeeded(4.9 * GB, LLAMA_8B, 8192);
    expect(judgeFit(laptop(32 * GB), need).verdict).toBe('fits');
    expect(judgeFit(laptop(7.5 * GB), need).verdict).toBe('tight');
    const refused = judgeFit(laptop(4 * GB), need);
    expect(refused.verdict).toBe('too-big');
    expect(refused.message).toMatch(/Needs about 6\.\d GB; this machine has 4\.0 GB RAM/);
    // Free VRAM adds to what a GPU machine can hold.
    expect(judgeFit(laptop(4 * GB, 8 * GB), need).verdict).toBe('fits');
    expect(judgeFit(laptop(4 * GB, 8 * GB), need).message).toMatch(/VRAM/);
    expect(judgeFit(null, need).verdict).toBe('unknown');
  });
});
