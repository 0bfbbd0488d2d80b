// What the transaction pipeline needs from the layers around it, as structural types: the wallet
// (signing), the networks (where to send) and the guard (whether to send at all). core.ts hands in
// the real ones; tests hand in anvil's dev keys and a harness deployment.
import type { Address, LocalAccount } from 'viem';
import type { TxKind, TxReview } from '../../../src-shared/domain/tx.js';

/** The wallet's signing side (src-main/wallet/signers.ts). `signer` throws LOCKED while the vault is locked. */
export interface WalletSigners {
  signer(address: Address): LocalAccount;
  addresses(): Address[];
}

export interface NetworkContracts {
  paymentToken: Address;
  assetRegistry: Address;
  marketplace: Address;
}

/** The network in use (src-main/chain/networks.ts). */
export interface ActiveNetwork {
  name: string;
  kind: 'devnet' | 'rpc';
  chainId: number;
  rpcUrl: string;
  contracts: NetworkContracts;
}

export type ActiveNetworkSource = () => Promise<ActiveNetwork>;

/**
 * Who asked for a transaction: the user (a review they confirmed in their own UI or CLI flow), the
 * agent (an action its policy allowed), or an agent action the user approved on its card ('approved':
 * held by the agent's guard to exactly what the card showed).
 */
export type TxOrigin = 'user' | 'agent' | 'approved';

export interface GuardRequest {
  review: TxReview;
  origin: TxOrigin;
  kind: TxKind;
}

/**
 * Decides whether a reviewed transaction may be signed: the user's confirmation or the agent's
 * policy. It throws (a SahelError DECLINED) to refuse. The chain layer never decides this itself.
 */
export type TxGuard = (request: GuardRequest) => Promise<void>;
