import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, toJson } from '../../../../src-main/agent/audit/canonical.js';

describe('canonical JSON and the chain hash', () => {
  it('spells a value one way whatever the order its keys were built in', () => {
    const a = { b: 1, a: { d: [3, { z: null, y: 'é' }], c: true }, u: undefined };
    const b = { a: { c: true, d: [3, { y: 'é', z: null }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":true,"d":[3,{"y":"é","z":null}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('hashes the previous hash followed by the canonical body', () => {
    const prev = '0'.repeat(64);
    const expected = createHash('sha256').update(`${prev}{"a":1,"b":"x"}`).digest('hex');
    expect(chainHash(prev, { b: 'x', a: 1 })).toBe(expected);
    expect(chainHash('1'.repeat(64), { b: 'x', a: 1 })).not.toBe(expected);
  });

  it('turns bigint into decimal text and drops what JSON cannot hold', () => {
    expect(toJson({ n: 2n ** 70n, f: () => 1 })).toEqual({ n: '1180591620717411303424' });
    expect(toJson(undefined)).toBeNull();
  });
});
