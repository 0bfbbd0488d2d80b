import type { Embedder } from '../../../llm/embeddings.js';
import { engineEmbedder } from '../../../llm/embeddings.js';
import type { EngineHost } from '../../../llm/engine/engine-host.js';

/** The model the engine holds, as /v1 names it. */
export interface ServedModel {
  id: string;
  contextSize: number;
}

/**
 * What the /v1 routes need from the owner: the loaded chat model and its engine, and an embedder.
 * core.ts builds it from the LlmService; tests build it around an EngineHost they load themselves.
 */
export interface OpenAiBackend {
  chat(): { model: ServedModel; engine: Pick<EngineHost, 'generate'> } | null;
  /** An installed embedding model, else the chat model; null when neither is there. */
  embeddings(): { id: string; embedder: Embedder } | null;
}

export interface LlmLike {
  engine(): EngineHost;
  loaded(): { id: string; contextSize: number } | null;
}

/**
 * The backend over the owner's LlmService. `embeddingModel` names an installed embedding GGUF when
 * the model manager has one; without it, the loaded chat model embeds (as llama.cpp's server does).
 */
export function llmBackend(
  llm: LlmLike,
  embeddingModel: () => { id: string; path: string } | null = () => null,
): OpenAiBackend {
  return {
    chat() {
      const m = llm.loaded();
      return m ? { model: { id: m.id, contextSize: m.contextSize }, engine: llm.engine() } : null;
    },
    embeddings() {
      const e = embeddingModel();
      if (e) return { id: e.id, embedder: engineEmbedder(llm.engine(), e.id, e.path) };
      const m = llm.loaded();
      return m ? { id: m.id, embedder: engineEmbedder(llm.engine(), m.id) } : null;
    },
  };
}
