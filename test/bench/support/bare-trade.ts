// The peer of a Sahel purchase: the same transactions sent with bare viem to the same devnet (dev
// accounts 7 sells, 8 buys; account 0, the devnet's minter, funds the buyer), and an age key from
// Debian's `age-keygen` for the peer's decryption.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { sealAssetKey } from '../../../src-main/market/deliver/seal.js';
import { generateIdentity } from '../../../src-main/vault/age/index.js';
import {
  type Chain,
  createOffer,
  E18,
  events,
  Marketplace,
  PaymentToken,
  register,
  send,
} from '../../integration/contracts/harness.js';
import { ANVIL_MNEMONIC } from '../../support/anvil.js';
import type { DevnetRun } from './market-owners.js';

const SELLER = 7;
const BUYER = 8;

export interface BareTrade {
  ageKeyFile: string;
  ageRecipient: string;
  /** Registers an asset and offers it at 1 token (not timed); the next buyAndDeliver buys it. */
  offer(): Promise<void>;
  /** approve + buy by the buyer, then deliverKey by the seller, each to its receipt (seconds each). */
  buyAndDeliver(): Promise<{ approveBuy: number; deliverKey: number }>;
}

/** The devnet as the contract tests' harness sees a chain (its helpers register and offer). */
function chainOf(devnet: DevnetRun): Chain {
  const transport = http(devnet.rpcUrl);
  const accounts = Array.from({ length: 10 }, (_, i) =>
    mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i }),
  );
  const wallets = accounts.map((account) => createWalletClient({ account, chain: foundry, transport }));
  return {
    chainId: foundry.id,
    anvil: {
      rpcUrl: devnet.rpcUrl,
      port: Number(new URL(devnet.rpcUrl).port),
      accounts,
      stop: async () => {},
    },
    pub: createPublicClient({ chain: foundry, transport, pollingInterval: 5 }) as PublicClient,
    test: createTestClient({ chain: foundry, mode: 'anvil', transport }),
    accounts,
    wallet: (i) => wallets[i]!,
    addr: (i) => accounts[i]!.address,
    token: devnet.contracts.paymentToken,
    registry: devnet.contracts.assetRegistry,
    market: devnet.contracts.marketplace,
    admin: accounts[0]!.address,
    feeRecipient: accounts[0]!.address,
  };
}

export async function bareTrade(devnet: DevnetRun, dir: string, purchases: number): Promise<BareTrade> {
  const c = chainOf(devnet);
  await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(BUYER), BigInt(purchases) * E18]);
  const ageKeyFile = join(dir, 'age-key.txt');
  execFileSync('age-keygen', ['-o', ageKeyFile], { stdio: 'ignore' });
  const ageRecipient = execFileSync('age-keygen', ['-y', ageKeyFile], { encoding: 'utf8' }).trim();
  // The buyer's per-licence key and the seal the seller sends: real ones, the size Sahel sends.
  const licenceKey = generateIdentity();
  const pubKey = `0x${Buffer.from(licenceKey.recipient().publicKey).toString('hex')}` as Hex;
  const sealed = await sealAssetKey(generateIdentity(), licenceKey.recipient());
  const offers: bigint[] = [];

  const confirmed = async (hash: Hex) => {
    const r = await c.pub.waitForTransactionReceipt({ hash, pollingInterval: 5 });
    if (r.status !== 'success') throw new Error(`${hash} reverted`);
    return r;
  };
  const write = (
    from: number,
    address: Address,
    abi: typeof erc20Abi | typeof Marketplace.abi,
    fn: string,
    args: unknown[],
  ) =>
    c.wallet(from).writeContract({
      address,
      abi,
      functionName: fn,
      args,
      account: c.accounts[from]!,
      chain: foundry,
    } as never);

  return {
    ageKeyFile,
    ageRecipient,
    async offer() {
      offers.push(await createOffer(c, SELLER, await register(c, SELLER), { price: E18 }));
    },
    async buyAndDeliver() {
      const offer = offers.shift();
      if (offer === undefined) throw new Error('no bare offer made for this purchase');
      const t0 = performance.now();
      await confirmed(await write(BUYER, c.token, erc20Abi, 'approve', [c.market, E18]));
      const bought = await confirmed(
        await write(BUYER, c.market, Marketplace.abi, 'buy', [offer, E18, c.token, pubKey]),
      );
      const t1 = performance.now();
      const [purchased] = events<{ licenseId: bigint }>(bought, Marketplace.abi, 'Purchased');
      if (!purchased) throw new Error('buy emitted no Purchased event');
      await confirmed(
        await write(SELLER, c.market, Marketplace.abi, 'deliverKey', [purchased.licenseId, sealed]),
      );
      const t2 = performance.now();
      return { approveBuy: (t1 - t0) / 1000, deliverKey: (t2 - t1) / 1000 };
    },
  };
}
