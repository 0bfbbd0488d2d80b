import { z } from 'zod';

/** A 0x-prefixed, 20-byte address (any case; the owner checksums it). */
export const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address (0x and 40 hex digits)');
/** A 32-byte transaction hash. */
export const TxHash = z.string().regex(/^0x[0-9a-f]{64}$/, 'a transaction hash');
/** An integer amount in the token's smallest unit (wei), as a decimal string: JSON has no bigint. */
export const BaseUnits = z.string().regex(/^[0-9]{1,78}$/, 'an integer amount in base units');

export const TxStatus = z.enum(['pending', 'confirmed', 'failed', 'replaced', 'dropped']);
export type TxStatus = z.infer<typeof TxStatus>;
export const TxKind = z.enum(['send', 'call', 'speed-up', 'cancel']);
export type TxKind = z.infer<typeof TxKind>;

/** One thing that leaves the wallet (or that a spender may take, for an approval). */
export const TxOutflow = z.object({
  /** null: the chain's native coin. */
  token: Address.nullable(),
  symbol: z.string(),
  decimals: z.number().int().min(0).max(36),
  amount: BaseUnits,
  /** Who receives it (or, for an approval, who may take it). */
  to: Address,
  approval: z.boolean(),
});
export type TxOutflow = z.infer<typeof TxOutflow>;

/** What a transaction does, shown before signing: what leaves, to whom, and the most it can cost in fees. */
export const TxEffects = z.object({
  outflows: z.array(TxOutflow),
  /** The contract or account called. */
  to: Address,
  /** A readable name of the call (`transfer`, `buy`…), or null for a plain send. */
  call: z.string().nullable(),
  gasLimit: BaseUnits,
  maxFeePerGas: BaseUnits,
  /** gasLimit × maxFeePerGas: the fee cannot exceed this. */
  maxFee: BaseUnits,
});
export type TxEffects = z.infer<typeof TxEffects>;

export const TxReview = z.object({
  reviewId: z.string(),
  network: z.string(),
  chainId: z.number().int(),
  from: Address,
  effects: TxEffects,
  /** After this (ISO time) the review must be prepared again: fees and state move on. */
  expiresAt: z.string(),
});
export type TxReview = z.infer<typeof TxReview>;

export const TxRecord = z.object({
  hash: TxHash,
  chainId: z.number().int(),
  from: Address,
  to: Address.nullable(),
  nonce: z.number().int().nonnegative(),
  kind: TxKind,
  status: TxStatus,
  effects: TxEffects,
  /** The hash this one replaces (a speed-up or a cancel), if any. */
  replaces: TxHash.nullable(),
  blockNumber: z.number().int().nullable(),
  /** The fee actually paid (gas used × effective price), once mined. */
  fee: BaseUnits.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TxRecord = z.infer<typeof TxRecord>;

export const TokenBalance = z.object({
  token: Address,
  symbol: z.string(),
  decimals: z.number().int().min(0).max(36),
  balance: BaseUnits,
});
export type TokenBalance = z.infer<typeof TokenBalance>;

export const AccountBalances = z.object({
  address: Address,
  native: BaseUnits,
  tokens: z.array(TokenBalance),
});
export type AccountBalances = z.infer<typeof AccountBalances>;
