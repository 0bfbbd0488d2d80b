import { createHash, randomBytes } from 'node:crypto';
import type { ModelPart, VaultItem } from '../../src-shared/domain/vault.js';
import type { VaultItemsRepo } from '../store/index.js';
import { encrypt } from './age/index.js';
import { fileHeaderDigest, headerDigest } from './blob-binding.js';
import type { BlobStore } from './blob-store.js';
import { VaultError } from './errors.js';
import type { ItemIndex } from './item-index.js';
import { descendants, metaOf } from './item-lookup.js';
import { type ItemMeta, sealMeta } from './item-meta.js';
import type { UnlockedSession } from './session.js';

/**
 * Every change to the vault's rows and blobs. The blob is durable before its row is written, and a
 * row is deleted before its blob, so a crash leaves at worst an orphan blob for the next sweep.
 */
export class ItemWrites {
  constructor(
    private readonly session: UnlockedSession,
    private readonly repo: VaultItemsRepo,
    private readonly blobs: BlobStore,
    private readonly index: ItemIndex,
    private readonly changed: (ids: string[]) => void,
  ) {}

  /** Adds an item whose content (if any) fits in memory: a note, a secret, a folder. */
  async addSmall(
    name: string,
    kind: ItemMeta['kind'],
    content: Buffer | null,
    tags: string[],
    parentId: string | null,
    mime: string | null,
  ): Promise<VaultItem> {
    const id = randomBytes(16).toString('hex');
    let blob: string | null = null;
    let header: string | null = null;
    if (content) {
      blob = this.blobs.newBlobName();
      const encrypted = await encrypt([this.session.recipient()], content);
      header = headerDigest(encrypted);
      this.blobs.writeSmall(blob, encrypted);
    }
    const sha256 = content ? sha256Hex(content) : null;
    const meta = newMeta(name, kind, content?.length ?? 0, sha256, mime, tags, parentId);
    this.repo.insert({ id, blob, meta: sealMeta(this.session.metaKey, id, meta, header) });
    this.session.metas.set(id, meta);
    this.session.blobHeaders.set(id, header);
    this.session.index.upsert({ id, name, tags, body: '' });
    if (kind !== 'folder') this.changed([id]);
    return { id, ...meta };
  }

  /** Moves an encrypted temp file into the blob store and writes its row. */
  async commitBlob(
    tmp: string,
    name: string,
    kind: ItemMeta['kind'],
    file: { sha256: string; size: number },
    tags: string[],
    parentId: string | null,
    mime: string | null,
  ): Promise<VaultItem> {
    const id = randomBytes(16).toString('hex');
    const header = await fileHeaderDigest(tmp);
    if (!header) throw new Error('The encryptor wrote no age header');
    const blob = this.blobs.newBlobName();
    this.blobs.commit(tmp, blob);
    const meta = newMeta(name, kind, file.size, file.sha256, mime, tags, parentId);
    this.repo.insert({ id, blob, meta: sealMeta(this.session.metaKey, id, meta, header) });
    this.session.metas.set(id, meta);
    this.session.blobHeaders.set(id, header);
    this.session.index.upsert({ id, name, tags, body: '' });
    return { id, ...meta };
  }

  update(id: string, patch: { name?: string; tags?: string[]; modelPart?: ModelPart | null }): VaultItem {
    const meta = { ...metaOf(this.session, id), ...stripUndefined(patch), updated: new Date().toISOString() };
    if (meta.modelPart && meta.kind !== 'file' && meta.kind !== 'model-part') {
      throw new VaultError('BAD_REQUEST', 'Only files can be model parts');
    }
    meta.kind =
      meta.kind === 'file' && meta.modelPart
        ? 'model-part'
        : meta.kind === 'model-part' && !meta.modelPart
          ? 'file'
          : meta.kind;
    this.repo.updateMeta(
      id,
      sealMeta(this.session.metaKey, id, meta, this.session.blobHeaders.get(id) ?? null),
    );
    this.session.metas.set(id, meta);
    this.session.index.upsert({ id, name: meta.name, tags: meta.tags, body: '' });
    void this.index.indexIfText({ id, ...meta });
    this.changed([id]);
    return { id, ...meta };
  }

  /**
   * Removes an item and, for a folder, everything under it: rows first, then blobs. A row set aside as
   * unreadable goes alone: what it held cannot be known, and its children already show at the top level.
   */
  remove(id: string): number {
    const setAside = this.session.unreadable.has(id);
    if (!setAside) metaOf(this.session, id);
    const ids = setAside ? [id] : descendants(this.session, id);
    const blobs = ids.map((i) => this.repo.get(i)?.blob).filter((b): b is string => !!b);
    this.repo.delete(ids);
    for (const i of ids) {
      this.session.metas.delete(i);
      this.session.index.remove(i);
      this.session.unreadable.delete(i);
      this.session.damaged.delete(i);
    }
    this.blobs.remove(blobs);
    this.changed(ids);
    return ids.length;
  }
}

function newMeta(
  name: string,
  kind: ItemMeta['kind'],
  size: number,
  sha256: string | null,
  mime: string | null,
  tags: string[],
  parentId: string | null,
): ItemMeta {
  const now = new Date().toISOString();
  return {
    name,
    kind,
    tags: [...new Set(tags)],
    size,
    sha256,
    mime,
    parentId,
    created: now,
    updated: now,
    modelPart: null,
  };
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
