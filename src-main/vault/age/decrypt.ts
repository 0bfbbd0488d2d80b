/**
 * Decryption of whole age files: header → file key → MAC → nonce → payload. The order of checks
 * follows the reference implementation so each malformed file fails with the error for its first
 * defect (a parse error is never masked as a MAC error, nor a MAC error as a payload error).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { dearmor, looksArmored } from './armor.js';
import { AgeError } from './errors.js';
import type { ParsedHeader, Stanza } from './header.js';
import { checkIntroPrefix, findHeaderEnd, MAX_HEADER_SIZE, parseHeader, verifyHeaderMac } from './header.js';
import type { Aead } from './primitives.js';
import { FILE_KEY_SIZE, nodeAead } from './primitives.js';
import { PAYLOAD_NONCE_SIZE, PayloadDecryptor, payloadKey, STREAM_BUFFER } from './stream.js';
import type { Identity } from './types.js';

async function unwrapFileKey(
  identities: readonly Identity[],
  stanzas: readonly Stanza[],
): Promise<Uint8Array> {
  if (stanzas.some((s) => s.type === 'scrypt') && stanzas.length !== 1) {
    throw new AgeError('STANZA_INVALID', 'scrypt stanza must be alone');
  }
  for (const identity of identities) {
    const fileKey = await identity.unwrap(stanzas);
    if (fileKey) {
      if (fileKey.length !== FILE_KEY_SIZE)
        throw new AgeError('STANZA_INVALID', 'file key has the wrong length');
      return fileKey;
    }
  }
  throw new AgeError('NO_IDENTITY_MATCHED', 'no identity matched any of the recipients');
}

/** Unwraps and authenticates a parsed header; returns the file key. */
export async function openHeader(identities: readonly Identity[], header: ParsedHeader): Promise<Uint8Array> {
  if (identities.length === 0) throw new AgeError('INVALID_ARGUMENT', 'no identities given');
  const fileKey = await unwrapFileKey(identities, header.stanzas);
  try {
    verifyHeaderMac(header, fileKey);
  } catch (err) {
    fileKey.fill(0);
    throw err;
  }
  return fileKey;
}

function keyFromNonce(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  const key = payloadKey(fileKey, nonce);
  fileKey.fill(0);
  return key;
}

/** Decrypts a complete file held in memory; all-or-nothing. Armored input is detected and accepted. */
export async function decryptBuffer(
  identities: readonly Identity[],
  input: Uint8Array,
  aead: Aead = nodeAead,
): Promise<Buffer> {
  const data = looksArmored(input)
    ? dearmor(input)
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  checkIntroPrefix(data);
  const end = findHeaderEnd(data.subarray(0, MAX_HEADER_SIZE));
  if (end < 0) throw new AgeError('HEADER_INVALID', 'header is truncated or too large');
  const header = parseHeader(data.subarray(0, end));
  const fileKey = await openHeader(identities, header);
  if (data.length - end < PAYLOAD_NONCE_SIZE) {
    fileKey.fill(0);
    throw new AgeError('HEADER_INVALID', 'missing payload nonce');
  }
  const key = keyFromNonce(fileKey, data.subarray(end, end + PAYLOAD_NONCE_SIZE));
  const out: Uint8Array[] = [];
  const dec = new PayloadDecryptor(key, aead);
  key.fill(0);
  try {
    dec.write(data.subarray(end + PAYLOAD_NONCE_SIZE), (b) => out.push(b));
    dec.end((b) => out.push(b));
  } catch (err) {
    for (const b of out) b.fill(0);
    throw err;
  }
  return Buffer.concat(out);
}

/**
 * A Transform from age ciphertext (binary, not armored) to plaintext, in constant memory. See
 * stream.ts for exactly when plaintext is released; on any error the stream is destroyed with an
 * AgeError and whatever it already emitted must be discarded by the consumer.
 */
export class DecryptStream extends Transform {
  readonly #identities: readonly Identity[];
  readonly #aead: Aead;
  #pending: Buffer = Buffer.alloc(0);
  #fileKey: Uint8Array | null = null;
  #payload: PayloadDecryptor | null = null;

  constructor(identities: readonly Identity[], aead: Aead = nodeAead) {
    super({ highWaterMark: STREAM_BUFFER });
    this.#identities = identities;
    this.#aead = aead;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.#payload) {
      this.#toPayload(chunk, callback);
      return;
    }
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#advance().then(() => {
      if (this.#payload) {
        const rest = this.#pending;
        this.#pending = Buffer.alloc(0);
        this.#toPayload(rest, callback);
      } else {
        callback();
      }
    }, callback);
  }

  #toPayload(chunk: Buffer, callback: TransformCallback): void {
    try {
      this.#payload?.write(chunk, (b) => this.push(b));
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  /** Moves through header and nonce as far as the buffered bytes allow. */
  async #advance(): Promise<void> {
    if (!this.#fileKey) {
      checkIntroPrefix(this.#pending);
      const end = findHeaderEnd(this.#pending);
      if (end < 0) {
        if (this.#pending.length > MAX_HEADER_SIZE) throw new AgeError('HEADER_INVALID', 'header too large');
        return;
      }
      const header = parseHeader(Buffer.from(this.#pending.subarray(0, end)));
      this.#pending = this.#pending.subarray(end);
      this.#fileKey = await openHeader(this.#identities, header);
    }
    if (this.#pending.length >= PAYLOAD_NONCE_SIZE) {
      const key = keyFromNonce(this.#fileKey, this.#pending.subarray(0, PAYLOAD_NONCE_SIZE));
      this.#payload = new PayloadDecryptor(key, this.#aead);
      key.fill(0);
      this.#pending = this.#pending.subarray(PAYLOAD_NONCE_SIZE);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.#payload) {
        throw new AgeError('HEADER_INVALID', this.#fileKey ? 'missing payload nonce' : 'truncated header');
      }
      this.#payload.end((b) => this.push(b));
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#fileKey?.fill(0);
    this.#payload?.dispose();
    this.#pending = Buffer.alloc(0);
    callback(err);
  }
}
