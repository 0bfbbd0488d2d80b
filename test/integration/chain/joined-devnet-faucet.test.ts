// A devnet joined through another data dir's network file funds the wallet like the embedded one
// (issue 11): a stand-alone anvil with the contracts deployed by anvil's account 0 (as the embedded
// devnet does), and a core whose data dir joins it. cast checks balances and the faucet's nonce.
// A file claiming `devnet` for a chain that is not 31337 makes Sahel send nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployContracts } from '../../../src-main/chain/deploy.js';
import { devAccount } from '../../../src-main/chain/devnet/devnet.js';
import { FAUCET } from '../../../src-main/chain/seed.js';
import { createCore } from '../../../src-main/core.js';
import type { ContractAddresses, NetworkInfo } from '../../../src-shared/domain/network.js';
import { type Anvil, startAnvil } from '../../support/anvil.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';
import { cast, until } from './devnet-helpers.js';

const faucet = devAccount(0).address;
let devnet: Anvil;
let other: Anvil;
let devnetContracts: ContractAddresses;
let otherContracts: ContractAddresses;

beforeAll(async () => {
  [devnet, other] = await Promise.all([startAnvil(), startAnvil({ chainId: 4242 })]);
  const deploy = (rpcUrl: string, chainId: number) =>
    deployContracts({ name: 'host', rpcUrl, chainId, account: devAccount(0), mintable: true });
  devnetContracts = await deploy(devnet.rpcUrl, 31337);
  // The same faucet key holds the minter role here too: only Sahel's check stops it sending.
  otherContracts = await deploy(other.rpcUrl, 4242);
}, 60_000);

afterAll(async () => {
  await Promise.all([devnet?.stop(), other?.stop()]);
});

function openCore(dataDir: string) {
  const core = createCore({ dataDir, ownerKind: 'serve', log: silentLogger(), kdfPolicy: FAST_KDF });
  const call = async (method: string, input: unknown = {}) => {
    const res = await core.router.dispatch(method, input, { transport: 'local' });
    if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
    return res.value;
  };
  return { core, call };
}

const tokensOf = (rpc: string, token: string, a: string) =>
  BigInt(cast('call', '--rpc-url', rpc, token, 'balanceOf(address)(uint256)', a).split(' ')[0]!);
const etherOf = (rpc: string, a: string) => BigInt(cast('balance', '--rpc-url', rpc, a));
const nonceOf = (rpc: string, a: string) => Number(cast('nonce', '--rpc-url', rpc, a));

describe('a joined devnet’s faucet', () => {
  it('funds the joiner’s accounts on joining, a new one at once, and nothing twice after a restart', {
    timeout: 120_000,
  }, async () => {
    const dataDir = tempDir();
    const rpc = devnet.rpcUrl;
    const token = devnetContracts.paymentToken;
    const first = openCore(dataDir);
    let firstClosed = false;
    try {
      await first.call('vault.create', { passphrase: 'joined devnet 41 amber lynx' });
      await first.call('wallet.create', { words: 12 });
      const [mine] = first.core.wallet.addresses();
      const added = (await first.call('network.add', {
        name: 'shared',
        rpcUrl: rpc,
        chainId: 31337,
        contracts: devnetContracts,
        devnet: true,
      })) as NetworkInfo;
      expect(added.kind).toBe('rpc'); // still another's chain: Sahel runs nothing of it
      expect(tokensOf(rpc, token, mine!)).toBe(0n); // added, not yet in use: nothing sent

      // `network use` answers once the top-up is mined.
      await first.call('network.use', { name: 'shared' });
      expect(tokensOf(rpc, token, mine!)).toBe(FAUCET.tokens);
      expect(etherOf(rpc, mine!)).toBe(FAUCET.ether);

      const second = (await first.call('wallet.addAccount', { name: 'Second' })) as { address: string };
      await until(() => tokensOf(rpc, token, second.address) === FAUCET.tokens, 30_000);
      await until(() => etherOf(rpc, second.address) === FAUCET.ether, 30_000);
      await first.core.networks.fundingSettled();
      await first.core.close();
      firstClosed = true;

      // A restart on the same data dir tops up at open: everyone is funded, so nothing is sent.
      const nonce = nonceOf(rpc, faucet);
      const again = openCore(dataDir);
      try {
        await again.core.networks.fundingSettled();
        expect(await again.core.networks.fundJoinedDevnet()).toEqual([]);
        expect(nonceOf(rpc, faucet)).toBe(nonce);
        expect(tokensOf(rpc, token, mine!)).toBe(FAUCET.tokens);
        expect(tokensOf(rpc, token, second.address)).toBe(FAUCET.tokens);
      } finally {
        await again.core.close();
      }
    } finally {
      if (!firstClosed) await first.core.close();
    }
  });

  it('sends nothing for a network file that claims devnet on a chain that is not 31337', {
    timeout: 60_000,
  }, async () => {
    const { core, call } = openCore(tempDir());
    try {
      await call('vault.create', { passphrase: 'joined devnet 41 amber lynx' });
      await call('wallet.create', { words: 12 });
      const [mine] = core.wallet.addresses();
      const nonce = nonceOf(other.rpcUrl, faucet);
      await call('network.add', {
        name: 'liar',
        rpcUrl: other.rpcUrl,
        chainId: 4242,
        contracts: otherContracts,
        devnet: true,
      });
      await call('network.use', { name: 'liar' });
      await call('wallet.addAccount', { name: 'Second' });
      expect(await core.networks.fundJoinedDevnet()).toEqual([]);
      await core.networks.fundingSettled();
      expect(nonceOf(other.rpcUrl, faucet)).toBe(nonce);
      expect(tokensOf(other.rpcUrl, otherContracts.paymentToken, mine!)).toBe(0n);
      expect(etherOf(other.rpcUrl, mine!)).toBe(0n);
    } finally {
      await core.close();
    }
  });
});
