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

/** A century past now: no chain's clock is that far ahead; a block dated later is lying or broken. */
const FUTURE_MS = 100 * 365 * 86_400_000;

/**
 * A block's time in ms, or null where the RPC's answer is not a time a chart can place: a timestamp
 * is outside input, and one past what Date holds (or negative, or absurdly far ahead) would make
 * toISOString throw and fail the whole earnings call — such a point is left out of the chart instead.
 */
export function blockTimeMs(timestamp: bigint, now: number): number | null {
  const ms = Number(timestamp) * 1000;
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > now + FUTURE_MS) return null;
  return ms;
}

/** The chart's points: the steps whose block has a time; those without one are skipped (blockTimeMs). */
export function historyPoints(
  steps: readonly { block: number; total: bigint }[],
  times: ReadonlyMap<number, number>,
): HistoryPoint[] {
  return steps.flatMap((s) => {
    const at = times.get(s.block);
    return at === undefined ? [] : [{ at: new Date(at).toISOString(), credited: s.total.toString() }];
  });
}

/**
 * Block times, read once per block and kept for the owner's life (bounded): a block's time does not
 * change once it is buried, and the cache's own reorg handling drops the events of a block replaced.
 */
export class BlockTimes {
  private readonly times = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The times of `blocks` in ms; a block whose timestamp is not a plausible time is absent. */
  async of(
    client: Pick<PublicClient, 'getBlock'>,
    chainId: number,
    blocks: readonly number[],
  ): Promise<Map<number, number>> {
    const missing = [...new Set(blocks)].filter((b) => !this.times.has(`${chainId}:${b}`));
    // A few at a time: one round trip each, and a public RPC limits bursts.
    for (let i = 0; i < missing.length; i += 8) {
      await Promise.all(
        missing.slice(i, i + 8).map(async (b) => {
          const block = await rpcCall(() => client.getBlock({ blockNumber: BigInt(b) }));
          const ms = blockTimeMs(block.timestamp, this.now());
          // An implausible time is not kept: asked again next time, in case the RPC is mended.
          if (ms !== null) this.times.set(`${chainId}:${b}`, ms);
        }),
      );
    }
    if (this.times.size > 50_000) this.times.clear();
    return new Map(
      blocks.flatMap((b) => {
        const ms = this.times.get(`${chainId}:${b}`);
        return ms === undefined ? [] : [[b, ms] as const];
      }),
    );
  }
}
