/**
 * The age payload: STREAM over ChaCha20-Poly1305 in 64 KiB chunks, nonce = 11-byte big-endian chunk
 * counter || 0x01 on the final chunk, 0x00 otherwise; key = HKDF(file key, salt = 16-byte nonce,
 * "payload").
 *
 * Both directions hold at most one chunk, so memory is constant whatever the file size.
 *
 * Release rules of the decryptor (what a consumer may rely on):
 * - A chunk's plaintext is emitted only after its Poly1305 tag verified.
 * - A buffered chunk is emitted only once it is known not to be the end of the file: a full chunk is
 *   opened as non-final only when more ciphertext follows it, and the last buffered chunk waits for
 *   end(). So a file cut at a chunk boundary, or carrying bytes after its final chunk, fails with
 *   PAYLOAD_TRUNCATED / TRAILING_DATA and the final chunk is never released; the consumer discards
 *   what it received on any error.
 * - The final chunk may be empty only when it is the only chunk (an empty payload).
 */
import { AgeError } from './errors.js';
import type { Aead } from './primitives.js';
import { hkdf, NONCE_SIZE, nodeAead, TAG_SIZE } from './primitives.js';

export const CHUNK_SIZE = 64 * 1024;
export const ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
/** The random nonce between header and payload, from which the payload key is derived. */
export const PAYLOAD_NONCE_SIZE = 16;

/**
 * Buffering on each side of the Transforms. Node's 16 KiB default makes reading, sealing and writing
 * take turns; 1 MiB lets file I/O in the thread pool overlap the cipher on the main thread, which
 * measured about 1.5× faster (test/bench/age.bench.ts) while keeping memory bounded.
 */
export const STREAM_BUFFER = 1024 * 1024;

export type Emit = (bytes: Uint8Array) => void;

export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  return hkdf(fileKey, nonce, 'payload');
}

/** The per-chunk nonce; the counter occupies bytes 0..10 and byte 11 is the final-chunk flag. */
class ChunkNonce {
  readonly #nonce = Buffer.alloc(NONCE_SIZE);
  count = 0;

  get(last: boolean): Buffer {
    this.#nonce[NONCE_SIZE - 1] = last ? 1 : 0;
    return this.#nonce;
  }

  increment(): void {
    for (let i = NONCE_SIZE - 2; i >= 0; i--) {
      const v = ((this.#nonce[i] ?? 0) + 1) & 0xff;
      this.#nonce[i] = v;
      if (v !== 0) break;
    }
    this.count++;
  }
}

export class PayloadEncryptor {
  readonly #key: Buffer;
  readonly #aead: Aead;
  readonly #nonce = new ChunkNonce();
  readonly #buf = Buffer.allocUnsafe(CHUNK_SIZE);
  #len = 0;
  #ended = false;

  constructor(key: Uint8Array, aead: Aead = nodeAead) {
    this.#key = Buffer.from(key);
    this.#aead = aead;
  }

  #seal(plaintext: Uint8Array, last: boolean, emit: Emit): void {
    for (const piece of this.#aead.seal(this.#key, this.#nonce.get(last), plaintext)) emit(piece);
    this.#nonce.increment();
  }

  write(data: Uint8Array, emit: Emit): void {
    if (this.#ended) throw new AgeError('INVALID_ARGUMENT', 'write after end');
    let off = 0;
    while (off < data.length) {
      // A full buffer is sealed as non-final only once more plaintext proves it is not the last one.
      if (this.#len === CHUNK_SIZE) {
        this.#seal(this.#buf, false, emit);
        this.#len = 0;
      }
      if (this.#len === 0 && data.length - off > CHUNK_SIZE) {
        this.#seal(data.subarray(off, off + CHUNK_SIZE), false, emit);
        off += CHUNK_SIZE;
        continue;
      }
      const n = Math.min(CHUNK_SIZE - this.#len, data.length - off);
      this.#buf.set(data.subarray(off, off + n), this.#len);
      this.#len += n;
      off += n;
    }
  }

  end(emit: Emit): void {
    if (this.#ended) return;
    this.#seal(this.#buf.subarray(0, this.#len), true, emit);
    this.dispose();
  }

  /** Wipes the key and buffered plaintext; the encryptor is unusable afterwards. */
  dispose(): void {
    this.#ended = true;
    this.#buf.fill(0);
    this.#key.fill(0);
  }
}

export class PayloadDecryptor {
  readonly #key: Buffer;
  readonly #aead: Aead;
  readonly #nonce = new ChunkNonce();
  readonly #buf = Buffer.allocUnsafe(ENCRYPTED_CHUNK_SIZE);
  #len = 0;
  #done = false;

  constructor(key: Uint8Array, aead: Aead = nodeAead) {
    this.#key = Buffer.from(key);
    this.#aead = aead;
  }

  #fail(code: 'PAYLOAD_CORRUPT' | 'PAYLOAD_TRUNCATED' | 'TRAILING_DATA', message: string): never {
    this.dispose();
    throw new AgeError(code, message);
  }

  /** Opens a full chunk that is known to be followed by more ciphertext. */
  #openNonFinal(sealed: Uint8Array, emit: Emit): void {
    const plaintext = this.#aead.open(this.#key, this.#nonce.get(false), sealed);
    if (plaintext) {
      this.#nonce.increment();
      emit(plaintext);
      return;
    }
    const asFinal = this.#aead.open(this.#key, this.#nonce.get(true), sealed);
    if (asFinal) {
      asFinal.fill(0);
      this.#fail('TRAILING_DATA', 'data after the final payload chunk');
    }
    this.#fail('PAYLOAD_CORRUPT', `payload chunk ${this.#nonce.count} failed authentication`);
  }

  write(data: Uint8Array, emit: Emit): void {
    if (this.#done) throw new AgeError('INVALID_ARGUMENT', 'write after end');
    let off = 0;
    while (off < data.length) {
      if (this.#len === ENCRYPTED_CHUNK_SIZE) {
        this.#openNonFinal(this.#buf, emit);
        this.#len = 0;
      }
      if (this.#len === 0 && data.length - off > ENCRYPTED_CHUNK_SIZE) {
        this.#openNonFinal(data.subarray(off, off + ENCRYPTED_CHUNK_SIZE), emit);
        off += ENCRYPTED_CHUNK_SIZE;
        continue;
      }
      const n = Math.min(ENCRYPTED_CHUNK_SIZE - this.#len, data.length - off);
      this.#buf.set(data.subarray(off, off + n), this.#len);
      this.#len += n;
      off += n;
    }
  }

  /** Called at end of input: the buffered bytes must be the final chunk. */
  end(emit: Emit): void {
    if (this.#done) throw new AgeError('INVALID_ARGUMENT', 'end after end');
    const sealed = this.#buf.subarray(0, this.#len);
    if (sealed.length === 0) {
      this.#fail('PAYLOAD_TRUNCATED', this.#nonce.count === 0 ? 'empty payload' : 'missing final chunk');
    }
    if (sealed.length < TAG_SIZE) this.#fail('PAYLOAD_TRUNCATED', 'final chunk shorter than its tag');
    const plaintext = this.#aead.open(this.#key, this.#nonce.get(true), sealed);
    if (!plaintext) {
      const asNonFinal =
        sealed.length === ENCRYPTED_CHUNK_SIZE
          ? this.#aead.open(this.#key, this.#nonce.get(false), sealed)
          : null;
      if (asNonFinal) {
        asNonFinal.fill(0);
        this.#fail('PAYLOAD_TRUNCATED', 'missing final chunk');
      }
      this.#fail('PAYLOAD_CORRUPT', `payload chunk ${this.#nonce.count} failed authentication`);
    }
    if (plaintext.length === 0 && this.#nonce.count > 0) {
      this.#fail('PAYLOAD_CORRUPT', 'final chunk is empty');
    }
    this.dispose();
    emit(plaintext);
  }

  /** Wipes the key and buffered ciphertext; the decryptor is unusable afterwards. */
  dispose(): void {
    this.#done = true;
    this.#key.fill(0);
    this.#buf.fill(0);
  }
}

/** Encrypts a whole payload in memory; returns the sealed chunks. */
export function encryptPayload(key: Uint8Array, plaintext: Uint8Array, aead: Aead = nodeAead): Buffer {
  const out: Uint8Array[] = [];
  const enc = new PayloadEncryptor(key, aead);
  enc.write(plaintext, (b) => out.push(b));
  enc.end((b) => out.push(b));
  return Buffer.concat(out);
}

/** Decrypts a whole payload in memory; all-or-nothing (throws without returning any plaintext). */
export function decryptPayload(key: Uint8Array, sealed: Uint8Array, aead: Aead = nodeAead): Buffer {
  const out: Uint8Array[] = [];
  const dec = new PayloadDecryptor(key, aead);
  try {
    dec.write(sealed, (b) => out.push(b));
    dec.end((b) => out.push(b));
  } catch (err) {
    for (const b of out) b.fill(0);
    throw err;
  }
  return Buffer.concat(out);
}
