// The store layer's public API: the database and one repository per kind of row. Migrations and the
// migration runner are internal: openDatabase applies them.

// The agent's gate: its audit log (append-only, sealed bodies), policy row and spend ledger.
export type { AuditRow } from './agent-audit-repo.js';
export { AgentAuditRepo, GENESIS } from './agent-audit-repo.js';
export { AgentPolicyRepo } from './agent-policy-repo.js';
export type { SpendRow } from './agent-spend-repo.js';
export { AgentSpendRepo } from './agent-spend-repo.js';
export { BalancesRepo } from './balances-repo.js';
export type { CacheCursor, CachedEvent } from './chain-cache-repo.js';
export { ChainCacheRepo } from './chain-cache-repo.js';
export type { ChatChange, ChatChangeState, SealedMessageRow } from './chat-repo.js';
export { ChatRepo } from './chat-repo.js';
// The database file (SQLite, WAL), migrated at open.
export type { Db } from './database.js';
export { openDatabase } from './database.js';
// The market's sales: licences bought (with their sealed keys) and deliveries made.
export type { DeliveryRow, LicenseRow } from './market-trades-repo.js';
export { MarketTradesRepo } from './market-trades-repo.js';
// Full-text search over memories (an in-memory FTS5 table and its query helpers).
export { allWordsQuery, anyWordQuery, MemoryFts, snippetSql, withoutMarks } from './memory-fts.js';
export { ModelRolesRepo } from './model-roles-repo.js';
export type { ModelRow } from './models-repo.js';
export { ModelsRepo } from './models-repo.js';
// The chain's rows: networks, sends, cached balances and market events.
export type { NetworkRow } from './networks-repo.js';
export { NetworksRepo } from './networks-repo.js';
export type { PublishedRow } from './published-assets-repo.js';
// Published assets: their sealed identities, metadata and publish state.
export { PublishedAssetsRepo } from './published-assets-repo.js';
// Settings, models and their roles.
export { SettingsRepo } from './settings-repo.js';
// Delegated tasks: their rows, runs and the idempotency keys of what they send.
export type { RunEnd, TaskRow, TaskRunRow } from './tasks-repo.js';
export { TasksRepo } from './tasks-repo.js';
export type { TxRow } from './tx-repo.js';
export { TxRepo } from './tx-repo.js';
// Sealed rows of the vault, the wallet and chat (the vault's keys seal them; the store only holds them).
export { VaultItemsRepo } from './vault-items-repo.js';
export type { WalletAccountRow, WalletSecretRow } from './wallet-repo.js';
export { WalletRepo } from './wallet-repo.js';
