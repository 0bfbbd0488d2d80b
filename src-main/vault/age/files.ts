/**
 * File-to-file helpers over the streaming Transforms. Output goes to a 0600 temp file next to the
 * destination, is fsynced, and is renamed into place only when the whole file was processed; on any
 * error the temp file is removed. So a failed decryption never leaves partial plaintext behind and a
 * failed write never replaces a good file.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Larger reads than the 64 KiB default keep syscalls off the profile; memory stays a few MiB. */
export const READ_CHUNK = 1024 * 1024;
/** Lets sealed chunks queue while a write is in flight instead of stalling the pipeline (see bench). */
export const WRITE_BUFFER = 4 * 1024 * 1024;

async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Directories cannot be opened or fsynced on every platform (Windows); the rename still happened.
  } finally {
    await handle?.close();
  }
}

export async function transformFile(src: string, dst: string, transform: Transform): Promise<void> {
  const dir = dirname(dst);
  const tmp = join(dir, `.${basename(dst)}.${randomBytes(6).toString('hex')}.tmp`);
  // Opened here rather than by the stream, so the file exists (exclusively, 0600) before any data flows
  // and cleanup below cannot race a late open.
  const handle = await open(tmp, 'wx', 0o600);
  // flush: fsync before close, so the rename can only ever expose complete contents.
  const out = createWriteStream(tmp, { fd: handle, flush: true, highWaterMark: WRITE_BUFFER });
  let renamed = false;
  try {
    await pipeline(createReadStream(src, { highWaterMark: READ_CHUNK }), transform, out);
    await rename(tmp, dst);
    renamed = true;
    await syncDir(dir);
  } finally {
    if (!renamed) {
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await rm(tmp, { force: true });
    }
  }
}
