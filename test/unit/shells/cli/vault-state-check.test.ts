import { describe, expect, it } from 'vitest';
import { checkVaultState } from '../../../../src-main/shells/cli/commands/vault-status.js';
import { VaultState } from '../../../../src-shared/domain/vault.js';

const GOOD = {
  state: 'locked',
  recipient: 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
  items: 4,
  retryAfter: 2.5,
  autoLockMinutes: 15,
  deviceUnlock: 'available',
  deviceUnlockNote: null,
  unreadable: ['a'],
  damaged: [],
  problem: null,
};

/** Answers an owner might give: whole, edge values, and each field wrong in a way JSON can carry. */
const SAMPLES: unknown[] = [
  GOOD,
  { ...GOOD, state: 'unlocked', recipient: null, items: null, retryAfter: 0, autoLockMinutes: 0 },
  { ...GOOD, deviceUnlock: 'enabled', deviceUnlockNote: 'x', problem: 'the key file is missing' },
  { ...GOOD, extra: 'dropped' },
  { ...GOOD, state: 'open' },
  { ...GOOD, recipient: 7 },
  { ...GOOD, items: -1 },
  { ...GOOD, items: 1.5 },
  { ...GOOD, items: 2 ** 60 },
  { ...GOOD, retryAfter: -1 },
  { ...GOOD, retryAfter: '3' },
  { ...GOOD, autoLockMinutes: 0.5 },
  { ...GOOD, deviceUnlock: 'on' },
  { ...GOOD, deviceUnlockNote: false },
  { ...GOOD, unreadable: 'a' },
  { ...GOOD, unreadable: [1] },
  { ...GOOD, damaged: null },
  { ...GOOD, problem: {} },
  Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== 'problem')),
  Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== 'items')),
  [],
  null,
  'locked',
  42,
];

describe('sahel vault status checks the owner’s answer by hand (zod stays unloaded)', () => {
  it('gives the contract schema’s verdict on every sample, and the same value when it accepts', () => {
    for (const sample of SAMPLES) {
      const byZod = VaultState.safeParse(sample);
      let byHand: unknown;
      try {
        byHand = checkVaultState(sample);
      } catch (err) {
        expect((err as Error).message, JSON.stringify(sample)).toContain('malformed answer to vault.state');
        byHand = undefined;
      }
      expect(byHand !== undefined, JSON.stringify(sample)).toBe(byZod.success);
      if (byZod.success) expect(byHand).toEqual(byZod.data);
    }
  });
});
