import { createHash, pbkdf2Sync } from 'node:crypto';
import { bytesToHex } from 'viem';
import { english, generateMnemonic, HDKey } from 'viem/accounts';
import type { MnemonicWords } from '../../src-shared/domain/wallet.js';
import { SahelError } from '../../src-shared/errors.js';

const WORD_INDEX = new Map(english.map((w, i) => [w, i]));

/** A new BIP-39 phrase from the OS CSPRNG (via @scure/bip39): 12 words are 128 bits, 24 are 256. */
export function newMnemonic(words: MnemonicWords): string {
  return generateMnemonic(english, words === 24 ? 256 : 128);
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
  const bits: string[] = [];
  words.forEach((w, i) => {
    const index = WORD_INDEX.get(w);
    if (index === undefined) {
      throw new SahelError('BAD_INPUT', `Word ${i + 1} of the recovery phrase is not a BIP-39 English word`);
    }
    bits.push(index.toString(2).padStart(11, '0'));
  });
  const all = bits.join('');
  const checksumBits = words.length / 3;
  const entropyBits = all.slice(0, all.length - checksumBits);
  const entropy = Buffer.from(entropyBits.match(/.{8}/g)?.map((b) => Number.parseInt(b, 2)) ?? []);
  const hash = createHash('sha256').update(entropy).digest();
  const expected = hash[0]!.toString(2).padStart(8, '0').slice(0, checksumBits);
  if (expected !== all.slice(-checksumBits)) {
    throw new SahelError('BAD_INPUT', 'The recovery phrase has a wrong checksum: check for a mistyped word');
  }
  return words.join(' ');
}

/**
 * The private key of m/44'/60'/0'/0/index. The seed is BIP-39's PBKDF2-HMAC-SHA512 (2048 rounds, salt
 * "mnemonic", no extra passphrase); the seed and the HD nodes are wiped as soon as the key is out.
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
