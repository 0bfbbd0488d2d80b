import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileResult } from './worker/protocol.js';

const PROGRESS_STEP = 1 << 20;

/** A pass-through that hashes (sha256) and counts the plaintext flowing by, reporting every MiB. */
export function plaintextTap(onProgress?: (bytes: number) => void): { tap: Transform; result(): FileResult } {
  const hash = createHash('sha256');
  let size = 0;
  let reported = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      if (size - reported >= PROGRESS_STEP) {
        reported = size;
        onProgress?.(size);
      }
      cb(null, chunk);
    },
  });
  return { tap, result: () => ({ sha256: hash.digest('hex'), size }) };
}

/**
 * Runs a stream chain into a new file (0600, created exclusively) and fsyncs it. On any failure the
 * file is removed: a half-written file must never look like a result.
 */
export async function pipeToNewFile(chain: (Readable | Transform)[], dst: string): Promise<void> {
  try {
    await pipeline([...chain, createWriteStream(dst, { flags: 'wx', mode: 0o600 })]);
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
}
