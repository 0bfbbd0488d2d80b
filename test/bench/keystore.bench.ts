// Keystore KDF cost: Sahel's cooperative scrypt (used only where OpenSSL refuses the parameters, as in
// the Web3 test vector's n = 2^18, r = 1) against node:crypto's OpenSSL scrypt on parameters both
// take, in the same run; the longest event-loop stall while each runs; and a whole keystore import
// of the Web3 scrypt vector and an export at the default cost.
//
// Usage: node --import tsx test/bench/keystore.bench.ts [--runs 3] [--write]
import { randomBytes, scrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { decryptKeystore, EXPORT_SCRYPT, encryptKeystore } from '../../src-main/wallet/keystore.js';
import { type ScryptParams, scryptCooperative } from '../../src-main/wallet/scrypt.js';
import { machineLine, writeSection } from './support/report.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const write = process.argv.includes('--write');

/** Median wall time of `runs` calls, and the longest gap between 1 ms timer ticks meanwhile. */
async function measure(fn: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  const times: number[] = [];
  let stall = 0;
  for (let i = 0; i < runs; i++) {
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      stall = Math.max(stall, now - last);
      last = now;
    }, 1);
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
    clearInterval(timer);
    stall = Math.max(stall, performance.now() - last);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, stallMs: stall };
}

const openssl = (p: ScryptParams) => () =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt('pw', randomBytes(32), 32, { N: p.n, r: p.r, p: p.p, maxmem: 512 << 20 }, (e, k) =>
      e ? reject(e) : resolve(k),
    ),
  );
const ours = (p: ScryptParams) => () => scryptCooperative(Buffer.from('pw'), randomBytes(32), 32, p);

const shared = { n: 2 ** 14, r: 8, p: 1 };
const rows: string[][] = [];
for (const [label, fn] of [
  ['scrypt n=2^14 r=8 p=1, OpenSSL (node:crypto)', openssl(shared)],
  ['scrypt n=2^14 r=8 p=1, Sahel cooperative', ours(shared)],
  ['scrypt n=2^17 r=8 p=1 (export default), OpenSSL', openssl(EXPORT_SCRYPT)],
] as const) {
  const m = await measure(fn);
  rows.push([label, m.ms.toFixed(0), m.stallMs.toFixed(0)]);
}
const vectors = JSON.parse(readFileSync('test/fixtures/keystore/v3_test_vector.json', 'utf8'));
const scryptVector = JSON.stringify(vectors.wikipage_test_vector_scrypt.json);
const pbkdf2Vector = JSON.stringify(vectors.wikipage_test_vector_pbkdf2.json);
const key = `0x${vectors.wikipage_test_vector_scrypt.priv}` as const;
for (const [label, fn] of [
  [
    'import: Web3 scrypt vector (n=2^18 r=1 p=8, cooperative)',
    () => decryptKeystore(scryptVector, 'testpassword'),
  ],
  ['import: Web3 PBKDF2 vector (c=2^18)', () => decryptKeystore(pbkdf2Vector, 'testpassword')],
  ['export at the default cost', () => encryptKeystore(key, 'pw')],
] as const) {
  const m = await measure(fn);
  rows.push([label, m.ms.toFixed(0), m.stallMs.toFixed(0)]);
}

const table = [
  '| what | median ms | longest event-loop stall ms |',
  '| --- | ---: | ---: |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const section = `### Keystore KDFs\n\n${machineLine()}, load average ${loadavg()[0]!.toFixed(1)}, ${runs} runs each.\n\n${table}\n\nOpenSSL runs on libuv's thread pool; Sahel's own scrypt runs on the main thread but yields after about 8,000 Salsa20/8 cores, which bounds the stall. It is used only for files whose parameters OpenSSL refuses (n ≥ 2^(16·r)).`;
console.log(section);
if (write) writeSection('keystore', section);
