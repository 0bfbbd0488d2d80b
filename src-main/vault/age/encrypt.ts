/**
 * Encryption of whole age files: a fresh 16-byte file key per file, wrapped to every recipient,
 * a MACed header, a fresh 16-byte payload nonce, then the STREAM payload.
 */
import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AgeError } from './errors.js';
import { serializeHeader } from './header.js';
import type { Aead } from './primitives.js';
import { FILE_KEY_SIZE, nodeAead } from './primitives.js';
import { PAYLOAD_NONCE_SIZE, PayloadEncryptor, payloadKey, STREAM_BUFFER } from './stream.js';
import type { Recipient } from './types.js';

export interface PreparedFile {
  /** Header and payload nonce: the bytes that precede the first chunk. */
  prefix: Buffer;
  payload: PayloadEncryptor;
}

/** Header, payload nonce and the payload key, for writers that seal the chunks themselves; wipe the key. */
export async function prepareHead(
  recipients: readonly Recipient[],
): Promise<{ prefix: Buffer; key: Buffer }> {
  if (recipients.length === 0) throw new AgeError('INVALID_ARGUMENT', 'no recipients given');
  if (recipients.some((r) => r.stanzaType === 'scrypt') && recipients.length !== 1) {
    throw new AgeError('INVALID_ARGUMENT', 'a passphrase recipient must be the only recipient');
  }
  const fileKey = randomBytes(FILE_KEY_SIZE);
  try {
    const stanzas = (await Promise.all(recipients.map((r) => r.wrap(fileKey)))).flat();
    const header = serializeHeader(stanzas, fileKey);
    const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
    return { prefix: Buffer.concat([header, nonce]), key: payloadKey(fileKey, nonce) };
  } finally {
    fileKey.fill(0);
  }
}

export async function prepareFile(
  recipients: readonly Recipient[],
  aead: Aead = nodeAead,
): Promise<PreparedFile> {
  const { prefix, key } = await prepareHead(recipients);
  const payload = new PayloadEncryptor(key, aead);
  key.fill(0);
  return { prefix, payload };
}

export async function encryptBuffer(
  recipients: readonly Recipient[],
  plaintext: Uint8Array,
  aead: Aead = nodeAead,
): Promise<Buffer> {
  const { prefix, payload } = await prepareFile(recipients, aead);
  const out: Uint8Array[] = [prefix];
  payload.write(plaintext, (b) => out.push(b));
  payload.end((b) => out.push(b));
  return Buffer.concat(out);
}

/** A Transform from plaintext to a binary age file, in constant memory. */
export class EncryptStream extends Transform {
  readonly #recipients: readonly Recipient[];
  readonly #aead: Aead;
  #payload: PayloadEncryptor | null = null;

  constructor(recipients: readonly Recipient[], aead: Aead = nodeAead) {
    super({ highWaterMark: STREAM_BUFFER });
    this.#recipients = recipients;
    this.#aead = aead;
  }

  // Wrapping may be asynchronous (scrypt); Node holds writes until construction completes.
  override _construct(callback: (error?: Error | null) => void): void {
    prepareFile(this.#recipients, this.#aead).then(({ prefix, payload }) => {
      this.#payload = payload;
      this.push(prefix);
      callback();
    }, callback);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#payload?.write(chunk, (b) => this.push(b));
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#payload?.end((b) => this.push(b));
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#payload?.dispose();
    callback(err);
  }
}
