// A seller for the publish tests: a real vault (SQLite file, age blobs), the transaction pipeline
// signing with anvil's dev keys against the harness deployment, the publisher and a blob listener.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TxGuard } from '../../../src-main/chain/tx/ports.js';
import { BlobServer } from '../../../src-main/market/hosting/blob-server.js';
import { AssetKeys } from '../../../src-main/market/publish/asset-keys.js';
import { Publisher } from '../../../src-main/market/publish/publisher.js';
import type { Db } from '../../../src-main/store/database.js';
import { PublishedAssetsRepo } from '../../../src-main/store/published-assets-repo.js';
import type { Vault } from '../../../src-main/vault/vault.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { silentLogger } from '../../support/logger.js';
import { openTestVault } from '../../support/vault.js';
import { devSigners, type World, world } from '../chain/tx-fixture.js';
import type { Chain } from '../contracts/harness.js';

export interface Seller {
  dir: string;
  repo: PublishedAssetsRepo;
  keys: AssetKeys;
  publisher: Publisher;
  server: BlobServer;
  baseUrl: string;
  blobsDir: string;
  /** The seller's own database, vault, pipeline and network (the buy side's tests deliver with them; its RPC is `rpcUrl` when given). */
  db: Db;
  vault: Vault;
  world: World;
  /** Imports a file of these bytes into the vault. */
  add(name: string, bytes: Buffer): Promise<VaultItem>;
  lock(): void;
  close(): Promise<void>;
}

export async function seller(
  c: Chain,
  dir: string,
  o: { wallet?: number[]; guard?: TxGuard; burst?: number; rpcUrl?: string; ipfsGateway?: string } = {},
): Promise<Seller> {
  const wallet = o.wallet ?? [1];
  mkdirSync(join(dir, 'tx'));
  const w = world(c, join(dir, 'tx'), {
    wallet,
    ...(o.guard ? { guard: o.guard } : {}),
    ...(o.rpcUrl ? { rpcUrl: o.rpcUrl } : {}),
  });
  const t = openTestVault(dir);
  await t.vault.create('seller vault passphrase for tests');
  const repo = new PublishedAssetsRepo(t.db);
  const keys = new AssetKeys(t.vault, repo);
  const blobsDir = join(dir, 'market', 'blobs');
  const server = new BlobServer({
    dir: blobsDir,
    isServed: (h) => repo.isServed(h),
    log: silentLogger(),
    ...(o.burst ? { burst: o.burst, perMinute: 1 } : {}),
  });
  const port = await server.start('127.0.0.1', 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const publisher = new Publisher({
    repo,
    keys,
    items: () => t.vault.items,
    pipeline: w.pipeline,
    network: async () => w.network,
    signers: devSigners(c, wallet),
    blobsDir,
    peerUrl: () => baseUrl,
    checkPeerHosting: async () => {
      if (!server.listening) throw new Error('the blob server is not listening');
    },
    ipfsGateway: () => o.ipfsGateway ?? '',
  });
  return {
    dir,
    repo,
    keys,
    publisher,
    server,
    baseUrl,
    blobsDir,
    db: t.db,
    vault: t.vault,
    world: w,
    add: async (name, bytes) => {
      const src = join(dir, `${randomBytes(4).toString('hex')}-${name}`);
      writeFileSync(src, bytes);
      const [item] = await t.vault.items.importPaths([src], [], null, 'job');
      return item!;
    },
    lock: () => void t.vault.lock(),
    close: async () => {
      await server.stop();
      w.close();
      t.close();
    },
  };
}
