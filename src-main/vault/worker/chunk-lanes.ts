/**
 * The lane: a second thread beside the vault's file worker. age's STREAM makes every 64 KiB chunk its
 * own ChaCha20-Poly1305 message (nonce = chunk index and final flag), so blocks of chunks can be
 * sealed or opened on either thread in any order and written at their own offsets. The file worker
 * hands the lane a block whenever it is idle and works on the next one meanwhile; when sealing, the
 * lane hashes the plaintext (in order) instead, beside the file worker's cipher. Blocks live in
 * shared memory, so nothing is copied between the threads. The lane never waits on the file worker,
 * and the file worker waits on the lane only to write a block, so a busy machine slows them without
 * stalling either (docs/PERFORMANCE.md, bench:vault-cli). The vault uses the lane only for hashing
 * while it seals: opening blocks on both threads measured slower than on one (crypto-worker.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { AgeError, isAgeError } from '../age/index.js';
import { NONCE_SIZE, nodeAead, TAG_SIZE } from '../age/primitives.js';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, openChunk, sealChunk } from '../age/stream.js';

export type Direction = 'seal' | 'open';

/** One block of consecutive chunks, in memory both threads share. */
export interface Block {
  dir: Direction;
  input: SharedArrayBuffer;
  inLen: number;
  output: SharedArrayBuffer;
  /** The payload index of the block's first chunk (its nonce counter). */
  first: number;
  /** Whether the block ends the payload: its last chunk carries the final flag. */
  final: boolean;
}

export interface ChunkFailure {
  index: number;
  code: string;
  message: string;
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

function release(bytes: Uint8Array): void {
  // Only a buffer that owns all of its memory: a view into a pool would take its neighbours along.
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) return;
  if (!(bytes.buffer instanceof ArrayBuffer)) return;
  drop.postMessage(null, [bytes.buffer]);
}

/** Seals or opens every chunk of `b` with `key`; the first failure stops it and is returned. */
export function runChunks(b: Block, key: Uint8Array): ChunkFailure | null {
  const input = new Uint8Array(b.input, 0, b.inLen);
  const output = new Uint8Array(b.output);
  const chunks = chunkCount(b);
  const nonce = Buffer.alloc(NONCE_SIZE);
  for (let i = 0; i < chunks; i++) {
    const last = b.final && i === chunks - 1;
    try {
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
    } catch (err) {
      const code = isAgeError(err) ? err.code : 'FAILED';
      return { index: b.first + i, code, message: err instanceof Error ? err.message : String(err) };
    }
  }
  return null;
}

/** The first failure (lowest chunk index) of a job's blocks, as the error the job fails with. */
export function firstFailure(failures: ChunkFailure[]): AgeError | null {
  const failed = [...failures].sort((a, b) => a.index - b.index)[0];
  return failed ? new AgeError(failed.code as AgeError['code'], failed.message) : null;
}

type LaneRequest =
  | { type: 'begin'; job: number; key: Uint8Array; hash: boolean }
  | { type: 'block'; job: number; seq: number; block: Block }
  | { type: 'hash'; job: number; seq: number; input: SharedArrayBuffer; len: number }
  | { type: 'end'; job: number; seq: number };

interface LaneReply {
  seq: number;
  failure?: ChunkFailure | null;
  digest?: string | null;
}

/** The lane thread: takes blocks from the file worker's jobs over `port` and answers each. */
export function serveLane(port: MessagePort): void {
  const jobs = new Map<number, { key: Uint8Array; hash: Hash | null }>();
  port.on('message', (req: LaneRequest) => {
    if (req.type === 'begin') {
      jobs.set(req.job, { key: req.key, hash: req.hash ? createHash('sha256') : null });
      return;
    }
    const job = jobs.get(req.job);
    if (req.type === 'end') {
      jobs.delete(req.job);
      job?.key.fill(0);
      port.postMessage({ seq: req.seq, digest: job?.hash?.digest('hex') ?? null } satisfies LaneReply);
      return;
    }
    if (req.type === 'hash') {
      job?.hash?.update(new Uint8Array(req.input, 0, req.len));
      port.postMessage({ seq: req.seq } satisfies LaneReply);
      return;
    }
    const failure = job
      ? runChunks(req.block, job.key)
      : { index: req.block.first, code: 'FAILED', message: 'The lane has no such job' };
    port.postMessage({ seq: req.seq, failure } satisfies LaneReply);
  });
}

/** One job's use of the lane, from the file worker's side. */
export interface LaneJob {
  /** Has the lane seal or open the block; resolves when it is done with it. */
  block(b: Block): Promise<ChunkFailure | null>;
  /** Has the lane hash `len` bytes of `input` (after those it was given before). */
  hash(input: SharedArrayBuffer, len: number): Promise<void>;
  /** Ends the job (the lane wipes its key); resolves to the sha256 the lane computed, if asked. */
  end(): Promise<string | null>;
}

/** The file worker's end of the lane. */
export class Lane {
  #job = 0;
  #seq = 0;
  readonly #waiting = new Map<number, (reply: LaneReply) => void>();

  constructor(private readonly port: MessagePort) {
    port.on('message', (reply: LaneReply) => {
      const resolve = this.#waiting.get(reply.seq);
      this.#waiting.delete(reply.seq);
      resolve?.(reply);
    });
  }

  #ask(req: LaneRequest & { seq: number }): Promise<LaneReply> {
    return new Promise((resolve) => {
      this.#waiting.set(req.seq, resolve);
      this.port.postMessage(req);
    });
  }

  /** Starts a job under `key` (copied to the lane); `hash`: the lane hashes every block's input. */
  begin(key: Uint8Array, hash: boolean): LaneJob {
    const job = ++this.#job;
    // A copy moved (not cloned) to the lane, so no stray copy of the key is left in transit.
    const own = new Uint8Array(key);
    this.port.postMessage({ type: 'begin', job, key: own, hash } satisfies LaneRequest, [own.buffer]);
    return {
      block: async (block) =>
        (await this.#ask({ type: 'block', job, seq: ++this.#seq, block })).failure ?? null,
      hash: async (input, len) => {
        await this.#ask({ type: 'hash', job, seq: ++this.#seq, input, len });
      },
      end: async () => (await this.#ask({ type: 'end', job, seq: ++this.#seq })).digest ?? null,
    };
  }
}
