// The chain layer's public API: what core.ts wires, the API's handlers call and the CLI's devnet
// command runs. Contract bindings, viem clients and the event decoding stay inside.

// The market events cache, following new blocks into SQLite, and folded into listings, licences and
// asset records (the market's read side); the contracts' ABIs for read calls (quoteSplit).
export { CacheSync, cacheScope } from './cache/sync.js';
export type { CachedAsset, CachedListing, CacheView } from './cache/views.js';
export { readCache } from './cache/views.js';
export { abis, assetKindIndex } from './contracts/artifacts.js';
// The embedded devnet (anvil): the process and the files it leaves in its dir; the dev accounts and the
// port its demo market (market/demo) plugs into, with the batch sender the devnet's own roles use.
export { txBatch } from './contracts/batch.js';
export type { DevnetDemo, RunningDevnet } from './devnet/devnet.js';
export { Devnet, devAccount, devnetFiles } from './devnet/devnet.js';
export { isAlive, readNetworkFile, readPid } from './devnet/files.js';
// Networks: the one in use, and the latest block of one.
export { Networks } from './networks.js';
export { latestBlock } from './networks-rpc.js';
// Balances, read through the cache in SQLite.
export type { BalanceSources } from './reads/balance-cache.js';
export { cachedBalances } from './reads/balance-cache.js';
// Balances read fresh (the tasks' balance thresholds).
export { readBalances } from './reads/balances.js';
// A token's symbol and decimals.
export { tokenMeta } from './reads/token-meta.js';
export type { DevChain } from './seed.js';
export { maxSend } from './tx/max-send.js';
// Sends: the transaction pipeline, the ports it needs from above, and the intents it takes; a client
// for reads on the network in use.
export { TxPipeline } from './tx/pipeline.js';
export type {
  ActiveNetwork,
  ActiveNetworkSource,
  GuardRequest,
  NetworkContracts,
  TxGuard,
  TxOrigin,
  WalletSigners,
} from './tx/ports.js';
export { clientFor, rpcCall } from './tx/rpc.js';
export { resolveToken, transferIntent } from './tx/transfer.js';
