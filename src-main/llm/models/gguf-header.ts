import { SahelError } from '../../../src-shared/errors.js';
import { type ByteSource, HeaderCursor } from './gguf-cursor.js';

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
  /** `general.type`: 'adapter' for a LoRA, 'model' (or absent, in older files) for weights. */
  fileType: string | null;
}

// The header is untrusted: every count is bounded by the bytes left in the file before anything is
// done per item, so a 40-byte file claiming 2^64 entries is refused at once rather than looped over.
// Each bound is the fewest bytes one item can take in a well-formed file.
const MIN_KV_BYTES = 8 + 4 + 1; // key length, value type, a one-byte value
const MIN_TENSOR_BYTES = 8 + 4 + 4 + 8; // name length, n_dims, type, offset
const ELEMENT_BYTES: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};
const STRING = 8;
const ARRAY = 9;
/** llama.cpp reads no nested arrays at all; one level of nesting is already generous. */
const MAX_ARRAY_DEPTH = 2;
const MAX_KVS = 65_536;
const MAX_TENSORS = 1 << 20;
/** The GGUF spec's limit on key length; ggml's on tensor names (GGML_MAX_NAME, with its NUL). */
const MAX_KEY_BYTES = 65_535;
const MAX_TENSOR_NAME_BYTES = 63;
const MAX_DIMS = 4;
/** ggml's type ids stay well below this; a larger one is a corrupt field, not a new quantisation. */
const MAX_GGML_TYPE = 255;
/** No metadata string is anywhere near this (chat templates are tens of KiB). */
const MAX_STRING_BYTES = 16 * 1024 * 1024;
/** Strings the summary keeps (names); longer ones are skipped, never decoded. */
const MAX_KEPT_STRING = 1024;
const KEPT_SUFFIX =
  /^(general\.(architecture|name|alignment|type)|[a-z0-9_.-]{1,64}\.(context_length|block_count|embedding_length|pooling_type|attention\.head_count|attention\.head_count_kv))$/;

type Scalar = number | bigint | string | boolean;

/**
 * Reads a GGUF header (versions 2 and 3) from `src` without trusting it: memory stays bounded by the
 * cursor's chunk whatever the counts, lengths, types and nesting claim, and anything that cannot be a
 * well-formed header is refused with a BAD_INPUT naming what is wrong. Only the values the summary
 * needs are decoded; the vocabulary and the rest are skipped over.
 */
export function parseGgufHeader(src: ByteSource, label: string): GgufSummary {
  const refuse = (why: string) =>
    new SahelError(
      'BAD_INPUT',
      `${label} is not a usable GGUF file: ${why}. Choose another file or download it again.`,
    );
  const c = new HeaderCursor(src, refuse);
  if (src.size < 4 || c.bytes(4).toString('latin1') !== 'GGUF') {
    throw new SahelError('BAD_INPUT', `${label} is not a GGUF model file (it does not start with "GGUF")`);
  }
  const version = c.u32();
  if (version !== 2 && version !== 3)
    throw refuse(`its version is ${version}; Sahel reads GGUF versions 2 and 3`);
  const tensors = c.u64();
  const kvs = c.u64();
  const room = BigInt(c.left());
  if (
    tensors * BigInt(MIN_TENSOR_BYTES) + kvs * BigInt(MIN_KV_BYTES) > room ||
    tensors > MAX_TENSORS ||
    kvs > MAX_KVS
  ) {
    throw refuse(`it claims ${tensors} tensors and ${kvs} metadata entries in a ${src.size}-byte file`);
  }
  if (tensors === 0n) throw refuse('it holds no tensors');

  const kept = new Map<string, Scalar>();
  for (let i = 0; i < Number(kvs); i++) {
    const keyLen = c.length(`key ${i}`, MAX_KEY_BYTES);
    // Only short keys can be ones the summary wants; the others are skipped, never decoded.
    let key = '';
    if (keyLen <= 128) key = c.bytes(keyLen).toString('utf8');
    else c.skip(keyLen);
    const type = c.u32();
    const keep = KEPT_SUFFIX.test(key);
    const value = readValue(c, type, 0, keep, refuse, key || `entry ${i}`);
    if (keep && value !== undefined) kept.set(key, value);
  }

  const alignment = kept.get('general.alignment') ?? 32;
  if (
    typeof alignment !== 'number' ||
    alignment < 1 ||
    alignment > 1 << 20 ||
    (alignment & (alignment - 1)) !== 0
  ) {
    throw refuse(`its general.alignment (${String(alignment)}) is not a power of two`);
  }
  if (Number(tensors) * MIN_TENSOR_BYTES > c.left()) {
    throw refuse(`it claims ${tensors} tensors but only ${c.left()} bytes are left for them`);
  }
  let last = 0n;
  for (let i = 0; i < Number(tensors); i++) {
    const nameLen = c.length(`the name of tensor ${i}`, MAX_TENSOR_NAME_BYTES);
    c.skip(nameLen);
    const dims = c.u32();
    if (dims > MAX_DIMS) throw refuse(`tensor ${i} claims ${dims} dimensions (ggml has at most ${MAX_DIMS})`);
    let elements = 1n;
    for (let d = 0; d < dims; d++) {
      const n = c.u64();
      elements *= n;
      if (n === 0n || elements >= 1n << 62n) throw refuse(`tensor ${i} claims an impossible shape`);
    }
    const ggmlType = c.u32();
    if (ggmlType > MAX_GGML_TYPE) throw refuse(`tensor ${i} has an unknown type (${ggmlType})`);
    const offset = c.u64();
    if (offset % BigInt(alignment) !== 0n) throw refuse(`tensor ${i} is not aligned to ${alignment} bytes`);
    if (offset > last) last = offset;
  }
  // Tensor data starts at the next multiple of the alignment; every tensor must start inside the file.
  const dataStart = BigInt(Math.ceil(c.pos / alignment) * alignment);
  if (dataStart + last >= BigInt(src.size)) {
    throw refuse(`its tensors start past the end of the file (${src.size} bytes); it is cut short`);
  }
  return summarise(kept, refuse);
}

/**
 * Reads (or skips) one value of `type`. Arrays are bounded by what is left of the file before their
 * elements are walked; elements are never kept. Returns the value when `keep` asks for a scalar.
 */
function readValue(
  c: HeaderCursor,
  type: number,
  depth: number,
  keep: boolean,
  refuse: (why: string) => SahelError,
  what: string,
): Scalar | undefined {
  const size = ELEMENT_BYTES[type];
  if (size !== undefined) {
    if (!keep) return void c.skip(size);
    switch (type) {
      case 0:
        return c.u8();
      case 1:
        return (c.u8() << 24) >> 24;
      case 4:
        return c.u32();
      case 5:
        return c.u32() | 0;
      case 7:
        return c.u8() !== 0;
      case 10:
        return c.u64();
      default:
        return void c.skip(size);
    }
  }
  if (type === STRING) {
    const len = c.length(`the string of ${what}`, MAX_STRING_BYTES);
    if (keep && len <= MAX_KEPT_STRING) return c.bytes(len).toString('utf8');
    return void c.skip(len);
  }
  if (type === ARRAY) {
    if (depth >= MAX_ARRAY_DEPTH) throw refuse(`${what} nests arrays more than ${MAX_ARRAY_DEPTH} deep`);
    const elementType = c.u32();
    const count = c.u64();
    const min = elementType === STRING ? 8 : elementType === ARRAY ? 12 : ELEMENT_BYTES[elementType];
    if (min === undefined) throw refuse(`${what} is an array of an unknown type (${elementType})`);
    if (count * BigInt(min) > BigInt(c.left())) {
      throw refuse(`${what} claims ${count} elements with ${c.left()} bytes left in the file`);
    }
    if (elementType !== STRING && elementType !== ARRAY) return void c.skip(Number(count) * min);
    for (let i = 0; i < Number(count); i++) readValue(c, elementType, depth + 1, false, refuse, what);
    return undefined;
  }
  throw refuse(`${what} has an unknown value type (${type})`);
}

function summarise(kept: Map<string, Scalar>, refuse: (why: string) => SahelError): GgufSummary {
  const architecture = kept.get('general.architecture');
  if (typeof architecture !== 'string' || !/^[a-z0-9_.-]{1,64}$/.test(architecture)) {
    throw refuse('its header names no model architecture (general.architecture)');
  }
  const num = (key: string) => {
    const v = kept.get(`${architecture}.${key}`);
    const n = typeof v === 'bigint' ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
  };
  const name = kept.get('general.name');
  const pooling = kept.get(`${architecture}.pooling_type`);
  const fileType = kept.get('general.type');
  return {
    architecture,
    name: typeof name === 'string' && name.length > 0 ? name.slice(0, 200) : null,
    contextLength: num('context_length'),
    layers: num('block_count'),
    embeddingLength: num('embedding_length'),
    headCount: num('attention.head_count'),
    headCountKv: num('attention.head_count_kv') ?? num('attention.head_count'),
    poolingType: typeof pooling === 'number' ? pooling : null,
    fileType: typeof fileType === 'string' && /^[a-z_-]{1,32}$/.test(fileType) ? fileType : null,
  };
}
