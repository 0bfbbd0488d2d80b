import type { TokenLimits } from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { printable } from '../../../src-shared/untrusted-text.js';

/** A limit's amount as the user set it: in the token's units, with its symbol. */
export function limitAmount(l: TokenLimits, units: string): string {
  if (l.token === 'native') return `${formatUnits(BigInt(units), 18)} ETH`;
  if (l.decimals === undefined) return `${units} (base units)`;
  return `${formatUnits(BigInt(units), l.decimals)} ${printable(l.symbol ?? '')}`.trim();
}
