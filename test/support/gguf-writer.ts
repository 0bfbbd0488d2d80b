import { u32 } from './lora-gguf.js';

/** A GGUF metadata value for the writer: scalars by their GGUF type id, strings, arrays (nestable). */
export type GgufValue =
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'u8'; value: number }
  | { type: 'u64'; value: bigint }
  | { type: 'string'; value: string }
  | { type: 'array'; of: number; items: GgufValue[] };

export interface GgufTensor {
  name: string;
  dims: number[];
  /** ggml type id (0 = F32). */
  type: number;
}

/** Where a field sits in the written bytes, so a test can mutate exactly it. */
export interface GgufField {
  at: number;
  /** Bytes: n_dims and types are u32, other counts and lengths u64. */
  width: number;
  kind: 'count' | 'length' | 'type';
}

const TYPE_ID = { u8: 0, u32: 4, i32: 5, f32: 6, string: 8, array: 9, u64: 10 } as const;

/**
 * Writes a small, valid GGUF v3 file (F32 tensors) and records the offset of every count, length
 * and type field, for tests that feed the header reader mutated copies.
 */
export function writeGguf(
  kvs: Record<string, GgufValue>,
  tensors: GgufTensor[],
): {
  bytes: Buffer;
  fields: GgufField[];
} {
  const parts: Buffer[] = [];
  const fields: GgufField[] = [];
  let size = 0;
  const put = (b: Buffer, kind?: GgufField['kind']) => {
    if (kind) fields.push({ at: size, width: b.length, kind });
    parts.push(b);
    size += b.length;
  };
  const u32 = (n: number, kind?: GgufField['kind']) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    put(b, kind);
  };
  const u64 = (n: bigint | number, kind?: GgufField['kind']) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    put(b, kind);
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    u64(b.length, 'length');
    put(b);
  };
  const value = (v: GgufValue) => {
    if (v.type === 'string') return str(v.value);
    if (v.type === 'u64') return u64(v.value);
    if (v.type === 'u8') return put(Buffer.from([v.value]));
    if (v.type === 'array') {
      u32(v.of, 'type');
      u64(v.items.length, 'count');
      for (const item of v.items) value(item);
      return;
    }
    const b = Buffer.alloc(4);
    if (v.type === 'f32') b.writeFloatLE(v.value);
    else if (v.type === 'i32') b.writeInt32LE(v.value);
    else b.writeUInt32LE(v.value);
    put(b);
  };

  put(Buffer.from('GGUF'));
  u32(3);
  u64(tensors.length, 'count');
  u64(Object.keys(kvs).length, 'count');
  for (const [key, v] of Object.entries(kvs)) {
    str(key);
    u32(TYPE_ID[v.type], 'type');
    value(v);
  }
  let offset = 0;
  const sizes: number[] = [];
  for (const t of tensors) {
    str(t.name);
    u32(t.dims.length, 'count');
    for (const d of t.dims) u64(d);
    u32(t.type, 'type');
    u64(offset);
    const bytes = t.dims.reduce((a, b) => a * b, 1) * 4;
    sizes.push(bytes);
    offset += Math.ceil(bytes / 32) * 32;
  }
  put(Buffer.alloc((32 - (size % 32)) % 32));
  put(Buffer.alloc(offset, 1));
  return { bytes: Buffer.concat(parts), fields };
}

/** The header of a 40-byte file: GGUF v3 claiming `tensors` tensors and `kvs` entries, then padding. */
export function craftedCounts(tensors: bigint, kvs: bigint, total = 40): Buffer {
  const b = Buffer.alloc(total);
  b.write('GGUF', 0, 'latin1');
  b.writeUInt32LE(3, 4);
  b.writeBigUInt64LE(tensors, 8);
  b.writeBigUInt64LE(kvs, 16);
  return b;
}

/** One metadata entry whose value is `depth` arrays nested in each other, each claiming `count` items. */
export function craftedNesting(depth: number, count: bigint): Buffer {
  const head = craftedCounts(1n, 1n, 24);
  const key = Buffer.from('k');
  const parts: Buffer[] = [head, u64le(BigInt(key.length)), key, u32(9)];
  for (let i = 0; i < depth; i++) parts.push(u32(9), u64le(count));
  parts.push(u32(0), u64le(1n), Buffer.from([0]));
  return Buffer.concat(parts);
}

/** One metadata entry: an array of `count` u8 claimed in a short file. */
export function craftedArray(count: bigint): Buffer {
  const key = Buffer.from('tokenizer.ggml.scores');
  return Buffer.concat([
    craftedCounts(1n, 1n, 24),
    u64le(BigInt(key.length)),
    key,
    u32(9),
    u32(0),
    u64le(count),
    Buffer.alloc(16),
  ]);
}

function u64le(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}
