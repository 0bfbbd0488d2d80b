import { randomBytes } from 'node:crypto';
import { getAddress, type LocalAccount } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount, privateKeyToAddress } from 'viem/accounts';
import type { MnemonicWords, WalletAccount, WalletStatus } from '../../src-shared/domain/wallet.js';
import { SahelError } from '../../src-shared/errors.js';
import type { Logger } from '../platform/index.js';
import type { WalletAccountRow, WalletRepo, WalletSecretRow } from '../store/index.js';
import type { Vault } from '../vault/index.js';
import { AddressCheck, sealedKey } from './address-check.js';
import { BackupQuiz } from './backup.js';
import { decryptKeystore, EXPORT_SCRYPT, encryptKeystore, type ScryptParams } from './keystore.js';
import { deriveKey, mnemonicWords, newMnemonic, normaliseMnemonic } from './mnemonic.js';
import { SecretBox } from './secret-box.js';
import { lockingSigner, type WalletSigners } from './signers.js';

export interface WalletOptions {
  repo: WalletRepo;
  vault: Vault;
  log: Logger;
  /** scrypt cost of exported keystores; tests pass a cheap one. */
  exportScrypt?: ScryptParams;
  events?: { changed?(status: WalletStatus): void };
}

/**
 * The HD wallet. The recovery phrase and imported keys exist on disk only sealed by the vault; keys
 * are derived on first use after an unlock, kept in this object only, and dropped when the vault
 * locks (`forget`, wired to the vault's state by core.ts). Every signature checks the vault again, so
 * a missed event still cannot sign while locked.
 */
export class Wallet implements WalletSigners {
  private readonly keys = new Map<`0x${string}`, PrivateKeyAccount>();
  private readonly box: SecretBox;
  private readonly quiz = new BackupQuiz();
  private readonly addressCheck: AddressCheck;

  constructor(private readonly opts: WalletOptions) {
    this.box = new SecretBox(opts.vault);
    this.addressCheck = new AddressCheck(opts.repo, this.box, opts.log);
  }

  status(): WalletStatus {
    const seed = this.opts.repo.mnemonic();
    const accounts = this.opts.repo.accounts().length;
    return {
      exists: accounts > 0,
      seed: seed !== undefined,
      backup: !seed ? 'none' : seed.backup_confirmed ? 'confirmed' : 'pending',
      locked: !this.opts.vault.isUnlocked,
      accounts,
    };
  }

  create(words: MnemonicWords): WalletStatus {
    this.box.requireUnlocked();
    if (this.opts.repo.mnemonic())
      throw new SahelError('CONFLICT', 'This wallet already has a recovery phrase');
    this.addSeed(newMnemonic(words), false);
    this.opts.log.info('wallet created', { wordCount: words });
    return this.changed();
  }

  /** The words of a created wallet, only until the backup is confirmed. */
  backupWords(): string[] {
    const seed = this.pendingSeed();
    return mnemonicWords(this.box.openText(seed));
  }

  backupQuiz(): number[] {
    const seed = this.pendingSeed();
    return this.quiz.ask(mnemonicWords(this.box.openText(seed)).length);
  }

  confirmBackup(answers: { position: number; word: string }[]): WalletStatus {
    const seed = this.pendingSeed();
    this.quiz.check(mnemonicWords(this.box.openText(seed)), answers);
    this.opts.repo.confirmBackup(seed.id);
    this.opts.log.info('wallet backup confirmed');
    return this.changed();
  }

  /** The words again after the backup, behind the vault passphrase (a second factor against a stray caller). */
  async revealWords(passphrase: string): Promise<string[]> {
    const seed = this.opts.repo.mnemonic();
    if (!seed) throw new SahelError('NOT_FOUND', 'This wallet has no recovery phrase');
    await this.box.checkPassphrase(passphrase);
    this.opts.log.info('wallet recovery words revealed');
    return mnemonicWords(this.box.openText(seed));
  }

  importMnemonic(input: string, name?: string): WalletAccount {
    this.box.requireUnlocked();
    if (this.opts.repo.mnemonic())
      throw new SahelError('CONFLICT', 'This wallet already has a recovery phrase');
    const account = this.addSeed(normaliseMnemonic(input), true, name);
    this.opts.log.info('wallet recovery phrase imported');
    this.changed();
    return account;
  }

  importPrivateKey(input: string, name?: string): WalletAccount {
    const hex = input.trim().replace(/^0x/i, '');
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new SahelError('BAD_INPUT', 'A private key is 64 hex digits (with or without 0x)');
    }
    const key = `0x${hex.toLowerCase()}` as const;
    let address: `0x${string}`;
    try {
      address = privateKeyToAddress(key);
    } catch {
      throw new SahelError('BAD_INPUT', 'That is not a valid secp256k1 private key');
    }
    return this.addKey(key, address, name);
  }

  async importKeystore(json: string, password: string, name?: string): Promise<WalletAccount> {
    this.box.requireUnlocked();
    const key = await decryptKeystore(json, password);
    return this.addKey(key, privateKeyToAddress(key), name);
  }

  /** Every account; names are sealed, so they read null while the vault is locked. */
  accounts(): WalletAccount[] {
    const unlocked = this.opts.vault.isUnlocked;
    if (unlocked) this.addressCheck.run();
    return this.opts.repo.accounts().map((row) => this.view(row, unlocked));
  }

  /** Checks the stored addresses against the sealed keys (core calls it at unlock). */
  checkAddresses(): void {
    this.box.requireUnlocked();
    this.addressCheck.run();
  }

  addAccount(name: string): WalletAccount {
    this.box.requireUnlocked();
    const seed = this.opts.repo.mnemonic();
    if (!seed) {
      throw new SahelError(
        'CONFLICT',
        'New accounts come from a recovery phrase: create or import one first',
      );
    }
    const index = this.opts.repo.nextHdIndex(seed.id);
    const address = privateKeyToAddress(deriveKey(this.box.openText(seed), index));
    if (this.opts.repo.account(address)) {
      throw new SahelError('CONFLICT', `The next HD account ${address} is already imported as a key`);
    }
    this.opts.repo.insertAccount(this.newRow(address, seed.id, index, name));
    this.changed();
    return this.view(this.mustAccount(address), true);
  }

  renameAccount(address: `0x${string}`, name: string): WalletAccount {
    this.box.requireUnlocked();
    const row = this.mustAccount(address);
    this.opts.repo.rename(row.address, this.box.sealName(row.address, name));
    this.changed();
    return this.view(this.mustAccount(row.address), true);
  }

  /** The key as a keystore v3 file under `password`, after the vault passphrase. */
  async exportKeystore(address: `0x${string}`, password: string, passphrase: string): Promise<string> {
    const row = this.mustAccount(address);
    await this.box.checkPassphrase(passphrase);
    const json = await encryptKeystore(
      this.keyOf(row).key,
      password,
      this.opts.exportScrypt ?? EXPORT_SCRYPT,
    );
    this.opts.log.info('wallet keystore exported', { address: row.address });
    return json;
  }

  signer(address: `0x${string}`): LocalAccount {
    this.box.requireUnlocked();
    const row = this.mustAccount(address);
    return lockingSigner(row.address, () => this.account(row));
  }

  addresses(): `0x${string}`[] {
    return this.opts.repo.accounts().map((a) => a.address);
  }

  /** How many derived keys this object holds now (none while locked); for status and tests. */
  get keysInMemory(): number {
    return this.keys.size;
  }

  /** Drops every key and the open quiz; called when the vault locks. */
  forget(): void {
    if (this.keys.size > 0) this.opts.log.info('wallet keys dropped', { count: this.keys.size });
    this.keys.clear();
    this.quiz.reset();
    this.addressCheck.reset();
  }

  private account(row: WalletAccountRow): PrivateKeyAccount {
    this.box.requireUnlocked();
    let account = this.keys.get(row.address);
    if (!account) {
      account = privateKeyToAccount(this.keyOf(row).key);
      this.keys.set(row.address, account);
    }
    return account;
  }

  private keyOf(row: WalletAccountRow): { key: `0x${string}` } {
    const key = sealedKey(this.opts.repo, this.box, row);
    if (privateKeyToAddress(key) !== row.address) {
      throw new SahelError('CORRUPT', `The key stored for ${row.address} does not match it`);
    }
    return { key };
  }

  private addSeed(mnemonic: string, confirmed: boolean, name?: string): WalletAccount {
    const id = randomBytes(16).toString('hex');
    const address = privateKeyToAddress(deriveKey(mnemonic, 0));
    if (this.opts.repo.account(address)) {
      throw new SahelError('CONFLICT', `Account ${address} of this phrase is already imported as a key`);
    }
    const secret = this.secretRow(id, 'mnemonic', Buffer.from(mnemonic, 'utf8'), confirmed);
    this.opts.repo.insertSecret(secret, this.newRow(address, id, 0, name ?? 'Account 1'));
    this.quiz.reset();
    return this.view(this.mustAccount(address), true);
  }

  private addKey(key: `0x${string}`, address: `0x${string}`, name?: string): WalletAccount {
    this.box.requireUnlocked();
    if (this.opts.repo.account(address))
      throw new SahelError('CONFLICT', `${address} is already in this wallet`);
    const id = randomBytes(16).toString('hex');
    const imported = this.opts.repo.accounts().filter((a) => a.hd_index === null).length;
    const secret = this.secretRow(id, 'key', Buffer.from(key.slice(2), 'hex'), true);
    this.opts.repo.insertSecret(secret, this.newRow(address, id, null, name ?? `Imported ${imported + 1}`));
    this.opts.log.info('wallet key imported', { address });
    this.changed();
    return this.view(this.mustAccount(address), true);
  }

  private secretRow(
    id: string,
    kind: WalletSecretRow['kind'],
    plain: Buffer,
    confirmed: boolean,
  ): WalletSecretRow {
    const sealed = this.box.sealSecret(kind, id, plain);
    plain.fill(0);
    return { id, kind, sealed, backup_confirmed: confirmed ? 1 : 0, created: new Date().toISOString() };
  }

  private newRow(address: `0x${string}`, secretId: string, index: number | null, name?: string) {
    const label = name ?? `Account ${(index ?? 0) + 1}`;
    return {
      address,
      secret_id: secretId,
      hd_index: index,
      name: this.box.sealName(address, label),
      created: new Date().toISOString(),
    };
  }

  private view(row: WalletAccountRow, unlocked: boolean): WalletAccount {
    const warning = this.addressCheck.warning(row.address);
    return {
      ...(warning ? { warning } : {}),
      address: row.address,
      name: unlocked ? this.box.openName(row) : null,
      source: row.hd_index === null ? 'imported' : 'hd',
      index: row.hd_index,
      created: row.created,
    };
  }

  private mustAccount(address: string): WalletAccountRow {
    let normal: `0x${string}`;
    try {
      normal = getAddress(address);
    } catch {
      throw new SahelError('BAD_INPUT', 'Not an address');
    }
    const row = this.opts.repo.account(normal);
    if (!row) throw new SahelError('NOT_FOUND', `${normal} is not an account of this wallet`);
    return row;
  }

  private pendingSeed(): WalletSecretRow {
    this.box.requireUnlocked();
    const seed = this.opts.repo.mnemonic();
    if (!seed) throw new SahelError('NOT_FOUND', 'This wallet has no recovery phrase');
    if (seed.backup_confirmed) {
      throw new SahelError(
        'CONFLICT',
        'The backup is confirmed; the words are shown again only after the passphrase',
      );
    }
    return seed;
  }

  private changed(): WalletStatus {
    const status = this.status();
    this.opts.events?.changed?.(status);
    return status;
  }
}
