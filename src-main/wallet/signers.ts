import type { LocalAccount } from 'viem';
import { type PrivateKeyAccount, toAccount } from 'viem/accounts';

/** What the chain layer signs with: accounts whose keys never leave the wallet's objects. */
export interface WalletSigners {
  /** viem LocalAccount for one of the wallet's addresses; the key stays inside this module's closure.
   *  Throws SahelError LOCKED while the vault is locked, NOT_FOUND for an unknown address. */
  signer(address: `0x${string}`): LocalAccount;
  addresses(): `0x${string}`[];
}

/**
 * A LocalAccount that asks for its key at every signature: `keyFor` throws LOCKED once the vault is
 * locked, so a signer handed out earlier cannot outlive the unlock. Raw-hash `sign` is left out on
 * purpose: blind signing of a 32-byte hash could authorise anything.
 */
export function lockingSigner(address: `0x${string}`, keyFor: () => PrivateKeyAccount): LocalAccount {
  return toAccount({
    address,
    signMessage: (args) => keyFor().signMessage(args),
    signTransaction: (tx, options) => keyFor().signTransaction(tx, options),
    signTypedData: (typed) => keyFor().signTypedData(typed),
  });
}
