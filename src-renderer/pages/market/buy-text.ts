import type { VaultState } from '../../../src-shared/domain/vault.js';
import { errorMessage } from '../../state/errors.js';

// The buy side's words: why Buy… is off, the owner's refusals as sentences, the licence key for people.

/** Why buying cannot start here, in words; null when it can. The asset lands in the vault, paid by the wallet. */
export function buyBlocked(
  vault: VaultState['state'] | null,
  walletExists: boolean | null,
  accounts: number,
): string | null {
  if (vault === 'uninitialised') return 'Buying needs a vault to receive into: create one on the Vault page.';
  if (walletExists === false || (walletExists && accounts === 0)) {
    return 'Buying needs a wallet: create or import one on the Wallet page.';
  }
  if (vault !== 'unlocked') return 'Unlock the vault to buy: the asset is delivered into it.';
  if (walletExists === null) return 'Reading the wallet…';
  return null;
}

/** The owner's refusal as a sentence, with what to do where the message alone does not say. */
export function buyErrorText(err: unknown): string {
  const text = errorMessage(err).trim();
  const sentence = /[.!?]$/.test(text) ? text : `${text}.`;
  if (/your own offer/.test(text)) return `${sentence} Choose another account to pay from.`;
  if (/ holds .*the licence costs/.test(text))
    return `${sentence} Add funds to this account or pay from another.`;
  return sentence;
}

/** The key the seller will seal the asset to, in groups a person can compare. */
export function keyFingerprint(pubKey: string): string {
  return (pubKey.slice(2).match(/.{4}/g) ?? []).join(' ');
}
