/**
 * Blocks of age STREAM chunks, sealed or opened on the vault's file worker. Every 64 KiB chunk is its
 * own ChaCha20-Poly1305 message (nonce = chunk index and final flag), so a block of them needs only
 * its first chunk's index and whether it ends the payload. A second thread that sealed, opened or
 * hashed blocks beside this one was tried and removed: it did not pay for itself on this path
 * (docs/PERFORMANCE.md, bench:vault-cli).
 */
import { MessageChannel } from 'node:worker_threads';
import { NONCE_SIZE, nodeAead, TAG_SIZE } from '../age/primitives.js';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, openChunk, sealChunk } from '../age/stream.js';

export type Direction = 'seal' | 'open';

/** One block of consecutive chunks. */
export interface Block {
  dir: Direction;
  input: ArrayBuffer;
  inLen: number;
  output: ArrayBuffer;
  /** The payload index of the block's first chunk (its nonce counter). */
  first: number;
  /** Whether the block ends the payload: its last chunk carries the final flag. */
  final: boolean;
}

function chunkCount(b: Pick<Block, 'dir' | 'inLen' | 'final'>): number {
  const n = Math.ceil(b.inLen / (b.dir === 'seal' ? CHUNK_SIZE : ENCRYPTED_CHUNK_SIZE));
  // An empty payload is one empty final chunk.
  return b.final ? Math.max(n, 1) : n;
}

/** Chunks in the block and the bytes they come out as (for `open`, valid once every chunk opened). */
export function blockShape(b: Pick<Block, 'dir' | 'inLen' | 'final'>): { chunks: number; outLen: number } {
  const chunks = chunkCount(b);
  return { chunks, outLen: b.dir === 'seal' ? b.inLen + chunks * TAG_SIZE : b.inLen - chunks * TAG_SIZE };
}

/**
 * node:crypto returns each chunk's output in a fresh 64 KiB buffer (Node 20 has no update-into), which
 * V8 frees only in a collection: left to V8 they piled up to 64 MiB per thread before one, and freed
 * in bulk they gave the allocator's arena back to the kernel, so every chunk faulted fresh pages in
 * (one minor fault per 4 KiB written: 180–230 thousand a GiB; docs/PERFORMANCE.md). Once copied into
 * the block, each is freed at once instead: moving an ArrayBuffer to a closed port detaches it and
 * drops its memory on the spot (ArrayBuffer.prototype.transfer is still behind a flag in Node 20), so
 * the next chunk's output reuses the same memory.
 */
const drop = new MessageChannel().port1;
drop.close();

export function release(bytes: Uint8Array): void {
  // Only a buffer that owns all of its memory: a view into a pool would take its neighbours along.
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) return;
  if (!(bytes.buffer instanceof ArrayBuffer)) return;
  try {
    drop.postMessage(null, [bytes.buffer]);
  } catch {
    // A buffer Node marked untransferable stays with V8's collector: slower, never wrong.
  }
}

/**
 * Seals or opens every chunk of `b` with `key` into its output; throws the typed error of the first
 * chunk that fails (age's errors say which: corrupt, truncated, trailing data).
 */
export function runChunks(b: Block, key: Uint8Array): void {
  const input = new Uint8Array(b.input, 0, b.inLen);
  const output = new Uint8Array(b.output);
  const chunks = chunkCount(b);
  const nonce = Buffer.alloc(NONCE_SIZE);
  for (let i = 0; i < chunks; i++) {
    const last = b.final && i === chunks - 1;
    if (b.dir === 'seal') {
      const plain = input.subarray(i * CHUNK_SIZE, Math.min((i + 1) * CHUNK_SIZE, b.inLen));
      let at = i * ENCRYPTED_CHUNK_SIZE;
      for (const piece of sealChunk(nodeAead, key, b.first + i, last, plain, nonce)) {
        output.set(piece, at);
        at += piece.length;
        release(piece);
      }
    } else {
      const end = Math.min((i + 1) * ENCRYPTED_CHUNK_SIZE, b.inLen);
      const sealed = input.subarray(i * ENCRYPTED_CHUNK_SIZE, end);
      const plain = openChunk(nodeAead, key, b.first + i, sealed, last, nonce);
      output.set(plain, i * CHUNK_SIZE);
      release(plain);
    }
  }
}
