import { describe, expect, it } from 'vitest';
import {
  buyBlocked,
  buyErrorText,
  keyFingerprint,
} from '../../../../../src-renderer/pages/market/buy-text.js';
import { SahelError } from '../../../../../src-shared/errors.js';

describe("buyErrorText (the buy dialog's refusals)", () => {
  it("makes the owner's refusals sentences, with what to do where the message does not say", () => {
    expect(buyErrorText(new SahelError('BAD_INPUT', 'This is your own offer'))).toBe(
      'This is your own offer. Choose another account to pay from.',
    );
    expect(
      buyErrorText(
        new SahelError(
          'BAD_INPUT',
          '0xAbC0000000000000000000000000000000000001 holds 1 SAHC; the licence costs 3',
        ),
      ),
    ).toBe(
      '0xAbC0000000000000000000000000000000000001 holds 1 SAHC; the licence costs 3. Add funds to this account or pay from another.',
    );
    expect(
      buyErrorText(
        new SahelError(
          'CONFLICT',
          'The metadata of asset #4 is not valid JSON: this Sahel could not receive it, so it is not offered for buying',
        ),
      ),
    ).toMatch(/so it is not offered for buying\.$/);
    expect(buyErrorText(new SahelError('CONFLICT', 'Offer #5 costs 3 SAHC, more than your maximum 2'))).toBe(
      'Offer #5 costs 3 SAHC, more than your maximum 2.',
    );
    // Already a sentence: left alone.
    expect(buyErrorText(new SahelError('LOCKED', 'The vault is locked.'))).toBe('The vault is locked.');
  });

  it('never shows what is not a SahelError (a bug) as it is', () => {
    expect(buyErrorText(new Error('at Object.<anonymous> (/home/x/secret.ts:1)'))).toBe(
      'Something went wrong. The log file has the details.',
    );
  });
});

describe('buyBlocked (why Buy… is off)', () => {
  it('says what is missing: the vault, the wallet, the unlock; nothing once all are there', () => {
    expect(buyBlocked('uninitialised', false, 0)).toMatch(/needs a vault/);
    expect(buyBlocked('unlocked', false, 0)).toMatch(/needs a wallet/);
    expect(buyBlocked('unlocked', true, 0)).toMatch(/needs a wallet/);
    expect(buyBlocked('locked', true, 2)).toMatch(/^Unlock the vault/);
    expect(buyBlocked(null, true, 2)).toMatch(/^Unlock the vault/);
    expect(buyBlocked('unlocked', null, 0)).toBe('Reading the wallet…');
    expect(buyBlocked('unlocked', true, 1)).toBeNull();
  });
});

describe('keyFingerprint', () => {
  it('groups all 64 hex digits of the licence key by four, dropping only the 0x', () => {
    const key = `0x${'0123456789abcdef'.repeat(4)}`;
    const shown = keyFingerprint(key);
    expect(shown.split(' ')).toHaveLength(16);
    expect(shown.replaceAll(' ', '')).toBe(key.slice(2));
  });
});
