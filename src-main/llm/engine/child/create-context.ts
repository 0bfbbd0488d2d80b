// Runs in the engine child process.
import {
  InsufficientMemoryError,
  type LlamaContext,
  type LlamaContextOptions,
  type LlamaModel,
} from 'node-llama-cpp';

/**
 * A context with up to `sequences` sequences (each holds a conversation's KV cache). The owner's fit
 * check counts RAM and VRAM together, but the GPU alone may hold fewer caches: then fewer sequences
 * (halving, down to one) rather than a failed load. Any other failure (a LoRA adapter llama.cpp
 * refuses) goes up as it is.
 */
export async function createContext(
  model: LlamaModel,
  options: Omit<LlamaContextOptions, 'sequences'>,
  sequences: number,
): Promise<LlamaContext> {
  let n = Math.max(1, Math.floor(sequences));
  for (;;) {
    try {
      return await model.createContext({ ...options, sequences: n });
    } catch (err) {
      if (n === 1 || !(err instanceof InsufficientMemoryError)) throw err;
      n = Math.max(1, Math.floor(n / 2));
    }
  }
}
