import type { EngineHost } from './engine/host/engine-host.js';

/** Turns texts into vectors. Vectors from embedders with different ids are never compared. */
export interface Embedder {
  /** The model's identity (its file path or catalog id). */
  readonly id: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Texts per engine request: keeps one message small and lets a chat turn slip in between batches. */
const BATCH = 16;

/**
 * An embedder on the engine process: `modelPath` names an embedding GGUF the engine keeps loaded
 * beside the chat model; without it the loaded chat model embeds (what /v1/embeddings falls back to).
 */
export function engineEmbedder(host: Pick<EngineHost, 'embed'>, id: string, modelPath?: string): Embedder {
  return {
    id,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        out.push(...(await host.embed(texts.slice(i, i + BATCH), modelPath)));
      }
      return out;
    },
  };
}
