import type { Readable } from 'node:stream';
import type {
  ModelPart,
  VaultItem,
  VaultPreview,
  VaultProgress,
  VaultSearchHit,
} from '../../src-shared/domain/vault.js';
import type { Logger } from '../platform/index.js';
import type { VaultItemsRepo } from '../store/index.js';
import { BlobReads } from './blob-reads.js';
import type { BlobStore } from './blob-store.js';
import { VaultError } from './errors.js';
import type { SkippedEntry } from './import-plan.js';
import { ItemExports } from './item-exports.js';
import { ItemImports } from './item-imports.js';
import { ItemIndex } from './item-index.js';
import { checkParent, metaOf } from './item-lookup.js';
import { type ItemMeta, openMeta } from './item-meta.js';
import { ItemWrites } from './item-writes.js';
import type { UnlockedSession } from './session.js';
import type { ReencryptTarget } from './worker/protocol.js';

export interface VaultItemsEvents {
  changed(ids: string[]): void;
  progress(p: VaultProgress): void;
}

/**
 * Item operations on an unlocked vault. Content goes to age blobs (large files stream through the
 * crypto worker), metadata is sealed into the row. The work lives in the parts this class puts
 * together: ItemWrites (rows and blobs), ItemImports, ItemExports (content leaving the vault),
 * ItemIndex (search) and BlobReads (every checked read).
 */
export class VaultItems {
  private readonly reads: BlobReads;
  private readonly index: ItemIndex;
  private readonly writes: ItemWrites;
  private readonly imports: ItemImports;
  private readonly exports: ItemExports;

  constructor(
    private readonly session: UnlockedSession,
    private readonly repo: VaultItemsRepo,
    blobs: BlobStore,
    runDir: string,
    private readonly log: Logger,
    events: Partial<VaultItemsEvents>,
  ) {
    const changed = (ids: string[]) => events.changed?.(ids);
    const progress = (p: VaultProgress) => events.progress?.(p);
    this.reads = new BlobReads(session, repo, blobs, log);
    this.index = new ItemIndex(session, this.reads, log);
    this.writes = new ItemWrites(session, repo, blobs, this.index, changed);
    this.imports = new ItemImports(session, blobs, this.writes, this.index, log, changed, progress);
    this.exports = new ItemExports(session, this.reads, runDir);
  }

  /**
   * Opens every row's sealed metadata. A row that does not open (damaged bytes) is quarantined: left
   * in the database as it is, listed in the vault's state, and skipped, so the rest stays usable.
   */
  loadAll(): void {
    for (const row of this.repo.all()) {
      let opened: ReturnType<typeof openMeta>;
      try {
        opened = openMeta(this.session.metaKey, row.id, row.meta);
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        this.session.unreadable.add(row.id);
        this.log.warn('vault: an item could not be read and is left aside', { item: row.id });
        continue;
      }
      const { meta, blobHeader } = opened;
      this.session.metas.set(row.id, meta);
      this.session.blobHeaders.set(row.id, blobHeader);
      this.session.index.upsert({ id: row.id, name: meta.name, tags: meta.tags, body: '' });
    }
  }

  /** Reads text content into the search index after unlock, without holding up the unlock. */
  startIndexing(): void {
    this.index.start();
  }

  /**
   * A folder's items; the top level also holds those whose folder could not be read, or was removed
   * after it was set aside as unreadable.
   */
  list(parentId: string | null): VaultItem[] {
    const here = (m: ItemMeta) =>
      m.parentId === parentId ||
      (parentId === null && m.parentId !== null && !this.session.metas.has(m.parentId));
    return [...this.session.metas].filter(([, m]) => here(m)).map(([id, m]) => ({ id, ...m }));
  }

  get(id: string): VaultItem {
    return { id, ...metaOf(this.session, id) };
  }

  /** Searches once the first indexing pass is done, so a search right after unlock sees contents too. */
  search(query: string, limit: number): Promise<VaultSearchHit[]> {
    return this.index.search(query, limit);
  }

  async addNote(name: string, text: string, tags: string[], parentId: string | null): Promise<VaultItem> {
    checkParent(this.session, parentId);
    const body = Buffer.from(text, 'utf8');
    const item = await this.writes.addSmall(name, 'note', body, tags, parentId, 'text/markdown');
    this.session.index.upsert({ id: item.id, name, tags, body: text });
    return item;
  }

  addSecret(name: string, value: string, tags: string[]): Promise<VaultItem> {
    return this.writes.addSmall(name, 'secret', Buffer.from(value, 'utf8'), tags, null, null);
  }

  async revealSecret(id: string): Promise<string> {
    if (metaOf(this.session, id).kind !== 'secret') throw new VaultError('BAD_REQUEST', 'Not a secret');
    return (await this.reads.readAll(id)).toString('utf8');
  }

  /** Imports files and folders (recursively) from local paths, streaming each through the worker. */
  async importPaths(
    paths: string[],
    tags: string[],
    parentId: string | null,
    job: string,
    opts: { fromAge?: boolean } = {},
  ): Promise<VaultItem[]> {
    return (await this.imports.importTree(paths, tags, parentId, job, opts)).items;
  }

  /** All or nothing; links, pipes, devices and sockets are skipped and returned (see ItemImports). */
  importTree(
    ...args: Parameters<ItemImports['importTree']>
  ): Promise<{ items: VaultItem[]; skipped: SkippedEntry[] }> {
    return this.imports.importTree(...args);
  }

  /** Imports a stream (an HTTP upload); encrypted as it arrives, plaintext never written. */
  importStream(...args: Parameters<ItemImports['importStream']>): Promise<VaultItem> {
    return this.imports.importStream(...args);
  }

  /** An age file for another key, sealed into the vault in one off-thread pass once `accept` agrees. */
  importForeignAge(...args: Parameters<ItemImports['importForeignAge']>): Promise<VaultItem> {
    return this.imports.importForeignAge(...args);
  }

  update(id: string, patch: { name?: string; tags?: string[]; modelPart?: ModelPart | null }): VaultItem {
    return this.writes.update(id, patch);
  }

  preview(id: string, maxBytes: number): Promise<VaultPreview> {
    return this.exports.preview(id, maxBytes);
  }

  exportFile(id: string, path: string, overwrite: boolean): Promise<{ path: string; sha256: string }> {
    return this.exports.exportFile(id, path, overwrite);
  }

  exportAge(id: string, path: string, to: ReencryptTarget): Promise<{ path: string }> {
    return this.exports.exportAge(id, path, to);
  }

  /** Removes an item and, for a folder, everything under it: rows first, then blobs. */
  remove(id: string): number {
    return this.writes.remove(id);
  }

  openPlaintext(id: string): Promise<{ meta: ItemMeta; stream: Readable }> {
    return this.exports.openPlaintext(id);
  }

  sweepMaterialized(): void {
    this.exports.sweepMaterialized();
  }

  materialize(id: string): Promise<{ path: string; dispose(): void }> {
    return this.exports.materialize(id);
  }
}
