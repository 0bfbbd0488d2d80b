import { type Address, getAddress, type Hex, type PublicClient, parseEventLogs } from 'viem';
import type { PublishRequest, PublishStep } from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork, TxPipeline } from '../../chain/index.js';
import { abis, rpcCall } from '../../chain/index.js';
import {
  createOfferCall,
  describeOffer,
  describeRegister,
  type OfferTerms,
  registerCall,
  type Split,
} from './publish-calls.js';

/** Gas a createOffer takes at most on Sahel's Marketplace, for the estimate shown before register exists. */
const OFFER_GAS = 300_000n;

export interface StepsInput {
  network: ActiveNetwork;
  from: Address;
  /** Set when the asset is registered already: only the offer is left. */
  assetId: bigint | null;
  kind: PublishRequest['kind'];
  contentHash: Hex;
  uri: string;
  split: Split;
  terms: OfferTerms;
  token: { symbol: string; decimals: number };
}

/**
 * The plan's transactions, each simulated by the pipeline (which also makes the review that confirm
 * signs). createOffer cannot be simulated before its asset exists, so after a register step its fee
 * is an estimate (a fixed gas bound at the register's fee per gas), marked as such.
 */
export async function planSteps(
  pipeline: Pick<TxPipeline, 'prepare'>,
  i: StepsInput,
): Promise<PublishStep[]> {
  const market = getAddress(i.network.contracts.marketplace);
  const registry = getAddress(i.network.contracts.assetRegistry);
  if (i.assetId !== null) {
    const data = createOfferCall(i.assetId, i.terms);
    const review = await pipeline.prepare({ from: i.from, to: market, data });
    return [
      {
        step: 'createOffer',
        to: market,
        call: 'createOffer',
        args: describeOffer(i.assetId, i.terms, i.token.symbol, i.token.decimals),
        review,
        maxFee: review.effects.maxFee,
        estimated: false,
      },
    ];
  }
  const data = registerCall(i.kind, i.contentHash, i.uri, i.split);
  const review = await pipeline.prepare({ from: i.from, to: registry, data });
  return [
    {
      step: 'register',
      to: registry,
      call: 'register',
      args: describeRegister(i.kind, i.contentHash, Buffer.byteLength(i.uri), i.split),
      review,
      maxFee: review.effects.maxFee,
      estimated: false,
    },
    {
      step: 'createOffer',
      to: market,
      call: 'createOffer',
      args: describeOffer(null, i.terms, i.token.symbol, i.token.decimals),
      review: null,
      maxFee: (OFFER_GAS * BigInt(review.effects.maxFeePerGas)).toString(),
      estimated: true,
    },
  ];
}

/** The offer id a mined createOffer emitted (OfferCreated from the configured marketplace only). */
export async function offerIdOf(client: PublicClient, market: Address, hash: Hex): Promise<bigint> {
  const receipt = await rpcCall(() => client.getTransactionReceipt({ hash }));
  const logs = parseEventLogs({ abi: abis.marketplace(), eventName: 'OfferCreated', logs: receipt.logs });
  const log = logs.find((l) => getAddress(l.address) === market);
  const id = (log?.args as { offerId?: unknown } | undefined)?.offerId;
  if (typeof id !== 'bigint') throw new SahelError('UNAVAILABLE', 'The createOffer receipt names no offer');
  return id;
}
