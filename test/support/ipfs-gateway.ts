import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CarBlockIterator } from '@ipld/car/iterator';
import { MemoryBlockstore } from 'blockstore-core/memory';
import { exporter } from 'ipfs-unixfs-exporter';
import { equals } from 'multiformats/bytes';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

/**
 * Loads a CAR's blocks into `blocks`, each checked against its CID as `ipfs dag import` does; returns
 * the CAR's roots and how many blocks it held.
 */
export async function loadCar(
  carFile: string,
  blocks: MemoryBlockstore,
): Promise<{ roots: string[]; count: number }> {
  const car = await CarBlockIterator.fromIterable(createReadStream(carFile));
  let count = 0;
  for await (const { cid, bytes } of car) {
    const digest = await sha256.digest(bytes);
    if (cid.multihash.code !== sha256.code || !equals(digest.bytes, cid.multihash.bytes)) {
      throw new Error(`block ${cid} does not hash to its CID`);
    }
    await blocks.put(cid, bytes);
    count++;
  }
  return { roots: (await car.getRoots()).map(String), count };
}

export interface TestGateway {
  /** The base URL to set as `ipfsGateway`: it serves `<url>/ipfs/<cid>`. */
  url: string;
  /** "Pins" a CAR: its blocks are loaded, so the DAGs under its roots are served. Returns the roots. */
  pin(carFile: string): Promise<string[]>;
  /** Makes `/ipfs/<cid>` answer these bytes instead, as a lying or broken gateway would; null: the truth again. */
  lie(cid: string, bytes: Uint8Array | null): void;
  /** The paths asked for, in order. */
  asked: string[];
  close(): Promise<void>;
}

/**
 * A loopback IPFS path gateway for tests: `/ipfs/<cid>` is exported from a blockstore loaded from CAR
 * files with the IPFS libraries themselves (ipfs-unixfs-exporter over blockstore-core), so a CID that
 * Sahel computed is served only if the real UnixFS reader walks it to bytes (each block checked against
 * its CID when pinned, as `ipfs dag import` does), and those bytes are the file's. A CID with no pinned blocks answers 404 (a real gateway would search the network, then time
 * out). Range is not supported: it answers 200 with the whole file.
 */
export async function startTestGateway(): Promise<TestGateway> {
  const blocks = new MemoryBlockstore();
  const lies = new Map<string, Uint8Array>();
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const m = /^\/ipfs\/([a-z2-7]+)$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(400).end('not an /ipfs/<cid> path');
    const cid = m[1] as string;
    const lie = lies.get(cid);
    if (lie) return void res.writeHead(200, { 'content-length': lie.length }).end(lie);
    void (async () => {
      let entry: Awaited<ReturnType<typeof exporter>>;
      try {
        entry = await exporter(CID.parse(cid), blocks);
      } catch {
        return void res.writeHead(404).end('not pinned here');
      }
      if (entry.type !== 'file' && entry.type !== 'raw') return void res.writeHead(400).end('not a file');
      res.writeHead(200, { 'content-length': String(entry.size) });
      try {
        for await (const chunk of entry.content()) {
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        }
        res.end();
      } catch {
        res.destroy();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pin: async (carFile) => (await loadCar(carFile, blocks)).roots,
    lie(cid, bytes) {
      if (bytes) lies.set(cid, bytes);
      else lies.delete(cid);
    },
    asked,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
