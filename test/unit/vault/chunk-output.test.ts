// The vault worker seals and opens a file's chunks with node:crypto, which returns every chunk's
// output in a fresh 64 KiB buffer (src-main/vault/worker/chunks.ts). Each must be freed as soon
// as it is copied into its block: left to V8's collections they piled up (up to 64 MiB per thread)
// and, freed in bulk, made every later chunk fault fresh pages in.
import { randomBytes } from 'node:crypto';
import { markAsUntransferable } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { type Block, blockShape, release, runChunks } from '../../../src-main/vault/worker/chunks.js';

const CHUNK = 64 * 1024;
const SEALED = CHUNK + 16;
const BLOCK_CHUNKS = 32;
/** 14 MiB: not a multiple of any collection step, so garbage left since the last one would show. */
const BLOCKS = 7;

const key = randomBytes(32);
const plain = randomBytes(BLOCKS * BLOCK_CHUNKS * CHUNK);

function blocks(dir: 'seal' | 'open', from: Uint8Array): Block[] {
  const [inSize, outSize] = dir === 'seal' ? [CHUNK, SEALED] : [SEALED, CHUNK];
  return Array.from({ length: BLOCKS }, (_, k) => {
    const input = new ArrayBuffer(BLOCK_CHUNKS * inSize);
    new Uint8Array(input).set(from.subarray(k * BLOCK_CHUNKS * inSize, (k + 1) * BLOCK_CHUNKS * inSize));
    const block: Block = {
      dir,
      input,
      inLen: input.byteLength,
      output: new ArrayBuffer(BLOCK_CHUNKS * outSize),
      first: k * BLOCK_CHUNKS,
      final: k === BLOCKS - 1,
    };
    return block;
  });
}

/** Runs every block and returns how much array-buffer memory is still held afterwards, in bytes. */
function run(bs: Block[], into: Uint8Array, outSize: number): number {
  const before = process.memoryUsage().arrayBuffers;
  for (const [k, b] of bs.entries()) {
    runChunks(b, key);
    const { outLen } = blockShape(b);
    into.set(new Uint8Array(b.output, 0, outLen), k * BLOCK_CHUNKS * outSize);
  }
  return process.memoryUsage().arrayBuffers - before;
}

describe('chunk outputs', () => {
  test('sealing and opening 14 MiB keeps none of the per-chunk buffers alive, and round-trips', () => {
    const sealed = new Uint8Array(BLOCKS * BLOCK_CHUNKS * SEALED);
    const sealHeld = run(blocks('seal', plain), sealed, SEALED);
    const opened = new Uint8Array(plain.length);
    const openHeld = run(blocks('open', sealed), opened, CHUNK);
    expect(Buffer.from(opened).equals(plain)).toBe(true);
    // Without the release, each pass leaves up to 14 MiB of chunk outputs to the next collection.
    expect(sealHeld).toBeLessThan(1024 * 1024);
    expect(openHeld).toBeLessThan(1024 * 1024);
  });

  test('release frees a buffer that owns its memory and leaves pooled or untransferable ones intact', () => {
    const own = Buffer.alloc(CHUNK, 1);
    release(own);
    expect(own.buffer.byteLength).toBe(0);
    // A small Buffer is a view into Node's shared pool: releasing it must not take the pool along.
    const pooled = Buffer.from('abc');
    release(pooled);
    expect(pooled.toString()).toBe('abc');
    const kept = Buffer.alloc(CHUNK, 2);
    markAsUntransferable(kept.buffer);
    expect(() => release(kept)).not.toThrow();
    expect(kept[0]).toBe(2);
  });
});
