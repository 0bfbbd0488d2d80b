/**
 * Amounts cross the API as integer strings in the token's smallest unit (wei); people type and read
 * decimals. Both directions work on bigint so no amount is ever rounded through a float.
 */

/** The form the `tx` service accepts for an amount: whole units, a dot, at most 36 decimals. */
export const AMOUNT_PATTERN = /^[0-9]{1,40}(\.[0-9]{1,36})?$/;

/** "1500000000000000000", 18 → "1.5". Trailing zeros go; `maxDecimals` cuts (never rounds up) for lists. */
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

/** "1.5", 18 → 1500000000000000000n; null when the text is not an amount or has too many decimals. */
export function parseUnits(text: string, decimals: number): bigint | null {
  const trimmed = text.trim();
  if (!AMOUNT_PATTERN.test(trimmed)) return null;
  const [whole = '0', fraction = ''] = trimmed.split('.');
  if (fraction.length > decimals) return null;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** 0x1234…abcd: enough to recognise an address at a glance; the full one is always a click away. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

export const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;

/** Why a typed recipient is not an address, or null when it looks like one (the owner checks the checksum). */
export function addressProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Enter the address to send to.';
  if (!t.startsWith('0x')) return 'An address starts with 0x.';
  if (!/^0x[0-9a-fA-F]*$/.test(t)) return 'An address holds only the digits 0–9 and letters a–f after 0x.';
  if (t.length !== 42) return `An address has 40 characters after 0x; this one has ${t.length - 2}.`;
  if (/^0x0{40}$/.test(t)) return 'This is the zero address: whatever is sent there is lost.';
  return null;
}

/** The native coin's symbol. The network API does not name it; the EVM chains Sahel targets use ETH. */
export const NATIVE_SYMBOL = 'ETH';
export const NATIVE_DECIMALS = 18;
