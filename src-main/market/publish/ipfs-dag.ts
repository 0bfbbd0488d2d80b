import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CarWriter } from '@ipld/car/writer';
import { type ImporterOptions, importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { SahelError } from '../../../src-shared/errors.js';
import { fsyncDir } from '../../platform/index.js';

/**
 * The DAG `ipfs add --cid-version=1` of Kubo builds with its default config, so the CID Sahel lists is
 * the one a user's own node computes for the same file:
 * - CIDv1 implies raw leaves (Kubo docs/config.md, `Import.UnixFSRawLeaves`: "true if CidVersion=1");
 * - fixed 256 KiB chunks (kubo config/import.go, `DefaultUnixFSChunker = "size-262144"`);
 * - a balanced layout (trickle only with `--trickle`) of at most 174 links per node (kubo
 *   config/import.go, `DefaultUnixFSFileMaxLinks = helpers.DefaultLinksPerBlock`, 174 in boxo's
 *   ipld/unixfs/importer/helpers);
 * - sha2-256 (`DefaultHashFunction`), and a file of one chunk is that raw leaf itself.
 * Pinned here rather than taken from the importer's defaults (1024 links) or a profile (IPIP-499's
 * unixfs-v1-2025 uses 1 MiB chunks and 1024 links): those give another CID for files over 256 KiB.
 */
export const KUBO_ADD_CID_V1: ImporterOptions = {
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262_144 }),
  layout: balanced({ maxChildrenPerNode: 174 }),
};

export interface IpfsDag {
  /** The root CID, base32 (`bafy…` or `bafk…`). */
  cid: string;
  /** The CAR file holding exactly that DAG, to pin (`ipfs dag import`, or a pinning service's upload). */
  carFile: string;
}

/**
 * Computes the UnixFS DAG of `file` as Kubo would, streaming (one chunk at a time, never the whole
 * file), and writes its blocks as a CARv1 to `carFile`. The root is known only at the end, so the
 * header is written with a placeholder root of the same encoded length (a CIDv1 sha2-256 with a
 * one-byte codec, as the real root is: raw or dag-pb) and rewritten in place once the root is known.
 * Written to a temp file in the same folder and renamed, so `carFile` is never a partial CAR.
 */
export async function writeIpfsDag(file: string, carFile: string): Promise<IpfsDag> {
  const tmp = join(dirname(carFile), `.${basename(carFile)}.${randomBytes(6).toString('hex')}.tmp`);
  const placeholder = CID.create(1, raw.code, await sha256.digest(new Uint8Array(0)));
  const { writer, out } = CarWriter.create([placeholder]);
  const written = pipeline(Readable.from(out), createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
  // A put waits for the file to take its bytes: should the file fail (a full disk), the put must not
  // wait forever, so each one races the write's failure.
  const broken = written.then(() => new Promise<never>(() => undefined));
  broken.catch(() => undefined);
  // The importer may put a block twice (two equal chunks): the CAR holds each once.
  const seen = new Set<string>();
  const blocks = {
    put: async (cid: CID, bytes: unknown) => {
      if (!(bytes instanceof Uint8Array)) throw new Error('the importer gave a block that is not bytes');
      const key = cid.toString();
      if (!seen.has(key)) {
        seen.add(key);
        await Promise.race([writer.put({ cid, bytes }), broken]);
      }
      return cid;
    },
  };
  try {
    let root: CID | undefined;
    const content = createReadStream(file, { highWaterMark: 262_144 });
    for await (const entry of importer([{ content }], blocks, KUBO_ADD_CID_V1)) root = entry.cid;
    await writer.close();
    await written;
    if (!root) throw new Error('the importer gave no root');
    const fd = await open(tmp, 'r+');
    try {
      await CarWriter.updateRootsInFile(fd, [root]);
      await fd.sync();
    } finally {
      await fd.close();
    }
    renameSync(tmp, carFile);
    fsyncDir(dirname(carFile));
    return { cid: root.toString(), carFile };
  } catch (err) {
    await writer.close().catch(() => undefined);
    await written.catch(() => undefined);
    rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new SahelError('DISK_FULL', 'The disk is full: free some space, then publish again');
    }
    throw err;
  }
}
