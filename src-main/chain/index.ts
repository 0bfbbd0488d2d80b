// The chain layer's public API: what core.ts wires, the API's handlers call and the CLI's devnet
// command runs. Contract bindings, viem clients and the event decoding stay inside.

// The market events cache, following new blocks into SQLite.
export { CacheSync } from './cache/sync.js';
// The embedded devnet (anvil): the process and the files it leaves in its dir.
export { Devnet, devnetFiles } from './devnet/devnet.js';
export { isAlive, readNetworkFile, readPid } from './devnet/files.js';
// Networks: the one in use, and the latest block of one.
export { Networks } from './networks.js';
export { latestBlock } from './networks-rpc.js';
// Balances, read through the cache in SQLite.
export type { BalanceSources } from './reads/balance-cache.js';
export { cachedBalances } from './reads/balance-cache.js';
export { maxSend } from './tx/max-send.js';
// Sends: the transaction pipeline, the ports it needs from above, and the intents it takes.
export { TxPipeline } from './tx/pipeline.js';
export type { ActiveNetworkSource, WalletSigners } from './tx/ports.js';
export { transferIntent } from './tx/transfer.js';
