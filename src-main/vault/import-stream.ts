import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createEncryptStream } from './age/index.js';
import type { FileResult } from './worker/protocol.js';

/**
 * Encrypts a stream that arrives on this thread (an HTTP upload) straight into an age file, hashing
 * the plaintext on the way; constant memory, plaintext never written. Chunks are encrypted as they
 * arrive (64 KiB at a time, natively), so the event loop is held only for microseconds per chunk.
 */
export async function encryptStreamToFile(
  source: Readable,
  dst: string,
  recipient: string,
  onProgress?: (bytes: number) => void,
): Promise<FileResult> {
  const hash = createHash('sha256');
  let size = 0;
  let reported = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      if (size - reported >= 1 << 20) {
        reported = size;
        onProgress?.(size);
      }
      cb(null, chunk);
    },
  });
  try {
    await pipeline(
      source,
      tap,
      createEncryptStream([recipient]),
      createWriteStream(dst, { flags: 'wx', mode: 0o600 }),
    );
    const fh = await open(dst, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await rm(dst, { force: true });
    throw err;
  }
  return { sha256: hash.digest('hex'), size };
}
