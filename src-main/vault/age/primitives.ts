/**
 * The symmetric primitives age needs, on Node's built-in OpenSSL bindings. libsodium-wrappers-sumo
 * offers the same ChaCha20-Poly1305 in WebAssembly; test/bench/age.bench.ts measures both through the
 * Aead interface below and docs/PERFORMANCE.md records why node:crypto is the default.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const KEY_SIZE = 32;
export const TAG_SIZE = 16;
export const NONCE_SIZE = 12;
export const FILE_KEY_SIZE = 16;

/** ChaCha20-Poly1305 (RFC 8439) with an empty associated data, as every use in age has. */
export interface Aead {
  readonly name: string;
  /** Returns the ciphertext followed by the tag, possibly as several pieces to spare a copy. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array[];
  /** Returns the plaintext, or null when the tag does not verify. Nothing is returned unverified. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | null;
}

export const nodeAead: Aead = {
  name: 'node:crypto (OpenSSL)',
  seal(key, nonce, plaintext) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
    const body = cipher.update(plaintext);
    cipher.final();
    return [body, cipher.getAuthTag()];
  },
  open(key, nonce, sealed) {
    if (sealed.length < TAG_SIZE) return null;
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
    // OpenSSL hands out plaintext from update() before the tag is checked in final(); it stays local
    // until final() succeeds, so a forged chunk never leaves this function.
    const out = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
    try {
      decipher.final();
    } catch {
      out.fill(0);
      return null;
    }
    return out;
  },
};

/** HKDF-SHA-256 with a 32-byte output, the only length age ever derives. */
export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, KEY_SIZE));
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const ZERO_NONCE = new Uint8Array(NONCE_SIZE);

/** Wraps a 16-byte file key under a one-time key, as the X25519 and scrypt stanzas do. */
export function wrapFileKey(key: Uint8Array, fileKey: Uint8Array): Buffer {
  return Buffer.concat(nodeAead.seal(key, ZERO_NONCE, fileKey));
}

export function unwrapFileKey(key: Uint8Array, body: Uint8Array): Uint8Array | null {
  return nodeAead.open(key, ZERO_NONCE, body);
}
