import { z } from 'zod';
import { MAX_DECIMALS, parseAmount } from '../../domain/amount.js';
import { AccountBalances, Address, BaseUnits, TxHash, TxRecord, TxReview } from '../../domain/tx.js';
import { procedure } from '../define.js';

/**
 * A decimal amount in whole units as the app shows it (`1,000.5`, `.5`), converted with the token's
 * decimals by the owner; the same parser as the UI and the CLI.
 */
export const Amount = z
  .string()
  .max(100)
  .refine((t) => parseAmount(t, MAX_DECIMALS).ok, 'a decimal amount like 1,000.5 or 0.5');

export const txService = {
  balances: procedure(
    z.strictObject({ tokens: z.array(Address).max(20).default([]) }),
    z.object({
      network: z.string(),
      chainId: z.number().int(),
      accounts: z.array(AccountBalances),
      /** `stale`: the RPC did not answer, these are the last balances read (at `block`, at `at`). */
      asOf: z.object({ block: z.number().int().nonnegative(), at: z.string(), stale: z.boolean() }),
    }),
    "Native and PaymentToken balances (and any ERC-20 asked) of each of the wallet's addresses; the last known ones, marked stale, while the RPC is down.",
  ),
  prepareSend: procedure(
    z.strictObject({
      from: Address,
      to: Address,
      amount: Amount,
      /** An ERC-20 address, or the symbol of the network's payment token; absent: the native coin. */
      token: z.string().min(1).max(64).optional(),
      /** Whatever is sent to 0x000…000 is lost: such a send is refused unless this says it is meant. */
      toZeroAddress: z.literal(true).optional(),
    }),
    TxReview,
    'Simulates a send and returns what it would do (what leaves, to whom, the most fee) for review.',
  ),
  maxSend: procedure(
    z.strictObject({
      from: Address,
      /** The recipient, when known: a contract may cost more gas to send to than an account. */
      to: Address.optional(),
      token: z.string().min(1).max(64).optional(),
    }),
    z.object({ amount: BaseUnits, decimals: z.number().int().min(0).max(36), symbol: z.string() }),
    "The most a send can move: a token's whole balance, or the native balance minus the most fee the send may cost (prepareSend checks the same figure).",
  ),
  confirmSend: procedure(
    z.strictObject({ reviewId: z.string().min(1).max(64) }),
    z.object({ hash: TxHash }),
    'Signs and broadcasts a reviewed send; it is stored as pending before it leaves.',
  ),
  history: procedure(
    z.strictObject({ limit: z.number().int().min(1).max(500).default(50) }),
    z.object({ txs: z.array(TxRecord) }),
    "The wallet's transactions on the active network, newest first, with their status.",
  ),
  speedUp: procedure(
    z.strictObject({ hash: TxHash }),
    z.object({ hash: TxHash }),
    'Replaces a pending transaction by the same one with a higher fee.',
  ),
  cancel: procedure(
    z.strictObject({ hash: TxHash }),
    z.object({ hash: TxHash }),
    'Replaces a pending transaction by an empty send to oneself with a higher fee.',
  ),
} as const;
