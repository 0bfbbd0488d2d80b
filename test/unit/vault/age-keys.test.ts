// Keys, identity files and misuse of the age API: every malformed key string and every forbidden
// combination fails with its typed error, and what is valid round-trips.
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { bech32Decode, bech32Encode } from '../../../src-main/vault/age/bech32.js';
import {
  createDecryptStream,
  createEncryptStream,
  decrypt,
  encrypt,
  formatIdentityFile,
  generateIdentity,
  identityToRecipient,
  parseIdentity,
  parseIdentityFile,
  parseRecipient,
  ScryptIdentity,
  ScryptRecipient,
  X25519Identity,
} from '../../../src-main/vault/age/index.js';

// From the cctv-age vectors (x25519 and hybrid): a classic and a post-quantum identity.
const VECTOR_IDENTITY = 'AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0';
const PQ_IDENTITY = 'AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG';

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'OK';
  } catch (err) {
    return (err as { code?: string }).code ?? 'NOT_AGE_ERROR';
  }
}

describe('bech32', () => {
  test('BIP 173 valid strings decode and re-encode', () => {
    for (const s of [
      'a12uel5l',
      'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
      'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
    ]) {
      const d = bech32Decode(s);
      expect(d).not.toBeNull();
      expect(bech32Encode(d?.hrp ?? '', d?.data ?? new Uint8Array())).toBe(s);
    }
    expect(bech32Decode('A12UEL5L')?.upper).toBe(true);
  });

  test('BIP 173 invalid strings are rejected', () => {
    for (const s of [
      'pzry9x0s0muk',
      '1pzry9x0s0muk',
      'x1b4n0q5v',
      'li1dgmt3',
      'A1G7SGD8',
      '10a06t8',
      'A12uEL5L',
    ]) {
      expect(bech32Decode(s)).toBeNull();
    }
  });
});

describe('X25519 keys', () => {
  test('identity strings round-trip and yield the published recipient', () => {
    const id = parseIdentity(VECTOR_IDENTITY);
    expect(id.exportSecret()).toBe(VECTOR_IDENTITY);
    const fresh = generateIdentity();
    expect(parseIdentity(fresh.exportSecret()).recipient().toString()).toBe(fresh.recipient().toString());
    expect(identityToRecipient(fresh.exportSecret()).toString()).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(parseRecipient(fresh.recipient().toString()).toString()).toBe(fresh.recipient().toString());
  });

  test('malformed identities are KEY_INVALID', () => {
    const flipped = `${VECTOR_IDENTITY.slice(0, -1)}${VECTOR_IDENTITY.endsWith('0') ? '2' : '0'}`;
    const short = bech32Encode('age-secret-key-', new Uint8Array(31)).toUpperCase();
    for (const s of [
      VECTOR_IDENTITY.toLowerCase(),
      flipped,
      short,
      '',
      generateIdentity().recipient().toString(),
    ]) {
      expect(codeOf(() => parseIdentity(s))).toBe('KEY_INVALID');
    }
  });

  test('post-quantum and plugin identities are KEY_UNSUPPORTED', () => {
    expect(codeOf(() => parseIdentity(PQ_IDENTITY))).toBe('KEY_UNSUPPORTED');
    const plugin = bech32Encode('age-plugin-yubikey-', new Uint8Array(20)).toUpperCase();
    expect(codeOf(() => parseIdentity(plugin))).toBe('KEY_UNSUPPORTED');
  });

  test('malformed recipients are KEY_INVALID, other recipient types KEY_UNSUPPORTED', () => {
    const r = generateIdentity().recipient().toString();
    expect(codeOf(() => parseRecipient(r.toUpperCase()))).toBe('KEY_INVALID');
    expect(codeOf(() => parseRecipient(`${r.slice(0, -1)}${r.endsWith('q') ? 'p' : 'q'}`))).toBe(
      'KEY_INVALID',
    );
    expect(codeOf(() => parseRecipient(bech32Encode('age', new Uint8Array(33))))).toBe('KEY_INVALID');
    expect(codeOf(() => parseRecipient(VECTOR_IDENTITY))).toBe('KEY_INVALID');
    expect(codeOf(() => parseRecipient(bech32Encode('age1pq', new Uint8Array(64))))).toBe('KEY_UNSUPPORTED');
  });

  test('raw key constructors check lengths', () => {
    expect(codeOf(() => X25519Identity.fromSecretKey(new Uint8Array(31)))).toBe('KEY_INVALID');
  });

  test('an identity never prints its secret', () => {
    const id = generateIdentity();
    const secret = id.exportSecret();
    expect(`${id}`).not.toContain(secret);
    expect(JSON.stringify([id])).not.toContain(secret);
    expect(`${id}`).toContain(id.recipient().toString());
  });
});

describe('identity files', () => {
  test('comments and blank lines are skipped; several identities are read in order', () => {
    const a = generateIdentity();
    const b = generateIdentity();
    const text = `${formatIdentityFile(a)}\r\n\n   \n${formatIdentityFile(b, new Date(0))}`;
    expect(formatIdentityFile(b, new Date(0))).toContain('# created: 1970-01-01T00:00:00Z\n');
    expect(parseIdentityFile(text).map((i) => i.recipient().toString())).toEqual([
      a.recipient().toString(),
      b.recipient().toString(),
    ]);
  });

  test('a bad line is reported by number, without its content', () => {
    const secret = generateIdentity().exportSecret();
    const broken = `# comment\n${secret.slice(0, -2)}\n`;
    let message = '';
    let printed = '';
    expect(
      codeOf(() => {
        try {
          parseIdentityFile(broken);
        } catch (err) {
          message = (err as Error).message;
          // The whole cause chain as a log would print it: @scure/base's own messages quote their input.
          printed = inspect(err, { depth: 10 });
          throw err;
        }
      }),
    ).toBe('KEY_INVALID');
    expect(message).toContain('line 2');
    expect(message).not.toContain(secret.slice(16, 40));
    expect(printed).not.toContain(secret.slice(16, 40).toLowerCase());
    expect(printed).not.toContain(secret.slice(16, 40));
    expect(codeOf(() => parseIdentityFile('# nothing here\n'))).toBe('KEY_INVALID');
    expect(codeOf(() => parseIdentityFile(PQ_IDENTITY))).toBe('KEY_UNSUPPORTED');
  });
});

describe('API misuse', () => {
  const id = generateIdentity();

  test('no recipients, no identities', async () => {
    await expect(encrypt([], Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(decrypt([], await encrypt([id.recipient()], Buffer.from('x')))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(codeOf(() => createEncryptStream([]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createDecryptStream([]))).toBe('INVALID_ARGUMENT');
  });

  test('a passphrase must be the only recipient', async () => {
    const pass = new ScryptRecipient('pw', { logN: 10 });
    await expect(encrypt([pass, id.recipient()], Buffer.from('x'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(encrypt([pass, pass], Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('scrypt work factor: floor and cap when encrypting, configurable cap when decrypting', async () => {
    expect(codeOf(() => new ScryptRecipient('pw', { logN: 9 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new ScryptRecipient('pw', { logN: 31 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new ScryptRecipient(''))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new ScryptIdentity('pw', { maxWorkFactor: 0 }))).toBe('INVALID_ARGUMENT');
    const file = await encrypt([new ScryptRecipient('pw', { logN: 12 })], Buffer.from('secret'));
    expect(file.toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 12\n/);
    await expect(decrypt([new ScryptIdentity('pw', { maxWorkFactor: 11 })], file)).rejects.toMatchObject({
      code: 'WORK_FACTOR_TOO_HIGH',
    });
    expect((await decrypt([new ScryptIdentity('pw', { maxWorkFactor: 12 })], file)).toString()).toBe(
      'secret',
    );
    await expect(decrypt([new ScryptIdentity('pw!')], file)).rejects.toMatchObject({
      code: 'NO_IDENTITY_MATCHED',
    });
    await expect(decrypt([id], file)).rejects.toMatchObject({ code: 'NO_IDENTITY_MATCHED' });
  });

  test('any of several identities may match, in any order', async () => {
    const other = generateIdentity();
    const file = await encrypt([other.recipient()], Buffer.from('hello'));
    expect((await decrypt([id, new ScryptIdentity('pw'), other.exportSecret()], file)).toString()).toBe(
      'hello',
    );
  });
});
