import { describe, expect, it } from 'vitest';
import { expectedSplit, explainSplit } from '../../../src-main/market/split.js';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

describe('the purchase split', () => {
  it('follows the contract: fee, parent royalties by the parent’s contributors, contributors, dust to the seller', () => {
    const split = expectedSplit({
      price: 1_000_003n,
      feeBps: 250,
      feeRecipient: A(9),
      seller: A(1),
      contributors: [
        { account: A(1), bps: 7_000 },
        { account: A(2), bps: 3_000 },
      ],
      parents: [{ assetId: '4', bps: 1_000, contributors: [{ account: A(5), bps: 10_000 }] }],
    });
    // fee 25,000; net 975,003; royalty 97,500; rest 877,503 → 614,252 and 263,250; dust 1.
    expect(split.map((r) => [r.account, r.amount, r.role])).toEqual([
      [A(9), 25_000n, 'fee'],
      [A(5), 97_500n, 'parent'],
      [A(1), 614_252n, 'contributor'],
      [A(2), 263_250n, 'contributor'],
      [A(1), 1n, 'seller'],
    ]);
    expect(split.reduce((s, r) => s + r.amount, 0n)).toBe(1_000_003n);
    expect(split[1]!.why).toBe(
      "royalty of parent asset #4 (10% of the price after the fee), 100% of it as that asset's contributor",
    );
  });

  it('explains the contract’s lines, and marks a line it cannot explain instead of guessing', () => {
    const expected = expectedSplit({
      price: 100n,
      feeBps: 0,
      feeRecipient: A(9),
      seller: A(1),
      contributors: [{ account: A(1), bps: 10_000 }],
      parents: [],
    });
    expect(explainSplit([A(1)], [100n], expected)).toEqual([
      {
        account: A(1),
        amount: '100',
        role: 'contributor',
        why: 'contributor with 100% of what is left after the fee and royalties',
      },
    ]);
    const odd = explainSplit([A(9), A(1)], [5n, 95n], expected);
    expect(odd.map((r) => r.role)).toEqual(['unexplained', 'unexplained']);
  });
});
