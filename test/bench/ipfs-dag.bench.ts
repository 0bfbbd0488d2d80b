// The IPFS DAG of a published ciphertext (the CID Kubo's `ipfs add --cid-version=1` gives, and the CAR
// to pin), on a 1 GiB file: Sahel's writeIpfsDag against the sum of its parts in the same run — a
// streamed sha256 of the same file (every byte is hashed once as a raw leaf) and `cp` of it (the CAR is
// the file's bytes written again, plus a few KiB of nodes) — and Sahel's peak RSS, which must not grow
// with the file (it streams).
//
// Sahel's side runs in a child process on an esbuild bundle of ipfs-dag.ts (packages external), so its
// peak RSS is Sahel's and not the tsx loader's.
//
// Usage: node --import tsx test/bench/ipfs-dag.bench.ts [--size-mib 1024] [--write]
//        (runs below 1024 MiB only print, unless --write)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { intArg } from './support/args.js';
import { machineLine, writeSection } from './support/report.js';

const MIB = 1024 * 1024;
const SRC = fileURLToPath(new URL('../../src-main/market/publish/ipfs-dag.ts', import.meta.url));
// Beside node_modules, so the bundle's external packages resolve.
const BUNDLE_DIR = fileURLToPath(new URL('../../dist/bench/', import.meta.url));

// The children: each reports its wall time and peak RSS.
const RSS = `/VmHWM:\\s+(\\d+) kB/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'))?.[1]`;
const DAG_CHILD = `
const [bundle, src, car] = process.argv.slice(1);
const { writeIpfsDag } = await import(bundle);
const start = process.hrtime.bigint();
const { cid } = await writeIpfsDag(src, car);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ seconds, rssKiB: Number(${RSS}), cid }));
`;
const SHA_CHILD = `
const { createHash } = await import('node:crypto');
const { createReadStream } = await import('node:fs');
const start = process.hrtime.bigint();
const h = createHash('sha256');
for await (const c of createReadStream(process.argv[1], { highWaterMark: 262144 })) h.update(c);
h.digest();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ seconds, rssKiB: Number(${RSS}) }));
`;

interface Run {
  seconds: number;
  rssKiB: number;
  cid?: string;
}

function child(code: string, args: string[]): Run {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Run;
}

function cp(src: string, dst: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('/bin/cp', [src, dst]);
  if (r.status !== 0) throw new Error(String(r.stderr));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const sizeMib = intArg('--size-mib', 1024);
const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-ipfs-'));
try {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const bundle = join(BUNDLE_DIR, 'ipfs-dag.mjs');
  await build({
    entryPoints: [SRC],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
  const src = join(dir, 'blob.age');
  const fd = openSync(src, 'w');
  for (let i = 0; i < sizeMib; i++) writeSync(fd, randomBytes(MIB));
  closeSync(fd);

  const sha = child(SHA_CHILD, [src]);
  const copy = cp(src, join(dir, 'copy'));
  rmSync(join(dir, 'copy'));
  const dag = child(DAG_CHILD, [bundle, src, join(dir, 'blob.car')]);
  const parts = sha.seconds + copy;
  const line = (name: string, s: number, rss: string) => `| ${name} | ${s.toFixed(2)} s | ${rss} |`;
  const md = `### IPFS DAG of a published ciphertext (CID and CAR)

${machineLine()}. \`node --import tsx test/bench/ipfs-dag.bench.ts --size-mib ${sizeMib}\`: a ${sizeMib} MiB file of
random bytes (a ciphertext is), on the same disk; each side in its own process.

| ${sizeMib} MiB | time | peak RSS |
| --- | --- | --- |
${line('writeIpfsDag (CIDv1 as Kubo, CAR written)', dag.seconds, `${Math.round(dag.rssKiB / 1024)} MiB`)}
${line('peer: streamed sha256 of the file (node:crypto)', sha.seconds, `${Math.round(sha.rssKiB / 1024)} MiB`)}
${line('peer: cp of the file', copy, '—')}
| sum of the parts | ${parts.toFixed(2)} s | — |

writeIpfsDag took ${(dag.seconds / parts).toFixed(2)}× the sum of its parts (root ${dag.cid}).`;
  console.log(md);
  if (sizeMib >= 1024 || process.argv.includes('--write')) writeSection('ipfs-dag', md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
