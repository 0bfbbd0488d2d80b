import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './atomic-write.js';

/**
 * writeFileAtomic for content made piece by piece (a large file sealed as it is written, so that it
 * is never held whole a second time): the same temp file beside `file`, fsync, rename over, fsync
 * of the directory. A crash leaves the old content or the new, never a mix.
 */
export function writeFileAtomicChunks(file: string, chunks: Iterable<Uint8Array>, mode = 0o600): void {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    for (const buf of chunks) {
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(file));
}
