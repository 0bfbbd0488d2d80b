import { open, stat } from 'node:fs/promises';
import { SahelError } from '../../../src-shared/errors.js';

/** What the model manager keeps of a GGUF's header: enough to name it and estimate its memory. */
export interface GgufSummary {
  architecture: string | null;
  name: string | null;
  contextLength: number | null;
  layers: number | null;
  embeddingLength: number | null;
  headCount: number | null;
  headCountKv: number | null;
  /** `<arch>.pooling_type`: set by converters for models meant to produce embeddings. */
  poolingType: number | null;
}

const MAGIC = Buffer.from('GGUF');

/**
 * Checks that `path` is a GGUF file llama.cpp can read the header of: the magic bytes first (cheap,
 * and it spares the parser random files), then node-llama-cpp's own header reader. Anything else is
 * a BAD_INPUT the user can act on; the file is never modified.
 */
export async function inspectGguf(path: string): Promise<GgufSummary> {
  const head = Buffer.alloc(4);
  try {
    const fh = await open(path, 'r');
    try {
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
  } catch {
    throw new SahelError('NOT_FOUND', `Cannot read ${path}`);
  }
  if (!head.equals(MAGIC)) throw new SahelError('BAD_INPUT', 'This is not a GGUF model file');
  // Loaded on demand: the owner needs node-llama-cpp's JS parser only here, never its native part.
  const { readGgufFileInfo } = await import('node-llama-cpp');
  let meta: Record<string, unknown>;
  try {
    const info = await readGgufFileInfo(path, {
      logWarnings: false,
      sourceType: 'filesystem',
      spliceSplitFiles: false,
      // The vocabulary is most of the header and tells nothing the manager needs.
      ignoreKeys: [
        'tokenizer.ggml.tokens',
        'tokenizer.ggml.scores',
        'tokenizer.ggml.token_type',
        'tokenizer.ggml.merges',
      ],
    });
    meta = info.metadata as unknown as Record<string, unknown>;
    // The reader does not notice a file cut short: every tensor must start inside the file.
    const size = (await stat(path)).size;
    const tensors = info.tensorInfo ?? [];
    const arch = (meta.general as Record<string, unknown> | undefined)?.architecture;
    const inside = tensors.every((t) => Number(t.fileOffset) < size);
    if (tensors.length === 0 || !inside || typeof arch !== 'string' || !/^[a-z0-9_.-]+$/.test(arch)) {
      throw new Error('inconsistent');
    }
  } catch {
    throw new SahelError('BAD_INPUT', 'The GGUF file is damaged, cut short, or of an unsupported version');
  }
  const general = (meta.general ?? {}) as Record<string, unknown>;
  const architecture = typeof general.architecture === 'string' ? general.architecture : null;
  const arch = (architecture ? meta[architecture] : undefined) as Record<string, unknown> | undefined;
  const attention = (arch?.attention ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  return {
    architecture,
    name: typeof general.name === 'string' ? general.name.slice(0, 200) : null,
    contextLength: num(arch?.context_length),
    layers: num(arch?.block_count),
    embeddingLength: num(arch?.embedding_length),
    headCount: num(attention.head_count),
    headCountKv: num(attention.head_count_kv) ?? num(attention.head_count),
    poolingType: typeof arch?.pooling_type === 'number' ? arch.pooling_type : null,
  };
}
