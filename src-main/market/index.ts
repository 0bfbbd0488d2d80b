// The market layer's public API: what core.ts wires and the API's handlers call (the read side: search
// and an asset's page, with the metadata resolver they read through).
export { Market } from './market.js';
export { MetadataResolver } from './metadata/resolver.js';
