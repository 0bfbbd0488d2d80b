/** Where a header's bytes come from: a file (read at positions) or, in tests, a buffer. */
export interface ByteSource {
  readonly size: number;
  /** Like fs.readSync: copies up to `length` bytes at `position` into `buf` at `offset`; returns how many. */
  read(buf: Buffer, offset: number, length: number, position: number): number;
}

/** A header past this is refused: real ones (vocabularies of 256k tokens) stay far below it. */
export const MAX_HEADER_BYTES = 256 * 1024 * 1024;
const CHUNK = 1 << 20;

export function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: (buf, offset, length, position) => bytes.copy(buf, offset, position, position + length),
  };
}

/**
 * Reads a header front to back through one fixed buffer, so no claim in the file decides how much is
 * allocated. Every read past the file's end, or past MAX_HEADER_BYTES, ends in `refuse`.
 */
export class HeaderCursor {
  pos = 0;
  private readonly buf: Buffer;
  private start = 0;
  private end = 0;

  constructor(
    private readonly src: ByteSource,
    private readonly refuse: (why: string) => Error,
  ) {
    this.buf = Buffer.alloc(Math.max(1, Math.min(CHUNK, src.size)));
  }

  /** Bytes from here to the end of the file. */
  left(): number {
    return this.src.size - this.pos;
  }

  u8(): number {
    this.ensure(1);
    return this.buf[this.pos++ - this.start]!;
  }

  u32(): number {
    this.ensure(4);
    const v = this.buf.readUInt32LE(this.pos - this.start);
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    this.ensure(8);
    const v = this.buf.readBigUInt64LE(this.pos - this.start);
    this.pos += 8;
    return v;
  }

  /** `n` bytes (n ≤ 1 MiB, which callers bound far lower), valid until the next read. */
  bytes(n: number): Buffer {
    this.ensure(n);
    const at = this.pos - this.start;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }

  skip(n: number): void {
    this.check(n);
    this.pos += n;
  }

  /** A u64 length that must fit in what is left of the file and under `max`. */
  length(what: string, max: number): number {
    const n = this.u64();
    if (n > BigInt(this.left())) {
      throw this.refuse(`${what} claims ${n} bytes with ${this.left()} left in the file`);
    }
    if (n > BigInt(max)) throw this.refuse(`${what} is ${n} bytes long, more than ${max}`);
    return Number(n);
  }

  private check(n: number): void {
    if (this.pos + n > this.src.size) {
      throw this.refuse(
        `its header runs past the end of the file (byte ${this.pos + n} of ${this.src.size}); it is damaged or cut short`,
      );
    }
    if (this.pos + n > MAX_HEADER_BYTES) {
      throw this.refuse(`its header goes on past ${MAX_HEADER_BYTES / 1024 / 1024} MiB`);
    }
  }

  private ensure(n: number): void {
    this.check(n);
    if (this.pos >= this.start && this.pos + n <= this.end) return;
    const len = Math.min(CHUNK, this.src.size - this.pos);
    let got = 0;
    while (got < len) {
      const r = this.src.read(this.buf, got, len - got, this.pos + got);
      if (r <= 0) break;
      got += r;
    }
    this.start = this.pos;
    this.end = this.pos + got;
    // The file shrank while it was read.
    if (this.pos + n > this.end) throw this.refuse('the file changed while its header was read');
  }
}
