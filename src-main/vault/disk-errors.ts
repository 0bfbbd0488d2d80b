import { damagedBlob } from './blob-binding.js';
import { VaultError } from './errors.js';
import { CryptoJobError } from './worker/client.js';

/** An age file that is not one, or not made for this vault, is bad input rather than vault damage. */
export function notForThisVault(err: unknown): never {
  if (err instanceof CryptoJobError && /^(HEADER|VERSION|STANZA|NO_IDENTITY|ARMOR|MAC)/.test(err.code)) {
    throw new VaultError(
      'BAD_REQUEST',
      "Not a binary age file encrypted to the vault's recipient (see sahel vault status)",
    );
  }
  throw err;
}

/** An age file that does not open with the key it came with, or fails authentication part-way. */
export function notOpenableWith(err: unknown): never {
  if (
    err instanceof CryptoJobError &&
    /^(HEADER|VERSION|STANZA|NO_IDENTITY|ARMOR|MAC|PAYLOAD|TRAILING)/.test(err.code)
  ) {
    throw new VaultError('BAD_REQUEST', 'The age file does not open with its key, or is damaged');
  }
  throw err;
}

/**
 * Maps a full disk to a typed error (the temp file was already removed by the writer), and a blob
 * that fails to decrypt to the damage of item `id`.
 */
export async function mapDiskErrors<T>(p: Promise<T>, id?: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const code = err instanceof CryptoJobError ? err.code : (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC') throw new VaultError('DISK_FULL', 'The disk is full; nothing was changed');
    if (code === 'ENOENT') throw new VaultError('NOT_FOUND', 'A file was not found');
    if (code === 'EEXIST') throw new VaultError('BAD_REQUEST', 'The destination exists');
    if (err instanceof CryptoJobError && /^(PAYLOAD|HEADER|MAC|NO_IDENTITY|TRAILING)/.test(code ?? '')) {
      throw id ? damagedBlob(id) : new VaultError('CORRUPT', 'A vault file failed authentication');
    }
    throw err;
  }
}
