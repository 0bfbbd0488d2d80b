/**
 * Reads a dead engine's stderr for a GPU backend failure. llama.cpp aborts the whole process on a CUDA,
 * Vulkan or Metal error (a driver older than the prebuilt binary's toolchain, a kernel missing for the
 * card, a lost device), so the same request on the GPU would only crash again: the host then restarts
 * the engine on the CPU. Returns one printable line naming the error, or undefined.
 */
const PATTERNS: readonly RegExp[] = [
  /CUDA error: ?([^\n]*)/,
  /ggml_vulkan: ?([^\n]*(?:error|failed|lost)[^\n]*)/i,
  /(vk::[A-Za-z]*Error[^\n]*)/,
  /ggml_metal[^\n]*?: ?([^\n]*(?:error|failed)[^\n]*)/i,
];

const HINTS: readonly [RegExp, string][] = [
  [/PTX was compiled with an unsupported toolchain/i, 'update the NVIDIA driver'],
  [/no kernel image is available/i, 'this GPU is not supported by the prebuilt CUDA binary'],
];

export function gpuFailure(stderr: string): string | undefined {
  for (const pattern of PATTERNS) {
    const m = pattern.exec(stderr);
    if (!m) continue;
    // Only printable text, briefly: the line comes from a native library and ends up in the UI.
    const detail = (m[1] ?? '')
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .replace(/\.$/, '')
      .slice(0, 160);
    const backend = pattern.source.includes('CUDA')
      ? 'CUDA'
      : pattern.source.includes('metal')
        ? 'Metal'
        : 'Vulkan';
    const hint = HINTS.find(([re]) => re.test(detail))?.[1];
    return `${backend} error${detail ? `: ${detail}` : ''}${hint ? ` (${hint})` : ''}`;
  }
  return undefined;
}
