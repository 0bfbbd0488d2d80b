/**
 * File-to-file age encryption and decryption as the vault's worker runs them: large reads, the
 * plaintext hashed (sha256) in the same pass as the cipher, one write per batch of chunks, and the
 * next read and the previous write in flight (libuv's thread pool) while this thread seals or opens.
 * Node streams did the same with 16 KiB writes, two writes per chunk and a separate hashing stage,
 * at a fraction of `age`'s speed (docs/PERFORMANCE.md, bench:vault-cli).
 */
import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { prepareFile } from '../age/encrypt.js';
import { openFileHead } from '../age/file-head.js';
import { parseRecipient, X25519Identity } from '../age/index.js';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE } from '../age/stream.js';
import type { FileResult } from './protocol.js';

/** Chunks per read and per write: 2 MiB of plaintext, few syscalls, a few MiB of memory per job. */
const BATCH_CHUNKS = 32;
const PLAIN_BATCH = BATCH_CHUNKS * CHUNK_SIZE;
const SEALED_BATCH = BATCH_CHUNKS * ENCRYPTED_CHUNK_SIZE;

type Progress = (bytes: number) => void;

/** Reads sequentially into alternating buffers, one read ahead of the caller. */
class ReadAhead {
  #pos = 0;
  #next: Promise<Buffer>;
  readonly #bufs: [Buffer, Buffer];
  #turn = 0;

  constructor(
    private readonly fh: FileHandle,
    size: number,
  ) {
    this.#bufs = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
    this.#next = this.#fill(this.#bufs[0]);
  }

  async #fill(buf: Buffer): Promise<Buffer> {
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await this.fh.read(buf, n, buf.length - n, this.#pos);
      if (bytesRead === 0) break;
      n += bytesRead;
      this.#pos += bytesRead;
    }
    return buf.subarray(0, n);
  }

  /** The next block (full-sized unless at end of file; empty at end) and starts reading the one after. */
  async take(): Promise<Buffer> {
    const block = await this.#next;
    this.#turn ^= 1;
    // A short block means end of file: reading on would only return nothing.
    this.#next =
      block.length < this.#bufs[0].length
        ? Promise.resolve(Buffer.alloc(0))
        : this.#fill(this.#bufs[this.#turn]!);
    return block;
  }

  /** Waits for the read in flight, so no read lands in a buffer after the job ended. */
  async settle(): Promise<void> {
    await this.#next.catch(() => undefined);
  }

  wipe(): void {
    for (const b of this.#bufs) b.fill(0);
  }
}

/**
 * Collects output into rotating buffers and writes each full one with a single write. Three buffers:
 * while one fills, the one filled before is being written, and the one after that is free for a
 * block whose output runs over into it.
 */
class BatchWriter {
  readonly #bufs: Buffer[];
  readonly #writes: Promise<void>[];
  #turn = 0;
  #len = 0;
  #pos = 0;
  #failed: unknown;

  constructor(
    private readonly fh: FileHandle,
    size: number,
  ) {
    this.#bufs = [0, 1, 2].map(() => Buffer.allocUnsafeSlow(size));
    this.#writes = this.#bufs.map(() => Promise.resolve());
  }

  readonly push = (bytes: Uint8Array): void => {
    let off = 0;
    while (off < bytes.length) {
      const buf = this.#bufs[this.#turn]!;
      const n = Math.min(buf.length - this.#len, bytes.length - off);
      buf.set(bytes.subarray(off, off + n), this.#len);
      this.#len += n;
      off += n;
      if (this.#len === buf.length) this.#swap();
    }
  };

  #swap(): void {
    const buf = this.#bufs[this.#turn]!.subarray(0, this.#len);
    const at = this.#pos;
    this.#pos += this.#len;
    // Writes go to explicit positions, so they may complete in any order.
    this.#writes[this.#turn] = writeAll(this.fh, buf, at).catch((err: unknown) => {
      this.#failed ??= err;
    });
    this.#turn = (this.#turn + 1) % this.#bufs.length;
    this.#len = 0;
  }

  /** Call before pushing at most one buffer's worth: waits until the buffer after this one is free. */
  async ready(): Promise<void> {
    await this.#writes[(this.#turn + 1) % this.#bufs.length];
    if (this.#failed) throw this.#failed;
  }

  /** Writes what is left, waits for every write, then fsyncs. */
  async finish(): Promise<void> {
    if (this.#len > 0) this.#swap();
    await this.settle();
    if (this.#failed) throw this.#failed;
    await this.fh.sync();
  }

  async settle(): Promise<void> {
    await Promise.all(this.#writes);
  }

  wipe(): void {
    for (const b of this.#bufs) b.fill(0);
  }
}

async function writeAll(fh: FileHandle, buf: Buffer, at: number): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off, at + off)).bytesWritten;
}

/**
 * Opens src and a new dst (0600, exclusive), runs `body`, and fsyncs dst; on any failure dst is
 * removed, since a half-written file must never look like a result. Buffers are wiped either way.
 */
async function fileToFile(
  src: string,
  dst: string,
  readSize: number,
  writeSize: number,
  body: (input: ReadAhead, output: BatchWriter) => Promise<void>,
): Promise<void> {
  const input = await open(src, 'r');
  let output: FileHandle | undefined;
  let reader: ReadAhead | undefined;
  let writer: BatchWriter | undefined;
  try {
    output = await open(dst, 'wx', 0o600);
    reader = new ReadAhead(input, readSize);
    writer = new BatchWriter(output, writeSize);
    await body(reader, writer);
    await writer.finish();
  } catch (err) {
    await Promise.all([reader?.settle(), writer?.settle()]);
    if (output) await rm(dst, { force: true });
    throw err;
  } finally {
    reader?.wipe();
    writer?.wipe();
    await Promise.all([input.close(), output?.close()]);
  }
}

function done(hash: Hash, size: number): FileResult {
  return { sha256: hash.digest('hex'), size };
}

/** src (plaintext) → dst (a binary age file for `recipient`). */
export async function encryptFileBatched(
  src: string,
  dst: string,
  recipient: string,
  onProgress: Progress,
): Promise<FileResult> {
  const hash = createHash('sha256');
  let size = 0;
  await fileToFile(src, dst, PLAIN_BATCH, SEALED_BATCH, async (input, output) => {
    const { prefix, payload } = await prepareFile([parseRecipient(recipient)]);
    try {
      output.push(prefix);
      for (;;) {
        const block = await input.take();
        if (block.length === 0) break;
        hash.update(block);
        size += block.length;
        await output.ready();
        payload.write(block, output.push);
        onProgress(size);
      }
      await output.ready();
      payload.end(output.push);
    } finally {
      payload.dispose();
    }
  });
  return done(hash, size);
}

/** src (a binary age file the vault's `identity` opens) → dst (plaintext). */
export async function decryptFileBatched(
  src: string,
  dst: string,
  identity: string,
  onProgress: Progress,
): Promise<FileResult> {
  const hash = createHash('sha256');
  let size = 0;
  const emit = (output: BatchWriter) => (plain: Uint8Array) => {
    hash.update(plain);
    size += plain.length;
    output.push(plain);
  };
  // The first read (over 2 MiB) holds any header age allows (1 MiB) and the nonce after it.
  await fileToFile(src, dst, SEALED_BATCH, PLAIN_BATCH, async (input, output) => {
    const first = await input.take();
    const head = await openFileHead([X25519Identity.parse(identity)], first, first.length < SEALED_BATCH);
    const payload = head.payload;
    const push = emit(output);
    try {
      payload.write(first.subarray(head.length), push);
      for (;;) {
        const block = await input.take();
        if (block.length === 0) break;
        await output.ready();
        payload.write(block, push);
        onProgress(size);
      }
      await output.ready();
      payload.end(push);
    } finally {
      payload.dispose();
    }
  });
  return done(hash, size);
}
