import { z } from 'zod';

/** An Ethereum address, 0x and 40 hex digits (any case; the wallet answers with EIP-55 checksums). */
export const Address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address (0x and 40 hex digits)')
  .transform((a) => a as `0x${string}`);
export type Address = `0x${string}`;

export const AccountName = z.string().trim().min(1).max(64);

/**
 * One account as the UI sees it: public data only. `name` is sealed by the vault, so it is null while
 * the vault is locked; `index` is the HD index (m/44'/60'/0'/0/index) or null for an imported key.
 */
export const WalletAccount = z.object({
  address: Address,
  name: AccountName.nullable(),
  source: z.enum(['hd', 'imported']),
  index: z.number().int().nonnegative().nullable(),
  created: z.string(),
  /** Set when sahel.db held another address for this account than its sealed key gives (it was replaced). */
  warning: z.string().optional(),
});
export type WalletAccount = z.infer<typeof WalletAccount>;

/**
 * `backup`: 'none' without a recovery phrase (no HD seed yet); 'pending' while the words of a created
 * wallet have not been confirmed (they can still be shown); 'confirmed' after the quiz, or for an
 * imported phrase the user already holds.
 */
export const WalletStatus = z.object({
  exists: z.boolean(),
  seed: z.boolean(),
  backup: z.enum(['none', 'pending', 'confirmed']),
  locked: z.boolean(),
  accounts: z.number().int().nonnegative(),
});
export type WalletStatus = z.infer<typeof WalletStatus>;

export const MnemonicWords = z.union([z.literal(12), z.literal(24)]);
export type MnemonicWords = z.infer<typeof MnemonicWords>;
