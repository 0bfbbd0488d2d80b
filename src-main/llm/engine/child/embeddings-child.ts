// Embeddings inside the engine child process (engine-process.ts routes 'embed' commands here).
// Nothing here logs the texts: they are the user's documents.
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { EngineErrorCode } from '../protocol.js';
import { defaultThreads } from './threads.js';

/** Embedding contexts are sized to the model's training context, but never beyond this many tokens. */
const MAX_EMBED_CONTEXT = 4096;

export class EmbedFailure extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Held {
  /** The model the context embeds with: the chat model, or one this module loaded itself. */
  base: LlamaModel;
  /** Set when this module loaded `base` from an embedding GGUF and must dispose of it. */
  ownPath?: string;
  context: LlamaEmbeddingContext;
  contextSize: number;
}

export interface EmbedResult {
  vectors: Float32Array<ArrayBuffer>[];
  truncated: number;
  /** Tokens evaluated (after cutting), for usage reports. */
  tokens: number;
}

/**
 * One embedding context kept between requests: on a separate embedding GGUF when a path is given
 * (loaded once, beside the chat model), else on the chat model. A chat model that was unloaded or
 * replaced disposes of its contexts, so a disposed context is simply made again.
 */
export interface EmbeddingRunner {
  (texts: string[], modelPath?: string): Promise<EmbedResult>;
  /** Frees an embedding GGUF loaded beside the chat model; true when one was held. */
  releaseOwn(): Promise<boolean>;
}

export function embeddingRunner(
  llama: () => Promise<Llama>,
  chatModel: () => LlamaModel | undefined,
): EmbeddingRunner {
  let held: Held | undefined;

  const release = async () => {
    const h = held;
    held = undefined;
    await h?.context.dispose().catch(() => {});
    if (h?.ownPath) await h.base.dispose().catch(() => {});
  };

  const contextFor = async (modelPath: string | undefined): Promise<Held> => {
    const l = await llama();
    if (modelPath === undefined) {
      const base = chatModel();
      if (!base) throw new EmbedFailure('no-model-loaded', 'No model is loaded.');
      if (held && !held.ownPath && held.base === base && !held.context.disposed) return held;
      await release();
      const contextSize = Math.min(base.trainContextSize || MAX_EMBED_CONTEXT, MAX_EMBED_CONTEXT);
      const context = await base.createEmbeddingContext({
        contextSize,
        threads: defaultThreads(l.cpuMathCores),
      });
      held = { base, context, contextSize };
      return held;
    }
    if (held?.ownPath === modelPath && !held.context.disposed) return held;
    await release();
    let base: LlamaModel;
    try {
      base = await l.loadModel({ modelPath, gpuLayers: 'auto' });
    } catch (err) {
      throw new EmbedFailure('model-load-failed', err instanceof Error ? err.message : String(err));
    }
    const contextSize = Math.min(base.trainContextSize || MAX_EMBED_CONTEXT, MAX_EMBED_CONTEXT);
    try {
      const context = await base.createEmbeddingContext({
        contextSize,
        threads: defaultThreads(l.cpuMathCores),
      });
      held = { base, ownPath: modelPath, context, contextSize };
      return held;
    } catch (err) {
      await base.dispose().catch(() => {});
      throw new EmbedFailure('model-load-failed', err instanceof Error ? err.message : String(err));
    }
  };

  const run = async (texts: string[], modelPath?: string): Promise<EmbedResult> => {
    const h = await contextFor(modelPath);
    const vectors: Float32Array<ArrayBuffer>[] = [];
    let truncated = 0;
    let counted = 0;
    for (const text of texts) {
      // A text longer than the context would fail the whole batch: embed its beginning instead.
      // The context adds BOS/EOS tokens of its own and needs one position to spare.
      let tokens = h.base.tokenize(text);
      const room = h.contextSize - 1;
      if (h.context.calculateInputLength(tokens) >= room) {
        const extra = h.context.calculateInputLength(tokens) - tokens.length;
        tokens = tokens.slice(0, room - extra - 1);
        truncated += 1;
      }
      // Nothing to evaluate gives llama.cpp nothing to pool: an empty text is the zero vector.
      if (tokens.length === 0) {
        vectors.push(new Float32Array(h.base.embeddingVectorSize));
        continue;
      }
      counted += tokens.length;
      const embedding = await h.context.getEmbeddingFor(tokens);
      vectors.push(Float32Array.from(embedding.vector));
    }
    return { vectors, truncated, tokens: counted };
  };
  return Object.assign(run, {
    releaseOwn: async () => {
      if (!held?.ownPath) return false;
      await release();
      return true;
    },
  });
}
