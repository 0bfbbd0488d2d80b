// The earnings chart's block times come from the RPC, which is outside input: a timestamp past what
// Date holds, negative, or a century ahead must not fail the earnings call (toISOString throws on an
// invalid Date); its point is left out. The RPC is stubbed where BlockTimes reads it (getBlock).
import { describe, expect, it } from 'vitest';
import { BlockTimes, creditSteps, historyPoints } from '../../../src-main/market/earnings/history.js';

const NOW = Date.UTC(2026, 11, 7);
const YEAR_S = 365n * 86_400n;

/** A getBlock whose timestamps are the given ones, counting what it is asked. */
function rpc(timestamps: Record<number, bigint>) {
  const asked: number[] = [];
  const client = {
    getBlock: async ({ blockNumber }: { blockNumber?: bigint }) => {
      asked.push(Number(blockNumber));
      return { timestamp: timestamps[Number(blockNumber)] as bigint };
    },
  } as unknown as Parameters<BlockTimes['of']>[0];
  return { client, asked };
}

describe('the earnings chart’s block times', () => {
  it('skips blocks whose RPC timestamp is beyond Date, negative or absurdly far ahead; keeps the rest', async () => {
    const good = BigInt(NOW / 1000) - 3600n;
    const { client, asked } = rpc({
      1: good,
      2: 2n ** 62n, // ms beyond what Date can hold: toISOString would throw
      3: -5n,
      4: BigInt(NOW / 1000) + 200n * YEAR_S,
      5: good + 60n,
    });
    const times = new BlockTimes(() => NOW);
    const steps = creditSteps(
      [1, 2, 3, 4, 5].map((block) => ({ block, amount: 10n })),
      200,
    );
    const at = await times.of(client, 31337, [1, 2, 3, 4, 5]);
    // Only plausible times come back: each of them formats (toISOString throws on the others).
    expect([...at.keys()].sort()).toEqual([1, 5]);
    for (const ms of at.values()) expect(() => new Date(ms).toISOString()).not.toThrow();
    const points = historyPoints(steps, at);
    expect(points).toEqual([
      { at: new Date(Number(good) * 1000).toISOString(), credited: '10' },
      { at: new Date(Number(good + 60n) * 1000).toISOString(), credited: '50' },
    ]);
    // The running total still counts the skipped blocks' credits; only their points go.
    expect(asked.sort()).toEqual([1, 2, 3, 4, 5]);
    // Good times are kept; an implausible one is asked again (the RPC may be mended).
    await times.of(client, 31337, [1, 2]);
    expect(asked.slice(5)).toEqual([2]);
  });
});
