import { hkdfSync } from 'node:crypto';
import { X25519Identity } from './age/index.js';
import type { ItemMeta } from './item-meta.js';
import { SearchIndex } from './search-index.js';

/**
 * What exists only while the vault is unlocked: the identity (from the 32-byte vault secret), the
 * metadata key derived from it, the decrypted metadata and the in-memory search index. `close`
 * overwrites the raw key bytes it holds and drops the rest.
 */
export class UnlockedSession {
  readonly identity: X25519Identity;
  readonly metaKey: Buffer;
  /** For other services' records (chat history, memories), kept apart from item metadata. */
  readonly recordKey: Buffer;
  readonly metas = new Map<string, ItemMeta>();
  /** Each item's blob header digest; null for a row from before bindings, until its first checked read. */
  readonly blobHeaders = new Map<string, string | null>();
  /** Rows whose sealed metadata could not be opened: left on disk untouched, listed, skipped. */
  readonly unreadable = new Set<string>();
  /** Items whose blob was found replaced or damaged since unlock. */
  readonly damaged = new Set<string>();
  readonly index = new SearchIndex();
  private readonly secret: Uint8Array;

  constructor(secret: Uint8Array) {
    this.secret = secret;
    this.identity = X25519Identity.fromSecretKey(secret);
    this.metaKey = Buffer.from(hkdfSync('sha256', secret, 'sahel-vault', 'item-metadata/v1', 32));
    this.recordKey = Buffer.from(hkdfSync('sha256', secret, 'sahel-vault', 'records/v1', 32));
  }

  /** The age identity string, for the crypto worker and for `sahel vault identity export`. */
  identityString(): string {
    return this.identity.exportSecret();
  }

  /** A copy of the vault secret, for wrapping it into another keyslot; the caller wipes it. */
  copySecret(): Uint8Array {
    return new Uint8Array(this.secret);
  }

  recipient(): string {
    return this.identity.recipient().toString();
  }

  close(): void {
    this.secret.fill(0);
    this.metaKey.fill(0);
    this.recordKey.fill(0);
    this.metas.clear();
    this.blobHeaders.clear();
    this.unreadable.clear();
    this.damaged.clear();
    this.index.close();
  }
}
