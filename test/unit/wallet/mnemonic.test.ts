import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  mnemonicWords,
  newMnemonic,
  normaliseMnemonic,
} from '../../../src-main/wallet/mnemonic.js';
import { SahelError } from '../../../src-shared/errors.js';

const ANVIL = 'test test test test test test test test test test test junk';
const ABANDON = `${'abandon '.repeat(11)}about`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return SahelError.is(err) ? err.code : `not a SahelError: ${String(err)}`;
  }
  return undefined;
}

describe('BIP-39 / BIP-44 accounts', () => {
  it("derives anvil's well-known accounts from its phrase at m/44'/60'/0'/0/i", () => {
    const addr = (i: number) => privateKeyToAddress(deriveKey(ANVIL, i));
    expect(addr(0)).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(addr(1)).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    expect(addr(2)).toBe('0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC');
    expect(deriveKey(ANVIL, 0)).toBe('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  });

  it('derives the usual first address of the all-"abandon" phrase', () => {
    expect(privateKeyToAddress(deriveKey(ABANDON, 0))).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  });

  it('makes new 12- and 24-word phrases that pass its own checks and differ each time', () => {
    const a = newMnemonic(12);
    const b = newMnemonic(24);
    expect(mnemonicWords(a)).toHaveLength(12);
    expect(mnemonicWords(b)).toHaveLength(24);
    expect(normaliseMnemonic(a)).toBe(a);
    expect(normaliseMnemonic(b)).toBe(b);
    expect(newMnemonic(12)).not.toBe(a);
  });

  it('accepts extra spaces, newlines and capitals, and returns the canonical phrase', () => {
    expect(normaliseMnemonic(`  Test test\ntest TEST test test test\ttest test test test   junk \n`)).toBe(
      ANVIL,
    );
  });

  it('refuses a wrong word count, a word off the list and a bad checksum, naming positions only', () => {
    expect(codeOf(() => normaliseMnemonic('test test test'))).toBe('BAD_INPUT');
    const offList = ANVIL.replace('junk', 'zzzzq');
    expect(() => normaliseMnemonic(offList)).toThrow(/Word 12 /);
    expect(() => normaliseMnemonic(offList)).not.toThrow(/zzzzq/);
    // 'test' ×12 is on the list but fails the checksum.
    expect(() => normaliseMnemonic(`${'test '.repeat(11)}test`)).toThrow(/checksum/);
    expect(codeOf(() => normaliseMnemonic(ANVIL.replace('junk', 'test')))).toBe('BAD_INPUT');
  });
});
