import type { VaultItem, VaultSearchHit } from '../../src-shared/domain/vault.js';
import type { Logger } from '../platform/index.js';
import type { BlobReads } from './blob-reads.js';
import { VaultError } from './errors.js';
import { metaOf } from './item-lookup.js';
import { isTextual } from './item-meta.js';
import type { UnlockedSession } from './session.js';

/** Larger text is found by name and tags only: reading it whole into memory is not worth it. */
const INDEX_MAX_BYTES = 2 * 1024 * 1024;

/** Keeps the session's search index fed with items' text contents and answers searches from it. */
export class ItemIndex {
  private indexed: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: UnlockedSession,
    private readonly reads: BlobReads,
    private readonly log: Logger,
  ) {}

  /** Reads text content into the search index after unlock, without holding up the unlock. */
  start(): void {
    this.indexed = this.indexContents().catch((err: unknown) => {
      // Locking mid-way closes the index; anything else is worth a line in the log.
      if (this.session.metas.size > 0) this.log.warn('vault: indexing stopped', { error: err });
    });
  }

  /** Searches once the first indexing pass is done, so a search right after unlock sees contents too. */
  async search(query: string, limit: number): Promise<VaultSearchHit[]> {
    await this.indexed;
    return this.session.index
      .search(query, limit)
      .filter((h) => this.session.metas.has(h.id))
      .map((h) => {
        const m = metaOf(this.session, h.id);
        // A secret's value is never indexed, but be explicit: no snippet for secrets.
        return {
          id: h.id,
          name: m.name,
          kind: m.kind,
          snippet: m.kind === 'secret' ? '' : h.snippet,
          score: h.score,
        };
      });
  }

  async indexIfText(item: VaultItem): Promise<void> {
    if (item.kind === 'file' && isTextual(item.mime) && item.size <= INDEX_MAX_BYTES) {
      const body = (await this.reads.readAll(item.id)).toString('utf8');
      this.session.index.upsert({ id: item.id, name: item.name, tags: item.tags, body });
    }
  }

  private async indexContents(): Promise<void> {
    for (const [id, meta] of [...this.session.metas]) {
      if (!this.session.metas.has(id)) continue;
      if (
        (meta.kind === 'note' || (meta.kind === 'file' && isTextual(meta.mime))) &&
        meta.size <= INDEX_MAX_BYTES
      ) {
        // A replaced or damaged blob is skipped (its error names it in the log and the vault's state).
        const text = await this.reads.readAll(id).then(
          (b) => b.toString('utf8'),
          (err: unknown) => {
            if (err instanceof VaultError && err.code === 'DAMAGED') return null;
            throw err;
          },
        );
        if (text !== null && this.session.metas.has(id))
          this.session.index.upsert({ id, name: meta.name, tags: meta.tags, body: text });
      }
      await new Promise((r) => setImmediate(r));
    }
  }
}
