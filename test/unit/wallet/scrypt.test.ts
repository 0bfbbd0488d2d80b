import { randomBytes, scryptSync } from 'node:crypto';
import { scryptAsync } from '@noble/hashes/scrypt';
import { describe, expect, it } from 'vitest';
import { scryptCooperative, scryptKey } from '../../../src-main/wallet/scrypt.js';

describe('scrypt for keystores', () => {
  it('matches the RFC 7914 test vectors', async () => {
    const empty = await scryptCooperative(Buffer.alloc(0), Buffer.alloc(0), 64, { n: 16, r: 1, p: 1 });
    expect(empty.toString('hex')).toBe(
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
    );
    const nacl = await scryptCooperative(Buffer.from('password'), Buffer.from('NaCl'), 64, {
      n: 1024,
      r: 8,
      p: 16,
    });
    expect(nacl.toString('hex')).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    );
  });

  it("agrees with OpenSSL's scrypt (node:crypto) on random inputs", async () => {
    for (const params of [
      { n: 2, r: 1, p: 1 },
      { n: 256, r: 2, p: 3 },
      { n: 8192, r: 8, p: 1 },
    ]) {
      const password = randomBytes(13);
      const salt = randomBytes(32);
      const ours = await scryptCooperative(password, salt, 32, params);
      const theirs = scryptSync(password, salt, 32, {
        N: params.n,
        r: params.r,
        p: params.p,
        maxmem: 64 << 20,
      });
      expect(ours.toString('hex')).toBe(theirs.toString('hex'));
    }
  });

  it("agrees with @noble/hashes' audited scrypt where OpenSSL refuses the parameters", async () => {
    const password = randomBytes(9);
    const salt = randomBytes(32);
    // n = 2^16 with r = 1: at OpenSSL's limit, so scryptKey takes the cooperative path.
    const params = { n: 2 ** 16, r: 1, p: 2 };
    const ours = await scryptKey(password, salt, 32, params);
    const noble = await scryptAsync(password, salt, { N: params.n, r: params.r, p: params.p, dkLen: 32 });
    expect(ours.toString('hex')).toBe(Buffer.from(noble).toString('hex'));
  });

  it('takes parameters OpenSSL refuses (n ≥ 2^(16·r), as in the Web3 keystore vector) and stays responsive', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const key = await scryptKey(Buffer.from('pw'), Buffer.from('salt'), 32, { n: 2 ** 17, r: 1, p: 1 });
    clearInterval(timer);
    expect(key).toHaveLength(32);
    // The event loop ran timers while the key was being derived.
    expect(ticks).toBeGreaterThan(0);
  });
});
