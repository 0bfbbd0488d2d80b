import { SahelError } from '../../src-shared/errors.js';
import type { WalletAccountRow, WalletSecretRow } from '../store/index.js';
import { type Vault, vaultApiError } from '../vault/index.js';

/**
 * The wallet's view of the vault: sealed records bound to (kind, id), so a sealed key cannot be moved
 * to another row or passed off as a name, and vault failures turned into the API's typed errors.
 */
export class SecretBox {
  constructor(private readonly vault: Vault) {}

  requireUnlocked(): void {
    if (!this.vault.isUnlocked)
      throw new SahelError('LOCKED', 'The vault is locked: unlock it to use the wallet');
  }

  sealSecret(kind: WalletSecretRow['kind'], id: string, plain: Uint8Array): Buffer {
    return this.call(() => this.vault.sealRecord(`wallet.${kind}`, id, plain));
  }

  openBytes(row: WalletSecretRow): Buffer {
    return this.call(() => this.vault.openRecord(`wallet.${row.kind}`, row.id, row.sealed));
  }

  openText(row: WalletSecretRow): string {
    const plain = this.openBytes(row);
    const text = plain.toString('utf8');
    plain.fill(0);
    return text;
  }

  sealName(address: string, name: string): Buffer {
    return this.call(() => this.vault.sealRecord('wallet.account-name', address, Buffer.from(name, 'utf8')));
  }

  openName(row: WalletAccountRow): string {
    return this.call(() => this.vault.openRecord('wallet.account-name', row.address, row.name)).toString(
      'utf8',
    );
  }

  /**
   * Checks the vault passphrase (with the vault's backoff after wrong tries). The vault has no
   * check-only call, so this asks for the identity and drops it at once.
   */
  async checkPassphrase(passphrase: string): Promise<void> {
    this.requireUnlocked();
    try {
      await this.vault.exportIdentity(passphrase);
    } catch (err) {
      throw vaultApiError(err);
    }
  }

  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw vaultApiError(err);
    }
  }
}
