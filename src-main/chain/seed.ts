import {
  type Address,
  encodeFunctionData,
  type Hex,
  type LocalAccount,
  type PublicClient,
  parseEther,
  sha256,
  stringToHex,
} from 'viem';
import type { ContractAddresses } from '../../src-shared/domain/network.js';
import { SahelError } from '../../src-shared/errors.js';
import { type AssetKind, abis, assetKindIndex } from './contracts/artifacts.js';
import { txBatch } from './contracts/batch.js';

/** What a user address is topped up to on the devnet, and the level below which it is topped up. */
export const FAUCET = {
  tokens: parseEther('1000'),
  tokensBelow: parseEther('100'),
  ether: parseEther('10'),
  etherBelow: parseEther('1'),
} as const;

export interface DevChain {
  name: string;
  rpcUrl: string;
  chainId: number;
  pub: PublicClient;
}

/**
 * Tops up each address that is low on the payment token (minted by the faucet role) or on ether
 * (sent from the faucet account). Idempotent: a funded address gets nothing, so restarts do not
 * print money. Returns the addresses that received something.
 */
export async function fundAccounts(
  chain: DevChain,
  faucet: LocalAccount,
  contracts: ContractAddresses,
  addresses: readonly Address[],
): Promise<Address[]> {
  const token = contracts.paymentToken as Address;
  const balances = await Promise.all(
    addresses.map((address) =>
      Promise.all([
        chain.pub.readContract({
          address: token,
          abi: abis.paymentToken(),
          functionName: 'balanceOf',
          args: [address],
        }) as Promise<bigint>,
        chain.pub.getBalance({ address }),
      ]),
    ),
  );
  const low = addresses
    .map((address, i) => ({ address, tokens: balances[i]![0], ether: balances[i]![1] }))
    .filter((a) => a.tokens < FAUCET.tokensBelow || a.ether < FAUCET.etherBelow);
  if (low.length === 0) return [];
  const batch = await txBatch(chain.pub, faucet, chain.chainId);
  for (const { address, tokens, ether } of low) {
    if (tokens < FAUCET.tokensBelow) {
      const data = encodeFunctionData({
        abi: abis.paymentToken(),
        functionName: 'mint',
        args: [address, FAUCET.tokens - tokens],
      });
      await batch.send({ to: token, data, gas: 120_000n });
    }
    if (ether < FAUCET.etherBelow)
      await batch.send({ to: address, value: FAUCET.ether - ether, gas: 21_000n });
  }
  await batch.confirm('Funding the wallet on the devnet');
  return low.map((a) => a.address);
}

/** A demo asset the devnet starts with: registered and offered by the demo seller. */
export interface DemoAsset {
  kind: AssetKind;
  name: string;
  description: string;
  /** Share of each contributor in basis points; the seller is the first. */
  contributorBps: readonly number[];
  /** Index (in DEMO_ASSETS) of the asset it derives from, and that parent's royalty. */
  parent?: { index: number; bps: number };
  price: bigint;
}

export const DEMO_ASSETS: readonly DemoAsset[] = [
  {
    kind: 'dataset',
    name: 'Sahel weather stations 2015–2024',
    description: 'Hourly readings of 40 community weather stations, cleaned and documented.',
    contributorBps: [6_000, 4_000],
    price: parseEther('25'),
  },
  {
    kind: 'model',
    name: 'Crop-yield forecaster (small)',
    description: 'A gradient-boosted model trained on the weather dataset and field reports.',
    contributorBps: [10_000],
    parent: { index: 0, bps: 1_000 },
    price: parseEther('40'),
  },
  {
    kind: 'adapter',
    name: 'Wolof instruction LoRA',
    description: 'A LoRA adapter that teaches a small chat model to follow instructions in Wolof.',
    contributorBps: [5_000, 3_000, 2_000],
    price: parseEther('15'),
  },
  {
    kind: 'prompt',
    name: 'Grant-writing assistant prompt',
    description: 'A system prompt that turns a chat model into a careful grant-writing helper.',
    contributorBps: [10_000],
    price: parseEther('5'),
  },
];

/** The content hash a demo asset is registered under (it has no real content; the hash is of its name). */
export const demoContentHash = (asset: DemoAsset): Hex => sha256(stringToHex(`sahel-demo:${asset.name}`));

/**
 * Registers the demo assets (seller first contributor, `others` after it) and offers each for sale in
 * the payment token. Skips what is already registered (a restart, or another data dir seeding the same
 * chain). Returns the asset ids in DEMO_ASSETS order.
 */
export async function seedDemoAssets(
  chain: DevChain,
  seller: LocalAccount,
  others: readonly Address[],
  contracts: ContractAddresses,
): Promise<bigint[]> {
  const registry = contracts.assetRegistry as Address;
  const market = contracts.marketplace as Address;
  const idOf = (asset: DemoAsset) =>
    chain.pub.readContract({
      address: registry,
      abi: abis.assetRegistry(),
      functionName: 'assetIdByContentHash',
      args: [demoContentHash(asset)],
    }) as Promise<bigint>;

  const existing = await Promise.all(DEMO_ASSETS.map(idOf));
  if (existing.every((id) => id > 0n)) return existing;
  let next =
    ((await chain.pub.readContract({
      address: registry,
      abi: abis.assetRegistry(),
      functionName: 'totalAssets',
    })) as bigint) + 1n;
  const batch = await txBatch(chain.pub, seller, chain.chainId);
  const ids: bigint[] = [];
  for (const [i, asset] of DEMO_ASSETS.entries()) {
    const known = existing[i] ?? 0n;
    if (known > 0n) {
      ids.push(known);
      continue;
    }
    const contributors = [seller.address, ...others].slice(0, asset.contributorBps.length);
    if (contributors.length < asset.contributorBps.length) {
      throw new SahelError('INTERNAL', 'Not enough demo contributors for the devnet seed');
    }
    const parentId = asset.parent ? ids[asset.parent.index] : undefined;
    const metadata = JSON.stringify({ name: asset.name, description: asset.description, demo: true });
    const register = encodeFunctionData({
      abi: abis.assetRegistry(),
      functionName: 'register',
      args: [
        assetKindIndex(asset.kind),
        demoContentHash(asset),
        `data:application/json,${encodeURIComponent(metadata)}`,
        contributors,
        asset.contributorBps,
        parentId ? [parentId] : [],
        parentId && asset.parent ? [asset.parent.bps] : [],
      ],
    });
    // Explicit gas: estimating against a state where the previous transaction is not mined yet could fail.
    await batch.send({ to: registry, data: register, gas: 1_500_000n });
    const id = next++;
    ids.push(id);
    const offer = encodeFunctionData({
      abi: abis.marketplace(),
      functionName: 'createOffer',
      args: [
        id,
        {
          token: contracts.paymentToken,
          price: asset.price,
          commercialUse: asset.kind !== 'dataset',
          derivativesAllowed: true,
          duration: 0n,
          maxLicenses: 0,
        },
        0n,
      ],
    });
    await batch.send({ to: market, data: offer, gas: 600_000n });
  }
  await batch.confirm('Seeding the demo assets');
  const registered = await Promise.all(DEMO_ASSETS.map(idOf));
  if (registered.some((id, i) => id !== ids[i])) {
    throw new SahelError('UNAVAILABLE', 'The demo assets were registered under unexpected ids');
  }
  return ids;
}
