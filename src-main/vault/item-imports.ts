import { lstatSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { VaultItem, VaultProgress } from '../../src-shared/domain/vault.js';
import type { Logger } from '../platform/index.js';
import type { BlobStore } from './blob-store.js';
import { mapDiskErrors, notForThisVault, notOpenableWith } from './disk-errors.js';
import { VaultError } from './errors.js';
import { type PlannedEntry, planImport, type SkippedEntry } from './import-plan.js';
import { encryptStreamToFile } from './import-stream.js';
import type { ItemIndex } from './item-index.js';
import { checkParent } from './item-lookup.js';
import { mimeFor } from './item-meta.js';
import type { ItemWrites } from './item-writes.js';
import type { UnlockedSession } from './session.js';
import { encryptFileOffThread, reencryptFileOffThread } from './worker/client.js';
import type { FileResult } from './worker/protocol.js';

/** Brings files, folders and uploads into the vault, streaming content through the crypto worker. */
export class ItemImports {
  constructor(
    private readonly session: UnlockedSession,
    private readonly blobs: BlobStore,
    private readonly writes: ItemWrites,
    private readonly index: ItemIndex,
    private readonly log: Logger,
    private readonly changed: (ids: string[]) => void,
    private readonly progress: (p: VaultProgress) => void,
  ) {}

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
    checkParent(this.session, parentId);
    const fromAge = opts.fromAge ?? false;
    const { entries, skipped } = planImport(paths, fromAge);
    const folders = new Map<string, string>();
    const out: VaultItem[] = [];
    try {
      for (const e of entries) {
        const parent = e.parent === null ? parentId : (folders.get(e.parent) ?? null);
        if (e.kind === 'folder') {
          const folder = await this.writes.addSmall(e.name, 'folder', null, tags, parent, null);
          folders.set(e.path, folder.id);
          out.push(folder);
        } else {
          out.push(await this.importFile(e, tags, parent, job, fromAge));
        }
      }
    } catch (err) {
      // Removing the top-level items of this import removes everything under them.
      const added = out.filter((i) => !folders.has(i.parentId ?? ''));
      for (const i of added.reverse()) if (this.session.metas.has(i.id)) this.writes.remove(i.id);
      throw err;
    }
    this.changed(out.map((i) => i.id));
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
    checkParent(this.session, parentId);
    const tmp = this.blobs.tmpPath();
    const progress = (bytes: number) => this.emitProgress(job, name, bytes, null, 'running');
    const file = await mapDiskErrors(encryptStreamToFile(source, tmp, this.session.recipient(), progress));
    const item = await this.writes.commitBlob(tmp, name, 'file', file, tags, parentId, mimeFor(name));
    this.emitProgress(job, name, file.size, file.size, 'done');
    await this.index.indexIfText(item);
    this.changed([item.id]);
    return item;
  }

  /**
   * Imports an age file made for another identity (a bought asset, opened with its delivered key) in one
   * pass on the file worker: decrypted, hashed and sealed again as a vault blob, its plaintext never
   * written. `accept` sees the plaintext's sha256 and size before anything is committed; when it throws,
   * the sealed copy is removed, nothing is added and its error is thrown. A file that does not open with
   * `identity` (or fails authentication part-way) is a BAD_REQUEST.
   */
  async importForeignAge(
    path: string,
    identity: string,
    name: string,
    tags: string[],
    job: string,
    accept: (file: FileResult) => void,
  ): Promise<VaultItem> {
    const tmp = this.blobs.tmpPath();
    const onProgress = (bytes: number) => this.emitProgress(job, name, bytes, null, 'running');
    let file: FileResult;
    try {
      const to = { recipient: this.session.recipient() };
      file = await mapDiskErrors(
        reencryptFileOffThread(path, tmp, identity, to, onProgress).catch(notOpenableWith),
      );
      accept(file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    const item = await this.writes.commitBlob(tmp, name, 'file', file, tags, null, mimeFor(name));
    this.emitProgress(job, name, file.size, file.size, 'done');
    await this.index.indexIfText(item);
    this.changed([item.id]);
    return item;
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
      const item = await this.writes.commitBlob(tmp, name, 'file', file, tags, parentId, mimeFor(name));
      this.emitProgress(job, name, file.size, file.size, 'done');
      await this.index.indexIfText(item);
      return item;
    } catch (err) {
      rmSync(tmp, { force: true });
      // Names stay out of the log: they are vault data.
      this.log.warn('vault: an import failed', { code: (err as { code?: string }).code ?? 'UNKNOWN' });
      this.emitProgress(job, name, 0, st.size, 'failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private emitProgress(
    job: string,
    name: string,
    bytes: number,
    total: number | null,
    phase: VaultProgress['phase'],
    error: string | null = null,
  ): void {
    this.progress({ job, name, bytes, total, phase, error });
  }
}
