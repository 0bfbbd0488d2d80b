// The vault layer's public API. The crypto worker (worker/) is not here: it is its own bundle, started
// by path, and reaches the modules it needs inside vault/ directly.

// age recipients and identities, for the CLI's key commands.
export { identityToRecipient, parseRecipient } from './age/index.js';
export { vaultApiError, vaultCall } from './api-errors.js';
export type { DeviceKeyring } from './device-keyring.js';

// Its typed errors, and how the API and the HTTP routes turn them into API errors.
export { VaultError } from './errors.js';
// Which items are text (what retrieval reads).
export { isTextual } from './item-meta.js';
export type { KdfPolicy } from './kdf.js';
export { readKeyFileView } from './key-file.js';
// Files sealed with the vault's keys (another layer's state that must not be readable at rest).
export { readSealedFile, writeSealedFile } from './sealed-file.js';
// The vault: keyslots, unlock and lock, items, blobs, imports and exports.
export { Vault } from './vault.js';
