import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { type FileHandle, open as openFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomicChunks } from '../../platform/atomic-write.js';
import type { RecordVault } from './sealed.js';

const MAGIC = Buffer.from('SAHELCSI', 'ascii');
const MAX_HEADER = 4096;
const KEY_KIND = 'chat.search-snapshot-key';
const NONCE = 12;
const TAG = 16;
/** Sealed and read this much at a time: the payload is never held twice over (plus a chunk). */
const CHUNK = 8 * 2 ** 20;

/** What a snapshot says about itself, in the clear but authenticated (the payload's associated data). */
const Header = z.strictObject({
  v: z.literal(1),
  /** The chat change log (migration 0009) it was taken against: one database. */
  epoch: z.string().regex(/^[0-9a-f]{32}$/),
  /** The last change the index holds. */
  watermark: z.number().int().nonnegative(),
  /** Its data key, sealed with the vault's record key and bound to the epoch. */
  key: z.string().max(200),
});
type Header = z.infer<typeof Header>;

/** Why a snapshot was not used: codes for the log, never content. */
export type SnapshotRefusal = 'missing' | 'format' | 'other-database' | 'key' | 'payload';

export type SnapshotRead =
  | { ok: true; watermark: number; plain: Buffer }
  | { ok: false; reason: SnapshotRefusal };

/**
 * The chat search index on disk: one file, the serialized SQLite database sealed with
 * ChaCha20-Poly1305 under a random data key of its own. That key is sealed with the vault's record
 * key (so only this vault opens it) and bound to the change log's epoch (so only this database's
 * log can catch it up); the header — epoch, watermark, sealed key — is the payload's associated
 * data, so no field can be changed or swapped undetected. Written atomically: a crash leaves the
 * old file or the new one.
 */
export class SearchSnapshotFile {
  private dataKey: Buffer | undefined;
  private sealedKey: string | undefined;

  constructor(
    private readonly file: string,
    private readonly vault: Pick<RecordVault, 'sealRecord' | 'openRecord'>,
  ) {}

  /**
   * Makes the key this session's writes use. Called while unlocked, so that a write at lock (after
   * the vault has dropped its keys) can still seal; `forget` wipes it.
   */
  prepare(epoch: string): void {
    this.forget();
    this.sweep();
    this.dataKey = randomBytes(32);
    this.sealedKey = this.vault.sealRecord(KEY_KIND, epoch, this.dataKey).toString('base64');
  }

  forget(): void {
    this.dataKey?.fill(0);
    this.dataKey = undefined;
    this.sealedKey = undefined;
  }

  /** Removes temp files a crash left mid-write (sealed already, but of no use). */
  private sweep(): void {
    const dir = dirname(this.file);
    const prefix = `.${basename(this.file)}.`;
    try {
      for (const f of readdirSync(dir)) {
        if (f.startsWith(prefix) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
      }
    } catch {
      // No data dir yet, or unreadable: the next write reports what matters.
    }
  }

  get prepared(): boolean {
    return this.dataKey !== undefined;
  }

  write(epoch: string, watermark: number, plain: Uint8Array): void {
    if (!this.dataKey || !this.sealedKey) throw new Error('The snapshot key is not prepared');
    const header = Buffer.from(
      JSON.stringify({ v: 1, epoch, watermark, key: this.sealedKey } satisfies Header),
      'utf8',
    );
    const len = Buffer.alloc(4);
    len.writeUInt32BE(header.length);
    // ChaCha20-Poly1305 as in vault/aead.ts (nonce, ciphertext, tag), one message streamed in chunks:
    // a snapshot of hundreds of MB is never copied whole.
    const nonce = randomBytes(NONCE);
    const c = createCipheriv('chacha20-poly1305', this.dataKey, nonce, { authTagLength: TAG });
    c.setAAD(associated(header), { plaintextLength: plain.length });
    writeFileAtomicChunks(
      this.file,
      (function* () {
        yield Buffer.concat([MAGIC, len, header, nonce]);
        for (let at = 0; at < plain.length; at += CHUNK) yield c.update(plain.subarray(at, at + CHUNK));
        c.final();
        yield c.getAuthTag();
      })(),
    );
  }

  /** Reads and opens the snapshot for this database; the caller wipes `plain` after use. */
  async read(epoch: string): Promise<SnapshotRead> {
    let fh: FileHandle;
    try {
      fh = await openFile(this.file, 'r');
    } catch {
      return { ok: false, reason: 'missing' };
    }
    try {
      return await this.readFrom(fh, epoch);
    } finally {
      await fh.close();
    }
  }

  private async readFrom(fh: FileHandle, epoch: string): Promise<SnapshotRead> {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, MAGIC.length + 4 + MAX_HEADER));
    await fh.read(head, 0, head.length, 0);
    const header = parseHeader(head);
    if (!header) return { ok: false, reason: 'format' };
    if (header.value.epoch !== epoch) return { ok: false, reason: 'other-database' };
    const length = size - header.end - NONCE - TAG;
    if (length < 0) return { ok: false, reason: 'payload' };
    let key: Buffer;
    try {
      key = this.vault.openRecord(KEY_KIND, epoch, Buffer.from(header.value.key, 'base64'));
    } catch {
      return { ok: false, reason: 'key' };
    }
    const nonce = Buffer.alloc(NONCE);
    const tag = Buffer.alloc(TAG);
    await fh.read(nonce, 0, NONCE, header.end);
    await fh.read(tag, 0, TAG, size - TAG);
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    key.fill(0);
    d.setAAD(associated(header.raw), { plaintextLength: length });
    d.setAuthTag(tag);
    // Streamed: nothing of it is used before final() has checked the tag over all of it.
    const plain = Buffer.allocUnsafe(length);
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(length, 1)));
    let at = 0;
    while (at < length) {
      const { bytesRead } = await fh.read(
        chunk,
        0,
        Math.min(chunk.length, length - at),
        header.end + NONCE + at,
      );
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
      return { ok: true, watermark: header.value.watermark, plain };
    } catch {
      plain.fill(0);
      return { ok: false, reason: 'payload' };
    }
  }
}

function parseHeader(file: Buffer): { value: Header; raw: Buffer; end: number } | undefined {
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const n = file.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (n > MAX_HEADER || file.length < start + n) return undefined;
  const raw = file.subarray(start, start + n);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = Header.safeParse(json);
  return parsed.success ? { value: parsed.data, raw, end: start + n } : undefined;
}

/** The header as associated data, under a label of its own (no other ciphertext verifies as this). */
function associated(header: Buffer): Buffer {
  return Buffer.concat([Buffer.from('sahel-chat-search-snapshot/v1\n'), header]);
}
