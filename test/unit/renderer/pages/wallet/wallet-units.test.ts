import { describe, expect, it } from 'vitest';
import { addressProblem, formatUnits, shortAddress } from '../../../../../src-renderer/pages/wallet/units.js';

describe('wallet amounts in the renderer', () => {
  it('formats base units exactly, with grouping and without trailing zeros', () => {
    expect(formatUnits('1500000000000000000', 18)).toBe('1.5');
    expect(formatUnits('0', 18)).toBe('0');
    expect(formatUnits('1', 18)).toBe('0.000000000000000001');
    expect(formatUnits('1234567000000', 6)).toBe('1,234,567');
    // 2^256 - 1: beyond any float, still exact.
    const max = (2n ** 256n - 1n).toString();
    expect(formatUnits(max, 0).replace(/,/g, '')).toBe(max);
    expect(formatUnits(max, 18).replace(/,/g, '')).toBe(`${max.slice(0, -18)}.${max.slice(-18)}`);
  });

  it('cuts decimals for lists without rounding up, and never shows a tiny amount as zero', () => {
    expect(formatUnits('8749975999999999999', 18, 4)).toBe('8.7499');
    expect(formatUnits('999999999999999999', 18, 4)).toBe('0.9999');
    expect(formatUnits('1000', 18, 4)).toBe('< 0.0001');
    expect(formatUnits('2000000000000000000', 18, 4)).toBe('2');
  });

  it('explains what is wrong with a typed recipient', () => {
    expect(addressProblem('')).toMatch(/Enter/);
    expect(addressProblem('1234')).toMatch(/starts with 0x/);
    expect(addressProblem('0xZZ')).toMatch(/0–9 and letters a–f/);
    expect(addressProblem('0x1234')).toMatch(/this one has 4/);
    expect(addressProblem(`0x${'0'.repeat(40)}`)).toMatch(/zero address/);
    expect(addressProblem('0x39D2501f035d66249aab2dBee4d32B547952139b')).toBeNull();
    expect(shortAddress('0x39D2501f035d66249aab2dBee4d32B547952139b')).toBe('0x39D2…139b');
  });
});
