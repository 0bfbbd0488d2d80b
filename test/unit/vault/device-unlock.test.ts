import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { describe, expect, it } from 'vitest';
import { safeStorageKeyring } from '../../../src-main/shells/electron/keyring.js';
import type { DeviceKeyring } from '../../../src-main/vault/device-keyring.js';
import { keyslotChecksum } from '../../../src-main/vault/keyslots.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

// Electron's safeStorage cannot run here; this stand-in encrypts with a key it keeps in memory, the
// way the OS keychain keeps one outside the data dir.
function fakeSafeStorage(backend: string, available = true) {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => {
      const c = createCipheriv('aes-256-ctr', key, iv);
      return Buffer.concat([c.update(s, 'utf8'), c.final()]);
    },
    decryptString: (b: Buffer) => {
      const d = createDecipheriv('aes-256-ctr', key, iv);
      return Buffer.concat([d.update(b), d.final()]).toString('utf8');
    },
  } as unknown as SafeStorage;
}

describe('remember on this device', () => {
  it('unlocks through the keychain once enabled, survives a passphrase change, and can be turned off', async () => {
    const dir = tempDir();
    const keyring = safeStorageKeyring(fakeSafeStorage('gnome_libsecret'), 'linux');
    const t = openTestVault(dir, undefined, keyring);
    await t.vault.create('device passphrase');
    expect(t.vault.state()).toMatchObject({ deviceUnlock: 'available', deviceUnlockNote: null });
    await t.vault.items.addNote('n', 'kept', [], null);
    expect(t.vault.enableDeviceUnlock().deviceUnlock).toBe('enabled');
    // The keyslot file holds only keychain-encrypted material, no usable key.
    const header = JSON.parse(readFileSync(join(dir, 'vault', 'keyslots.json'), 'utf8'));
    expect(header.slots.map((s: { type: string }) => s.type)).toEqual(['passphrase', 'device']);
    await t.vault.changePassphrase('device passphrase', 'another passphrase');
    t.vault.lock();
    expect((await t.vault.unlockWithDevice()).state).toBe('unlocked');
    expect(t.vault.items.list(null).map((i) => i.name)).toEqual(['n']);
    t.vault.disableDeviceUnlock();
    t.vault.lock();
    await expect(t.vault.unlockWithDevice()).rejects.toMatchObject({ code: 'DEVICE_KEY_UNAVAILABLE' });
    t.close();
  });

  it('refuses the basic_text backend, an unavailable keychain, and the headless server', async () => {
    const cases: [DeviceKeyring | undefined, RegExp][] = [
      [safeStorageKeyring(fakeSafeStorage('basic_text'), 'linux'), /hard-coded password/],
      [safeStorageKeyring(fakeSafeStorage('unknown'), 'linux'), /hard-coded password/],
      [safeStorageKeyring(fakeSafeStorage('', false), 'darwin'), /not available/],
      [undefined, /desktop app/],
    ];
    for (const [keyring, reason] of cases) {
      const t = openTestVault(tempDir(), undefined, keyring);
      await t.vault.create('device passphrase');
      expect(t.vault.state().deviceUnlock).toBe('unavailable');
      expect(t.vault.state().deviceUnlockNote).toMatch(reason);
      expect(() => t.vault.enableDeviceUnlock()).toThrow(reason);
      t.close();
    }
  });

  it('fails closed when the device slot is edited or the keychain gives another key', async () => {
    const dir = tempDir();
    const keyring = safeStorageKeyring(fakeSafeStorage('kwallet5'), 'linux');
    const t = openTestVault(dir, undefined, keyring);
    await t.vault.create('device passphrase');
    t.vault.enableDeviceUnlock();
    t.close();
    const file = join(dir, 'vault', 'keyslots.json');
    const original = readFileSync(file, 'utf8');
    const header = JSON.parse(original);
    header.slots[1].backend = 'gnome_libsecret';
    // An edit made on purpose comes with a matching checksum; the slot's binding still refuses it.
    header.check = keyslotChecksum(header);
    writeFileSync(file, JSON.stringify(header));
    const edited = openTestVault(dir, undefined, keyring);
    await expect(edited.vault.unlockWithDevice()).rejects.toMatchObject({ code: 'DEVICE_KEY_UNAVAILABLE' });
    edited.close();
    writeFileSync(file, original);
    // The same data dir under another keychain (another machine or user): the key does not come back.
    const other = openTestVault(dir, undefined, safeStorageKeyring(fakeSafeStorage('kwallet5'), 'linux'));
    await expect(other.vault.unlockWithDevice()).rejects.toMatchObject({ code: 'DEVICE_KEY_UNAVAILABLE' });
    other.close();
    const same = openTestVault(dir, undefined, keyring);
    expect((await same.vault.unlockWithDevice()).state).toBe('unlocked');
    same.close();
  });
});
