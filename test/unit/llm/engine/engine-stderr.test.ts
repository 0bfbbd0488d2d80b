import { describe, expect, it } from 'vitest';
import { diagnosticLines } from '../../../../src-main/llm/engine/host/engine-child.js';

describe("a dead engine's stderr in the log", () => {
  it("keeps llama.cpp's and ggml's diagnostics and drops any other line", () => {
    const stderr = [
      'llama_model_load: error loading model: tensor data is not within the file bounds',
      'my secret prompt: the vault passphrase is hunter2',
      'ggml_cuda_compute_forward: CUDA error: the provided PTX was compiled with an unsupported toolchain',
      'CUDA error: the provided PTX was compiled with an unsupported toolchain.',
      "terminate called after throwing an instance of 'vk::DeviceLostError'",
      '',
    ].join('\n');
    const kept = diagnosticLines(stderr);
    expect(kept).not.toMatch(/hunter2|secret/);
    expect(kept.split('\n')).toEqual([
      'llama_model_load: error loading model: tensor data is not within the file bounds',
      'ggml_cuda_compute_forward: CUDA error: the provided PTX was compiled with an unsupported toolchain',
      'CUDA error: the provided PTX was compiled with an unsupported toolchain.',
      "terminate called after throwing an instance of 'vk::DeviceLostError'",
    ]);
  });

  it('keeps the last lines only, each printable and short', () => {
    const lines = Array.from(
      { length: 20 },
      (_, i) => `llama_decode: failed step ${i}\u0007${'x'.repeat(400)}`,
    );
    const kept = diagnosticLines(lines.join('\n')).split('\n');
    expect(kept).toHaveLength(8);
    expect(kept[0]).toMatch(/^llama_decode: failed step 12x+$/);
    expect(kept.every((l) => l.length <= 240)).toBe(true);
  });
});
