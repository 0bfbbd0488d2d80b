import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type {
  ModelPart,
  VaultItem,
  VaultPreview,
  VaultProgress,
  VaultSearchHit,
} from '../../src-shared/domain/vault.js';
import type { Logger } from '../platform/log.js';
import type { VaultItemsRepo } from '../store/vault-items-repo.js';
import { encrypt } from './age/index.js';
import { damagedBlob, fileHeaderDigest, headerDigest } from './blob-binding.js';
import { BlobReads } from './blob-reads.js';
import type { BlobStore } from './blob-store.js';
import { checkDestination } from './destination.js';
import { VaultError } from './errors.js';
import { type PlannedEntry, planImport, type SkippedEntry } from './import-plan.js';
import { encryptStreamToFile } from './import-stream.js';
import { type ItemMeta, isTextual, mimeFor, openMeta, PREVIEWABLE_IMAGES, sealMeta } from './item-meta.js';
import type { UnlockedSession } from './session.js';
import {
  CryptoJobError,
  decryptFileOffThread,
  encryptFileOffThread,
  reencryptFileOffThread,
} from './worker/client.js';
import type { ReencryptTarget } from './worker/protocol.js';

export interface VaultItemsEvents {
  changed(ids: string[]): void;
  progress(p: VaultProgress): void;
}

const INDEX_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Item operations on an unlocked vault. Content goes to age blobs (large files stream through the
 * crypto worker), metadata is sealed into the row; the blob is durable before its row is written, and
 * a row is deleted before its blob, so a crash leaves at worst an orphan blob for the next sweep.
 */
export class VaultItems {
  private readonly reads: BlobReads;

  constructor(
    private readonly session: UnlockedSession,
    private readonly repo: VaultItemsRepo,
    private readonly blobs: BlobStore,
    private readonly runDir: string,
    private readonly log: Logger,
    private readonly events: Partial<VaultItemsEvents>,
  ) {
    this.reads = new BlobReads(session, repo, blobs, log);
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

  private indexed: Promise<void> = Promise.resolve();

  /** Reads text content into the search index after unlock, without holding up the unlock. */
  startIndexing(): void {
    this.indexed = this.indexContents().catch((err: unknown) => {
      // Locking mid-way closes the index; anything else is worth a line in the log.
      if (this.session.metas.size > 0) this.log.warn('vault: indexing stopped', { error: err });
    });
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

  /** A folder's items; the top level also holds those whose folder could not be read. */
  list(parentId: string | null): VaultItem[] {
    const here = (m: ItemMeta) =>
      m.parentId === parentId ||
      (parentId === null && m.parentId !== null && this.session.unreadable.has(m.parentId));
    return [...this.session.metas].filter(([, m]) => here(m)).map(([id, m]) => ({ id, ...m }));
  }

  get(id: string): VaultItem {
    return { id, ...this.meta(id) };
  }

  /** Searches once the first indexing pass is done, so a search right after unlock sees contents too. */
  async search(query: string, limit: number): Promise<VaultSearchHit[]> {
    await this.indexed;
    return this.session.index
      .search(query, limit)
      .filter((h) => this.session.metas.has(h.id))
      .map((h) => {
        const m = this.meta(h.id);
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

  async addNote(name: string, text: string, tags: string[], parentId: string | null): Promise<VaultItem> {
    this.checkParent(parentId);
    const item = await this.addSmall(
      name,
      'note',
      Buffer.from(text, 'utf8'),
      tags,
      parentId,
      'text/markdown',
    );
    this.session.index.upsert({ id: item.id, name, tags, body: text });
    return item;
  }

  addSecret(name: string, value: string, tags: string[]): Promise<VaultItem> {
    return this.addSmall(name, 'secret', Buffer.from(value, 'utf8'), tags, null, null);
  }

  async revealSecret(id: string): Promise<string> {
    if (this.meta(id).kind !== 'secret') throw new VaultError('BAD_REQUEST', 'Not a secret');
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
    return (await this.importTree(paths, tags, parentId, job, opts)).items;
  }

  /**
   * Imports files and folders, all or nothing: the whole tree is checked first (see planImport), and
   * a failure part-way (a full disk, an age file not made for this vault) removes what this import
   * had added. Links, pipes, devices and sockets are skipped and returned as such.
   */
  async importTree(
    paths: string[],
    tags: string[],
    parentId: string | null,
    job: string,
    opts: { fromAge?: boolean } = {},
  ): Promise<{ items: VaultItem[]; skipped: SkippedEntry[] }> {
    this.checkParent(parentId);
    const fromAge = opts.fromAge ?? false;
    const { entries, skipped } = planImport(paths, fromAge);
    const folders = new Map<string, string>();
    const out: VaultItem[] = [];
    try {
      for (const e of entries) {
        const parent = e.parent === null ? parentId : (folders.get(e.parent) ?? null);
        if (e.kind === 'folder') {
          const folder = await this.addSmall(e.name, 'folder', null, tags, parent, null);
          folders.set(e.path, folder.id);
          out.push(folder);
        } else {
          out.push(await this.importFile(e, tags, parent, job, fromAge));
        }
      }
    } catch (err) {
      // Removing the top-level items of this import removes everything under them.
      const added = out.filter((i) => !folders.has(i.parentId ?? ''));
      for (const i of added.reverse()) if (this.session.metas.has(i.id)) this.remove(i.id);
      throw err;
    }
    this.events.changed?.(out.map((i) => i.id));
    return { items: out, skipped };
  }

  /** Imports a stream (an HTTP upload); encrypted as it arrives, plaintext never written. */
  async importStream(
    source: Readable,
    name: string,
    tags: string[],
    parentId: string | null,
    job: string,
  ): Promise<VaultItem> {
    this.checkParent(parentId);
    const tmp = this.blobs.tmpPath();
    const progress = (bytes: number) => this.emitProgress(job, name, bytes, null, 'running');
    const file = await mapDiskErrors(encryptStreamToFile(source, tmp, this.session.recipient(), progress));
    const item = await this.commitBlob(tmp, name, 'file', file, tags, parentId, mimeFor(name));
    this.emitProgress(job, name, file.size, file.size, 'done');
    await this.indexIfText(item);
    this.events.changed?.([item.id]);
    return item;
  }

  update(id: string, patch: { name?: string; tags?: string[]; modelPart?: ModelPart | null }): VaultItem {
    const meta = { ...this.meta(id), ...stripUndefined(patch), updated: new Date().toISOString() };
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
    void this.indexIfText({ id, ...meta });
    this.events.changed?.([id]);
    return { id, ...meta };
  }

  async preview(id: string, maxBytes: number): Promise<VaultPreview> {
    const meta = this.meta(id);
    if (meta.kind === 'secret') return { kind: 'none', reason: 'Secrets are shown only with Reveal' };
    if (meta.kind === 'folder') return { kind: 'none', reason: 'A folder has no content of its own' };
    if (meta.mime && PREVIEWABLE_IMAGES.has(meta.mime)) {
      if (meta.size > 4 * 1024 * 1024) return { kind: 'none', reason: 'Too large to preview' };
      return { kind: 'image', mime: meta.mime, base64: (await this.reads.readAll(id)).toString('base64') };
    }
    if (meta.kind === 'note' || isTextual(meta.mime)) {
      const head = await this.reads.readHead(id, maxBytes);
      return { kind: 'text', text: head.toString('utf8'), truncated: meta.size > maxBytes };
    }
    return { kind: 'none', reason: 'No preview for this kind of file' };
  }

  /** Decrypts an item to `path` via a temp file beside it, checking the sha256 before the rename. */
  async exportFile(id: string, path: string, overwrite: boolean): Promise<{ path: string; sha256: string }> {
    const meta = this.meta(id);
    if (meta.kind === 'folder') throw new VaultError('BAD_REQUEST', 'Export a folder’s files one by one');
    checkDestination(path, overwrite);
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.sahel-tmp`);
    const blob = await this.reads.verified(id);
    const file = await mapDiskErrors(decryptFileOffThread(blob, tmp, this.session.identityString()), id);
    if (meta.sha256 && file.sha256 !== meta.sha256) {
      rmSync(tmp, { force: true });
      throw damagedBlob(id);
    }
    renameSync(tmp, path);
    return { path, sha256: file.sha256 };
  }

  /** Writes a standard age file of the item, for a recipient or a passphrase (scrypt). */
  async exportAge(id: string, path: string, to: ReencryptTarget): Promise<{ path: string }> {
    checkDestination(path, true);
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.sahel-tmp`);
    const sha = this.meta(id).sha256;
    const blob = await this.reads.verified(id);
    const file = await mapDiskErrors(
      reencryptFileOffThread(blob, tmp, this.session.identityString(), to),
      id,
    );
    if (sha && file.sha256 !== sha) {
      rmSync(tmp, { force: true });
      throw damagedBlob(id);
    }
    renameSync(tmp, path);
    return { path };
  }

  /** Removes an item and, for a folder, everything under it: rows first, then blobs. */
  remove(id: string): number {
    this.meta(id);
    const ids = this.descendants(id);
    const blobs = ids.map((i) => this.repo.get(i)?.blob).filter((b): b is string => !!b);
    this.repo.delete(ids);
    for (const i of ids) {
      this.session.metas.delete(i);
      this.session.index.remove(i);
    }
    this.blobs.remove(blobs);
    this.events.changed?.(ids);
    return ids.length;
  }

  /** Streams an item's plaintext (for HTTP download); chunks are released only once verified. */
  async openPlaintext(id: string): Promise<{ meta: ItemMeta; stream: Readable }> {
    const meta = this.meta(id);
    if (meta.kind === 'folder' || meta.kind === 'secret')
      throw new VaultError('BAD_REQUEST', 'Nothing to download');
    return { meta, stream: await this.reads.stream(id) };
  }

  /**
   * Removes model parts a crash left decrypted (a load that never got to dispose of its files). Called
   * at unlock, when no load of this session can hold one yet.
   */
  sweepMaterialized(): void {
    rmSync(join(this.runDir, 'model-parts'), { recursive: true, force: true });
  }

  /**
   * Decrypts a model part to a 0600 file in the private runtime dir for loading; the caller disposes
   * of it right after load.
   */
  async materialize(id: string): Promise<{ path: string; dispose(): void }> {
    const meta = this.meta(id);
    if (meta.kind !== 'model-part' && meta.kind !== 'file') throw new VaultError('BAD_REQUEST', 'Not a file');
    const dir = join(this.runDir, 'model-parts');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${randomBytes(12).toString('hex')}.bin`);
    const blob = await this.reads.verified(id);
    await mapDiskErrors(decryptFileOffThread(blob, path, this.session.identityString()), id);
    return { path, dispose: () => rmSync(path, { force: true }) };
  }

  private async importFile(
    entry: PlannedEntry,
    tags: string[],
    parentId: string | null,
    job: string,
    fromAge: boolean,
  ): Promise<VaultItem> {
    const { path, name } = entry;
    // Checked again: the file may have been swapped for a link or a pipe since the plan.
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) throw new VaultError('BAD_REQUEST', `${path} changed while it was being imported`);
    const tmp = this.blobs.tmpPath();
    this.emitProgress(job, name, 0, st.size, 'running');
    try {
      const onProgress = (b: number) => this.emitProgress(job, name, b, st.size, 'running');
      const recipient = this.session.recipient();
      // An age file made for the vault's recipient is decrypted and sealed again as a vault blob,
      // so its plaintext hash is known and no other recipient can open the stored copy.
      const file = await mapDiskErrors(
        fromAge
          ? reencryptFileOffThread(path, tmp, this.session.identityString(), { recipient }, onProgress).catch(
              notForThisVault,
            )
          : encryptFileOffThread(path, tmp, recipient, onProgress),
      );
      const item = await this.commitBlob(tmp, name, 'file', file, tags, parentId, mimeFor(name));
      this.emitProgress(job, name, file.size, file.size, 'done');
      await this.indexIfText(item);
      return item;
    } catch (err) {
      rmSync(tmp, { force: true });
      // Names stay out of the log: they are vault data.
      this.log.warn('vault: an import failed', { code: (err as { code?: string }).code ?? 'UNKNOWN' });
      this.emitProgress(job, name, 0, st.size, 'failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private async addSmall(
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
    const meta = this.newMeta(name, kind, content?.length ?? 0, sha256, mime, tags, parentId);
    this.repo.insert({ id, blob, meta: sealMeta(this.session.metaKey, id, meta, header) });
    this.session.metas.set(id, meta);
    this.session.blobHeaders.set(id, header);
    this.session.index.upsert({ id, name, tags, body: '' });
    if (kind !== 'folder') this.events.changed?.([id]);
    return { id, ...meta };
  }

  private async commitBlob(
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
    const meta = this.newMeta(name, kind, file.size, file.sha256, mime, tags, parentId);
    this.repo.insert({ id, blob, meta: sealMeta(this.session.metaKey, id, meta, header) });
    this.session.metas.set(id, meta);
    this.session.blobHeaders.set(id, header);
    this.session.index.upsert({ id, name, tags, body: '' });
    return { id, ...meta };
  }

  private newMeta(
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

  private async indexIfText(item: VaultItem): Promise<void> {
    if (item.kind === 'file' && isTextual(item.mime) && item.size <= INDEX_MAX_BYTES) {
      const body = (await this.reads.readAll(item.id)).toString('utf8');
      this.session.index.upsert({ id: item.id, name: item.name, tags: item.tags, body });
    }
  }

  private meta(id: string): ItemMeta {
    const m = this.session.metas.get(id);
    if (!m) throw new VaultError('NOT_FOUND', 'No such item');
    return m;
  }

  private checkParent(parentId: string | null): void {
    if (parentId !== null && this.meta(parentId).kind !== 'folder')
      throw new VaultError('BAD_REQUEST', 'The parent is not a folder');
  }

  private descendants(id: string): string[] {
    const out = [id];
    for (let i = 0; i < out.length; i++) {
      for (const [child, m] of this.session.metas) if (m.parentId === out[i]) out.push(child);
    }
    return out;
  }

  private emitProgress(
    job: string,
    name: string,
    bytes: number,
    total: number | null,
    phase: VaultProgress['phase'],
    error: string | null = null,
  ): void {
    this.events.progress?.({ job, name, bytes, total, phase, error });
  }
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** An age file that is not one, or not made for this vault, is bad input rather than vault damage. */
function notForThisVault(err: unknown): never {
  if (err instanceof CryptoJobError && /^(HEADER|VERSION|STANZA|NO_IDENTITY|ARMOR|MAC)/.test(err.code)) {
    throw new VaultError(
      'BAD_REQUEST',
      "Not a binary age file encrypted to the vault's recipient (see sahel vault status)",
    );
  }
  throw err;
}

/**
 * Maps a full disk to a typed error (the temp file was already removed by the writer), and a blob
 * that fails to decrypt to the damage of item `id`.
 */
async function mapDiskErrors<T>(p: Promise<T>, id?: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const code = err instanceof CryptoJobError ? err.code : (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC') throw new VaultError('DISK_FULL', 'The disk is full; nothing was changed');
    if (code === 'ENOENT') throw new VaultError('NOT_FOUND', 'A file was not found');
    if (code === 'EEXIST') throw new VaultError('BAD_REQUEST', 'The destination exists');
    if (err instanceof CryptoJobError && /^(PAYLOAD|HEADER|MAC|NO_IDENTITY|TRAILING)/.test(code ?? '')) {
      throw id ? damagedBlob(id) : new VaultError('CORRUPT', 'A vault file failed authentication');
    }
    throw err;
  }
}
