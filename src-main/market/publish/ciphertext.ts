import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SahelError } from '../../../src-shared/errors.js';
import { fsyncDir } from '../../platform/index.js';
import { createEncryptStream, type X25519Recipient } from '../../vault/index.js';

/** The file name of a hosted ciphertext: its sha256, bare lowercase hex, nothing else. */
export const BLOB_NAME = /^[0-9a-f]{64}$/;

export interface WrittenCiphertext {
  /** Bare hex: the file's name in `dir`. */
  sha256: string;
  size: number;
  path: string;
}

/**
 * Encrypts a plaintext stream as an age file to `recipient` into `dir/<ciphertext sha256>`: streamed
 * to a 0600 temp file in the same folder (ciphertext only: the plaintext is never written outside the
 * vault), fsynced, then renamed, so the folder never holds a partial blob under a hash name.
 */
export async function writeCiphertext(
  plaintext: Readable,
  recipient: X25519Recipient,
  dir: string,
): Promise<WrittenCiphertext> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    const out = createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true });
    await pipeline(plaintext, createEncryptStream([recipient]), tap, out);
    const sha256 = hash.digest('hex');
    const path = join(dir, sha256);
    renameSync(tmp, path);
    fsyncDir(dir);
    if (statSync(path).size !== size) throw new Error('the ciphertext file changed while it was written');
    return { sha256, size, path };
  } catch (err) {
    rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new SahelError('DISK_FULL', 'The disk is full: free some space, then publish again');
    }
    throw err;
  }
}
