import { describe, expect, it } from 'vitest';
import { creditSteps } from '../../../src-main/market/earnings/history.js';

describe('an earnings history from the cached payouts', () => {
  it('has one step per block with the running total, and keeps only the latest steps, totals intact', () => {
    const credits = [
      { block: 3, amount: 5n },
      { block: 3, amount: 2n },
      { block: 7, amount: 10n },
      { block: 9, amount: 1n },
    ];
    expect(creditSteps(credits, 200)).toEqual([
      { block: 3, total: 7n },
      { block: 7, total: 17n },
      { block: 9, total: 18n },
    ]);
    expect(creditSteps(credits, 2)).toEqual([
      { block: 7, total: 17n },
      { block: 9, total: 18n },
    ]);
    expect(creditSteps([], 200)).toEqual([]);
  });
});
