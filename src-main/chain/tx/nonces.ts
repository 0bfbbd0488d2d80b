import type { Address, PublicClient } from 'viem';
import type { TxRepo } from '../../store/index.js';

/**
 * Hands out nonces one account at a time. The next nonce is the larger of (the highest nonce still
 * pending in our own store + 1) and (the chain's pending transaction count): the store covers what
 * the node forgot (a restart, an outage, a dropped mempool), the chain covers what was sent from
 * elsewhere. The lock is held until the signed transaction is persisted, so two sends never share one.
 */
export class NonceAllocator {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly repo: TxRepo) {}

  async withNonce<T>(
    client: PublicClient,
    chainId: number,
    from: Address,
    use: (nonce: number) => Promise<T>,
  ): Promise<T> {
    const key = `${chainId}:${from}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous
      .catch(() => {})
      .then(async () => {
        const onChain = await client.getTransactionCount({ address: from, blockTag: 'pending' });
        if (!Number.isSafeInteger(onChain) || onChain < 0) throw new Error('implausible transaction count');
        const stored = this.repo.maxPendingNonce(chainId, from);
        const nonce = Math.max(onChain, stored === undefined ? 0 : stored + 1);
        return use(nonce);
      });
    this.tails.set(key, run);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === run) this.tails.delete(key);
    }
  }
}
