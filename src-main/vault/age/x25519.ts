/**
 * The native X25519 recipient type: `age1…` recipients and `AGE-SECRET-KEY-1…` identities. The file
 * key is wrapped under HKDF(ECDH(ephemeral, recipient), salt = ephemeral share || recipient key).
 * Keys live in node:crypto KeyObjects; the raw secret only leaves through exportSecret().
 */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeRaw, encodeRaw } from './base64.js';
import { bech32Decode, bech32Encode } from './bech32.js';
import { AgeError } from './errors.js';
import type { Stanza } from './header.js';
import { FILE_KEY_SIZE, hkdf, TAG_SIZE, unwrapFileKey, wrapFileKey } from './primitives.js';
import type { Identity, Recipient } from './types.js';

const LABEL = 'age-encryption.org/v1/X25519';
const KEY_LEN = 32;
// Fixed DER framings of RFC 8410 keys, so raw 32-byte keys load without a JWK round trip.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const RECIPIENT_HRP = 'age';
const IDENTITY_HRP = 'age-secret-key-';

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** ECDH that refuses the all-zero output of low-order points, as the spec requires. */
function sharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer | null {
  let secret: Buffer;
  try {
    secret = diffieHellman({ privateKey, publicKey });
  } catch {
    // OpenSSL itself rejects an all-zero result.
    return null;
  }
  return secret.every((b) => b === 0) ? null : secret;
}

export class X25519Recipient implements Recipient {
  readonly stanzaType = 'X25519';
  readonly #raw: Buffer;
  readonly #key: KeyObject;

  private constructor(raw: Buffer) {
    this.#raw = raw;
    this.#key = publicKeyObject(raw);
  }

  static fromPublicKey(raw: Uint8Array): X25519Recipient {
    if (raw.length !== KEY_LEN) throw new AgeError('KEY_INVALID', 'X25519 public key must be 32 bytes');
    return new X25519Recipient(Buffer.from(raw));
  }

  /** Parses an `age1…` string. Plugin and post-quantum recipients are reported as unsupported. */
  static parse(s: string): X25519Recipient {
    const decoded = bech32Decode(s.trim());
    if (decoded?.hrp.startsWith('age1')) {
      throw new AgeError('KEY_UNSUPPORTED', 'unsupported recipient type');
    }
    if (!decoded || decoded.hrp !== RECIPIENT_HRP || decoded.upper || decoded.data.length !== KEY_LEN) {
      throw new AgeError('KEY_INVALID', 'malformed X25519 recipient');
    }
    return new X25519Recipient(decoded.data);
  }

  get publicKey(): Uint8Array {
    return Uint8Array.from(this.#raw);
  }

  toString(): string {
    return bech32Encode(RECIPIENT_HRP, this.#raw);
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const ephemeral = generateKeyPairSync('x25519');
    const share = rawPublicKey(ephemeral.publicKey);
    const secret = sharedSecret(ephemeral.privateKey, this.#key);
    if (!secret) throw new AgeError('KEY_INVALID', 'X25519 recipient is a low-order point');
    const wrapKey = hkdf(secret, Buffer.concat([share, this.#raw]), LABEL);
    return [{ type: 'X25519', args: [encodeRaw(share)], body: wrapFileKey(wrapKey, fileKey) }];
  }
}

export class X25519Identity implements Identity {
  readonly #key: KeyObject;
  readonly #recipient: X25519Recipient;

  private constructor(key: KeyObject) {
    this.#key = key;
    this.#recipient = X25519Recipient.fromPublicKey(rawPublicKey(createPublicKey(key)));
  }

  static generate(): X25519Identity {
    return new X25519Identity(generateKeyPairSync('x25519').privateKey);
  }

  static fromSecretKey(raw: Uint8Array): X25519Identity {
    if (raw.length !== KEY_LEN) throw new AgeError('KEY_INVALID', 'X25519 secret key must be 32 bytes');
    const der = Buffer.concat([PKCS8_PREFIX, raw]);
    try {
      return new X25519Identity(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    } finally {
      der.fill(0);
    }
  }

  /** Parses an `AGE-SECRET-KEY-1…` string; other identity kinds are reported as unsupported. */
  static parse(s: string): X25519Identity {
    const decoded = bech32Decode(s.trim());
    if (decoded && decoded.hrp !== IDENTITY_HRP && decoded.hrp.startsWith('age-')) {
      decoded.data.fill(0);
      throw new AgeError('KEY_UNSUPPORTED', 'unsupported identity type');
    }
    if (!decoded || decoded.hrp !== IDENTITY_HRP || !decoded.upper || decoded.data.length !== KEY_LEN) {
      decoded?.data.fill(0);
      throw new AgeError('KEY_INVALID', 'malformed X25519 identity');
    }
    try {
      return X25519Identity.fromSecretKey(decoded.data);
    } finally {
      decoded.data.fill(0);
    }
  }

  recipient(): X25519Recipient {
    return this.#recipient;
  }

  /** The `AGE-SECRET-KEY-1…` encoding, for identity files. Deliberately not toString(). */
  exportSecret(): string {
    const der = this.#key.export({ format: 'der', type: 'pkcs8' });
    try {
      return bech32Encode(IDENTITY_HRP, der.subarray(PKCS8_PREFIX.length)).toUpperCase();
    } finally {
      der.fill(0);
    }
  }

  toString(): string {
    return `X25519Identity(${this.#recipient.toString()})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  toJSON(): string {
    return this.toString();
  }

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const ourKey = this.#recipient.publicKey;
    for (const stanza of stanzas) {
      if (stanza.type !== 'X25519') continue;
      if (stanza.args.length !== 1) throw new AgeError('STANZA_INVALID', 'X25519 stanza needs one argument');
      const share = decodeRaw(stanza.args[0] ?? '');
      if (!share || share.length !== KEY_LEN) {
        throw new AgeError('STANZA_INVALID', 'X25519 stanza share is malformed');
      }
      // The body length is checked before any decryption so an oversized file key is never opened.
      if (stanza.body.length !== FILE_KEY_SIZE + TAG_SIZE) {
        throw new AgeError('STANZA_INVALID', 'X25519 stanza body has the wrong length');
      }
      const secret = sharedSecret(this.#key, publicKeyObject(share));
      if (!secret) throw new AgeError('STANZA_INVALID', 'X25519 stanza share is a low-order point');
      const wrapKey = hkdf(secret, Buffer.concat([share, ourKey]), LABEL);
      secret.fill(0);
      const fileKey = unwrapFileKey(wrapKey, stanza.body);
      wrapKey.fill(0);
      if (fileKey) return fileKey;
    }
    return null;
  }
}
