import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultState } from '../../src-shared/domain/vault.js';
import type { Logger } from '../platform/index.js';
import type { VaultItemsRepo } from '../store/index.js';
import { open, seal } from './aead.js';
import { X25519Identity } from './age/index.js';
import { BlobStore } from './blob-store.js';
import type { DeviceKeyring } from './device-keyring.js';
import { VaultError } from './errors.js';
import { DEFAULT_KDF_POLICY, type KdfPolicy } from './kdf.js';
import { KEY_FILE_MISSING } from './key-file.js';
import {
  type DeriveKey,
  deviceSlot,
  type KeyslotHeader,
  openWithDevice,
  openWithPassphrase,
  passphraseSlot,
  readHeader,
  writeHeader,
} from './keyslots.js';
import { UnlockedSession } from './session.js';
import { VaultItems, type VaultItemsEvents } from './vault-items.js';
import { argon2id } from './worker/client.js';

export interface VaultOptions {
  /** `<data dir>/vault`: keyslots.json, blobs/, tmp/. */
  dir: string;
  /** A private runtime dir where model parts are decrypted for loading only. */
  runDir: string;
  repo: VaultItemsRepo;
  log: Logger;
  policy?: KdfPolicy;
  derive?: DeriveKey;
  events?: Partial<VaultItemsEvents> & { state?(state: VaultState): void };
  /** The OS keychain for "remember on this device" (the desktop app only). */
  keyring?: DeviceKeyring;
  now?: () => number;
}

const MIN_PASSPHRASE = 8;

/**
 * The vault: creates, unlocks and locks, and owns the keyslots. While unlocked it hands out
 * `items` (the item operations). Every unlock attempt, failed or not, leaves the files untouched;
 * repeated failures make the next attempt wait longer (from the second: 1 s, 2 s, 4 s … up to 5 min).
 */
export class Vault {
  private session: UnlockedSession | undefined;
  private itemOps: VaultItems | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private autoLockMinutes = 15;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly headerFile: string;
  private readonly blobs: BlobStore;
  private readonly policy: KdfPolicy;
  private readonly derive: DeriveKey;
  private readonly now: () => number;

  constructor(private readonly opts: VaultOptions) {
    this.headerFile = join(opts.dir, 'keyslots.json');
    this.blobs = new BlobStore(opts.dir);
    this.policy = opts.policy ?? DEFAULT_KDF_POLICY;
    this.derive = opts.derive ?? argon2id;
    this.now = opts.now ?? Date.now;
    const swept = this.blobs.sweep(opts.repo.blobNames());
    if (swept > 0) opts.log.info('vault: swept files left by an interrupted write', { count: swept });
  }

  state(): VaultState {
    const exists = existsSync(this.headerFile);
    // Items without their key file: a vault that lost a file, not an empty place for a new one.
    const keyFileLost = !exists && this.opts.repo.count() > 0;
    return {
      state: keyFileLost ? 'locked' : !exists ? 'uninitialised' : this.session ? 'unlocked' : 'locked',
      recipient: exists ? this.safeRecipient() : null,
      items: exists || keyFileLost ? this.opts.repo.count() : null,
      retryAfter: Math.max(0, Math.ceil((this.nextAttemptAt - this.now()) / 1000)),
      autoLockMinutes: this.autoLockMinutes,
      ...this.deviceState(exists),
      unreadable: [...(this.session?.unreadable ?? [])],
      damaged: [...(this.session?.damaged ?? [])],
      problem: keyFileLost ? KEY_FILE_MISSING : this.headerProblem(exists),
    };
  }

  get items(): VaultItems {
    if (!this.itemOps) throw new VaultError('LOCKED', 'The vault is locked');
    this.touch();
    return this.itemOps;
  }

  get isUnlocked(): boolean {
    return this.session !== undefined;
  }

  async create(passphrase: string): Promise<VaultState> {
    if (existsSync(this.headerFile))
      throw new VaultError('ALREADY_INITIALISED', 'A vault already exists here');
    if (this.opts.repo.count() > 0) throw new VaultError('HEADER_INVALID', KEY_FILE_MISSING);
    if ([...passphrase].length < MIN_PASSPHRASE) {
      throw new VaultError('WEAK_PASSPHRASE', `Use a passphrase of at least ${MIN_PASSPHRASE} characters`);
    }
    const secret = new Uint8Array(randomBytes(32));
    const recipient = X25519Identity.fromSecretKey(secret).recipient().toString();
    const slot = await passphraseSlot(
      'passphrase-1',
      recipient,
      secret,
      utf8(passphrase),
      this.policy,
      this.derive,
    );
    writeHeader(this.headerFile, { format: 'sahel-vault', version: 1, recipient, slots: [slot] });
    await this.open(secret);
    return this.changed();
  }

  async unlock(passphrase: string): Promise<VaultState> {
    if (this.session) return this.state();
    const secret = await this.checkPassphrase(passphrase);
    await this.open(secret);
    return this.changed();
  }

  lock(): VaultState {
    if (this.session) {
      this.session.close();
      this.session = undefined;
      this.itemOps = undefined;
      clearTimeout(this.idleTimer);
      this.opts.log.info('vault locked');
    }
    return this.changed();
  }

  /** Rewraps the vault secret under a new passphrase; one atomic header write, no data re-encrypted. */
  async changePassphrase(current: string, next: string): Promise<VaultState> {
    if ([...next].length < MIN_PASSPHRASE) {
      throw new VaultError('WEAK_PASSPHRASE', `Use a passphrase of at least ${MIN_PASSPHRASE} characters`);
    }
    const header = this.header();
    const secret = await this.checkPassphrase(current);
    try {
      const slot = await passphraseSlot(
        'passphrase-1',
        header.recipient,
        secret,
        utf8(next),
        this.policy,
        this.derive,
      );
      writeHeader(this.headerFile, {
        ...header,
        slots: [slot, ...header.slots.filter((s) => s.type !== 'passphrase')],
      });
    } finally {
      secret.fill(0);
    }
    this.opts.log.info('vault passphrase changed');
    return this.changed();
  }

  /**
   * Seals a record of another service (a chat message, a memory) with the vault's record key, bound
   * to its kind and id so rows cannot be swapped; readable again only while the vault is unlocked.
   */
  sealRecord(kind: string, id: string, data: Uint8Array): Buffer {
    if (!this.session) throw new VaultError('LOCKED', 'The vault is locked');
    return seal(this.session.recordKey, data, recordAd(kind, id));
  }

  openRecord(kind: string, id: string, sealed: Uint8Array): Buffer {
    if (!this.session) throw new VaultError('LOCKED', 'The vault is locked');
    const plain = open(this.session.recordKey, sealed, recordAd(kind, id));
    if (!plain) throw new VaultError('CORRUPT', 'A sealed record failed authentication');
    return plain;
  }

  /** Adds the "remember on this device" slot: the OS keychain then unlocks without the passphrase. */
  enableDeviceUnlock(): VaultState {
    const { keyring, backend } = this.usableKeyring();
    if (!this.session) throw new VaultError('LOCKED', 'Unlock the vault first');
    const header = this.header();
    const secret = this.session.copySecret();
    try {
      const slot = deviceSlot(header.recipient, secret, keyring, backend);
      writeHeader(this.headerFile, {
        ...header,
        slots: [...header.slots.filter((s) => s.type !== 'device'), slot],
      });
    } finally {
      secret.fill(0);
    }
    this.opts.log.info('vault: device unlock enabled', { backend });
    return this.changed();
  }

  disableDeviceUnlock(): VaultState {
    const header = this.header();
    writeHeader(this.headerFile, { ...header, slots: header.slots.filter((s) => s.type !== 'device') });
    this.opts.log.info('vault: device unlock disabled');
    return this.changed();
  }

  async unlockWithDevice(): Promise<VaultState> {
    if (this.session) return this.state();
    const { keyring } = this.usableKeyring();
    await this.open(openWithDevice(this.header(), keyring));
    return this.changed();
  }

  /** The age identity, after the passphrase is entered again. */
  async exportIdentity(passphrase: string): Promise<string> {
    const secret = await this.checkPassphrase(passphrase);
    try {
      return X25519Identity.fromSecretKey(secret).exportSecret();
    } finally {
      secret.fill(0);
    }
  }

  setAutoLock(minutes: number): void {
    this.autoLockMinutes = minutes;
    this.touch();
  }

  close(): void {
    this.lock();
  }

  private usableKeyring(): { keyring: DeviceKeyring; backend: string } {
    const status = this.opts.keyring?.status() ?? {
      ok: false as const,
      reason: 'Only the desktop app can use the system keychain.',
    };
    if (!status.ok || !this.opts.keyring)
      throw new VaultError('DEVICE_KEY_UNAVAILABLE', status.ok ? 'No keychain' : status.reason);
    return { keyring: this.opts.keyring, backend: status.backend };
  }

  private deviceState(exists: boolean): Pick<VaultState, 'deviceUnlock' | 'deviceUnlockNote'> {
    const status = this.opts.keyring?.status() ?? {
      ok: false as const,
      reason: 'Only the desktop app can use the system keychain.',
    };
    if (!status.ok) return { deviceUnlock: 'unavailable', deviceUnlockNote: status.reason };
    let enabled = false;
    try {
      enabled = exists && this.header().slots.some((s) => s.type === 'device');
    } catch {
      enabled = false;
    }
    return { deviceUnlock: enabled ? 'enabled' : 'available', deviceUnlockNote: null };
  }

  private async checkPassphrase(passphrase: string): Promise<Uint8Array> {
    const wait = this.nextAttemptAt - this.now();
    if (wait > 0) {
      throw new VaultError('TRY_LATER', `Too many wrong attempts: try again in ${Math.ceil(wait / 1000)} s`);
    }
    const header = this.header();
    try {
      const secret = await openWithPassphrase(header, utf8(passphrase), this.policy, this.derive);
      this.failures = 0;
      this.nextAttemptAt = 0;
      return secret;
    } catch (err) {
      if (err instanceof VaultError && err.code === 'WRONG_PASSPHRASE') {
        this.failures += 1;
        // A typo costs nothing extra; a guessing run waits 1 s, 2 s, 4 s … up to 5 min between tries.
        this.nextAttemptAt =
          this.failures < 2 ? 0 : this.now() + Math.min(1000 * 2 ** (this.failures - 2), 5 * 60_000);
        this.opts.log.warn('vault: wrong passphrase', { failures: this.failures });
        this.opts.events?.state?.(this.state());
      }
      throw err;
    }
  }

  private async open(secret: Uint8Array): Promise<void> {
    const session = new UnlockedSession(secret);
    const header = this.header();
    if (session.recipient() !== header.recipient) {
      session.close();
      throw new VaultError('HEADER_INVALID', 'The vault header names a different recipient than its key');
    }
    // A key file from before the checksum gets one, so later damage to it is told from a wrong passphrase.
    if (header.check === undefined) writeHeader(this.headerFile, header);
    const items = new VaultItems(
      session,
      this.opts.repo,
      this.blobs,
      this.opts.runDir,
      this.opts.log,
      this.opts.events ?? {},
    );
    items.loadAll();
    items.sweepMaterialized();
    this.session = session;
    this.itemOps = items;
    this.touch();
    this.opts.log.info('vault unlocked', { items: session.metas.size });
    items.startIndexing();
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (!this.session || this.autoLockMinutes <= 0) return;
    this.idleTimer = setTimeout(() => {
      this.opts.log.info('vault: locking after inactivity');
      this.lock();
    }, this.autoLockMinutes * 60_000);
    this.idleTimer.unref();
  }

  private changed(): VaultState {
    const state = this.state();
    this.opts.events?.state?.(state);
    return state;
  }

  /** The keyslots; a missing file with items still in the database is named for what it is. */
  private header(): KeyslotHeader {
    try {
      return readHeader(this.headerFile);
    } catch (err) {
      if (err instanceof VaultError && err.code === 'NOT_INITIALISED' && this.opts.repo.count() > 0)
        throw new VaultError('HEADER_INVALID', KEY_FILE_MISSING);
      throw err;
    }
  }

  private headerProblem(exists: boolean): string | null {
    if (!exists) return null;
    try {
      this.header();
      return null;
    } catch (err) {
      return err instanceof VaultError ? err.message : null;
    }
  }

  private safeRecipient(): string | null {
    try {
      return this.header().recipient;
    } catch {
      return null;
    }
  }
}

function recordAd(kind: string, id: string): string {
  return JSON.stringify(['sahel-vault/record/1', kind, id]);
}

function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.normalize('NFC'), 'utf8'));
}
