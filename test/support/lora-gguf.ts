// Writes LoRA adapters in llama.cpp's GGUF format for tests: no adapter file ships with the tiny test
// model, and a hand-made one lets a test choose its strength and its (wrong) shapes.
import { writeFileSync } from 'node:fs';
import { readGgufFileInfo } from 'node-llama-cpp';
import { prng } from './prng.js';

/** A 2-D weight of the base model, in ggml order: ne[0] = inputs, ne[1] = outputs. */
export interface WeightShape {
  name: string;
  ne: [number, number];
}

export interface LoraOptions {
  rank?: number;
  /** llama.cpp scales by alpha / rank (0: by the user's scale alone). */
  alpha?: number;
  /** Weights are uniform in [-magnitude, magnitude]. */
  magnitude?: number;
  seed?: number;
  architecture?: string;
}

const GGUF_STRING = 8;
const GGUF_F32 = 6;
const GGML_F32 = 0;
const ALIGN = 32;

/** The base model's 2-D weights (projections, output), which a LoRA may target. */
export async function loraTargets(modelPath: string): Promise<WeightShape[]> {
  const info = await readGgufFileInfo(modelPath);
  return (info.fullTensorInfo ?? [])
    .filter((t) => t.dimensions.length === 2 && t.name !== 'token_embd.weight')
    .map((t) => ({ name: t.name, ne: [Number(t.dimensions[0]), Number(t.dimensions[1])] }));
}

/**
 * A LoRA GGUF as llama.cpp's llama-adapter.cpp reads it: general.type 'adapter', the model's
 * architecture, adapter.type 'lora', adapter.lora.alpha; per weight W[n_in, n_out] a pair
 * `<W>.lora_a` [n_in, r] and `<W>.lora_b` [r, n_out], F32.
 */
export function loraGguf(targets: WeightShape[], opts: LoraOptions = {}): Buffer {
  const rank = opts.rank ?? 4;
  const random = prng(opts.seed ?? 1).next; // the same adapter bytes on every run
  const magnitude = opts.magnitude ?? 1;
  const tensors = targets.flatMap(({ name, ne: [nIn, nOut] }) => [
    { name: `${name}.lora_a`, ne: [nIn, rank] },
    { name: `${name}.lora_b`, ne: [rank, nOut] },
  ]);
  const kv: Buffer[] = [
    kvString('general.architecture', opts.architecture ?? 'llama'),
    kvString('general.type', 'adapter'),
    kvString('adapter.type', 'lora'),
    kvF32('adapter.lora.alpha', opts.alpha ?? rank),
  ];
  const infos: Buffer[] = [];
  const datas: Buffer[] = [];
  let offset = 0;
  for (const t of tensors) {
    const count = t.ne[0]! * t.ne[1]!;
    const data = Buffer.alloc(count * 4);
    for (let i = 0; i < count; i++) data.writeFloatLE((random() * 2 - 1) * magnitude, i * 4);
    infos.push(
      Buffer.concat([str(t.name), u32(2), u64(t.ne[0]!), u64(t.ne[1]!), u32(GGML_F32), u64(offset)]),
    );
    const padded = pad(data);
    datas.push(padded);
    offset += padded.length;
  }
  const head = Buffer.concat([
    Buffer.from('GGUF', 'latin1'),
    u32(3),
    u64(tensors.length),
    u64(kv.length),
    ...kv,
    ...infos,
  ]);
  return Buffer.concat([pad(head), ...datas]);
}

/** Writes an adapter for the model at `modelPath` (or for `targets` given) to `outPath`. */
export async function writeLora(
  outPath: string,
  modelPath: string,
  opts: LoraOptions & { reshape?: (t: WeightShape) => WeightShape } = {},
): Promise<void> {
  const targets = (await loraTargets(modelPath)).map(opts.reshape ?? ((t) => t));
  writeFileSync(outPath, loraGguf(targets, opts));
}

function pad(b: Buffer): Buffer {
  const rest = b.length % ALIGN;
  return rest === 0 ? b : Buffer.concat([b, Buffer.alloc(ALIGN - rest)]);
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

function str(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([u64(bytes.length), bytes]);
}

function kvString(key: string, value: string): Buffer {
  return Buffer.concat([str(key), u32(GGUF_STRING), str(value)]);
}

function kvF32(key: string, value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatLE(value);
  return Buffer.concat([str(key), u32(GGUF_F32), b]);
}
