import { describe, expect, it } from 'vitest';
import { formatUnits, parseAmount } from '../../../src-shared/domain/amount.js';

const value = (text: string, decimals = 18) => {
  const r = parseAmount(text, decimals);
  return r.ok ? r.value : r.problem;
};

describe('amounts as people type them (one parser for UI, CLI and owner)', () => {
  it('reads grouping commas where the app prints them, and a leading dot', () => {
    expect(value('1,000')).toBe(1000n * 10n ** 18n);
    expect(value('1,234,567.5', 6)).toBe(1_234_567_500_000n);
    expect(value('.5')).toBe(5n * 10n ** 17n);
    expect(value(' 2 ', 6)).toBe(2_000_000n);
    expect(value('0.000001', 6)).toBe(1n);
    expect(value('1.', 6)).toBe(1_000_000n);
    // The plain form the owner converts: commas gone, a leading zero added.
    expect(parseAmount('1,000.50', 18)).toMatchObject({ ok: true, plain: '1000.50' });
    expect(parseAmount('.5', 18)).toMatchObject({ ok: true, plain: '0.5' });
  });

  it('refuses badly placed commas plainly instead of reading 1,5 as 15 or 1', () => {
    expect(value('1,5')).toMatch(/Use a dot for decimals: 1,5 is not an amount \(write 1\.5\)/);
    expect(value('1,00')).toMatch(/Use a dot for decimals/);
    expect(value('1,0000')).toMatch(/Commas may only group thousands/);
    expect(value('1000,000')).toMatch(/Commas may only group thousands/);
    expect(value('1,000,00')).toMatch(/Use a dot/);
    expect(value('1.000,5')).toMatch(/Commas may only group thousands|Use a dot/);
  });

  it('refuses what is not an amount, with a sentence', () => {
    for (const bad of ['', '.', '1e3', '0x10', '1.2.3', 'NaN', ' ', '1 000']) {
      expect(parseAmount(bad, 18).ok, bad).toBe(false);
    }
    expect(value('-1')).toMatch(/negative/);
    expect(value('0.0000001', 6)).toMatch(/At most 6 decimals/);
    expect(value('1.5', 0)).toMatch(/no decimals/);
    expect(value('9'.repeat(41))).toMatch(/too large/);
  });

  it('round-trips what the app displays, exactly, at the 40-digit limit', () => {
    const big = '9'.repeat(40);
    const base = BigInt(`${big}123456789012345678`);
    const shown = formatUnits(base, 18);
    expect(shown).toContain(',');
    expect(value(shown)).toBe(base);
    for (const b of [1n, 10n ** 18n, 1234567n * 10n ** 15n, 10n ** 24n + 7n]) {
      expect(value(formatUnits(b, 18))).toBe(b);
    }
  });
});
