import type { Hex } from 'viem';
import { toHex } from 'viem';
import { decrypt, encrypt, X25519Identity, type X25519Recipient } from '../../vault/index.js';

/** Bytes a sealed key may have on the buyer's side (an age file of one stanza and one identity line). */
export const SEALED_KEY_MAX_BYTES = 4096;

/**
 * The seal of an asset's key for one buyer: a binary age file, to the licence's X25519 public key,
 * whose plaintext is the asset's `AGE-SECRET-KEY-1…` identity. age is what the vault and the hosted
 * ciphertext already use (X25519 + ChaCha20-Poly1305, authenticated), so the buyer opens it with the
 * same code, and a user can check it with the `age` command and the licence's exported key.
 */
export async function sealAssetKey(identity: X25519Identity, to: X25519Recipient): Promise<Hex> {
  const secret = Buffer.from(identity.exportSecret(), 'utf8');
  try {
    return toHex(await encrypt([to], secret));
  } finally {
    secret.fill(0);
  }
}

/** Opens a sealed key with the licence's identity; throws (age's error) when it is not for this key. */
export async function openAssetKey(sealed: Uint8Array, licence: X25519Identity): Promise<X25519Identity> {
  if (sealed.length > SEALED_KEY_MAX_BYTES) throw new Error('the sealed key is too large');
  const secret = await decrypt([licence], sealed);
  try {
    return X25519Identity.parse(secret.toString('utf8').trim());
  } finally {
    secret.fill(0);
  }
}
