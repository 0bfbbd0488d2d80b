import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { findHeaderEnd } from './age/header.js';
import { VaultError } from './errors.js';

/** A vault blob's header is ~200 bytes (one X25519 stanza); anything longer is not one of ours. */
const HEADER_READ = 64 * 1024;

/**
 * The sha256 of an age file's header (the version line through the MAC line), or null when the bytes
 * hold no complete header. The header carries the file key wrapped to the recipient under a fresh
 * ephemeral key, so it is unique per file; the payload is authenticated under that file key. A row that
 * records this digest, sealed under the vault key, therefore pins exactly one blob: one encrypted by
 * anyone else to the (public) recipient, or another item's blob, has another header.
 */
export function headerDigest(file: Uint8Array): string | null {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const end = findHeaderEnd(buf);
  return end < 0 ? null : createHash('sha256').update(buf.subarray(0, end)).digest('hex');
}

/** The header digest of a blob on disk; null when it is missing or has no header in its first bytes. */
export async function fileHeaderDigest(path: string): Promise<string | null> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const buf = Buffer.alloc(HEADER_READ);
    const { bytesRead } = await fh.read(buf, 0, HEADER_READ, 0);
    return headerDigest(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** A row whose blob is gone from vault/blobs (deleted or never restored from a backup). */
export function missingBlob(id: string): VaultError {
  return new VaultError(
    'NOT_FOUND',
    `Item ${id}'s encrypted file is missing from vault/blobs; restore the data dir from a backup, or remove the item`,
    id,
  );
}

/** The one error every read path gives for a blob that is not the one its row was written with. */
export function damagedBlob(id: string): VaultError {
  return new VaultError(
    'DAMAGED',
    `Item ${id}'s encrypted file was replaced or damaged; restore vault/blobs from a backup, or remove the item`,
    id,
  );
}
