import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import type { RecordVault } from './sealed.js';

const MAGIC = Buffer.from('SAHELCSI', 'ascii');
const MAX_HEADER = 4096;
const KEY_KIND = 'chat.search-snapshot-key';
const NONCE = 12;
const TAG = 16;

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
    // ChaCha20-Poly1305 as in vault/aead.ts (nonce, ciphertext, tag), written out here so that a
    // snapshot of hundreds of MB is not copied more often than it must be.
    const nonce = randomBytes(NONCE);
    const c = createCipheriv('chacha20-poly1305', this.dataKey, nonce, { authTagLength: TAG });
    c.setAAD(associated(header), { plaintextLength: plain.length });
    const body = c.update(plain);
    c.final();
    writeFileAtomic(this.file, Buffer.concat([MAGIC, len, header, nonce, body, c.getAuthTag()]));
  }

  /** Reads and opens the snapshot for this database; the caller wipes `plain` after use. */
  async read(epoch: string): Promise<SnapshotRead> {
    let file: Buffer;
    try {
      file = await readFile(this.file);
    } catch {
      return { ok: false, reason: 'missing' };
    }
    const header = parseHeader(file);
    if (!header) return { ok: false, reason: 'format' };
    if (header.value.epoch !== epoch) return { ok: false, reason: 'other-database' };
    let key: Buffer;
    try {
      key = this.vault.openRecord(KEY_KIND, epoch, Buffer.from(header.value.key, 'base64'));
    } catch {
      return { ok: false, reason: 'key' };
    }
    try {
      const plain = decrypt(key, file.subarray(header.end), associated(header.raw));
      return plain
        ? { ok: true, watermark: header.value.watermark, plain }
        : { ok: false, reason: 'payload' };
    } finally {
      key.fill(0);
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

function decrypt(key: Buffer, sealed: Buffer, ad: Buffer): Buffer | null {
  if (sealed.length < NONCE + TAG) return null;
  const d = createDecipheriv('chacha20-poly1305', key, sealed.subarray(0, NONCE), { authTagLength: TAG });
  d.setAAD(ad, { plaintextLength: sealed.length - NONCE - TAG });
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  const plain = d.update(sealed.subarray(NONCE, sealed.length - TAG));
  try {
    d.final();
    return plain;
  } catch {
    plain.fill(0);
    return null;
  }
}

/** The header as associated data, under a label of its own (no other ciphertext verifies as this). */
function associated(header: Buffer): Buffer {
  return Buffer.concat([Buffer.from('sahel-chat-search-snapshot/v1\n'), header]);
}
