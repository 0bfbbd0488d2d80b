import { privateKeyToAddress } from 'viem/accounts';
import { SahelError } from '../../src-shared/errors.js';
import type { Logger } from '../platform/index.js';
import type { WalletAccountRow, WalletRepo } from '../store/index.js';
import { deriveKey } from './mnemonic.js';
import type { SecretBox } from './secret-box.js';

/** The private key an account's sealed secret gives: the phrase at the account's index, or the imported key. */
export function sealedKey(repo: WalletRepo, box: SecretBox, row: WalletAccountRow): `0x${string}` {
  const secret = repo.secret(row.secret_id);
  if (!secret) throw new SahelError('CORRUPT', 'A wallet account has lost its secret');
  if (secret.kind === 'mnemonic') return deriveKey(box.openText(secret), row.hd_index ?? 0);
  const bytes = box.openBytes(secret);
  const key = `0x${bytes.toString('hex')}` as const;
  bytes.fill(0);
  return key;
}

/**
 * Addresses are stored readable in sahel.db (balances show while the vault is locked), so whoever can
 * write that file can change them: `wallet address` would then print an address that is not the
 * wallet's, and money sent there is lost. Once unlocked, each account's address is derived again from
 * its sealed secret; where the stored one differs, the sealed one replaces it (the row is repaired)
 * and the difference is kept, for this run, as a warning on the account.
 */
export class AddressCheck {
  private readonly checked = new Set<string>();
  /** Sealed address → what sahel.db held instead. */
  private readonly replaced = new Map<string, string>();

  constructor(
    private readonly repo: WalletRepo,
    private readonly box: SecretBox,
    private readonly log: Logger,
  ) {}

  /** Checks the rows not yet checked since the unlock; the vault must be unlocked. */
  run(): void {
    for (const row of this.repo.accounts()) {
      if (this.checked.has(row.address)) continue;
      const sealed = privateKeyToAddress(sealedKey(this.repo, this.box, row));
      if (sealed !== row.address) {
        this.log.warn('a wallet address in sahel.db did not match its sealed key; the sealed one is used', {
          stored: row.address,
          sealed,
        });
        this.repo.fixAddress(row.address, sealed);
        this.replaced.set(sealed, row.address);
      }
      this.checked.add(sealed);
    }
  }

  /** The warning for an account whose stored address was replaced this run, if any. */
  warning(address: string): string | undefined {
    const stored = this.replaced.get(address);
    return stored === undefined
      ? undefined
      : `sahel.db held ${stored} for this account, which its sealed key does not give: someone or ` +
          `something edited it. Sahel uses ${address}, the address the key gives; do not send to ${stored}.`;
  }

  /** At lock: the next unlock checks again (the file may change meanwhile). */
  reset(): void {
    this.checked.clear();
  }
}
