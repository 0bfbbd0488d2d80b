import type { Migration } from '../migration.js';
import { m0001Settings } from './0001-settings.js';
import { m0002VaultItems } from './0002-vault-items.js';
import { m0003Wallet } from './0003-wallet.js';
import { m0004Networks } from './0004-networks.js';
import { m0005ChainTxs } from './0005-chain-txs.js';
import { m0006Models } from './0006-models.js';
import { m0007Chat } from './0007-chat.js';
import { m0008Balances } from './0008-balances.js';
import { m0009ChatChanges } from './0009-chat-changes.js';
import { m0010PublishedAssets } from './0010-published-assets.js';
import { m0011MarketLicenses } from './0011-market-licenses.js';
import { m0012JoinedDevnet } from './0012-joined-devnet.js';
import { m0013Agent } from './0013-agent.js';
import { m0014Tasks } from './0014-tasks.js';
import { m0015TaskRunWaits } from './0015-task-run-waits.js';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  m0001Settings,
  m0002VaultItems,
  m0003Wallet,
  m0004Networks,
  m0005ChainTxs,
  m0006Models,
  m0007Chat,
  m0008Balances,
  m0009ChatChanges,
  m0010PublishedAssets,
  m0011MarketLicenses,
  m0012JoinedDevnet,
  m0013Agent,
  m0014Tasks,
  m0015TaskRunWaits,
];
