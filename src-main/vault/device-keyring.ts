/**
 * The OS keychain, as the vault's "remember on this device" slot uses it. The Electron shell supplies
 * one backed by safeStorage; the headless server has none. A keyring that would protect the key only
 * with a hard-coded password (Electron's `basic_text` backend on Linux) reports itself unavailable.
 */
export interface DeviceKeyring {
  status(): { ok: true; backend: string } | { ok: false; reason: string };
  encrypt(data: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array): Uint8Array;
}
