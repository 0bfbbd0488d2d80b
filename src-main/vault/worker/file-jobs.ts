/**
 * File-to-file age encryption and decryption as the vault's worker runs them: 2 MiB blocks read ahead
 * and written behind in libuv's thread pool (file-io.ts), sealed or opened on this thread and the
 * lane thread (chunk-lanes.ts), the plaintext hashed on the lane beside the cipher, and the output
 * flushed as it grows. Node streams did the same with 16 KiB
 * writes and the hash in series, at a fraction of `age`'s speed (docs/PERFORMANCE.md, bench:vault-cli).
 */
import { createHash, type Hash } from 'node:crypto';
import { prepareHead } from '../age/encrypt.js';
import { openFileHead } from '../age/file-head.js';
import { parseRecipient, X25519Identity } from '../age/index.js';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE } from '../age/stream.js';
import { headerDigest } from '../blob-binding.js';
import {
  type Block,
  blockShape,
  type ChunkFailure,
  type Direction,
  firstFailure,
  type Lane,
  type LaneJob,
  runChunks,
} from './chunk-lanes.js';
import { BlockReader, fileToFile, readFull, SlotWriter, writeAll } from './file-io.js';
import type { DecryptOptions, FileResult, OpenedFile } from './protocol.js';

/** Chunks per block: 2 MiB of plaintext, few syscalls and messages, a few MiB of memory per job. */
const BATCH_CHUNKS = 32;
const PLAIN_BATCH = BATCH_CHUNKS * CHUNK_SIZE;
const SEALED_BATCH = BATCH_CHUNKS * ENCRYPTED_CHUNK_SIZE;

type Progress = (bytes: number) => void;

interface Pass {
  dir: Direction;
  key: Uint8Array;
  reader: BlockReader;
  writer: SlotWriter;
  lane: LaneJob | null;
  /** Hashes the plaintext on this thread (when the lane does not). */
  hash: Hash | null;
  onProgress: Progress;
}

/**
 * Starts block `b` on one thread or the other; resolves to its failure, if any. Sealing stays here
 * while the lane hashes the plaintext in order; opening goes to the lane whenever it is idle (unless
 * the plaintext must be hashed, which then happens here, in order).
 */
function dispatch(p: Pass, b: Block, lane: { busy: boolean }): Promise<ChunkFailure | null> {
  if (p.dir === 'seal') {
    const hashed = p.lane?.hash(b.input, b.inLen);
    if (!p.lane) p.hash?.update(new Uint8Array(b.input, 0, b.inLen));
    const failure = runChunks(b, p.key);
    return hashed ? hashed.then(() => failure) : Promise.resolve(failure);
  }
  if (p.lane && !p.hash && !lane.busy) {
    lane.busy = true;
    return p.lane.block(b).finally(() => {
      lane.busy = false;
    });
  }
  const failure = runChunks(b, p.key);
  if (!failure) p.hash?.update(new Uint8Array(b.output, 0, blockShape(b).outLen));
  return Promise.resolve(failure);
}

/**
 * Runs every block of the payload, each written as soon as it is made; returns the plaintext size.
 * After a failure no new block starts; those in flight finish, and the failure of the lowest chunk
 * is the one thrown, as a sequential pass would have met it first.
 */
async function runBlocks(p: Pass): Promise<number> {
  const failures: ChunkFailure[] = [];
  const errors: unknown[] = [];
  const inFlight = new Set<Promise<void>>();
  const lane = { busy: false };
  let first = 0;
  let size = 0;
  for (let final = false; !final && failures.length === 0 && errors.length === 0; ) {
    const read = await p.reader.take();
    final = read.final;
    const block: Block = {
      dir: p.dir,
      input: read.input,
      inLen: read.len,
      output: p.writer.output(read.k),
      first,
      final,
    };
    const { chunks, outLen } = blockShape(block);
    first += chunks;
    const done: Promise<void> = dispatch(p, block, lane)
      .then(async (failure) => {
        if (failure) return void failures.push(failure);
        await p.writer.write(read.k, outLen);
        size += p.dir === 'seal' ? read.len : outLen;
        p.onProgress(size);
      })
      .catch((err: unknown) => void errors.push(err))
      .finally(() => {
        p.reader.release(read.k);
        inFlight.delete(done);
      });
    inFlight.add(done);
  }
  await Promise.all(inFlight);
  if (errors.length > 0) throw errors[0];
  const failed = firstFailure(failures);
  if (failed) throw failed;
  return size;
}

/**
 * Runs a pass and leaves the output durable; whatever happens, the key is wiped, the lane told the
 * job ended, no I/O is left in flight and the buffers are wiped (and kept for the next job). Returns the size and the lane's hash.
 */
async function durablePass(p: Pass): Promise<{ size: number; laneDigest: string | null }> {
  let ended: Promise<string | null> | null = null;
  try {
    const size = await runBlocks(p);
    await p.writer.finish();
    ended = p.lane?.end() ?? null;
    return { size, laneDigest: await ended };
  } finally {
    p.key.fill(0);
    if (!ended) await p.lane?.end();
    await Promise.all([p.reader.settle(), p.writer.settle()]);
    p.reader.recycle();
    p.writer.recycle();
  }
}

/** src (plaintext) → dst (a binary age file for `recipient`), with the sha256 of the plaintext. */
export async function encryptFileBatched(
  src: string,
  dst: string,
  recipient: string,
  onProgress: Progress,
  lane: Lane | null = null,
): Promise<FileResult> {
  return fileToFile(src, dst, async (input, output) => {
    const { prefix, key } = await prepareHead([parseRecipient(recipient)]);
    try {
      await writeAll(output, prefix, 0);
    } catch (err) {
      key.fill(0);
      throw err;
    }
    const job = lane?.begin(key, true) ?? null;
    const hash = job ? null : createHash('sha256');
    const pass: Pass = {
      dir: 'seal',
      key,
      reader: new BlockReader(input, PLAIN_BATCH),
      writer: new SlotWriter(output, SEALED_BATCH, prefix.length),
      lane: job,
      hash,
      onProgress,
    };
    const { size, laneDigest } = await durablePass(pass);
    const sha256 = hash ? hash.digest('hex') : laneDigest;
    if (sha256 === null) throw new Error('The lane returned no hash of the plaintext');
    return { sha256, size };
  });
}

/** src (a binary age file the vault's `identity` opens) → dst (plaintext). */
export async function decryptFileBatched(
  src: string,
  dst: string,
  identity: string,
  onProgress: Progress,
  opts: DecryptOptions = {},
  lane: Lane | null = null,
): Promise<OpenedFile> {
  return fileToFile(src, dst, async (input, output) => {
    // One block's worth holds any header age allows (1 MiB) and the nonce after it.
    const head = Buffer.allocUnsafe(SEALED_BATCH);
    const got = await readFull(input, head, 0);
    if (opts.header && headerDigest(head.subarray(0, got)) !== opts.header) {
      throw Object.assign(new Error('The file is not the one the vault bound to this item'), {
        code: 'HEADER_MISMATCH',
      });
    }
    const opened = await openFileHead(
      [X25519Identity.parse(identity)],
      head.subarray(0, got),
      got < SEALED_BATCH,
    );
    const hash = opts.hash ? createHash('sha256') : null;
    const { size } = await durablePass({
      dir: 'open',
      key: opened.key,
      reader: new BlockReader(input, SEALED_BATCH, opened.length),
      writer: new SlotWriter(output, PLAIN_BATCH),
      lane: lane?.begin(opened.key, false) ?? null,
      hash,
      onProgress,
    });
    return { sha256: hash?.digest('hex') ?? null, size };
  });
}
