import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  decryptKeystore,
  EXPORT_SCRYPT,
  encryptKeystore,
  KEYSTORE_CAPS,
} from '../../../src-main/wallet/keystore.js';
import { SahelError } from '../../../src-shared/errors.js';

interface Vector {
  json: Record<string, unknown> & {
    crypto: Record<string, unknown> & { kdfparams: Record<string, unknown> };
  };
  password: string;
  priv: string;
}
const VECTORS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/keystore/v3_test_vector.json'), 'utf8'),
) as Record<string, Vector>;
const WEB3_KEY = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d';
const CHEAP = { n: 1024, r: 8, p: 1 };

async function failure(p: Promise<unknown>): Promise<SahelError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!SahelError.is(err)) throw new Error(`expected a SahelError, got ${String(err)}`);
  return err;
}

/** A copy of the scrypt vector with one part changed. */
function variant(change: (v: Vector['json']) => void, name = '31_byte_key'): string {
  const json = structuredClone(VECTORS[name]!.json);
  change(json);
  return JSON.stringify(json);
}

describe('keystore v3: the Web3 Secret Storage test vectors', () => {
  it('decrypts the scrypt vector (n = 2^18, r = 1, p = 8)', async () => {
    const v = VECTORS.wikipage_test_vector_scrypt!;
    expect(await decryptKeystore(JSON.stringify(v.json), v.password)).toBe(`0x${v.priv}`);
    expect(v.priv).toBe(WEB3_KEY.slice(2));
  });

  it('decrypts the PBKDF2-HMAC-SHA256 vector (c = 2^18)', async () => {
    const v = VECTORS.wikipage_test_vector_pbkdf2!;
    expect(await decryptKeystore(JSON.stringify(v.json), v.password)).toBe(WEB3_KEY);
  });

  it("pads go-ethereum's old 31- and 30-byte keys back to 32 bytes", async () => {
    for (const name of ['31_byte_key', '30_byte_key']) {
      const v = VECTORS[name]!;
      expect(await decryptKeystore(JSON.stringify(v.json), v.password)).toBe(`0x${v.priv.padStart(64, '0')}`);
    }
  });

  it('says WRONG_PASSPHRASE for a wrong password, and for an altered ciphertext (MAC mismatch)', async () => {
    const v = VECTORS['31_byte_key']!;
    expect((await failure(decryptKeystore(JSON.stringify(v.json), 'bar'))).code).toBe('WRONG_PASSPHRASE');
    const altered = variant((j) => {
      const c = j.crypto.ciphertext as string;
      j.crypto.ciphertext = `${c[0] === '0' ? '1' : '0'}${c.slice(1)}`;
    });
    expect((await failure(decryptKeystore(altered, 'foo'))).code).toBe('WRONG_PASSPHRASE');
  });
});

describe('keystore v3: untrusted files', () => {
  const cases: [string, string][] = [
    ['not JSON', '{"version": 3,'],
    [
      'version 1',
      variant((j) => {
        j.version = 1;
      }),
    ],
    [
      'no crypto section',
      variant((j) => {
        delete (j as Record<string, unknown>).crypto;
      }),
    ],
    [
      'another cipher',
      variant((j) => {
        j.crypto.cipher = 'aes-128-cbc';
      }),
    ],
    [
      'an unknown KDF',
      variant((j) => {
        j.crypto.kdf = 'argon2';
      }),
    ],
    [
      'an IV of 8 bytes',
      variant((j) => {
        j.crypto.cipherparams = { iv: '00'.repeat(8) };
      }),
    ],
    [
      'non-hex ciphertext',
      variant((j) => {
        j.crypto.ciphertext = 'zz'.repeat(32);
      }),
    ],
    [
      'a 64-byte ciphertext',
      variant((j) => {
        j.crypto.ciphertext = 'ab'.repeat(64);
      }),
    ],
    [
      'scrypt n not a power of two',
      variant((j) => {
        j.crypto.kdfparams.n = 1000;
      }),
    ],
    [
      'scrypt n negative',
      variant((j) => {
        j.crypto.kdfparams.n = -4;
      }),
    ],
    [
      'scrypt n = 2^20, r = 8 (1 GiB)',
      variant((j) => Object.assign(j.crypto.kdfparams, { n: 2 ** 20, r: 8 })),
    ],
    [
      'scrypt p = 2^20 (work)',
      variant((j) => Object.assign(j.crypto.kdfparams, { n: 1024, r: 8, p: 2 ** 20 })),
    ],
    [
      'scrypt n = 2^40',
      variant((j) => {
        j.crypto.kdfparams.n = 2 ** 40;
      }),
    ],
    [
      'dklen 16',
      variant((j) => {
        j.crypto.kdfparams.dklen = 16;
      }),
    ],
    [
      'a missing salt',
      variant((j) => {
        delete j.crypto.kdfparams.salt;
      }),
    ],
    [
      'pbkdf2 with 2^30 rounds',
      variant((j) => {
        j.crypto.kdfparams.c = 2 ** 30;
      }, 'wikipage_test_vector_pbkdf2'),
    ],
    [
      'pbkdf2 with hmac-sha512',
      variant((j) => {
        j.crypto.kdfparams.prf = 'hmac-sha512';
      }, 'wikipage_test_vector_pbkdf2'),
    ],
    [
      'an address of another key',
      variant((j) => {
        j.address = '00'.repeat(20);
      }),
    ],
    [
      'more than 64 KiB',
      variant((j) => {
        j.padding = 'x'.repeat(KEYSTORE_CAPS.maxBytes);
      }),
    ],
  ];

  it.each(cases)('refuses %s with BAD_INPUT before any expensive work', async (_what, json) => {
    const err = await failure(decryptKeystore(json, 'foo'));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/^Not a usable keystore file: /);
  });

  it('accepts the capitalised "Crypto" of older writers and a matching address', async () => {
    const v = VECTORS['31_byte_key']!;
    const address = privateKeyToAddress(`0x${v.priv.padStart(64, '0')}`).slice(2);
    const json = variant((j) => {
      (j as Record<string, unknown>).Crypto = j.crypto;
      delete (j as Record<string, unknown>).crypto;
      j.address = address.toLowerCase();
    });
    expect(await decryptKeystore(json, 'foo')).toBe(`0x${v.priv.padStart(64, '0')}`);
  });
});

describe('keystore v3 export', () => {
  it('writes a scrypt file with the default (ethers/MetaMask) cost that decrypts to the same key', async () => {
    const json = await encryptKeystore(WEB3_KEY, 'a new password');
    const file = JSON.parse(json);
    expect(file).toMatchObject({
      version: 3,
      address: privateKeyToAddress(WEB3_KEY).slice(2).toLowerCase(),
      crypto: { cipher: 'aes-128-ctr', kdf: 'scrypt', kdfparams: { ...EXPORT_SCRYPT, dklen: 32 } },
    });
    expect(file.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(json).not.toContain(WEB3_KEY.slice(2));
    expect(await decryptKeystore(json, 'a new password')).toBe(WEB3_KEY);
    expect((await failure(decryptKeystore(json, 'a new passworD'))).code).toBe('WRONG_PASSPHRASE');
  });

  it('uses a fresh salt and IV every time', async () => {
    const a = JSON.parse(await encryptKeystore(WEB3_KEY, 'pw', CHEAP));
    const b = JSON.parse(await encryptKeystore(WEB3_KEY, 'pw', CHEAP));
    expect(a.crypto.kdfparams.salt).not.toBe(b.crypto.kdfparams.salt);
    expect(a.crypto.cipherparams.iv).not.toBe(b.crypto.cipherparams.iv);
    expect(a.crypto.ciphertext).not.toBe(b.crypto.ciphertext);
  });
});
