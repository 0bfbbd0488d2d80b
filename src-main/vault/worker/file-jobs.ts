/**
 * File-to-file age encryption and decryption as the vault's worker runs them: 2 MiB blocks read ahead
 * and written behind in libuv's thread pool (file-io.ts) while this thread seals or opens the block
 * between them (chunks.ts) and hashes the plaintext in the same pass, the output flushed as it grows.
 * Node streams did the same with 16 KiB writes, at a fraction of `age`'s speed (docs/PERFORMANCE.md,
 * bench:vault-cli).
 */
import { createHash, type Hash } from 'node:crypto';
import { prepareHead } from '../age/encrypt.js';
import { openFileHead } from '../age/file-head.js';
import { parseRecipient, X25519Identity } from '../age/index.js';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE } from '../age/stream.js';
import { headerDigest } from '../blob-binding.js';
import { type Block, blockShape, type Direction, runChunks } from './chunks.js';
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
  /** Hashes the plaintext, in order, beside the cipher. */
  hash: Hash | null;
  onProgress: Progress;
}

/** Seals or opens block `b` and hashes its plaintext (the input when sealing, the output when opening). */
function crypt(p: Pass, b: Block): number {
  if (p.dir === 'seal') p.hash?.update(new Uint8Array(b.input, 0, b.inLen));
  runChunks(b, p.key);
  const { outLen } = blockShape(b);
  if (p.dir === 'open') p.hash?.update(new Uint8Array(b.output, 0, outLen));
  return outLen;
}

/**
 * Runs every block of the payload in order, each written as soon as it is made while the next is
 * read and made; returns the plaintext size. The first failure stops it; writes in flight finish.
 */
async function runBlocks(p: Pass): Promise<number> {
  const errors: unknown[] = [];
  const inFlight = new Set<Promise<void>>();
  let first = 0;
  let size = 0;
  try {
    for (let final = false; !final && errors.length === 0; ) {
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
      first += blockShape(block).chunks;
      let outLen: number;
      try {
        outLen = crypt(p, block);
      } catch (err) {
        p.reader.release(read.k);
        throw err;
      }
      const done: Promise<void> = p.writer
        .write(read.k, outLen)
        .then(() => {
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
  } finally {
    await Promise.all(inFlight);
  }
  if (errors.length > 0) throw errors[0];
  return size;
}

/**
 * Runs a pass and leaves the output durable; whatever happens, the key is wiped, no I/O is left in
 * flight and the buffers are wiped (and kept for the next job). Returns the plaintext size.
 */
async function durablePass(p: Pass): Promise<number> {
  try {
    const size = await runBlocks(p);
    await p.writer.finish();
    return size;
  } finally {
    p.key.fill(0);
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
): Promise<FileResult> {
  return fileToFile(src, dst, async (input, output) => {
    const { prefix, key } = await prepareHead([parseRecipient(recipient)]);
    try {
      await writeAll(output, prefix, 0);
    } catch (err) {
      key.fill(0);
      throw err;
    }
    const hash = createHash('sha256');
    const size = await durablePass({
      dir: 'seal',
      key,
      reader: new BlockReader(input, PLAIN_BATCH),
      writer: new SlotWriter(output, SEALED_BATCH, prefix.length),
      hash,
      onProgress,
    });
    return { sha256: hash.digest('hex'), size };
  });
}

/** src (a binary age file the vault's `identity` opens) → dst (plaintext). */
export async function decryptFileBatched(
  src: string,
  dst: string,
  identity: string,
  onProgress: Progress,
  opts: DecryptOptions = {},
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
    const size = await durablePass({
      dir: 'open',
      key: opened.key,
      reader: new BlockReader(input, SEALED_BATCH, opened.length),
      writer: new SlotWriter(output, PLAIN_BATCH),
      hash,
      onProgress,
    });
    return { sha256: hash?.digest('hex') ?? null, size };
  });
}
