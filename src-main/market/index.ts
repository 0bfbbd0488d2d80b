// The market layer's public API: what core.ts wires and the api handlers call.

// Buying, delivering and receiving licences: the buyer's plan and confirmation, the seller's and the
// buyer's background passes over the event cache, and the port the asset metadata is read through.
export { Buyer } from './buy/buyer.js';
export { LicenceKeys } from './buy/licence-keys.js';
export { waitMined } from './buy/licence-view.js';
export { Deliverer } from './deliver/deliverer.js';
// The embedded devnet's demo market: its assets, seeded with real content, and the seller that delivers them.
export { demoMarket } from './demo/demo-seller.js';
// Earnings (owed from the chain, credited per asset and role from the cache) and withdrawing them.
export { Earnings } from './earnings/earnings.js';
// Hosting published ciphertext on this machine's own listener.
export { PeerHosting } from './hosting/peer-hosting.js';
// The read side: search and an asset's page, with the metadata resolver they read through.
export { Market } from './market.js';
export { MetadataResolver } from './metadata/resolver.js';
export { type MarketServices, openMarket } from './open-market.js';
// Publishing a vault item: the plan, its confirmation, and the sealed identity of each published version;
// an agent package read from a vault item (publishing checks it, the agent installs it).
export { readAgentPackage } from './publish/agent-check.js';
export { AssetKeys } from './publish/asset-keys.js';
export { Publisher } from './publish/publisher.js';
export type { AssetMetadataSource } from './receive/metadata-source.js';
export { resolvedMetadata } from './receive/metadata-source.js';
export { Receiver } from './receive/receiver.js';
export { TradeLoop } from './trade-loop.js';
// Using what was bought: each bought vault item's licence, whether it has ended, and the marking of
// bought adapters and models as model parts (checked again at unlock).
export { BoughtLicences } from './use/bought-licences.js';
export { BoughtParts } from './use/bought-parts.js';
