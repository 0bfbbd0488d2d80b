import { type Address, encodeFunctionData, getAddress, type Hex, type PublicClient } from 'viem';
import { formatUnits, parseAmount } from '../../../src-shared/domain/amount.js';
import {
  BPS_WHOLE,
  MAX_TOTAL_ROYALTY_BPS,
  type PublishRequest,
} from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork } from '../../chain/index.js';
import { abis, assetKindIndex, rpcCall } from '../../chain/index.js';

/** A contributor or parent split, as the registry takes it. */
export interface Split {
  contributors: Address[];
  bps: number[];
  parents: bigint[];
  parentBps: number[];
}

/**
 * The contributors (default: the publisher alone) and parents, checked as the registry checks them,
 * so a mistake is a sentence before anything is simulated: shares sum to 10,000, no duplicates, the
 * royalties at most 5,000 in all, and every parent an existing asset.
 */
export async function checkedSplit(
  client: PublicClient,
  network: ActiveNetwork,
  from: Address,
  r: PublishRequest,
): Promise<Split> {
  const contributors = (r.contributors ?? [{ address: from, bps: BPS_WHOLE }]).map((c) => ({
    address: getAddress(c.address.toLowerCase()),
    bps: c.bps,
  }));
  const sum = contributors.reduce((s, c) => s + c.bps, 0);
  if (sum !== BPS_WHOLE) {
    throw new SahelError(
      'BAD_INPUT',
      `The contributors' shares add up to ${sum} basis points; they must add up to exactly 10,000 (100%)`,
    );
  }
  if (new Set(contributors.map((c) => c.address)).size !== contributors.length) {
    throw new SahelError('BAD_INPUT', 'A contributor is listed twice: give each address once');
  }
  if (new Set(r.parents.map((p) => p.assetId)).size !== r.parents.length) {
    throw new SahelError('BAD_INPUT', 'A parent asset is listed twice: give each asset once');
  }
  const royalty = r.parents.reduce((s, p) => s + p.bps, 0);
  if (royalty > MAX_TOTAL_ROYALTY_BPS) {
    throw new SahelError(
      'BAD_INPUT',
      `The parents' royalties add up to ${royalty} basis points; all parents together may take at most 5,000 (50%)`,
    );
  }
  const registry = getAddress(network.contracts.assetRegistry);
  for (const p of r.parents) {
    const exists = (await rpcCall(() =>
      client.readContract({
        address: registry,
        abi: abis.assetRegistry(),
        functionName: 'exists',
        args: [BigInt(p.assetId)],
      }),
    )) as boolean;
    if (!exists) {
      throw new SahelError(
        'BAD_INPUT',
        `Asset #${p.assetId} does not exist on ${network.name}: it cannot be a parent`,
      );
    }
  }
  return {
    contributors: contributors.map((c) => c.address),
    bps: contributors.map((c) => c.bps),
    parents: r.parents.map((p) => BigInt(p.assetId)),
    parentBps: r.parents.map((p) => p.bps),
  };
}

/** The price in the token's base units; the marketplace refuses zero, and a token it does not allow. */
export async function checkedPrice(
  client: PublicClient,
  network: ActiveNetwork,
  token: Address,
  text: string,
  decimals: number,
): Promise<bigint> {
  const parsed = parseAmount(text, decimals);
  if (!parsed.ok) throw new SahelError('BAD_INPUT', `Price: ${parsed.problem}`);
  if (parsed.value === 0n) throw new SahelError('BAD_INPUT', 'The price must be more than zero');
  const market = getAddress(network.contracts.marketplace);
  const [allowed, feeBps] = (await rpcCall(() =>
    Promise.all([
      client.readContract({
        address: market,
        abi: abis.marketplace(),
        functionName: 'tokenAllowed',
        args: [token],
      }),
      client.readContract({ address: market, abi: abis.marketplace(), functionName: 'feeBps' }),
    ]),
  )) as [boolean, number];
  if (!allowed) throw new SahelError('BAD_INPUT', `The marketplace does not accept ${token} as payment`);
  if (feeBps !== 0 && (parsed.value * BigInt(feeBps)) / BigInt(BPS_WHOLE) === 0n) {
    throw new SahelError(
      'BAD_INPUT',
      `The price is too low: the marketplace's ${feeBps / 100}% fee on it would round to nothing (at least ${formatUnits((BigInt(BPS_WHOLE) + BigInt(feeBps) - 1n) / BigInt(feeBps), decimals)})`,
    );
  }
  return parsed.value;
}

export function registerCall(kind: PublishRequest['kind'], contentHash: Hex, uri: string, s: Split): Hex {
  return encodeFunctionData({
    abi: abis.assetRegistry(),
    functionName: 'register',
    args: [assetKindIndex(kind), contentHash, uri, s.contributors, s.bps, s.parents, s.parentBps],
  });
}

export interface OfferTerms {
  token: Address;
  price: bigint;
  commercialUse: boolean;
  derivativesAllowed: boolean;
  duration: bigint;
  maxLicenses: number;
}

export function createOfferCall(assetId: bigint, t: OfferTerms): Hex {
  return encodeFunctionData({
    abi: abis.marketplace(),
    functionName: 'createOffer',
    args: [assetId, t, 0n],
  });
}

const bpsText = (bps: number) => `${bps / 100}%`;

/** The arguments of each call, as text for the review. */
export function describeRegister(kind: string, contentHash: Hex, uriBytes: number, s: Split) {
  return {
    kind,
    contentHash,
    metadataURI: `data:application/json;base64 (${uriBytes} bytes)`,
    contributors: s.contributors.map((a, i) => `${a} ${bpsText(s.bps[i] ?? 0)}`).join(', '),
    parents: s.parents.map((p, i) => `#${p} ${bpsText(s.parentBps[i] ?? 0)}`).join(', ') || 'none',
  };
}

export function describeOffer(assetId: bigint | null, t: OfferTerms, symbol: string, decimals: number) {
  return {
    assetId: assetId === null ? 'the id register assigns' : `#${assetId}`,
    price: `${formatUnits(t.price, decimals)} ${symbol}`,
    token: t.token,
    duration: t.duration === 0n ? 'perpetual' : `${t.duration} seconds`,
    seats: t.maxLicenses === 0 ? 'unlimited' : String(t.maxLicenses),
    commercialUse: String(t.commercialUse),
    derivativesAllowed: String(t.derivativesAllowed),
    expiresAt: 'never',
  };
}
