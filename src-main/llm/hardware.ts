import type { FitVerdict, Hardware } from '../../src-shared/domain/models.js';
import type { GgufSummary } from './models/gguf.js';

const GB = 1e9;
/** Compute buffers, the runtime and the engine process itself, beyond weights and KV cache. */
const OVERHEAD = 0.4 * GB;
/** What the rest of the machine (the OS, the app, a browser) keeps using while a model runs. */
const RESERVE = 1.5 * GB;

/** The KV cache of `contextSize` tokens at f16, from the GGUF header; a tenth of the file if unknown. */
export function kvCacheBytes(
  fileBytes: number,
  meta: Partial<GgufSummary> | null,
  contextSize: number,
): number {
  const { layers, embeddingLength, headCount, headCountKv } = meta ?? {};
  if (!layers || !embeddingLength || !headCount) return fileBytes * 0.1;
  const kvDim = (embeddingLength / headCount) * (headCountKv ?? headCount);
  return 2 * layers * contextSize * kvDim * 2;
}

/** Weights, plus a KV cache of `contextSize` per sequence (node-llama-cpp's context size is per sequence). */
export function memoryNeeded(
  fileBytes: number,
  meta: Partial<GgufSummary> | null,
  contextSize: number,
  sequences = 1,
): number {
  return Math.ceil(fileBytes + kvCacheBytes(fileBytes, meta, contextSize) * sequences + OVERHEAD);
}

/**
 * How many conversations can stay evaluated at once: the most sequences, up to `max`, whose KV
 * caches still leave the machine its reserve ('fits', not 'tight'); 1 when even two would not, or
 * when the hardware is unknown.
 */
export function fittingSequences(
  hw: Hardware | null,
  fileBytes: number,
  meta: Partial<GgufSummary> | null,
  contextSize: number,
  max: number,
): number {
  let n = Math.max(1, Math.floor(max));
  while (n > 1 && judgeFit(hw, memoryNeeded(fileBytes, meta, contextSize, n)).verdict !== 'fits') n--;
  return n;
}

const gb = (n: number) => `${(n / GB).toFixed(1)} GB`;

/**
 * Whether a model of `needBytes` runs on this machine: its RAM plus free VRAM when there is a GPU
 * (layers that do not fit in VRAM run from RAM). Weights are memory-mapped, so a model close to the
 * total still loads, but the machine swaps; past the total it would thrash, and Sahel refuses it.
 */
export function judgeFit(hw: Hardware | null, needBytes: number): FitVerdict {
  if (!hw) return { verdict: 'unknown', needBytes, haveBytes: 0, message: 'Hardware not detected yet.' };
  const gpu = hw.backend !== 'cpu' ? hw.vram.free : 0;
  const haveBytes = hw.ram.total + gpu;
  const where = gpu > 0 ? `${gb(hw.ram.total)} RAM + ${gb(gpu)} free VRAM` : `${gb(hw.ram.total)} RAM`;
  if (needBytes > haveBytes) {
    return {
      verdict: 'too-big',
      needBytes,
      haveBytes,
      message: `Needs about ${gb(needBytes)}; this machine has ${where}. Choose a smaller model or a shorter context.`,
    };
  }
  if (needBytes > haveBytes - RESERVE) {
    return {
      verdict: 'tight',
      needBytes,
      haveBytes,
      message: `Needs about ${gb(needBytes)} of ${where}: it runs, but other apps may slow down.`,
    };
  }
  return { verdict: 'fits', needBytes, haveBytes, message: `Needs about ${gb(needBytes)} of ${where}.` };
}
