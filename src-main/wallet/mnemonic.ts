import { pbkdf2Sync } from 'node:crypto';
import { validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english';
import { bytesToHex } from 'viem';
import { generateMnemonic, HDKey } from 'viem/accounts';
import type { MnemonicWords } from '../../src-shared/domain/wallet.js';
import { SahelError } from '../../src-shared/errors.js';

const WORDS = new Set(wordlist);

/** A new BIP-39 phrase from the OS CSPRNG (via @scure/bip39): 12 words are 128 bits, 24 are 256. */
export function newMnemonic(words: MnemonicWords): string {
  return generateMnemonic(wordlist, words === 24 ? 256 : 128);
}

/**
 * The phrase in its canonical form (NFKD, lower case, single spaces), after checking every word is on
 * the English list and the BIP-39 checksum holds. Error messages name positions, never words.
 */
export function normaliseMnemonic(input: string): string {
  const words = input.normalize('NFKD').trim().toLowerCase().split(/\s+/u).filter(Boolean);
  if (![12, 15, 18, 21, 24].includes(words.length)) {
    throw new SahelError(
      'BAD_INPUT',
      `A recovery phrase has 12, 15, 18, 21 or 24 words, not ${words.length}`,
    );
  }
  words.forEach((w, i) => {
    if (!WORDS.has(w)) {
      throw new SahelError('BAD_INPUT', `Word ${i + 1} of the recovery phrase is not a BIP-39 English word`);
    }
  });
  // Every word is on the list (checked above to name its position): what is left is the checksum.
  if (!validateMnemonic(words.join(' '), wordlist)) {
    throw new SahelError('BAD_INPUT', 'The recovery phrase has a wrong checksum: check for a mistyped word');
  }
  return words.join(' ');
}

/**
 * The private key of m/44'/60'/0'/0/index. The seed is BIP-39's PBKDF2-HMAC-SHA512 (2048 rounds, salt
 * "mnemonic", no extra passphrase), through OpenSSL rather than @scure/bip39's mnemonicToSeedSync:
 * the same function, natively, in a Buffer that is wiped as soon as the key is out (with the HD nodes).
 */
export function deriveKey(mnemonic: string, index: number): `0x${string}` {
  const seed = pbkdf2Sync(Buffer.from(mnemonic.normalize('NFKD'), 'utf8'), 'mnemonic', 2048, 64, 'sha512');
  const master = HDKey.fromMasterSeed(seed);
  seed.fill(0);
  const node = master.derive(`m/44'/60'/0'/0/${index}`);
  try {
    if (!node.privateKey) throw new SahelError('INTERNAL', 'HD derivation gave no private key');
    return bytesToHex(node.privateKey);
  } finally {
    node.wipePrivateData();
    master.wipePrivateData();
  }
}

/** Splits a canonical phrase into its words (for the backup screen and the quiz). */
export function mnemonicWords(mnemonic: string): string[] {
  return mnemonic.split(' ');
}
