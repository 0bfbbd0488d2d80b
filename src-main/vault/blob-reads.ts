import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Logger } from '../platform/index.js';
import type { VaultItemsRepo } from '../store/index.js';
import { createDecryptStream, decrypt, isAgeError } from './age/index.js';
import { damagedBlob, fileHeaderDigest, missingBlob } from './blob-binding.js';
import type { BlobStore } from './blob-store.js';
import { VaultError } from './errors.js';
import { sealMeta } from './item-meta.js';
import type { UnlockedSession } from './session.js';

/**
 * Every read of an item's content goes through here: the blob is checked against the header digest
 * sealed in its row before a byte is decrypted, and any failure to decrypt is reported as that item's
 * damage (DAMAGED, naming the item), never as an internal error. A row from before bindings existed
 * is checked once against the plaintext sha256 it already seals, then bound (see `verified`).
 */
export class BlobReads {
  constructor(
    private readonly session: UnlockedSession,
    private readonly repo: VaultItemsRepo,
    private readonly blobs: BlobStore,
    private readonly log: Logger,
  ) {}

  /** The blob's path, once its header is the one sealed in the row. */
  async verified(id: string): Promise<string> {
    const path = this.path(id);
    const actual = await fileHeaderDigest(path);
    if (actual === null && !existsSync(path)) throw missingBlob(id);
    const bound = this.session.blobHeaders.get(id) ?? null;
    if (actual === null || (bound !== null && actual !== bound)) throw this.damaged(id);
    if (bound === null) await this.bindLegacy(id, path, actual);
    return path;
  }

  async readAll(id: string): Promise<Buffer> {
    const path = await this.verified(id);
    return this.mapped(id, async () => decrypt([this.session.identity], await readFile(path)));
  }

  async readHead(id: string, maxBytes: number): Promise<Buffer> {
    const path = await this.verified(id);
    return this.mapped(id, async () => {
      const parts: Buffer[] = [];
      let got = 0;
      const stream = createReadStream(path).pipe(createDecryptStream([this.session.identity]));
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          parts.push(chunk);
          got += chunk.length;
          if (got >= maxBytes) break;
        }
      } finally {
        stream.destroy();
      }
      return Buffer.concat(parts).subarray(0, maxBytes);
    });
  }

  /**
   * The plaintext as a stream. The first chunk (64 KiB: all of most files) is verified before this
   * returns, so damage there is an error the caller can still answer with; damage further on can only
   * end the stream with an error.
   */
  async stream(id: string): Promise<Readable> {
    const path = await this.verified(id);
    const blob = createReadStream(path);
    const source = createDecryptStream([this.session.identity]);
    // pipe() does not forward errors: a blob that vanishes or cannot be read must reach the reader, not crash.
    blob.on('error', (err) => source.destroy(err));
    blob.pipe(source);
    const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const first = await this.mapped(id, () => it.next()).catch((err: unknown) => {
      source.destroy();
      throw err;
    });
    async function* rest(): AsyncGenerator<Buffer> {
      try {
        if (first.done) return;
        yield first.value;
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
      } finally {
        source.destroy();
      }
    }
    return Readable.from(rest(), { objectMode: false });
  }

  /** Turns a decryption failure of an item's blob into that item's DAMAGED error. */
  async mapped<T>(id: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isAgeError(err)) throw this.damaged(id);
      throw err;
    }
  }

  private async bindLegacy(id: string, path: string, digest: string): Promise<void> {
    const meta = this.session.metas.get(id);
    if (!meta?.sha256) throw this.damaged(id);
    const hash = createHash('sha256');
    await this.mapped(id, async () => {
      const stream = createReadStream(path).pipe(createDecryptStream([this.session.identity]));
      for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
    });
    if (hash.digest('hex') !== meta.sha256) throw this.damaged(id);
    // The blob proved to be the one the row was written with: pin it from now on.
    if (!this.session.metas.has(id)) return;
    this.repo.updateMeta(id, sealMeta(this.session.metaKey, id, meta, digest));
    this.session.blobHeaders.set(id, digest);
  }

  private damaged(id: string): VaultError {
    this.session.damaged.add(id);
    this.log.warn('vault: an item’s encrypted file was replaced or damaged', { item: id });
    return damagedBlob(id);
  }

  private path(id: string): string {
    const blob = this.repo.get(id)?.blob;
    if (!blob) throw new VaultError('NOT_FOUND', 'The item has no content');
    return this.blobs.path(blob);
  }
}
