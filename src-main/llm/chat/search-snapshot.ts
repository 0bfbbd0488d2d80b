import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { readSealedFile, writeSealedFile } from '../../vault/index.js';
import type { RecordVault } from './sealed.js';

const MAX_HEADER = 4096;
const KEY_KIND = 'chat.search-snapshot-key';
/** The sealed file's label: a snapshot of the format before vault/sealed-file.ts is refused. */
const LABEL = 'chat-search-snapshot/v2';

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
 * The chat search index on disk: one sealed file (vault/sealed-file.ts), the serialized SQLite
 * database under a random data key of its own. That key is sealed with the vault's record key (so
 * only this vault opens it) and bound to the change log's epoch (so only this database's log can
 * catch it up); the header — epoch, watermark, sealed key — is the payload's associated data, so no
 * field can be changed or swapped undetected. Written atomically: a crash leaves the old file or
 * the new one.
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
    writeSealedFile(this.file, LABEL, header, this.dataKey, plain);
  }

  /** Reads and opens the snapshot for this database; the caller wipes `plain` after use. */
  async read(epoch: string): Promise<SnapshotRead> {
    let watermark = 0;
    const read = await readSealedFile<SnapshotRefusal>(this.file, LABEL, MAX_HEADER, (raw) => {
      const header = parseHeader(raw);
      if (!header) return { refuse: 'format' };
      if (header.epoch !== epoch) return { refuse: 'other-database' };
      watermark = header.watermark;
      try {
        return { key: this.vault.openRecord(KEY_KIND, epoch, Buffer.from(header.key, 'base64')) };
      } catch {
        return { refuse: 'key' };
      }
    });
    return read.ok ? { ok: true, watermark, plain: read.plain } : read;
  }
}

function parseHeader(raw: Buffer): Header | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = Header.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
