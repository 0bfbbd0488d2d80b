import type { txService } from '../../../src-shared/api/services/tx.js';
import {
  type ActiveNetworkSource,
  type BalanceSources,
  cachedBalances,
  maxSend,
  type TxPipeline,
  transferIntent,
  type WalletSigners,
} from '../../chain/index.js';
import type { ServiceHandlers } from '../handlers.js';

export interface TxHandlerDeps {
  pipeline: TxPipeline;
  network: ActiveNetworkSource;
  signers: WalletSigners;
  balances: Omit<BalanceSources, 'network'>;
}

/**
 * The wallet's transactions. `confirmSend` is the user's confirmation of a review they were shown;
 * the pipeline's guard sees it with origin 'user'.
 */
export function txHandlers(d: TxHandlerDeps): ServiceHandlers<typeof txService> {
  return {
    balances: ({ tokens }) =>
      cachedBalances({ ...d.balances, network: d.network }, d.signers.addresses(), tokens as `0x${string}`[]),
    prepareSend: async (input) => d.pipeline.prepare(await transferIntent(await d.network(), input)),
    maxSend: async (input) => {
      const max = await maxSend(await d.network(), input);
      return { ...max, amount: max.amount.toString() };
    },
    confirmSend: async ({ reviewId }) => ({ hash: await d.pipeline.confirm(reviewId, 'user') }),
    history: async ({ limit }) => ({ txs: await d.pipeline.history(limit) }),
    speedUp: async ({ hash }) => ({ hash: await d.pipeline.speedUp(hash, 'user') }),
    cancel: async ({ hash }) => ({ hash: await d.pipeline.cancel(hash, 'user') }),
  };
}
