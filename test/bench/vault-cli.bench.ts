// The vault on the user's path: `sahel vault add <file>` and `sahel vault get <id> -o out` (the CLI
// started afresh each time, against a running `sahel serve` from the bundle, its vault unlocked)
// beside Debian's `age -r … -o x file` and `age -d -i key -o out x` of the same file, in the same
// run, interleaved. Also serve's RSS growth during each import, sampled from /proc/<pid>/status.
//
// Usage: node scripts/build.mjs && npm run bench -- vault-cli
//        (or node --import tsx test/bench/vault-cli.bench.ts [--size-mib 1024] [--runs 5] [--write])
//        Writes docs/PERFORMANCE.md only at 1024 MiB or with --write.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatIdentityFile, generateIdentity } from '../../src-main/vault/age/index.js';
import { ROOT, startServe } from '../support/sahel-process.js';
import { wsConnect } from '../support/ws-client.js';
import { intArg } from './support/args.js';
import { median } from './support/bare-llama.js';
import { procKiB, sha256File, timed } from './support/proc.js';
import { machineLine, writeSection } from './support/report.js';

const MIB = 1024 * 1024;
const AGE = '/usr/bin/age';
const BIN = join(ROOT, 'bin', 'sahel.js');
const PASS = 'a long enough benchmark passphrase';

/** Samples a process's RSS every 10 ms while `work` runs; returns the peak above the first sample. */
async function rssGrowth<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; growthKiB: number }> {
  const base = procKiB(pid, 'VmRSS');
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, procKiB(pid, 'VmRSS'));
  }, 10);
  try {
    const value = await work();
    peak = Math.max(peak, procKiB(pid, 'VmRSS'));
    return { value, growthKiB: peak - base };
  } finally {
    clearInterval(timer);
  }
}

const sizeMiB = intArg('--size-mib', 1024);
const runs = intArg('--runs', 5);
const size = sizeMiB * MIB;
const dir = mkdtempSync(join(tmpdir(), 'sahel-vault-cli-bench-'));
const dataDir = join(dir, 'data');
const served = await startServe(dataDir);
try {
  const ws = await wsConnect(served);
  await ws.api.vault.create({ passphrase: PASS });
  ws.close();

  const src = join(dir, 'plain.bin');
  const fd = openSync(src, 'w');
  const block = randomBytes(MIB);
  for (let i = 0; i < sizeMiB; i++) writeSync(fd, block);
  closeSync(fd);
  const want = await sha256File(src);
  const id = generateIdentity();
  const keyFile = join(dir, 'key.txt');
  writeFileSync(keyFile, formatIdentityFile(id), { mode: 0o600 });
  const recipient = id.recipient().toString();
  const sahel = (...args: string[]) =>
    timed(process.execPath, [BIN, '--json', '--data-dir', dataDir, ...args]);

  const t = { add: [] as number[], get: [] as number[], ageEnc: [] as number[], ageDec: [] as number[] };
  const growth: number[] = [];
  console.log(`vault-cli bench: ${sizeMiB} MiB, ${runs} runs (medians), serve pid ${served.pid}`);
  for (let r = 0; r < runs; r++) {
    const out = join(dir, 'sahel.out');
    const runAge = async () => {
      t.ageEnc.push((await timed(AGE, ['-r', recipient, '-o', join(dir, 'x.age'), src])).seconds);
      t.ageDec.push(
        (await timed(AGE, ['-d', '-i', keyFile, '-o', join(dir, 'age.out'), join(dir, 'x.age')])).seconds,
      );
    };
    // Who goes first alternates: on a VM, memory the host took back while idle costs the next writer
    // to refill (docs/PERFORMANCE.md), which would otherwise always be the same side.
    if (r % 2 === 1) await runAge();
    const add = await rssGrowth(served.pid, () => sahel('vault', 'add', src));
    const itemId = (JSON.parse(add.value.stdout) as { items: { id: string }[] }).items[0]?.id;
    if (!itemId) throw new Error(`vault add printed no item: ${add.value.stdout}`);
    t.add.push(add.value.seconds);
    growth.push(add.growthKiB);
    t.get.push((await sahel('vault', 'get', itemId, '-o', out, '--force')).seconds);
    if (r % 2 === 0) await runAge();
    const [h1, h2] = await Promise.all([sha256File(out), sha256File(join(dir, 'age.out'))]);
    if (h1 !== want || h2 !== want) throw new Error('a round trip did not reproduce the input');
    await sahel('vault', 'rm', itemId, '--yes');
    for (const f of ['sahel.out', 'age.out', 'x.age']) rmSync(join(dir, f), { force: true });
    console.log(
      `run ${r + 1}: add ${add.value.seconds.toFixed(2)} s (RSS +${(add.growthKiB / 1024).toFixed(0)} MiB), ` +
        `get ${t.get.at(-1)?.toFixed(2)} s, age -r ${t.ageEnc.at(-1)?.toFixed(2)} s, age -d ${t.ageDec.at(-1)?.toFixed(2)} s`,
    );
  }
  const gbps = (xs: number[]) => size / 1e9 / median(xs);
  const f = (x: number) => x.toFixed(2);
  const encRatio = median(t.ageEnc) / median(t.add);
  const decRatio = median(t.ageDec) / median(t.get);
  const peakGrowth = Math.max(...growth) / 1024;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' / ');
  const md = [
    `### Vault on the CLI path (${sizeMiB} MiB file)`,
    '',
    `Measured ${machineLine()}; median of ${runs} interleaved runs (who goes first alternates); load average at the end ${load}.`,
    '',
    '| Path | Encrypt (s) | Encrypt GB/s | Decrypt (s) | Decrypt GB/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| Sahel: \`sahel vault add\` / \`sahel vault get -o\` against \`sahel serve\` | ${f(median(t.add))} | ${f(gbps(t.add))} | ${f(median(t.get))} | ${f(gbps(t.get))} |`,
    `| age CLI (Debian): \`age -r\` / \`age -d -i\` | ${f(median(t.ageEnc))} | ${f(gbps(t.ageEnc))} | ${f(median(t.ageDec))} | ${f(gbps(t.ageDec))} |`,
    `| Sahel / age (throughput) | ${f(encRatio)}× | | ${f(decRatio)}× | |`,
    '',
    `Target ≥ 1.0× age: encrypt ${encRatio >= 1 ? 'met' : 'NOT met'}, decrypt ${decRatio >= 1 ? 'met' : 'NOT met'}. ` +
      `Serve's RSS growth during an import (VmRSS sampled every 10 ms, peak minus the value before): ` +
      `${growth.map((g) => (g / 1024).toFixed(0)).join(', ')} MiB; worst ${peakGrowth.toFixed(0)} MiB ` +
      `(target < 64 MiB: ${peakGrowth < 64 ? 'met' : 'NOT met'}).`,
    '',
    "Sahel's times are the whole command: Node starting the CLI, the socket round trips, the serve's",
    'file worker sealing and hashing the plaintext in one pass into a temp file flushed as it grows,',
    'its fsync, the rename and the sealed row; on `get`, the blocks opened on the file worker into a temp file',
    'beside the output (flushed likewise), its fsync and the rename (no second hash: the blob is bound to',
    'its row by its header). age writes without fsync. Every output is checked by SHA-256 against the',
    'input; GB = 10^9 bytes.',
  ].join('\n');
  console.log(md);
  if (sizeMiB >= 1024 || process.argv.includes('--write')) writeSection('vault-cli', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write or use the full 1024 MiB)');
} finally {
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
}
