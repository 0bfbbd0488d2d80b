// The market layer's public API: what core.ts wires and the api handlers call.

// Hosting published ciphertext on this machine's own listener.
export { PeerHosting } from './hosting/peer-hosting.js';
// Publishing a vault item: the plan, its confirmation, and the sealed identity of each published version.
export { AssetKeys } from './publish/asset-keys.js';
export { Publisher } from './publish/publisher.js';
