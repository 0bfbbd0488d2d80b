import { describe, expect, it } from 'vitest';
import { Grant } from '../../../../src-main/agent/policy/grants.js';
import type { ValueMove } from '../../../../src-shared/domain/agent.js';
import type { TxOutflow, TxReview } from '../../../../src-shared/domain/tx.js';

const MARKET = '0x1111111111111111111111111111111111111111';
const TOKEN = '0x2222222222222222222222222222222222222222';
const OTHER = '0x3333333333333333333333333333333333333333';

const move = (amount: bigint, approval = false, to = MARKET): ValueMove => ({
  token: TOKEN.toUpperCase().replace('0X', '0x'),
  symbol: 'SAHT',
  decimals: 18,
  amount: amount.toString(),
  to,
  approval,
});
const out = (amount: bigint, approval = false, to = MARKET, token: string | null = TOKEN): TxOutflow => ({
  token,
  symbol: 'SAHT',
  decimals: 18,
  amount: amount.toString(),
  to,
  approval,
});
const review = (to: string, ...outflows: TxOutflow[]): TxReview => ({
  reviewId: 'r',
  network: 'n',
  chainId: 1,
  from: OTHER,
  effects: { outflows, to, call: 'x', gasLimit: '1', maxFeePerGas: '1', maxFee: '1' },
  expiresAt: '',
});

describe('a grant (what one allowed action may sign)', () => {
  it('passes the approval and the payment it was given, once, and returns only the spend', () => {
    const g = new Grant([move(5n, true), move(5n)], [review(TOKEN), review(MARKET)]);
    expect(g.take(review(TOKEN, out(5n, true)))).toEqual([]);
    expect(g.take(review(MARKET, out(3n)))).toEqual([{ token: TOKEN.toLowerCase(), amount: 3n }]);
    expect(g.take(review(MARKET, out(2n)))).toEqual([{ token: TOKEN.toLowerCase(), amount: 2n }]);
    expect(() => g.take(review(MARKET, out(1n)))).toThrow(/refused/);
  });

  it('admits a later call it was named (a buy simulated only after its approval), still within its moves', () => {
    const g = new Grant(
      [move(5n, true), move(5n)],
      [review(TOKEN)],
      [{ to: MARKET.toUpperCase().replace('0X', '0x') }],
    );
    expect(g.take(review(TOKEN, out(5n, true)))).toEqual([]);
    expect(() => g.take(review(MARKET, out(6n)))).toThrow(/not allowed/);
    expect(g.take(review(MARKET, out(5n)))).toEqual([{ token: TOKEN.toLowerCase(), amount: 5n }]);
    // Without the name, the buy's contract is one the action did not call.
    const before = new Grant([move(5n, true), move(5n)], [review(TOKEN)]);
    expect(() => before.take(review(MARKET, out(5n)))).toThrow(/did not/);
  });

  it('refuses another recipient, another token, an approval as a payment, another contract and more than granted', () => {
    const g = new Grant([move(5n)], [review(MARKET)]);
    expect(() => g.take(review(MARKET, out(1n, false, OTHER)))).toThrow(/not allowed/);
    expect(() => g.take(review(MARKET, out(1n, false, MARKET, null)))).toThrow(/not allowed/);
    expect(() => g.take(review(MARKET, out(1n, true)))).toThrow(/not allowed/);
    expect(() => g.take(review(OTHER, out(1n)))).toThrow(/did not/);
    expect(() => g.take(review(MARKET, out(6n)))).toThrow(/not allowed/);
    // A refused review consumed nothing: all 5 are still there, but not one more.
    expect(() => g.take(review(MARKET, out(4n), out(2n)))).toThrow(/not allowed/);
    expect(g.take(review(MARKET, out(4n), out(1n)))).toHaveLength(2);
  });
});
