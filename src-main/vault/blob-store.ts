import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../platform/index.js';

const BLOB_NAME = /^[0-9a-f]{32}\.age$/;

/**
 * The vault's files: age blobs under random names in blobs/, and tmp/ for files being written. A blob
 * becomes durable (fsync, rename, fsync dir) before the database row that refers to it is written;
 * whatever a crash leaves without a row is swept at open.
 */
export class BlobStore {
  readonly blobsDir: string;
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.blobsDir = join(root, 'blobs');
    this.tmpDir = join(root, 'tmp');
    for (const dir of [root, this.blobsDir, this.tmpDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  newBlobName(): string {
    return `${randomBytes(16).toString('hex')}.age`;
  }

  path(blob: string): string {
    if (!BLOB_NAME.test(blob)) throw new Error('Bad blob name');
    return join(this.blobsDir, blob);
  }

  tmpPath(suffix = '.partial'): string {
    return join(this.tmpDir, `${randomBytes(12).toString('hex')}${suffix}`);
  }

  /** Moves a finished (already fsynced) temp file into place and makes the rename durable. */
  commit(tmp: string, blob: string): void {
    renameSync(tmp, this.path(blob));
    fsyncDir(this.blobsDir);
  }

  writeSmall(blob: string, data: Uint8Array): void {
    writeFileAtomic(this.path(blob), data);
  }

  remove(blobs: Iterable<string>): void {
    for (const b of blobs) rmSync(this.path(b), { force: true });
    fsyncDir(this.blobsDir);
  }

  /** Deletes temp files and blobs no row refers to; returns how many went. */
  sweep(referenced: Set<string>): number {
    let swept = 0;
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(join(this.tmpDir, name), { force: true, recursive: true });
      swept++;
    }
    for (const name of readdirSync(this.blobsDir)) {
      if (!referenced.has(name)) {
        rmSync(join(this.blobsDir, name), { force: true, recursive: true });
        swept++;
      }
    }
    if (swept > 0) fsyncDir(this.blobsDir);
    return swept;
  }
}
