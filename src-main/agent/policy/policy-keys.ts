import { getAddress } from 'viem';
import { PolicySettings, TokenLimits } from '../../../src-shared/domain/agent.js';
import { parseAmount } from '../../../src-shared/domain/amount.js';
import { SahelError } from '../../../src-shared/errors.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';

/** The keys `set` takes (`sahel agent policy set <key> <value>`), for help texts and errors. */
export const POLICY_KEYS = [
  'limit.<native|token address>.per-action',
  'limit.<native|token address>.daily',
  'limit.<native|token address>.task-budget',
  'approval-timeout',
  'max-steps',
  'max-tool-calls',
] as const;

const LIMIT = /^limit\.(native|0x[0-9a-fA-F]{40})\.(per-action|daily|task-budget)$/;
const FIELD = { 'per-action': 'perAction', daily: 'daily', 'task-budget': 'taskBudget' } as const;
const NUMBERS = {
  'approval-timeout': 'approvalTimeoutSeconds',
  'max-steps': 'maxSteps',
  'max-tool-calls': 'maxToolCalls',
} as const;

export interface KeyChange {
  settings: PolicySettings;
  /** The value as the audit log and the user read it back. */
  shown: string;
}

/**
 * The settings with one key changed. A limit's value is a decimal amount in the token's units, read
 * with the `decimals` the caller looked up for that token; it is stored in base units. Throws BAD_INPUT
 * naming the key for an unknown key or a bad value.
 */
export function applyKey(
  settings: PolicySettings,
  key: string,
  value: string,
  decimals: number | undefined,
  /** The token's symbol, kept with its limits so they can be shown in its units. */
  symbol?: string,
): KeyChange {
  const limit = LIMIT.exec(key);
  if (limit) {
    const token = limit[1] === 'native' ? 'native' : getAddress(limit[1] as string);
    const field = FIELD[limit[2] as keyof typeof FIELD];
    if (decimals === undefined || !Number.isInteger(decimals) || decimals < 0 || decimals > 36)
      throw badInput(key, 'the token’s decimals are needed to read the amount');
    const parsed = parseAmount(value, decimals);
    if (!parsed.ok) throw badInput(key, parsed.problem);
    const current = settings.limits.find((l) => l.token.toLowerCase() === token.toLowerCase());
    const next = TokenLimits.safeParse({
      ...(current ?? { token, perAction: '0', daily: '0', taskBudget: '0' }),
      [field]: parsed.value.toString(),
      decimals,
      ...(symbol === undefined ? {} : { symbol: untrustedLine(symbol, 32) }),
    });
    if (!next.success) throw badInput(key, 'the amount is too large');
    const limits = current
      ? settings.limits.map((l) => (l === current ? next.data : l))
      : [...settings.limits, next.data];
    if (limits.length > 64) throw badInput(key, 'limits are kept for at most 64 tokens');
    return { settings: { ...settings, limits }, shown: `${parsed.plain} (${parsed.value} base units)` };
  }
  if (Object.hasOwn(NUMBERS, key)) {
    const field = NUMBERS[key as keyof typeof NUMBERS];
    if (!/^[0-9]{1,9}$/.test(value.trim())) throw badInput(key, 'it takes a whole number');
    const next = { ...settings, [field]: Number(value.trim()) };
    // The bounds are the schema's own, so the two cannot drift apart.
    const schema = PolicySettings.shape[field];
    if (!schema.safeParse(next[field]).success)
      throw badInput(key, `it takes a whole number from ${schema.minValue} to ${schema.maxValue}`);
    return { settings: next, shown: String(next[field]) };
  }
  throw new SahelError(
    'BAD_INPUT',
    `Unknown policy key "${key.slice(0, 80)}": use one of ${POLICY_KEYS.join(', ')}.`,
  );
}

function badInput(key: string, problem: string): SahelError {
  return new SahelError('BAD_INPUT', `Policy key ${key}: ${problem}.`);
}
