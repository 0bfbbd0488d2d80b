import { z } from 'zod';
import { MAX_DECIMALS, parseAmount } from './amount.js';
import { AssetKind, AssetMetadata } from './asset-metadata.js';
import { ChainId } from './market.js';
import { Address, BaseUnits, TxHash, TxReview } from './tx.js';

/** Basis points: 10,000 is the whole. */
export const BPS_WHOLE = 10_000;
/** What all parents together may take (AssetRegistry.MAX_TOTAL_ROYALTY_BPS). */
export const MAX_TOTAL_ROYALTY_BPS = 5_000;

const Bps = z.number().int().min(1).max(BPS_WHOLE);

// An on-chain id (asset, offer) as a decimal string: one definition, shared with the read side.
export { ChainId };

/**
 * Where the ciphertext will be hosted, in the order a buyer should try: `peer` (this Sahel's blob
 * listener), `url` (an http(s) address where the user put the `.age` file Sahel wrote), `ipfs` (the
 * CIDv1 Sahel computes of that file; the user pins the CAR Sahel writes beside it).
 */
export const PublishHost = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('peer') }),
  z.object({ kind: z.literal('url'), url: z.string().url().max(2048) }),
  z.object({ kind: z.literal('ipfs') }),
]);
export type PublishHost = z.infer<typeof PublishHost>;

export const PublishInput = z.strictObject({
  /** The vault item to publish (a file or a note). */
  itemId: z.string().min(1).max(64),
  /** In whole units of the token, as the app shows amounts (`25`, `1,000.5`). */
  price: z
    .string()
    .max(100)
    .refine((t) => parseAmount(t, MAX_DECIMALS).ok, 'a decimal amount like 25 or 0.5'),
  /** An ERC-20 address or the payment token's symbol; absent: the network's payment token. */
  token: z.string().min(1).max(64).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(8000).default(''),
  kind: AssetKind.default('dataset'),
  tags: z.array(z.string().min(1).max(40)).max(20).default([]),
  licenseText: z.string().max(16000).default(''),
  /** Licence length in seconds from purchase; 0: perpetual. */
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40)
    .default(0),
  /** Most licences sold; 0: unlimited. */
  seats: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(0),
  commercialUse: z.boolean().default(false),
  derivativesAllowed: z.boolean().default(true),
  /** Who is credited and paid, in bps summing to 10,000; absent: the publishing account alone. */
  contributors: z
    .array(z.object({ address: Address, bps: Bps }))
    .max(16)
    .optional(),
  /** Assets this one derives from, with the royalty each takes. */
  parents: z
    .array(z.object({ assetId: ChainId, bps: Bps }))
    .max(8)
    .default([]),
  hosts: z
    .array(PublishHost)
    .min(1)
    .max(8)
    .default([{ kind: 'peer' }]),
  /** Which wallet account publishes (default: the first). */
  from: Address.optional(),
});
export type PublishInput = z.input<typeof PublishInput>;
export type PublishRequest = z.output<typeof PublishInput>;

/** One transaction of the plan, decoded. `review` is the pipeline's simulation; null when it runs later. */
export const PublishStep = z.object({
  step: z.enum(['register', 'createOffer']),
  to: Address,
  call: z.string(),
  /** The decoded arguments, as text a person can check. */
  args: z.record(z.string(), z.string()),
  review: TxReview.nullable(),
  /** The most fee this step can cost, in wei: the simulation's, or an estimate for a step that needs the one before. */
  maxFee: BaseUnits,
  estimated: z.boolean(),
});
export type PublishStep = z.infer<typeof PublishStep>;

export const PublishPlan = z.object({
  planId: z.string(),
  expiresAt: z.string(),
  network: z.string(),
  chainId: z.number().int(),
  from: Address,
  /** The plaintext's sha256: the asset's contentHash on chain. */
  contentHash: z.string(),
  /** The asset's id when it is already registered (a publish that stopped before its offer). */
  assetId: ChainId.nullable(),
  metadata: AssetMetadata,
  /** Bytes of the data: URI put on chain (its gas grows with them). */
  metadataUriBytes: z.number().int(),
  /** The age file Sahel wrote: upload this one to a `url` location before confirming. */
  ciphertextFile: z.string(),
  /**
   * With an ipfs location: its CID, the CAR of its DAG to pin (`ipfs dag import`, or a pinning
   * service's CAR upload) before confirming, and the gateway (Settings) it is checked through.
   */
  ipfs: z.object({ cid: z.string(), carFile: z.string(), gateway: z.string() }).nullable(),
  offer: z.object({
    token: Address,
    symbol: z.string(),
    decimals: z.number().int(),
    price: BaseUnits,
    durationSeconds: z.number().int(),
    seats: z.number().int(),
    commercialUse: z.boolean(),
    derivativesAllowed: z.boolean(),
  }),
  steps: z.array(PublishStep),
});
export type PublishPlan = z.infer<typeof PublishPlan>;

export const PublishResult = z.object({
  assetId: ChainId,
  offerId: ChainId,
  registerTx: TxHash.nullable(),
  offerTx: TxHash,
  ciphertextSha256: z.string(),
});
export type PublishResult = z.infer<typeof PublishResult>;

export const PublishedAsset = z.object({
  id: z.string(),
  vaultItemId: z.string(),
  state: z.enum(['prepared', 'registered', 'offered']),
  assetId: ChainId.nullable(),
  offerId: ChainId.nullable(),
  contentHash: z.string(),
  ciphertextSha256: z.string(),
  ciphertextSize: z.number().int(),
  title: z.string(),
  updatedAt: z.string(),
});
export type PublishedAsset = z.infer<typeof PublishedAsset>;
