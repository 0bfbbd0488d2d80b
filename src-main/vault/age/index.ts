/**
 * age v1 (c2sp.org/age) for Sahel's vault: every encrypted blob is a standard age file, so a user can
 * always recover their data with the `age` command.
 *
 * Supported: X25519 recipients/identities, scrypt passphrases (work factor capped on decryption),
 * binary files everywhere and ASCII armor in the buffer API. Not supported: plugin and post-quantum
 * (mlkem768x25519) keys, which fail with KEY_UNSUPPORTED when parsed; stanzas of those types in a
 * file are skipped like any unknown stanza.
 *
 * Streaming guarantees (createDecryptStream, decryptFile): plaintext of a chunk is released only
 * after its tag verified, and the last buffered chunk only once the input ended, so a truncated or
 * extended file errors before its final chunk is released. Consumers must discard what they got on
 * error; decryptFile does so itself. encrypt()/decrypt() are all-or-nothing.
 */
import { armor as armorBytes, dearmor as dearmorBytes } from './armor.js';
import { DecryptStream, decryptBuffer } from './decrypt.js';
import { EncryptStream, encryptBuffer } from './encrypt.js';
import { AgeError } from './errors.js';
import { transformFile } from './files.js';
import { toIdentity, toRecipient } from './keys.js';
import type { Identity, Recipient } from './types.js';
import { X25519Identity, type X25519Recipient } from './x25519.js';

export type { AgeErrorCode } from './errors.js';
export { AgeError, isAgeError } from './errors.js';
export type { Stanza } from './header.js';
export { formatIdentityFile, parseIdentity, parseIdentityFile, parseRecipient } from './keys.js';
export type { Passphrase } from './scrypt.js';
export { DEFAULT_LOG_N, DEFAULT_MAX_LOG_N, ScryptIdentity, ScryptRecipient } from './scrypt.js';
export { CHUNK_SIZE } from './stream.js';
export type { Identity, Recipient } from './types.js';
export { X25519Identity, X25519Recipient } from './x25519.js';

/** A recipient object, or an `age1…` string. */
export type RecipientLike = Recipient | string;
/** An identity object, or an `AGE-SECRET-KEY-1…` string. */
export type IdentityLike = Identity | string;

export function generateIdentity(): X25519Identity {
  return X25519Identity.generate();
}

export function identityToRecipient(identity: X25519Identity | string): X25519Recipient {
  return (typeof identity === 'string' ? X25519Identity.parse(identity) : identity).recipient();
}

/** Encrypts a buffer to a binary age file. */
export function encrypt(recipients: readonly RecipientLike[], plaintext: Uint8Array): Promise<Buffer> {
  return Promise.resolve().then(() => encryptBuffer(recipients.map(toRecipient), plaintext));
}

/** Decrypts a binary or armored age file held in memory; rejects with AgeError, never partial output. */
export function decrypt(identities: readonly IdentityLike[], ciphertext: Uint8Array): Promise<Buffer> {
  return Promise.resolve().then(() => decryptBuffer(identities.map(toIdentity), ciphertext));
}

/** A Transform: plaintext in, binary age file out. Throws at once on unusable recipients. */
export function createEncryptStream(recipients: readonly RecipientLike[]): EncryptStream {
  if (recipients.length === 0) throw new AgeError('INVALID_ARGUMENT', 'no recipients given');
  return new EncryptStream(recipients.map(toRecipient));
}

/** A Transform: binary age file in, plaintext out (see the release rules above). */
export function createDecryptStream(identities: readonly IdentityLike[]): DecryptStream {
  if (identities.length === 0) throw new AgeError('INVALID_ARGUMENT', 'no identities given');
  return new DecryptStream(identities.map(toIdentity));
}

/** Encrypts `src` into `dst` (atomically replaced; 0600). */
export function encryptFile(src: string, dst: string, recipients: readonly RecipientLike[]): Promise<void> {
  return Promise.resolve().then(() => transformFile(src, dst, createEncryptStream(recipients)));
}

/** Decrypts `src` into `dst` (atomically replaced; 0600); on failure `dst` is left untouched. */
export function decryptFile(src: string, dst: string, identities: readonly IdentityLike[]): Promise<void> {
  return Promise.resolve().then(() => transformFile(src, dst, createDecryptStream(identities)));
}

/** Wraps a binary age file in the ASCII armor `age -a` writes. */
export function armor(file: Uint8Array): string {
  return armorBytes(file);
}

/** Strictly decodes an armored age file back to binary. */
export function dearmor(text: string | Uint8Array): Buffer {
  return dearmorBytes(text);
}
