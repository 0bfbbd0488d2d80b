/**
 * The file side of the vault worker's batched jobs: blocks read ahead and written behind in libuv's
 * thread pool while the worker seals or opens the block between them.
 */
import { type FileHandle, open, rm } from 'node:fs/promises';

/**
 * Blocks in flight: one being sealed or opened, up to two being written, one being read ahead.
 * A slot holds a block's input and its output, and is reused once that output is written.
 */
const SLOTS = 4;

/**
 * The output is flushed to disk this often while the job runs (fdatasync in the thread pool, beside
 * the cipher), so the fsync that makes it durable at the end has little left to write. Sahel must
 * fsync (the user may delete the original once `vault add` returns); `age` does not, so the flush
 * is overlapped with the work instead of paid for after it.
 */
const SYNC_STEP = 64 * 1024 * 1024;

/**
 * Slot sets left by finished jobs, by slot size, wiped. Reused rather than left to V8, which frees
 * buffers that outlived a few collections only in a full collection: a fresh 16 MiB per job piled up
 * over consecutive imports.
 */
const spare = new Map<number, ArrayBuffer[][]>();
const SPARE_SETS = 2;

function slots(size: number): ArrayBuffer[] {
  return spare.get(size)?.pop() ?? Array.from({ length: SLOTS }, () => new ArrayBuffer(size));
}

/** Wipes a job's slots and keeps them for the next job. */
function recycle(bufs: ArrayBuffer[]): void {
  for (const b of bufs) new Uint8Array(b).fill(0);
  const size = bufs[0]?.byteLength ?? 0;
  const sets = spare.get(size) ?? [];
  if (sets.length < SPARE_SETS) sets.push(bufs);
  spare.set(size, sets);
}

/** Reads up to `len` bytes at `at`, fewer only at end of file. */
export async function readFull(fh: FileHandle, buf: Uint8Array, at: number): Promise<number> {
  let n = 0;
  while (n < buf.length) {
    const { bytesRead } = await fh.read(buf, n, buf.length - n, at + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return n;
}

export async function writeAll(fh: FileHandle, buf: Uint8Array, at: number): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off, at + off)).bytesWritten;
}

export interface ReadBlock {
  /** The block's number (0 first): its place in the input and in the output. */
  k: number;
  input: ArrayBuffer;
  len: number;
  /** Nothing follows this block: it ends the file. */
  final: boolean;
}

/**
 * Reads the file from `base` in blocks of `size`, ahead of the caller as far as free slots allow.
 * Whether a full block is the last one is known only from the next read, and age must flag the
 * last chunk before sealing or opening it, so a block is handed out once the one after it is read.
 */
export class BlockReader {
  readonly slots: ArrayBuffer[];
  readonly #reads = new Map<number, Promise<number>>();
  /** Per slot: settles when the block holding it was released. */
  readonly #free: Promise<void>[];
  readonly #release = new Map<number, () => void>();
  #k = 0;

  constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
    private readonly base = 0,
  ) {
    this.slots = slots(size);
    this.#free = this.slots.map(() => Promise.resolve());
  }

  #read(k: number): Promise<number> {
    let read = this.#reads.get(k);
    if (!read) {
      const slot = new Uint8Array(this.slots[k % SLOTS]!);
      read = this.#free[k % SLOTS]!.then(() => readFull(this.fh, slot, this.base + k * this.size));
      this.#reads.set(k, read);
    }
    return read;
  }

  /** The next block; its slot is the caller's until `release(k)`. */
  async take(): Promise<ReadBlock> {
    const k = this.#k++;
    const reading = this.#read(k);
    // Later reads into this slot wait for this block's release.
    this.#free[k % SLOTS] = new Promise((resolve) => this.#release.set(k, resolve));
    const len = await reading;
    if (len < this.size) return { k, input: this.slots[k % SLOTS]!, len, final: true };
    this.#read(k + 2);
    const next = await this.#read(k + 1);
    return { k, input: this.slots[k % SLOTS]!, len, final: next === 0 };
  }

  release(k: number): void {
    this.#release.get(k)?.();
    this.#release.delete(k);
  }

  /** Releases every slot and waits for the reads in flight, so none lands after the job ended. */
  async settle(): Promise<void> {
    for (const k of [...this.#release.keys()]) this.release(k);
    await Promise.all([...this.#reads.values()].map((r) => r.catch(() => 0)));
  }

  /** Wipes the slots and gives them back; the reader is unusable afterwards. */
  recycle(): void {
    recycle(this.slots);
  }
}

/**
 * Writes each block at its own offset (every block but the last is full, so block k starts at
 * base + k × blockOut) as soon as it is made, in whatever order, and flushes the file every
 * SYNC_STEP bytes while later blocks are being made.
 */
export class SlotWriter {
  readonly slots: ArrayBuffer[];
  readonly #writes = new Set<Promise<void>>();
  #failed: unknown;
  #written = 0;
  #flushed = 0;
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly fh: FileHandle,
    private readonly blockOut: number,
    private readonly base = 0,
  ) {
    this.slots = slots(blockOut);
  }

  output(k: number): ArrayBuffer {
    return this.slots[k % SLOTS]!;
  }

  /** Writes `len` bytes of block k's output; resolves when written. */
  async write(k: number, len: number): Promise<void> {
    const buf = new Uint8Array(this.output(k), 0, len);
    const write = writeAll(this.fh, buf, this.base + k * this.blockOut);
    this.#writes.add(write);
    try {
      await write;
    } catch (err) {
      this.#failed ??= err;
      throw err;
    } finally {
      this.#writes.delete(write);
    }
    this.#wrote(len);
  }

  #wrote(len: number): void {
    this.#written += len;
    if (this.#flushing || this.#written - this.#flushed < SYNC_STEP) return;
    const mark = this.#written;
    this.#flushing = this.fh.datasync().then(
      () => {
        this.#flushed = mark;
        this.#flushing = null;
      },
      (err: unknown) => {
        this.#failed ??= err;
      },
    );
  }

  /** Waits for every write and flush, then fsyncs: the file is durable when this returns. */
  async finish(): Promise<void> {
    await this.settle();
    if (this.#failed) throw this.#failed;
    await this.fh.sync();
  }

  async settle(): Promise<void> {
    await Promise.all([...this.#writes].map((w) => w.catch(() => undefined)));
    await this.#flushing;
  }

  /** Wipes the slots and gives them back; the writer is unusable afterwards. */
  recycle(): void {
    recycle(this.slots);
  }
}

/**
 * Opens src and a new dst (0600, exclusive) and runs `body`, which leaves dst durable; on any failure
 * dst is removed, since a half-written file must never look like a result.
 */
export async function fileToFile<T>(
  src: string,
  dst: string,
  body: (input: FileHandle, output: FileHandle) => Promise<T>,
): Promise<T> {
  const input = await open(src, 'r');
  let output: FileHandle | undefined;
  try {
    output = await open(dst, 'wx', 0o600);
    return await body(input, output);
  } catch (err) {
    if (output) await rm(dst, { force: true });
    throw err;
  } finally {
    await Promise.all([input.close(), output?.close()]);
  }
}
