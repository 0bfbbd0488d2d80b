import type { EngineHost } from '../../../llm/index.js';
import { noModel, OpenAiError } from './errors.js';

/** The model the engine holds, as /v1 names it. */
export interface ServedModel {
  id: string;
  contextSize: number;
}

export interface ServedChat {
  model: ServedModel;
  engine: Pick<EngineHost, 'generate'>;
}

/**
 * What the /v1 routes need from the owner: the loaded chat model and its engine, and an embedder.
 * core.ts builds it from the LlmService; tests build it around an EngineHost they load themselves.
 */
export interface OpenAiBackend {
  chat(): ServedChat | null;
  /**
   * The chat model a request names: the loaded one, or an installed one loaded now (as Ollama and LM
   * Studio do) unless the user turned that off. Throws a 404 for a model that is not installed, a 503
   * when none can answer.
   */
  chatFor(modelId: string): Promise<ServedChat>;
  /** Installed chat models a request may name besides the loaded one (when they load on demand). */
  loadable(): string[];
  /** An installed embedding model, else the chat model; null when neither is there. */
  embeddings(): ServedEmbedder | null;
}

export interface ServedEmbedder {
  id: string;
  /** One vector per text, as the model gives it, and the tokens embedded. */
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; tokens: number }>;
}

/** Texts per engine request: keeps one message small and lets a chat turn slip in between batches. */
const EMBED_BATCH = 16;

function embedder(host: Pick<EngineHost, 'embedCounted'>, id: string, modelPath?: string): ServedEmbedder {
  return {
    id,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      let tokens = 0;
      for (let i = 0; i < texts.length; i += EMBED_BATCH) {
        const r = await host.embedCounted(texts.slice(i, i + EMBED_BATCH), modelPath);
        vectors.push(...r.vectors);
        tokens += r.tokens;
      }
      return { vectors, tokens };
    },
  };
}

export interface LlmLike {
  engine(): EngineHost;
  loaded(): { id: string; contextSize: number } | null;
}

/** Loading an installed model when a request names it; off when the setting says so. */
export interface AutoLoad {
  enabled(): boolean;
  /** Ids of installed, ready chat models. */
  installed(): string[];
  load(modelId: string): Promise<void>;
}

/**
 * The backend over the owner's LlmService. `embeddingModel` names an installed embedding GGUF when
 * the model manager has one; without it, the loaded chat model embeds (as llama.cpp's server does).
 */
export function llmBackend(
  llm: LlmLike,
  embeddingModel: () => { id: string; path: string } | null = () => null,
  autoLoad?: AutoLoad,
): OpenAiBackend {
  // One load at a time: two requests naming two models take turns instead of thrashing the engine.
  let loading: Promise<unknown> = Promise.resolve();
  const chat = (): ServedChat | null => {
    const m = llm.loaded();
    return m ? { model: { id: m.id, contextSize: m.contextSize }, engine: llm.engine() } : null;
  };
  return {
    chat,
    async chatFor(modelId) {
      const now = chat();
      if (now?.model.id === modelId) return now;
      const installed = autoLoad?.installed().includes(modelId) ?? false;
      if (installed && autoLoad?.enabled()) {
        const run = loading.then(async () => {
          if (llm.loaded()?.id !== modelId) await autoLoad.load(modelId);
        });
        loading = run.catch(() => {});
        await run;
        const after = chat();
        if (after?.model.id === modelId) return after;
      }
      if (installed) {
        throw new OpenAiError(
          503,
          'service_unavailable',
          `The model '${modelId}' is installed but not loaded, and loading models on request is turned off in Settings. Load it on the Models page or with \`sahel models use ${modelId}\`.`,
          'model_not_loaded',
          'model',
        );
      }
      if (!now) throw noModel();
      throw modelNotFound(modelId, now.model.id);
    },
    loadable() {
      return autoLoad?.enabled() ? autoLoad.installed() : [];
    },
    embeddings() {
      const e = embeddingModel();
      if (e) return embedder(llm.engine(), e.id, e.path);
      const m = llm.loaded();
      return m ? embedder(llm.engine(), m.id) : null;
    },
  };
}

export function modelNotFound(asked: string, available: string): OpenAiError {
  return new OpenAiError(
    404,
    'invalid_request_error',
    `The model '${asked.slice(0, 100)}' is not installed; this server has '${available}' (see GET /v1/models).`,
    'model_not_found',
    'model',
  );
}
