/**
 * Amounts cross the API as integer strings in the token's smallest unit (wei); people type and read
 * decimals, with commas grouping thousands ("1,000.5"). One parser and one formatter for the UI, the
 * CLI and the owner, so what the app shows is what it reads back. Both work on bigint: no amount is
 * ever rounded through a float.
 */

/** The most decimals any token may have (the owner refuses tokens reporting more). */
export const MAX_DECIMALS = 36;

export type AmountParse =
  | { ok: true; value: bigint /** Plain digits and at most one dot: "1000.5". */; plain: string }
  | { ok: false; problem: string };

const PLAIN = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/;
const GROUPED = /^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$/;

/**
 * "1,000.5", ".5", "2" → the amount in base units for `decimals`. Commas are accepted only where the
 * app would print them (every three digits of the whole part); "1,5" or "1,00" is refused with a
 * sentence, never read as 15 or 1. No sign, no exponent, no more decimals than the token has.
 */
export function parseAmount(text: string, decimals: number): AmountParse {
  const t = text.trim();
  if (!t) return { ok: false, problem: 'Enter an amount.' };
  if (t.length > 100) return { ok: false, problem: 'That amount is too long.' };
  if (/^-/.test(t)) return { ok: false, problem: 'The amount cannot be negative.' };
  if (t.includes(',') && !GROUPED.test(t)) {
    return {
      ok: false,
      problem: /,[0-9]{1,2}$/.test(t)
        ? `Use a dot for decimals: ${t} is not an amount (write ${t.replace(',', '.')}).`
        : `Commas may only group thousands (1,000,000.5): ${t} is not an amount.`,
    };
  }
  const plain = t.replaceAll(',', '');
  if (!PLAIN.test(plain))
    return { ok: false, problem: `${t} is not an amount: write it like 1,000.5 or 0.25.` };
  const [whole = '', fraction = ''] = plain.split('.');
  if (fraction.length > decimals) {
    return {
      ok: false,
      problem:
        decimals === 0 ? 'This token has no decimals.' : `At most ${decimals} decimals for this token.`,
    };
  }
  if (whole.length > 40) return { ok: false, problem: 'That amount is too large.' };
  const value =
    BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  const cleanWhole = whole.replace(/^0+(?=[0-9])/, '') || '0';
  return { ok: true, value, plain: fraction ? `${cleanWhole}.${fraction}` : cleanWhole };
}

/** "1500000000000000000", 18 → "1.5"; 10^21 → "1,000". Trailing zeros go; `maxDecimals` cuts (never rounds up). */
export function formatUnits(base: string | bigint, decimals: number, maxDecimals = decimals): string {
  const value = typeof base === 'bigint' ? base : BigInt(base);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fraction = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0') : '';
  fraction = fraction.slice(0, maxDecimals).replace(/0+$/, '');
  const cut = maxDecimals < decimals && abs % scale !== 0n && fraction === '' && abs < scale;
  // A tiny non-zero amount must not read as zero.
  if (cut) return `${negative ? '-' : ''}< 0.${'0'.repeat(Math.max(0, maxDecimals - 1))}1`;
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
