import { type Hex, toHex } from 'viem';
import { X25519Identity } from '../../vault/index.js';
import { openIdentity, type RecordSealer, sealIdentity } from '../publish/asset-keys.js';

const KIND = 'market-licence-key';

/**
 * The buyer's key for one licence: a fresh X25519 key per licence, its secret sealed with the vault's
 * record key in the licence's row, its public half sent on chain as `buyerPubKey`.
 *
 * Per licence and not one key for everything: the public key is on chain for good, so one key would
 * link every purchase made from any of the vault's accounts to the same person; a key that leaks opens
 * only the one asset it was sealed for; and a refunded or expired licence's key can be dropped alone.
 */
export class LicenceKeys {
  constructor(private readonly vault: RecordSealer) {}

  /** A fresh key for row `rowId`: its public key (bytes32 hex) and its secret, sealed. */
  fresh(rowId: string): { identity: X25519Identity; pubKey: Hex; sealed: Buffer } {
    const identity = X25519Identity.generate();
    return {
      identity,
      pubKey: toHex(identity.recipient().publicKey),
      sealed: sealIdentity(this.vault, KIND, rowId, identity),
    };
  }

  /** The key kept in row `rowId` (the vault must be unlocked). */
  open(rowId: string, sealed: Uint8Array): X25519Identity {
    return openIdentity(this.vault, KIND, rowId, sealed);
  }
}
