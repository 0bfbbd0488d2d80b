import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { VaultPreview } from '../../src-shared/domain/vault.js';
import { fsyncDir } from '../platform/index.js';
import { damagedBlob } from './blob-binding.js';
import type { BlobReads } from './blob-reads.js';
import { checkDestination } from './destination.js';
import { mapDiskErrors } from './disk-errors.js';
import { VaultError } from './errors.js';
import { metaOf } from './item-lookup.js';
import { type ItemMeta, isTextual, PREVIEWABLE_IMAGES } from './item-meta.js';
import type { UnlockedSession } from './session.js';
import { decryptFileOffThread, reencryptFileOffThread } from './worker/client.js';
import type { ReencryptTarget } from './worker/protocol.js';

/** Every way an item's content leaves the vault: previews, exports, downloads and model loads. */
export class ItemExports {
  constructor(
    private readonly session: UnlockedSession,
    private readonly reads: BlobReads,
    private readonly runDir: string,
  ) {}

  async preview(id: string, maxBytes: number): Promise<VaultPreview> {
    const meta = metaOf(this.session, id);
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

  /**
   * Decrypts an item to `path` via a temp file beside it, renamed into place only once complete and
   * on disk (the user may remove the item next, leaving this the only copy).
   *
   * The plaintext is not hashed again here. `verified` proved the blob's header is the one sealed in
   * the item's row (a legacy row is hashed in full once, then bound), and the worker checks that
   * digest again on the bytes it decrypts. The header carries the file key, under which STREAM
   * authenticates every chunk, its place and the final flag: a blob that decrypts completely under
   * it is the one written, and nothing else decrypts. What the row sealed is the plaintext's sha256.
   */
  async exportFile(id: string, path: string, overwrite: boolean): Promise<{ path: string; sha256: string }> {
    const meta = metaOf(this.session, id);
    if (meta.kind === 'folder') throw new VaultError('BAD_REQUEST', 'Export a folder’s files one by one');
    checkDestination(path, overwrite);
    const tmp = tmpBeside(path);
    const blob = await this.reads.verified(id);
    const header = this.session.blobHeaders.get(id) ?? null;
    const opts = { header, hash: meta.sha256 === null };
    const file = await mapDiskErrors(
      decryptFileOffThread(blob, tmp, this.session.identityString(), opts),
      id,
    );
    const sha256 = meta.sha256 ?? file.sha256;
    if (file.size !== meta.size || sha256 === null) {
      rmSync(tmp, { force: true });
      throw damagedBlob(id);
    }
    renameSync(tmp, path);
    fsyncDir(dirname(path));
    return { path, sha256 };
  }

  /** Writes a standard age file of the item, for a recipient or a passphrase (scrypt). */
  async exportAge(id: string, path: string, to: ReencryptTarget): Promise<{ path: string }> {
    checkDestination(path, true);
    const tmp = tmpBeside(path);
    const sha = metaOf(this.session, id).sha256;
    const blob = await this.reads.verified(id);
    const file = await mapDiskErrors(
      reencryptFileOffThread(blob, tmp, this.session.identityString(), to),
      id,
    );
    renameIfIntact(tmp, path, id, sha, file.sha256);
    return { path };
  }

  /** Streams an item's plaintext (for HTTP download); chunks are released only once verified. */
  async openPlaintext(id: string): Promise<{ meta: ItemMeta; stream: Readable }> {
    const meta = metaOf(this.session, id);
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
    const meta = metaOf(this.session, id);
    if (meta.kind !== 'model-part' && meta.kind !== 'file') throw new VaultError('BAD_REQUEST', 'Not a file');
    const dir = join(this.runDir, 'model-parts');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${randomBytes(12).toString('hex')}.bin`);
    const blob = await this.reads.verified(id);
    const header = this.session.blobHeaders.get(id) ?? null;
    await mapDiskErrors(decryptFileOffThread(blob, path, this.session.identityString(), { header }), id);
    return { path, dispose: () => rmSync(path, { force: true }) };
  }
}

/** A temp name in the destination's folder, so the final rename stays on one file system. */
function tmpBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.sahel-tmp`);
}

/** Puts the written file in place only if its plaintext is the one the row sealed (when it sealed one). */
function renameIfIntact(tmp: string, path: string, id: string, sealed: string | null, got: string): void {
  if (sealed && got !== sealed) {
    rmSync(tmp, { force: true });
    throw damagedBlob(id);
  }
  renameSync(tmp, path);
}
