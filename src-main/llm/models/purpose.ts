import type { ModelPurpose } from '../../../src-shared/domain/models.js';
import type { GgufSummary } from './gguf.js';

/**
 * Encoder architectures of llama.cpp: they cannot generate text, only embed it. Checked by the
 * converter's `general.architecture` (nomic-embed-text is `nomic-bert`, bge and MiniLM are `bert`).
 */
const ENCODERS = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'neo-bert',
  'modern-bert',
  't5encoder',
]);

/** llama.cpp's LLAMA_POOLING_TYPE_NONE; any other pooling type means the file is meant for embeddings. */
const POOLING_NONE = 0;

/**
 * What a GGUF says it is for, when it says: an encoder architecture, or a decoder converted with a
 * pooling type (Qwen3-Embedding, gte-Qwen). Undefined: the header does not tell (the user chooses).
 */
export function purposeFromGguf(
  meta: Pick<GgufSummary, 'architecture' | 'poolingType'>,
): ModelPurpose | undefined {
  if (meta.architecture && ENCODERS.has(meta.architecture)) return 'embedding';
  if (meta.poolingType !== null && meta.poolingType !== POOLING_NONE) return 'embedding';
  return undefined;
}

/** From the architecture alone (what the models table keeps of a downloaded file). */
export function purposeFromArchitecture(architecture: string | null): ModelPurpose | undefined {
  return architecture && ENCODERS.has(architecture) ? 'embedding' : undefined;
}
