import { describe, expect, it } from 'vitest';
import { assertWithin, describeMove, movesOf } from '../../../../src-main/agent/tools/moves.js';
import type { ValueMove } from '../../../../src-shared/domain/agent.js';
import type { TxReview } from '../../../../src-shared/domain/tx.js';

const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';
const T = '0x00000000000000000000000000000000000000cc';
const move = (amount: string, to = A, approval = false, token: ValueMove['token'] = T): ValueMove => ({
  token,
  symbol: 'SAH',
  decimals: 18,
  amount,
  to,
  approval,
});

describe('value moves from the simulation', () => {
  it('reads the outflows of the reviews, the native coin as "native"', () => {
    const review = (outflows: TxReview['effects']['outflows']): TxReview => ({
      reviewId: 'r',
      network: 'n',
      chainId: 1,
      from: B,
      expiresAt: new Date().toISOString(),
      effects: { outflows, to: A, call: null, gasLimit: '1', maxFeePerGas: '1', maxFee: '1' },
    });
    const moves = movesOf([
      review([{ token: null, symbol: 'ETH', decimals: 18, amount: '5', to: A, approval: false }]),
      review([{ token: T, symbol: 'SAH', decimals: 18, amount: '7', to: B, approval: true }]),
    ]);
    expect(moves).toEqual([
      { token: 'native', symbol: 'ETH', decimals: 18, amount: '5', to: A, approval: false },
      { token: T, symbol: 'SAH', decimals: 18, amount: '7', to: B, approval: true },
    ]);
  });

  it('a re-prepared action may move as much or less than the proposal, never more or elsewhere', () => {
    const proposed = [move('100'), move('100', B, true)];
    expect(() => assertWithin([move('100'), move('100', B, true)], proposed)).not.toThrow();
    expect(() => assertWithin([move('60')], proposed)).not.toThrow();
    expect(() => assertWithin([move('101')], proposed)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    // Split in two still sums to more.
    expect(() => assertWithin([move('60'), move('60')], proposed)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => assertWithin([move('1', B)], proposed)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => assertWithin([move('1', A, false, 'native')], proposed)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('says an approval as who may take how much', () => {
    expect(describeMove(move('1500000000000000000'))).toBe(`1.5 SAH to ${A}`);
    expect(describeMove(move('2000000000000000000', B, true))).toBe(`allow ${B} to take 2 SAH`);
  });

  it('names the configured marketplace as such, with its address, whatever the case', () => {
    expect(describeMove(move('1000000000000000000', B), B.toUpperCase().replace('0X', '0x'))).toBe(
      `1 SAH to the marketplace (${B})`,
    );
    expect(describeMove(move('1000000000000000000', B, true), B)).toBe(
      `allow the marketplace (${B}) to take 1 SAH`,
    );
    expect(describeMove(move('1000000000000000000', A), B)).toBe(`1 SAH to ${A}`);
    expect(describeMove(move('1000000000000000000', A), null)).toBe(`1 SAH to ${A}`);
  });
});
