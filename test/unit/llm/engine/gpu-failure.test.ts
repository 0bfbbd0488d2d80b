import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuFailure, llamaGpuOption, nextGpu } from '../../../../src-main/llm/engine/gpu-failure.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'engine');

describe('gpuFailure', () => {
  it('names the CUDA error an H200 aborted with, and the fix', () => {
    const stderr = readFileSync(join(FIXTURES, 'cuda-ptx-abort.stderr.txt'), 'utf8');
    expect(gpuFailure(stderr)).toBe(
      'CUDA error: the provided PTX was compiled with an unsupported toolchain (update the NVIDIA driver)',
    );
  });

  it('recognises Vulkan and Metal failures and keeps only printable text', () => {
    expect(gpuFailure('ggml_vulkan: device lost\u0007 during submit\n')).toBe(
      'Vulkan error: device lost during submit',
    );
    expect(gpuFailure("terminate called after throwing an instance of 'vk::DeviceLostError'\n")).toMatch(
      /^Vulkan error: vk::DeviceLostError/,
    );
    expect(gpuFailure('ggml_metal_graph_compute: command buffer 0 failed with status 5\n')).toMatch(
      /^Metal error/,
    );
  });

  it('leaves other crashes alone', () => {
    expect(gpuFailure('')).toBeUndefined();
    expect(
      gpuFailure('Segmentation fault (core dumped)\nllama_model_load: error loading model\n'),
    ).toBeUndefined();
  });
});

describe('the backend chain after a GPU failure', () => {
  const cudaAbort = readFileSync(join(FIXTURES, 'cuda-ptx-abort.stderr.txt'), 'utf8');

  it('moves a CUDA failure to Vulkan, and a Vulkan or Metal failure to the CPU', () => {
    const cuda = gpuFailure(cudaAbort) ?? '';
    expect(nextGpu(cuda, 'linux')).toBe('vulkan');
    expect(nextGpu(cuda, 'win32')).toBe('vulkan');
    expect(nextGpu(gpuFailure('ggml_vulkan: device lost\n') ?? '', 'linux')).toBe('cpu');
    expect(nextGpu(gpuFailure('ggml_metal_graph_compute: command buffer 0 failed\n') ?? '', 'darwin')).toBe(
      'cpu',
    );
  });

  it('never offers Vulkan on macOS', () => {
    expect(nextGpu(gpuFailure(cudaAbort) ?? '', 'darwin')).toBe('cpu');
  });

  it("turns the engine child's argument into node-llama-cpp's option, unknown text into 'auto'", () => {
    expect(llamaGpuOption('cpu')).toBe(false);
    expect(llamaGpuOption('vulkan')).toBe('vulkan');
    expect(llamaGpuOption('cuda')).toBe('cuda');
    expect(llamaGpuOption('--inspect')).toBe('auto');
    expect(llamaGpuOption(undefined)).toBe('auto');
  });
});
