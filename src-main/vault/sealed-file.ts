import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type FileHandle, open as openFile } from 'node:fs/promises';
import { writeFileAtomicChunks } from '../platform/index.js';

const MAGIC = Buffer.from('SAHELSF1', 'ascii');
const NONCE = 12;
const TAG = 16;
/** Sealed and read this much at a time: the payload is never held twice over (plus a chunk). */
const CHUNK = 8 * 2 ** 20;

/** Why a sealed file was not opened: the file's own reasons, or the caller's (from `unlock`). */
export type SealedFileRefusal = 'missing' | 'format' | 'payload';

export type SealedFileRead<R extends string> =
  | { ok: true; plain: Buffer }
  | { ok: false; reason: SealedFileRefusal | R };

/**
 * A large payload sealed into one file for the vault's callers (the chat search snapshot):
 * `SAHELSF1`, a 4-byte big-endian header length, a header in the clear, then ChaCha20-Poly1305
 * (as in aead.ts: nonce, ciphertext, tag) as one message streamed in chunks, so a payload of
 * hundreds of MB is never copied whole. The header, under the caller's `label`, is the associated
 * data: no byte of it can be changed, and no other kind of sealed file verifies as this one.
 * Written atomically: a crash leaves the old file or the new one.
 */
export function writeSealedFile(
  file: string,
  label: string,
  header: Buffer,
  key: Uint8Array,
  plain: Uint8Array,
): void {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  c.setAAD(associated(label, header), { plaintextLength: plain.length });
  writeFileAtomicChunks(
    file,
    (function* () {
      yield Buffer.concat([MAGIC, len, header, nonce]);
      for (let at = 0; at < plain.length; at += CHUNK) yield c.update(plain.subarray(at, at + CHUNK));
      c.final();
      yield c.getAuthTag();
    })(),
  );
}

/**
 * Opens a sealed file. `unlock` sees the header (authenticated only once the payload has verified)
 * and gives the key, or a reason of its own to refuse. The caller wipes `plain` after use.
 */
export async function readSealedFile<R extends string>(
  file: string,
  label: string,
  maxHeader: number,
  unlock: (header: Buffer) => { key: Buffer } | { refuse: R },
): Promise<SealedFileRead<R>> {
  let fh: FileHandle;
  try {
    fh = await openFile(file, 'r');
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    return await readFrom(fh, label, maxHeader, unlock);
  } finally {
    await fh.close();
  }
}

async function readFrom<R extends string>(
  fh: FileHandle,
  label: string,
  maxHeader: number,
  unlock: (header: Buffer) => { key: Buffer } | { refuse: R },
): Promise<SealedFileRead<R>> {
  const { size } = await fh.stat();
  const head = Buffer.alloc(Math.min(size, MAGIC.length + 4 + maxHeader));
  await fh.read(head, 0, head.length, 0);
  if (head.length < MAGIC.length + 4 || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { ok: false, reason: 'format' };
  }
  const n = head.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (n > maxHeader || head.length < start + n) return { ok: false, reason: 'format' };
  const header = head.subarray(start, start + n);
  const end = start + n;
  const unlocked = unlock(header);
  if ('refuse' in unlocked) return { ok: false, reason: unlocked.refuse };
  const { key } = unlocked;
  const length = size - end - NONCE - TAG;
  if (length < 0) {
    key.fill(0);
    return { ok: false, reason: 'payload' };
  }
  const nonce = Buffer.alloc(NONCE);
  const tag = Buffer.alloc(TAG);
  await fh.read(nonce, 0, NONCE, end);
  await fh.read(tag, 0, TAG, size - TAG);
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  key.fill(0);
  d.setAAD(associated(label, header), { plaintextLength: length });
  d.setAuthTag(tag);
  // Streamed: nothing of it is used before final() has checked the tag over all of it.
  const plain = Buffer.allocUnsafe(length);
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(length, 1)));
  let at = 0;
  while (at < length) {
    const { bytesRead } = await fh.read(chunk, 0, Math.min(chunk.length, length - at), end + NONCE + at);
    if (bytesRead === 0) break;
    const out = d.update(chunk.subarray(0, bytesRead));
    out.copy(plain, at);
    out.fill(0);
    at += bytesRead;
  }
  chunk.fill(0);
  try {
    if (at !== length) throw new Error('short read');
    d.final();
    return { ok: true, plain };
  } catch {
    plain.fill(0);
    return { ok: false, reason: 'payload' };
  }
}

/** The header as associated data, under the caller's label. */
function associated(label: string, header: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`sahel-sealed-file/${label}\n`, 'utf8'), header]);
}
