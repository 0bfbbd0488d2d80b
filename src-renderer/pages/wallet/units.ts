// Amounts are read and written by the one parser and formatter the CLI and the owner use too.
export { formatUnits, parseAmount } from '../../../src-shared/domain/amount.js';

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
