import type { PublicClient } from 'viem';
import { rpcCall } from '../../chain/index.js';

/** A point of an earnings chart: the running total credited after a block, at that block's time. */
export interface HistoryPoint {
  at: string;
  credited: string;
}

/** The distinct blocks of `credits`, in order, with the running total after each; the last `limit` only. */
export function creditSteps(
  credits: readonly { block: number; amount: bigint }[],
  limit: number,
): { block: number; total: bigint }[] {
  const steps: { block: number; total: bigint }[] = [];
  let total = 0n;
  for (const c of credits) {
    total += c.amount;
    const last = steps.at(-1);
    if (last?.block === c.block) last.total = total;
    else steps.push({ block: c.block, total });
  }
  // The running total carries what came before, so older steps can be dropped without changing it.
  return steps.slice(-limit);
}

/**
 * Block times, read once per block and kept for the owner's life (bounded): a block's time does not
 * change once it is buried, and the cache's own reorg handling drops the events of a block replaced.
 */
export class BlockTimes {
  private readonly times = new Map<string, number>();

  async of(client: PublicClient, chainId: number, blocks: readonly number[]): Promise<Map<number, number>> {
    const missing = [...new Set(blocks)].filter((b) => !this.times.has(`${chainId}:${b}`));
    // A few at a time: one round trip each, and a public RPC limits bursts.
    for (let i = 0; i < missing.length; i += 8) {
      await Promise.all(
        missing.slice(i, i + 8).map(async (b) => {
          const block = await rpcCall(() => client.getBlock({ blockNumber: BigInt(b) }));
          this.times.set(`${chainId}:${b}`, Number(block.timestamp) * 1000);
        }),
      );
    }
    if (this.times.size > 50_000) this.times.clear();
    return new Map(blocks.map((b) => [b, this.times.get(`${chainId}:${b}`) ?? 0]));
  }
}
