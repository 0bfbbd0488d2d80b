import type { Readable } from 'node:stream';
import { createEncryptStream } from './age/index.js';
import { pipeToNewFile, plaintextTap } from './file-pipe.js';
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
  const { tap, result } = plaintextTap(onProgress);
  await pipeToNewFile([source, tap, createEncryptStream([recipient])], dst);
  return result();
}
