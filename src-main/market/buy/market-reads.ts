import { type Address, getAddress, type Hex, type PublicClient } from 'viem';
import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork } from '../../chain/index.js';
import { abis, rpcCall } from '../../chain/index.js';
import { chainKind } from '../display.js';
import type { OfferTerms } from '../publish/publish-calls.js';

/** Marketplace.Offer, as the contract returns it. */
export interface ChainOffer {
  assetId: bigint;
  seller: Address;
  expiresAt: bigint;
  active: boolean;
  sold: number;
  terms: OfferTerms;
}

/** Marketplace.LicenseStatus. */
export const LICENSE_STATUS = ['none', 'escrowed', 'delivered', 'refunded'] as const;

/** Marketplace.License, as the contract returns it. */
export interface ChainLicense {
  offerId: bigint;
  assetId: bigint;
  buyer: Address;
  seller: Address;
  token: Address;
  price: bigint;
  deliveryDeadline: bigint;
  expiresAt: bigint;
  status: number;
  buyerPubKey: Hex;
}

function market(client: PublicClient, network: ActiveNetwork, functionName: string, args: unknown[]) {
  return rpcCall(() =>
    client.readContract({
      address: getAddress(network.contracts.marketplace),
      abi: abis.marketplace(),
      functionName,
      args,
    }),
  );
}

/** An offer; NOT_FOUND when the marketplace has none of that id. */
export async function readOffer(client: PublicClient, network: ActiveNetwork, offerId: bigint) {
  const count = (await market(client, network, 'offerCount', [])) as bigint;
  if (offerId < 1n || offerId > count) throw new SahelError('NOT_FOUND', `There is no offer #${offerId}`);
  const offer = (await market(client, network, 'getOffer', [offerId])) as ChainOffer;
  const live = (await market(client, network, 'isOfferLive', [offerId])) as boolean;
  return { offer, live };
}

export async function readLicense(
  client: PublicClient,
  network: ActiveNetwork,
  licenseId: bigint,
): Promise<ChainLicense> {
  return (await market(client, network, 'getLicense', [licenseId])) as ChainLicense;
}

/** Who gets what of one purchase at `price` (Marketplace.quoteSplit): the fee first, then the shares. */
export async function quoteSplit(
  client: PublicClient,
  network: ActiveNetwork,
  assetId: bigint,
  price: bigint,
  seller: Address,
): Promise<{ account: Address; amount: bigint }[]> {
  const [accounts, amounts] = (await market(client, network, 'quoteSplit', [assetId, price, seller])) as [
    Address[],
    bigint[],
  ];
  return accounts.map((account, i) => ({ account: getAddress(account), amount: amounts[i] ?? 0n }));
}

/** What the marketplace owes `account` in `token` now (Marketplace.owed): what `withdraw` would send. */
export async function owedTo(
  client: PublicClient,
  network: ActiveNetwork,
  token: Address,
  account: Address,
): Promise<bigint> {
  return (await market(client, network, 'owed', [token, account])) as bigint;
}

export async function feeRecipient(client: PublicClient, network: ActiveNetwork): Promise<Address> {
  return getAddress((await market(client, network, 'feeRecipient', [])) as Address);
}

/** The registry's record of an asset: its kind, plaintext hash and metadata URI. */
export async function readAsset(
  client: PublicClient,
  network: ActiveNetwork,
  assetId: bigint,
): Promise<{ kind: AssetKind; contentHash: Hex; metadataURI: string; owner: Address }> {
  const registry = getAddress(network.contracts.assetRegistry);
  const [asset, owner] = await Promise.all([
    rpcCall(() =>
      client.readContract({
        address: registry,
        abi: abis.assetRegistry(),
        functionName: 'getAsset',
        args: [assetId],
      }),
    ),
    rpcCall(() =>
      client.readContract({
        address: registry,
        abi: abis.assetRegistry(),
        functionName: 'ownerOf',
        args: [assetId],
      }),
    ),
  ]);
  const a = asset as { kind: number; contentHash: Hex; metadataURI: string };
  return {
    kind: chainKind(a.kind),
    contentHash: a.contentHash,
    metadataURI: a.metadataURI,
    owner: getAddress(owner as Address),
  };
}

export async function allowance(client: PublicClient, token: Address, owner: Address, spender: Address) {
  return (await rpcCall(() =>
    client.readContract({
      address: token,
      abi: abis.paymentToken(),
      functionName: 'allowance',
      args: [owner, spender],
    }),
  )) as bigint;
}

export async function tokenBalance(client: PublicClient, token: Address, owner: Address) {
  return (await rpcCall(() =>
    client.readContract({
      address: token,
      abi: abis.paymentToken(),
      functionName: 'balanceOf',
      args: [owner],
    }),
  )) as bigint;
}
