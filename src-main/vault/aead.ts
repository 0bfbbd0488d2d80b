import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE = 12;
const TAG = 16;

/**
 * ChaCha20-Poly1305 (OpenSSL, via node:crypto) with a random nonce per message and associated data
 * that binds each ciphertext to where it belongs (a keyslot, an item id), so nothing can be swapped
 * between rows or slots undetected. Random 96-bit nonces are safe far beyond the number of messages
 * one key seals here (keyslot wraps, item metadata).
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, ad: string): Buffer {
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  c.setAAD(Buffer.from(ad, 'utf8'), { plaintextLength: plaintext.length });
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

/** Returns the plaintext, or null when the key, the data or the associated data do not match. */
export function open(key: Uint8Array, sealed: Uint8Array, ad: string): Buffer | null {
  if (sealed.length < NONCE + TAG) return null;
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const d = createDecipheriv('chacha20-poly1305', key, buf.subarray(0, NONCE), { authTagLength: TAG });
  d.setAAD(Buffer.from(ad, 'utf8'), { plaintextLength: sealed.length - NONCE - TAG });
  d.setAuthTag(buf.subarray(buf.length - TAG));
  try {
    return Buffer.concat([d.update(buf.subarray(NONCE, buf.length - TAG)), d.final()]);
  } catch {
    return null;
  }
}
