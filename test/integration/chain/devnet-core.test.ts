// The devnet as core.ts wires it: started by the first `network.active` call through the router,
// funding the addresses of the user's real wallet (created in a real vault), and a wallet account
// added while it runs funded at once. cast checks the balances.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheScope } from '../../../src-main/chain/cache/sync.js';
import { readCache } from '../../../src-main/chain/cache/views.js';
import { isAlive } from '../../../src-main/chain/devnet/files.js';
import { FAUCET } from '../../../src-main/chain/seed.js';
import { createCore } from '../../../src-main/core.js';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { openDatabase } from '../../../src-main/store/database.js';
import type { ActiveNetworkStatus, NetworkInfo } from '../../../src-shared/domain/network.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';
import { cast, until } from './devnet-helpers.js';

describe('the devnet in the core', () => {
  it('starts lazily on network.active and funds the wallet’s accounts, new ones at once', async () => {
    const dataDir = tempDir();
    const core = createCore({
      dataDir,
      ownerKind: 'serve',
      log: silentLogger(),
      kdfPolicy: FAST_KDF,
    });
    const call = async (method: string, input: unknown = {}) => {
      const res = await core.router.dispatch(method, input, { transport: 'local' });
      if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
      return res.value;
    };
    const changes: NetworkInfo[] = [];
    core.bus.on('network.changed', (n) => changes.push(n));
    try {
      await call('vault.create', { passphrase: 'devnet core 52 copper geese' });
      await call('wallet.create', { words: 12 });
      const [first] = core.wallet.addresses();
      expect(core.networks.devnetStatus().state).toBe('stopped'); // nothing started it yet
      expect(core.status().network).toEqual({ name: 'devnet', chainId: 31337, devnet: true });

      const active = (await call('network.active')) as ActiveNetworkStatus;
      expect(active).toMatchObject({ name: 'devnet', kind: 'devnet', healthy: true, active: true });
      expect(changes.map((c) => c.name)).toContain('devnet');
      const rpc = active.rpcUrl!;
      const token = active.contracts!.paymentToken;
      const tokensOf = (a: string) =>
        BigInt(cast('call', '--rpc-url', rpc, token, 'balanceOf(address)(uint256)', a).split(' ')[0]!);
      expect(tokensOf(first!)).toBe(FAUCET.tokens);
      expect(BigInt(cast('balance', '--rpc-url', rpc, first!))).toBe(FAUCET.ether);

      const added = (await call('wallet.addAccount', { name: 'Second' })) as { address: string };
      await until(() => tokensOf(added.address) === FAUCET.tokens, 30_000);
      expect(BigInt(cast('balance', '--rpc-url', rpc, added.address))).toBe(FAUCET.ether);

      // The seeded demo offers reach the event cache on their own, read here through a second
      // connection to the same SQLite file, and agree with the chain's own count of offers.
      const reader = openDatabase(join(dataDir, 'sahel.db'));
      try {
        const repo = new ChainCacheRepo(reader);
        const scope = cacheScope(await core.networks.active());
        const live = () =>
          readCache(repo, scope, Math.floor(Date.now() / 1000)).listings.filter((l) => l.live);
        await until(() => live().length > 0, 30_000);
        const offers = Number(
          cast('call', '--rpc-url', rpc, active.contracts!.marketplace, 'offerCount()(uint256)').split(
            ' ',
          )[0],
        );
        await until(() => live().length === offers, 30_000);
      } finally {
        reader.close();
      }
    } finally {
      const anvilPid = core.networks.devnetStatus().pid;
      core.close();
      // close() only signals anvil; wait for it to finish its exit dump before the dir is removed.
      if (anvilPid) await until(() => !isAlive(anvilPid), 20_000);
    }
  }, 180_000);
});
