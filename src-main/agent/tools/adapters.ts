// The tools' ports built from the real services, for core.ts (and the integration tests) to hand in.
// The market's Market, Buyer and Publisher fit their ports as they are.
import { ChatId } from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import {
  type ActiveNetworkSource,
  type BalanceSources,
  cachedBalances,
  type TxPipeline,
  transferIntent,
  type WalletSigners,
} from '../../chain/index.js';
import type { MemoryStore } from '../../llm/index.js';
import { waitMined } from '../../market/index.js';
import { type Vault, vaultCall } from '../../vault/index.js';
import type { MemoryPort, VaultPort, WalletPort } from './ports.js';

/** The vault's search and the start of an item, with its failures (locked, no such item) as typed errors. */
export function vaultPort(vault: Pick<Vault, 'items'>): VaultPort {
  return {
    search: (query, limit) => vaultCall(() => vault.items.search(query, limit)),
    read: (itemId, maxBytes) =>
      vaultCall(async () => ({
        item: vault.items.get(itemId),
        preview: await vault.items.preview(itemId, maxBytes),
      })),
  };
}

export interface WalletPortDeps {
  pipeline: Pick<TxPipeline, 'prepare' | 'confirm' | 'waitFor'>;
  network: ActiveNetworkSource;
  signers: Pick<WalletSigners, 'addresses'>;
  balances: Omit<BalanceSources, 'network'>;
}

/** Balances through the cache, and transfers from the wallet's first account through the pipeline. */
export function walletPort(d: WalletPortDeps): WalletPort {
  return {
    balances: async () => {
      const r = await cachedBalances({ ...d.balances, network: d.network }, d.signers.addresses(), []);
      return { accounts: r.accounts, stale: r.asOf.stale };
    },
    prepareTransfer: async (args) => {
      const from = d.signers.addresses()[0];
      if (!from) throw new SahelError('CONFLICT', 'The wallet has no account to send from.');
      const intent = await transferIntent(await d.network(), {
        from,
        to: args.to,
        amount: args.amount,
        token: args.token,
      });
      return d.pipeline.prepare(intent);
    },
    // Mined, not only broadcast: a transfer that reverts (the balance spent meanwhile) is a failed
    // action, and the audit log and the model are told so, not that it was sent.
    confirm: async (reviewId, origin) => {
      const hash = await d.pipeline.confirm(reviewId, origin);
      await waitMined(d.pipeline, hash, 'transfer', 'nothing was sent');
      return hash;
    },
  };
}

/** Memories the agent keeps are marked as its own (not the user's words), with their conversation. */
export function memoryPort(store: Pick<MemoryStore, 'list' | 'add'>): MemoryPort {
  return {
    list: () => store.list(),
    // A task's call has no chat to point back to (its id is not a conversation's).
    add: (text, conversationId) =>
      store.add(text, 'agent', ChatId.safeParse(conversationId).success ? conversationId : null),
  };
}
