import { type Address, encodeFunctionData, type Hex, sha256, stringToHex } from 'viem';
import { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import type { ContractAddresses } from '../../../src-shared/domain/network.js';
import { SahelError } from '../../../src-shared/errors.js';
import { abis, assetKindIndex, type DevChain, devAccount, txBatch } from '../../chain/index.js';
import { encrypt } from '../../vault/index.js';
import { metadataUri } from '../publish/metadata.js';
import {
  DEMO_ASSETS,
  type DemoAsset,
  demoContentHash,
  demoIdentity,
  LEGACY_DEMO_NAMES,
} from './demo-assets.js';

/** The metadata of a demo asset: its ciphertext travels inline, so no server has to be up to deliver it. */
async function demoMetadata(asset: DemoAsset): Promise<AssetMetadata> {
  const plaintext = asset.content.bytes();
  const ciphertext = await encrypt([demoIdentity(asset).recipient()], plaintext);
  return AssetMetadata.parse({
    sahel: 1,
    title: asset.title,
    description: asset.description,
    kind: asset.kind,
    tags: ['demo'],
    licenseText:
      'Demo licence of the Sahel devnet: use it to try the marketplace; it grants nothing elsewhere.',
    content: { size: plaintext.length, format: asset.content.format, name: asset.content.name },
    ciphertext: {
      sha256: sha256(ciphertext),
      size: ciphertext.length,
      locations: [{ kind: 'inline', base64: ciphertext.toString('base64') }],
    },
  });
}

const assetIdOf = (chain: DevChain, contracts: ContractAddresses, contentHash: Hex) =>
  chain.pub.readContract({
    address: contracts.assetRegistry as Address,
    abi: abis.assetRegistry(),
    functionName: 'assetIdByContentHash',
    args: [contentHash],
  }) as Promise<bigint>;

/**
 * Registers the demo assets (seller: dev account 1; co-contributors: accounts 2 and 3) and offers each
 * for sale in the payment token. Skips what is already registered (a restart, or another data dir
 * seeding the same chain). Returns the asset ids in DEMO_ASSETS order.
 */
export async function seedDemoAssets(chain: DevChain, contracts: ContractAddresses): Promise<bigint[]> {
  const seller = devAccount(1);
  const others = [devAccount(2).address, devAccount(3).address];
  const existing = await Promise.all(DEMO_ASSETS.map((a) => assetIdOf(chain, contracts, demoContentHash(a))));
  await retireLegacyOffers(chain, contracts);
  if (existing.every((id) => id > 0n)) return existing;
  let next =
    ((await chain.pub.readContract({
      address: contracts.assetRegistry as Address,
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
    const parentId = asset.parent ? ids[asset.parent.index] : undefined;
    const uri = metadataUri(await demoMetadata(asset));
    const register = encodeFunctionData({
      abi: abis.assetRegistry(),
      functionName: 'register',
      args: [
        assetKindIndex(asset.kind),
        demoContentHash(asset),
        uri,
        contributors,
        asset.contributorBps,
        parentId ? [parentId] : [],
        parentId && asset.parent ? [asset.parent.bps] : [],
      ],
    });
    // Explicit gas: estimating against a state where the previous transaction is not mined yet could
    // fail. The registry stores the metadata URI, ciphertext included: about 22,100 gas a 32-byte word.
    const gas = 1_500_000n + BigInt(uri.length) * 800n;
    await batch.send({ to: contracts.assetRegistry as Address, data: register, gas });
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
    await batch.send({ to: contracts.marketplace as Address, data: offer, gas: 600_000n });
  }
  await batch.confirm('Seeding the demo assets');
  const registered = await Promise.all(
    DEMO_ASSETS.map((a) => assetIdOf(chain, contracts, demoContentHash(a))),
  );
  if (registered.some((id, i) => id !== ids[i])) {
    throw new SahelError('UNAVAILABLE', 'The demo assets were registered under unexpected ids');
  }
  return ids;
}

/**
 * A devnet seeded by an older Sahel lists demo assets with no content: a purchase of one would wait in
 * escrow until its refund. Their offers are cancelled (the assets stay on chain, as history).
 */
async function retireLegacyOffers(chain: DevChain, contracts: ContractAddresses): Promise<void> {
  const market = contracts.marketplace as Address;
  const legacy = await Promise.all(
    LEGACY_DEMO_NAMES.map((name) => assetIdOf(chain, contracts, sha256(stringToHex(`sahel-demo:${name}`)))),
  );
  const assetIds = legacy.filter((id) => id > 0n);
  if (assetIds.length === 0) return;
  const seller = devAccount(1);
  const created = await chain.pub.getContractEvents({
    address: market,
    abi: abis.marketplace(),
    eventName: 'OfferCreated',
    args: { assetId: assetIds, seller: seller.address },
    fromBlock: 0n,
  });
  const live: bigint[] = [];
  for (const e of created) {
    const offerId = (e.args as { offerId?: bigint }).offerId;
    if (offerId === undefined) continue;
    const isLive = await chain.pub.readContract({
      address: market,
      abi: abis.marketplace(),
      functionName: 'isOfferLive',
      args: [offerId],
    });
    if (isLive) live.push(offerId);
  }
  if (live.length === 0) return;
  const batch = await txBatch(chain.pub, seller, chain.chainId);
  for (const offerId of live) {
    const data = encodeFunctionData({
      abi: abis.marketplace(),
      functionName: 'cancelOffer',
      args: [offerId],
    });
    await batch.send({ to: market, data, gas: 200_000n });
  }
  await batch.confirm('Retiring the old demo offers');
}
