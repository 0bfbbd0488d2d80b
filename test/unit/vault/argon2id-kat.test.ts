import { describe, expect, it } from 'vitest';
import { argon2id } from '../../../src-main/vault/worker/client.js';

// Known answers from libsodium's own test suite (test/default/pwhash_argon2id.c, tv(), cases 4 and
// 6, with the outputs of pwhash_argon2id.exp), run through Sahel's worker-thread path.
const hex = (s: string) => Buffer.from(s, 'hex');
const VECTORS = [
  {
    passwd: hex(
      '4a857e2ee8aa9b6056f2424e84d24a72473378906ee04a46cb05311502d5250b82ad86b83c8f20a23dbb74f6da60b0b6ecffd67134d45946ac8ebfb3064294bc097d43ced68642bfb8bbbdd0f50b30118f5e',
    ).subarray(0, 82),
    salt: hex('39d82eef32010b8b79cc5ba88ed539fbaba741100f2edbeca7cc171ffeabf258').subarray(0, 16),
    outlen: 190,
    ops: 3,
    mem: 1432947,
    expected:
      '08d8cd330c57e1b4643241d05bb468ba4ee4e932cd0858816be9ef15360b27bbd06a87130ee92222be267a29b81f5ae8fe8613324cfc4832dc49387fd0602f1c57b4d0f3855db94fb7e12eb05f9a484aed4a4307abf586cd3d55c809bc081541e00b682772fb2066504ff935b8ebc551a2083882f874bc0fae68e56848ae34c91097c3bf0cca8e75c0797eef3efde3f75e005815018db3cf7c109a812264c4de69dcb22322dbbcfa447f5b00ecd1b04a7be1569c8e556adb7bba48adf81d',
  },
  {
    passwd: hex('b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b').subarray(0, 34),
    salt: hex('44071f6d181561670bda728d43fb79b443bb805afdebaf98622b5165e01b15fb').subarray(0, 16),
    outlen: 231,
    ops: 1,
    mem: 1631659,
    expected:
      '7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe973f5b5fee683bd3fce812cb9ae5e9921a2d06c2f1905e4e839692f2b934b682f11a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f84472bd7104fedce071ffa93c5309494ad51623d214447a7b2b1462dc7d5d55a1f6fd5b54ce024118d86f0c6489d16545aaa87b6689dad9f2fb47fda9894f8e12b87d978b483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e3788d473441d884f9748eb14703c21b45d82fd667b85f5b2d98c13303b3fe76285531a826b6fc0fe8e3dddecf',
  },
];

describe('Argon2id known answers (libsodium vectors)', () => {
  it.each(VECTORS.map((v, i) => [i, v] as const))('vector %i', async (_i, v) => {
    const key = await argon2id(v.passwd, v.salt, v.ops, v.mem, v.outlen);
    expect(Buffer.from(key).toString('hex')).toBe(v.expected);
  });

  it('refuses parameters libsodium refuses, with an error rather than a key', async () => {
    await expect(argon2id(Buffer.from('password'), Buffer.alloc(16), 3, 1024)).rejects.toThrow();
  });
});
