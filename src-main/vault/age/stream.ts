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

/**
 * The nonce of chunk `index` (counting from 0): the counter in bytes 0..10, big-endian, and byte 11
 * the final-chunk flag. Written into `into` when given, so a loop need not allocate one per chunk.
 */
export function chunkNonce(index: number, last: boolean, into: Buffer = Buffer.alloc(NONCE_SIZE)): Buffer {
  into.fill(0);
  into[NONCE_SIZE - 1] = last ? 1 : 0;
  for (let i = NONCE_SIZE - 2, v = index; i >= 0 && v > 0; i--, v = Math.floor(v / 256)) into[i] = v % 256;
  return into;
}

/** Seals chunk `index` (`last` for the payload's final chunk); the pieces are ciphertext then tag. */
export function sealChunk(
  aead: Aead,
  key: Uint8Array,
  index: number,
  last: boolean,
  plaintext: Uint8Array,
  nonce?: Buffer,
): Uint8Array[] {
  return aead.seal(key, chunkNonce(index, last, nonce), plaintext);
}

function truncated(message: string): AgeError {
  return new AgeError('PAYLOAD_TRUNCATED', message);
}

function corrupt(index: number): AgeError {
  return new AgeError('PAYLOAD_CORRUPT', `payload chunk ${index} failed authentication`);
}

/**
 * Opens chunk `index`, `final` when no ciphertext follows it, and returns its plaintext, or throws the
 * typed error that says what is wrong: a non-final chunk that opens as final means bytes after the
 * end (TRAILING_DATA); a final chunk that opens as non-final means the file was cut at a chunk
 * boundary (PAYLOAD_TRUNCATED). Nothing unverified is ever returned.
 */
export function openChunk(
  aead: Aead,
  key: Uint8Array,
  index: number,
  sealed: Uint8Array,
  final: boolean,
  nonce?: Buffer,
): Uint8Array {
  if (!final) {
    const plaintext = aead.open(key, chunkNonce(index, false, nonce), sealed);
    if (plaintext) return plaintext;
    const asFinal = aead.open(key, chunkNonce(index, true, nonce), sealed);
    if (asFinal) {
      asFinal.fill(0);
      throw new AgeError('TRAILING_DATA', 'data after the final payload chunk');
    }
    throw corrupt(index);
  }
  if (sealed.length === 0) throw truncated(index === 0 ? 'empty payload' : 'missing final chunk');
  if (sealed.length < TAG_SIZE) throw truncated('final chunk shorter than its tag');
  const plaintext = aead.open(key, chunkNonce(index, true, nonce), sealed);
  if (!plaintext) {
    const asNonFinal =
      sealed.length === ENCRYPTED_CHUNK_SIZE ? aead.open(key, chunkNonce(index, false, nonce), sealed) : null;
    if (asNonFinal) {
      asNonFinal.fill(0);
      throw truncated('missing final chunk');
    }
    throw corrupt(index);
  }
  if (plaintext.length === 0 && index > 0) throw new AgeError('PAYLOAD_CORRUPT', 'final chunk is empty');
  return plaintext;
}

export class PayloadEncryptor {
  readonly #key: Buffer;
  readonly #aead: Aead;
  readonly #nonce = Buffer.alloc(NONCE_SIZE);
  #index = 0;
  readonly #buf = Buffer.allocUnsafe(CHUNK_SIZE);
  #len = 0;
  #ended = false;

  constructor(key: Uint8Array, aead: Aead = nodeAead) {
    this.#key = Buffer.from(key);
    this.#aead = aead;
  }

  #seal(plaintext: Uint8Array, last: boolean, emit: Emit): void {
    for (const piece of sealChunk(this.#aead, this.#key, this.#index, last, plaintext, this.#nonce))
      emit(piece);
    this.#index++;
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
  readonly #nonce = Buffer.alloc(NONCE_SIZE);
  #index = 0;
  readonly #buf = Buffer.allocUnsafe(ENCRYPTED_CHUNK_SIZE);
  #len = 0;
  #done = false;

  constructor(key: Uint8Array, aead: Aead = nodeAead) {
    this.#key = Buffer.from(key);
    this.#aead = aead;
  }

  /** Opens the next chunk; any failure wipes the key before it is thrown. */
  #open(sealed: Uint8Array, final: boolean): Uint8Array {
    try {
      const plaintext = openChunk(this.#aead, this.#key, this.#index, sealed, final, this.#nonce);
      this.#index++;
      return plaintext;
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  write(data: Uint8Array, emit: Emit): void {
    if (this.#done) throw new AgeError('INVALID_ARGUMENT', 'write after end');
    let off = 0;
    while (off < data.length) {
      // A full chunk is opened as non-final only once more ciphertext proves it is not the last one.
      if (this.#len === ENCRYPTED_CHUNK_SIZE) {
        emit(this.#open(this.#buf, false));
        this.#len = 0;
      }
      if (this.#len === 0 && data.length - off > ENCRYPTED_CHUNK_SIZE) {
        emit(this.#open(data.subarray(off, off + ENCRYPTED_CHUNK_SIZE), false));
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
    const plaintext = this.#open(this.#buf.subarray(0, this.#len), true);
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
