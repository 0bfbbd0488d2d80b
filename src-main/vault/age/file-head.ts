/**
 * The part of a binary age file before its payload, for readers that feed the payload themselves
 * (the vault's batched file decryption): header, MAC, payload nonce → the payload key.
 */
import { openHeader } from './decrypt.js';
import { AgeError } from './errors.js';
import { checkIntroPrefix, findHeaderEnd, MAX_HEADER_SIZE, parseHeader } from './header.js';
import { PAYLOAD_NONCE_SIZE, payloadKey } from './stream.js';
import type { Identity } from './types.js';

export interface OpenedHead {
  /** Bytes of `head` taken by the header and the payload nonce; the payload starts there. */
  length: number;
  /** The payload key (HKDF of the file key and nonce); the caller wipes it when done. */
  key: Buffer;
}

/**
 * Opens the header at the start of `head` (the file's first bytes; `complete` when they are the whole
 * file). Errors are the stream decryptor's: HEADER_INVALID for a truncated or oversized header, a
 * missing nonce, and whatever unwrapping or the MAC reports.
 */
export async function openFileHead(
  identities: readonly Identity[],
  head: Buffer,
  complete: boolean,
): Promise<OpenedHead> {
  checkIntroPrefix(head);
  const end = findHeaderEnd(head.subarray(0, MAX_HEADER_SIZE));
  if (end < 0) throw new AgeError('HEADER_INVALID', complete ? 'truncated header' : 'header too large');
  const fileKey = await openHeader(identities, parseHeader(Buffer.from(head.subarray(0, end))));
  try {
    if (head.length - end < PAYLOAD_NONCE_SIZE) throw new AgeError('HEADER_INVALID', 'missing payload nonce');
    const key = payloadKey(fileKey, head.subarray(end, end + PAYLOAD_NONCE_SIZE));
    return { length: end + PAYLOAD_NONCE_SIZE, key };
  } finally {
    fileKey.fill(0);
  }
}
