import { describe, expect, it } from 'vitest';
import { bufferSource } from '../../../../src-main/llm/models/gguf-cursor.js';
import { parseGgufHeader } from '../../../../src-main/llm/models/gguf-header.js';
import { SahelError } from '../../../../src-shared/errors.js';
import { craftedNesting, type GgufValue, writeGguf } from '../../../support/gguf-writer.js';
import { prng } from '../../../support/prng.js';

const u32 = (value: number): GgufValue => ({ type: 'u32', value });
const str = (value: string): GgufValue => ({ type: 'string', value });
const VALID = writeGguf(
  {
    'general.architecture': str('llama'),
    'general.name': str('Fuzz'),
    'llama.context_length': u32(4096),
    'llama.block_count': u32(2),
    'llama.attention.head_count': u32(4),
    'tokenizer.ggml.tokens': { type: 'array', of: 8, items: ['<s>', 'a', 'b', 'hello'].map(str) },
    'tokenizer.ggml.scores': {
      type: 'array',
      of: 6,
      items: [0, 1, 2, 3].map((value) => ({ type: 'f32', value })),
    },
    'test.nested': {
      type: 'array',
      of: 9,
      items: [{ type: 'array', of: 5, items: [{ type: 'i32', value: -1 }] }],
    },
  },
  [
    { name: 'token_embd.weight', dims: [8, 4], type: 0 },
    { name: 'output.weight', dims: [8, 4], type: 0 },
  ],
);

const EXTREMES = [0n, 1n, 2n ** 31n, 2n ** 32n, 2n ** 62n, 2n ** 63n, 2n ** 64n - 1n];

/** One mutated copy of the valid file; `kind` says which of the mutations made it. */
function mutate(r: () => number): Buffer {
  const b = Buffer.from(VALID.bytes);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const choice = r();
  if (choice < 0.4) {
    const f = pick(VALID.fields.filter((x) => x.kind !== 'type'));
    const v =
      r() < 0.6
        ? pick(EXTREMES)
        : BigInt(Math.floor(r() * 2 ** 32)) * (r() < 0.5 ? 1n : BigInt(Math.floor(r() * 2 ** 32)));
    if (f.width === 4) b.writeUInt32LE(Number(v & 0xffffffffn), f.at);
    else b.writeBigUInt64LE(v % 2n ** 64n, f.at);
  } else if (choice < 0.6) {
    const f = pick(VALID.fields.filter((x) => x.kind === 'type'));
    b.writeUInt32LE(r() < 0.7 ? Math.floor(r() * 14) : Math.floor(r() * 2 ** 32), f.at);
  } else if (choice < 0.8) {
    for (let i = 1 + Math.floor(r() * 8); i > 0; i--) b[Math.floor(r() * 400)] = Math.floor(r() * 256);
  } else if (choice < 0.9) {
    return b.subarray(0, Math.floor(r() * b.length));
  } else {
    return craftedNesting(1 + Math.floor(r() * 3000), pick(EXTREMES));
  }
  return b;
}

describe('the GGUF header reader, fed mutated headers', () => {
  it('reads the valid header it mutates', () => {
    expect(parseGgufHeader(bufferSource(VALID.bytes), 'fuzz.gguf')).toMatchObject({
      architecture: 'llama',
      name: 'Fuzz',
      contextLength: 4096,
      layers: 2,
      headCount: 4,
      headCountKv: 4,
    });
  });

  it('parses or refuses with a typed BAD_INPUT every one of 5,000 seeded cases, in bounded memory', () => {
    const r = prng(0x5a4e1).next;
    const outcomes = { parsed: 0, refused: 0 };
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    for (let n = 0; n < 5000; n++) {
      const bytes = mutate(r);
      try {
        const s = parseGgufHeader(bufferSource(bytes), 'fuzz.gguf');
        expect(typeof s.architecture, `case ${n}`).toBe('string');
        outcomes.parsed++;
      } catch (err) {
        if (!(err instanceof SahelError) || err.code !== 'BAD_INPUT') {
          throw new Error(`case ${n} threw ${String(err)} instead of a BAD_INPUT`);
        }
        expect(err.message, `case ${n}`).toMatch(/^fuzz\.gguf is not a (usable GGUF|GGUF model) file/);
        outcomes.refused++;
      }
      if (n % 250 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    // Both outcomes occur: the cases are neither all harmless nor all rejected at the magic bytes.
    expect(outcomes.parsed).toBeGreaterThan(200);
    expect(outcomes.refused).toBeGreaterThan(2000);
    // No claim in a header decides what is allocated: 5,000 cases, 2^64 counts among them, cost
    // the reader a few buffers at most.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses the crafted headers of issue 14 with a sentence naming the claim and the size', () => {
    const at = (b: Buffer) => {
      try {
        parseGgufHeader(bufferSource(b), 'x.gguf');
      } catch (err) {
        return err as SahelError;
      }
      throw new Error('accepted');
    };
    const counts = Buffer.alloc(40);
    counts.write('GGUF');
    counts.writeUInt32LE(3, 4);
    counts.writeBigUInt64LE(2n ** 64n - 1n, 8);
    expect(at(counts).message).toBe(
      'x.gguf is not a usable GGUF file: it claims 18446744073709551615 tensors and 0 metadata entries in a 40-byte file. Choose another file or download it again.',
    );
    expect(at(craftedNesting(2000, 1n)).message).toMatch(/nests arrays more than 2 deep/);
    expect(at(craftedNesting(1, 2n ** 62n)).message).toMatch(
      /claims 4611686018427387904 elements with \d+ bytes left/,
    );
  });
});
