import type { SafeStorage } from 'electron';
import type { DeviceKeyring } from '../../vault/index.js';

/**
 * The vault's device keyring on Electron's safeStorage: macOS Keychain, Windows DPAPI, Linux
 * libsecret or KWallet. Linux's `basic_text` fallback (a hard-coded password) is refused, as is any
 * backend Electron cannot name.
 */
export function safeStorageKeyring(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): DeviceKeyring {
  return {
    status() {
      if (!safeStorage.isEncryptionAvailable())
        return { ok: false, reason: 'The system keychain is not available' };
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'basic_text' || backend === 'unknown') {
          return {
            ok: false,
            reason:
              'No system keychain (libsecret or KWallet) was found, so the key would be kept with a hard-coded password',
          };
        }
        return { ok: true, backend };
      }
      return { ok: true, backend: platform === 'darwin' ? 'keychain' : 'dpapi' };
    },
    encrypt: (data) => safeStorage.encryptString(Buffer.from(data).toString('base64')),
    decrypt: (data) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(data)), 'base64')),
  };
}
