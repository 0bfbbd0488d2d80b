// The CID Sahel lists for an `ipfs` location, and the CAR it writes to pin, checked with the IPFS
// libraries themselves: Kubo's published CIDs for known bytes, an independent in-memory import with
// Kubo's `ipfs add --cid-version=1` parameters written out, and the UnixFS exporter reading the CAR's
// blocks back to the file's bytes and shape (174 links a node, 256 KiB raw leaves).
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryBlockstore } from 'blockstore-core/memory';
import { exporter } from 'ipfs-unixfs-exporter';
import { importBytes } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { CID } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import { writeIpfsDag } from '../../../src-main/market/publish/ipfs-dag.js';
import { loadCar } from '../../support/ipfs-gateway.js';
import { tempDir } from '../../support/tmp.js';

const CHUNK = 262_144;

/** Known bytes, no two chunks alike (equal chunks would share a block): a counter through a multiplier. */
function known(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) b.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
  return b;
}

async function dagOf(bytes: Uint8Array) {
  const dir = tempDir();
  const file = join(dir, 'blob');
  writeFileSync(file, bytes);
  const dag = await writeIpfsDag(file, join(dir, 'blob.car'));
  return { dir, ...dag };
}

async function exported(cid: string, blocks: MemoryBlockstore): Promise<Buffer> {
  const entry = await exporter(CID.parse(cid), blocks);
  if (entry.type !== 'file' && entry.type !== 'raw') throw new Error(`the root is a ${entry.type}`);
  const parts: Uint8Array[] = [];
  for await (const c of entry.content()) parts.push(c as Uint8Array);
  return Buffer.concat(parts);
}

describe('the IPFS DAG of a published ciphertext', () => {
  it('gives the CIDs Kubo published for known bytes (`ipfs add --cid-version 1`)', async () => {
    // Kubo's gateway fixtures: test/sharness/t0124-gateway-ipns-record/README.md ("Hello IPFS") and
    // t0116-gateway-cache/README.md (index.html holding "hello"), both written by `echo`.
    expect((await dagOf(Buffer.from('Hello IPFS\n'))).cid).toBe(
      'bafkreidfdrlkeq4m4xnxuyx6iae76fdm4wgl5d4xzsb77ixhyqwumhz244',
    );
    expect((await dagOf(Buffer.from('hello\n'))).cid).toBe(
      'bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am',
    );
  });

  it('over 174 chunks: the CID of an independent import, a CAR of exactly that DAG, read back by the exporter', async () => {
    // One chunk more than a node of 174 links holds: the balanced layout needs a second level.
    const bytes = known(CHUNK * 174 + 1000);
    const { cid, carFile, dir } = await dagOf(bytes);
    const own = new MemoryBlockstore();
    const independent = await importBytes(bytes, own, {
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: CHUNK }),
      layout: balanced({ maxChildrenPerNode: 174 }),
    });
    expect(cid).toBe(independent.cid.toString());
    expect(cid).toMatch(/^bafybei/);

    const blocks = new MemoryBlockstore();
    const car = await loadCar(carFile, blocks);
    expect(car.roots).toEqual([cid]);
    // 175 leaves, the two nodes under the root, the root: every block once, nothing else.
    expect(car.count).toBe(175 + 2 + 1);
    const back = await exported(cid, blocks);
    expect(createHash('sha256').update(back).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
    const root = await exporter(CID.parse(cid), blocks);
    if (root.type !== 'file') throw new Error(`the root is a ${root.type}`);
    expect(root.node.Links).toHaveLength(2);
    const first = await exporter(root.node.Links[0]!.Hash, blocks);
    if (first.type !== 'file') throw new Error(`the first child is a ${first.type}`);
    expect(first.node.Links).toHaveLength(174);
    expect(first.node.Links.every((l) => l.Hash.code === 0x55)).toBe(true); // raw leaves
    // Only the CAR is left beside the file: no temp file.
    expect(readdirSync(dir).sort()).toEqual(['blob', 'blob.car']);
  });
});
