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

/** Which backend the engine asks node-llama-cpp for: 'auto' lets it pick the best one it finds. */
export type EngineGpu = 'auto' | 'cuda' | 'vulkan' | 'metal' | 'cpu';

/**
 * Where the engine goes after a GPU backend crashed it. A CUDA prebuilt that the driver refuses says
 * nothing about Vulkan, which reaches the same NVIDIA card through another driver stack, so CUDA falls
 * back to Vulkan first (not on macOS, which has neither); any other failure, or Vulkan failing too,
 * ends on the CPU, which cannot fail this way.
 */
export function nextGpu(failure: string, platform: NodeJS.Platform = process.platform): EngineGpu {
  return failure.startsWith('CUDA') && platform !== 'darwin' ? 'vulkan' : 'cpu';
}

/** The engine child's argument back into a getLlama `gpu` option; anything unknown is 'auto'. */
export function llamaGpuOption(arg: string | undefined): 'auto' | false | 'cuda' | 'vulkan' | 'metal' {
  if (arg === 'cpu') return false;
  return arg === 'cuda' || arg === 'vulkan' || arg === 'metal' ? arg : 'auto';
}

/** How the engine's messages name a backend it moves to. */
export function gpuName(gpu: EngineGpu): string {
  return { auto: 'the best backend found', cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal', cpu: 'the CPU' }[
    gpu
  ];
}
