import { pbkdf2Sync, scrypt } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';

export interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

/**
 * scrypt (RFC 7914) for keystores. node:crypto (OpenSSL) does the work on libuv's thread pool, but
 * OpenSSL refuses n ≥ 2^(16·r), which RFC 7914 asks for and go-ethereum never checked: the Web3
 * keystore test vector itself uses n = 2^18 with r = 1. Those files go through the implementation
 * below, which yields to the event loop every few milliseconds of work so the process stays responsive.
 *
 * Why not @noble/hashes' scryptAsync for those (it computes the same keys; the unit test checks ours
 * against it): its "asyncTick" awaits an empty async function, a microtask, so timers, sockets and
 * IPC still wait for the whole derivation — on the Web3 vector's parameters that is seconds with the
 * owner process frozen (the unit test's 1 ms timer never fires under it). Running it in a worker
 * thread instead would need a worker bundle of its own; this loop yields to macrotasks with 150 lines.
 */
export function scryptKey(
  password: Buffer,
  salt: Buffer,
  dklen: number,
  { n, r, p }: ScryptParams,
): Promise<Buffer> {
  if (16 * r >= 53 || n < 2 ** (16 * r)) {
    return new Promise((resolve, reject) => {
      // maxmem must exceed 128·n·r (plus OpenSSL's own blocks), or node refuses.
      scrypt(password, salt, dklen, { N: n, r, p, maxmem: 2 * 128 * n * r + 32 * 1024 * 1024 }, (err, key) =>
        err ? reject(err) : resolve(key),
      );
    });
  }
  return scryptCooperative(password, salt, dklen, { n, r, p });
}

/** Block mixes between yields, per unit of r: about 8,000 Salsa20/8 cores, a few milliseconds. */
const YIELD_WORK = 4096;

export async function scryptCooperative(
  password: Buffer,
  salt: Buffer,
  dklen: number,
  { n, r, p }: ScryptParams,
): Promise<Buffer> {
  const words = 32 * r;
  const b = pbkdf2Sync(password, salt, 1, p * 128 * r, 'sha256');
  const b32 = new Uint32Array(p * words);
  for (let i = 0; i < b32.length; i++) b32[i] = b.readUInt32LE(i * 4);
  const v = new Uint32Array(words * n);
  const x = new Uint32Array(words);
  const y = new Uint32Array(words);
  const t = new Uint32Array(16);
  const every = Math.max(1, Math.floor(YIELD_WORK / r));
  for (let block = 0; block < p; block++) {
    x.set(b32.subarray(block * words, (block + 1) * words));
    for (let i = 0; i < n; i++) {
      v.set(x, i * words);
      blockMix(x, y, r, t);
      if (i % every === every - 1) await tick();
    }
    for (let i = 0; i < n; i++) {
      // Integerify: the first word of the last 64-byte block; n ≤ 2^32, so its low 32 bits suffice.
      const k = (x[(2 * r - 1) * 16]! & (n - 1)) * words;
      for (let w = 0; w < words; w++) x[w]! ^= v[k + w]!;
      blockMix(x, y, r, t);
      if (i % every === every - 1) await tick();
    }
    b32.set(x, block * words);
  }
  v.fill(0);
  for (let i = 0; i < b32.length; i++) b.writeUInt32LE(b32[i]!, i * 4);
  b32.fill(0);
  const out = pbkdf2Sync(password, b, 1, dklen, 'sha256');
  b.fill(0);
  return out;
}

/** BlockMix with Salsa20/8 over 2·r 64-byte blocks, in place (y is scratch). */
function blockMix(b: Uint32Array, y: Uint32Array, r: number, t: Uint32Array): void {
  t.set(b.subarray((2 * r - 1) * 16, 2 * r * 16));
  for (let i = 0; i < 2 * r; i++) {
    for (let w = 0; w < 16; w++) t[w]! ^= b[i * 16 + w]!;
    salsa8(t);
    // Even blocks go to the first half, odd ones to the second.
    y.set(t, ((i & 1) * r + (i >> 1)) * 16);
  }
  b.set(y);
}

const R = (a: number, k: number) => (a << k) | (a >>> (32 - k));

function salsa8(s: Uint32Array): void {
  let x0 = s[0]!,
    x1 = s[1]!,
    x2 = s[2]!,
    x3 = s[3]!,
    x4 = s[4]!,
    x5 = s[5]!,
    x6 = s[6]!,
    x7 = s[7]!;
  let x8 = s[8]!,
    x9 = s[9]!,
    x10 = s[10]!,
    x11 = s[11]!,
    x12 = s[12]!,
    x13 = s[13]!,
    x14 = s[14]!,
    x15 = s[15]!;
  for (let i = 0; i < 8; i += 2) {
    // Column round, then row round (Salsa20's quarter-rounds, RFC 7914 section 3).
    x4 ^= R(x0 + x12, 7);
    x8 ^= R(x4 + x0, 9);
    x12 ^= R(x8 + x4, 13);
    x0 ^= R(x12 + x8, 18);
    x9 ^= R(x5 + x1, 7);
    x13 ^= R(x9 + x5, 9);
    x1 ^= R(x13 + x9, 13);
    x5 ^= R(x1 + x13, 18);
    x14 ^= R(x10 + x6, 7);
    x2 ^= R(x14 + x10, 9);
    x6 ^= R(x2 + x14, 13);
    x10 ^= R(x6 + x2, 18);
    x3 ^= R(x15 + x11, 7);
    x7 ^= R(x3 + x15, 9);
    x11 ^= R(x7 + x3, 13);
    x15 ^= R(x11 + x7, 18);
    x1 ^= R(x0 + x3, 7);
    x2 ^= R(x1 + x0, 9);
    x3 ^= R(x2 + x1, 13);
    x0 ^= R(x3 + x2, 18);
    x6 ^= R(x5 + x4, 7);
    x7 ^= R(x6 + x5, 9);
    x4 ^= R(x7 + x6, 13);
    x5 ^= R(x4 + x7, 18);
    x11 ^= R(x10 + x9, 7);
    x8 ^= R(x11 + x10, 9);
    x9 ^= R(x8 + x11, 13);
    x10 ^= R(x9 + x8, 18);
    x12 ^= R(x15 + x14, 7);
    x13 ^= R(x12 + x15, 9);
    x14 ^= R(x13 + x12, 13);
    x15 ^= R(x14 + x13, 18);
  }
  s[0]! += x0;
  s[1]! += x1;
  s[2]! += x2;
  s[3]! += x3;
  s[4]! += x4;
  s[5]! += x5;
  s[6]! += x6;
  s[7]! += x7;
  s[8]! += x8;
  s[9]! += x9;
  s[10]! += x10;
  s[11]! += x11;
  s[12]! += x12;
  s[13]! += x13;
  s[14]! += x14;
  s[15]! += x15;
}
