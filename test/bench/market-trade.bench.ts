// A purchase on the user's path, from `sahel market buy` until the asset is readable in the buyer's
// vault: two owners (seller and buyer, two data dirs, two `sahel serve`) on one stand-alone devnet;
// the seller's owner delivers and the buyer's imports in the background, with no further command.
// Beside it, in the same run and interleaved, the sum of its parts: approve + buy and deliverKey sent
// with bare viem to the same devnet, Debian's `age -d` of a file of the same size and `sha256sum` of
// the plaintext. Also the buyer owner's peak RSS over the purchase (VmHWM, reset before each).
//
// Usage: node scripts/build.mjs && npm run bench -- market-trade
//        (or node --import tsx test/bench/market-trade.bench.ts [--runs 5] [--big-runs 2] [--big-mib 1024]
//        [--write]). Writes docs/PERFORMANCE.md only with --big-mib 1024 (the default) or --write.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intArg } from './support/args.js';
import { type BareTrade, bareTrade } from './support/bare-trade.js';
import {
  type DevnetRun,
  type Owner,
  startOwner,
  startStandaloneDevnet,
  stopDevnet,
} from './support/market-owners.js';
import { type Run, tradeReport } from './support/market-trade-report.js';
import { procKiB, randomFile, resetPeakRss, sha256File, timed } from './support/proc.js';
import { writeSection } from './support/report.js';

/**
 * How long the poll waits between two `sahel market licenses --json`: each is a Node process that the
 * owner answers, on a 2-core machine, so a 1 GiB import polled every 50 ms would pay for its own
 * stopwatch; its share of the error is measured (seen − the row's time) and reported.
 */
const pollMs = (sizeMiB: number) => (sizeMiB >= 64 ? 500 : 50);
const smallRuns = intArg('--runs', 5);
const bigRuns = intArg('--big-runs', 2);
const bigMiB = intArg('--big-mib', 1024);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The moment a licence row of the buyer's database was last written (the receiver's own clock). */
function receivedAt(dataDir: string, licenseId: string): number {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `const D=require('better-sqlite3');const d=new D(process.argv[1],{readonly:true});` +
        `process.stdout.write(d.prepare('SELECT updated_at FROM market_licenses WHERE license_id=?').pluck().get(process.argv[2]))`,
      join(dataDir, 'sahel.db'),
      licenseId,
    ],
    { encoding: 'utf8' },
  );
  return Date.parse(out);
}

/** Birth and last-write times of a file (ms since the epoch). */
function lifeOf(path: string): { born: number; written: number } {
  const st = statSync(path);
  return { born: st.birthtimeMs, written: st.mtimeMs };
}

/** The newest blob of a vault (the one an import just committed; renamed from its temp file whole). */
function newestBlob(dataDir: string): string {
  const blobs = join(dataDir, 'vault', 'blobs');
  return readdirSync(blobs)
    .map((f) => join(blobs, f))
    .reduce((a, b) => (statSync(a).birthtimeMs >= statSync(b).birthtimeMs ? a : b));
}

interface Trade {
  offerId: string;
  /** The plaintext's sha256 (hex) and the ciphertext's, as the metadata names it. */
  want: string;
  cipherSha: string;
}

async function viaSahel(seller: Owner, buyer: Owner, t: Trade, dir: string, poll: number) {
  const { offerId, want } = t;
  const rssMiB = procKiB(buyer.served.pid, 'VmRSS') / 1024;
  resetPeakRss(buyer.served.pid);
  const t0 = Date.now();
  const { licenseId } = JSON.parse(
    await buyer.sahel(['--json', 'market', 'buy', offerId, '--max-price', '1', '--yes']),
  ) as { licenseId: string };
  const tBought = Date.now();
  let polls = 0;
  let itemId: string | null = null;
  while (!itemId) {
    const { licenses } = JSON.parse(await buyer.sahel(['--json', 'market', 'licenses'])) as {
      licenses: { licenseId: string; state: string; itemId: string | null; reason: string | null }[];
    };
    polls += 1;
    const lic = licenses.find((l) => l.licenseId === licenseId);
    if (lic?.state === 'failed') throw new Error(`licence ${licenseId} failed: ${lic.reason}`);
    if (lic?.state === 'received') itemId = lic.itemId;
    else if (Date.now() - t0 > 600_000) throw new Error(`licence ${licenseId} not received in 10 min`);
    else await sleep(poll);
  }
  const tSeen = Date.now();
  const peakMiB = procKiB(buyer.served.pid, 'VmHWM') / 1024;
  const { sales } = JSON.parse(await seller.sahel(['--json', 'market', 'sales'])) as {
    sales: { licenseId: string; state: string; updatedAt: string }[];
  };
  const sale = sales.find((s) => s.licenseId === licenseId && s.state === 'delivered');
  if (!sale) throw new Error(`the seller has no delivered sale for licence ${licenseId}`);
  const download = lifeOf(join(buyer.dataDir, 'market', 'downloads', t.cipherSha));
  const blob = lifeOf(newestBlob(buyer.dataDir));
  const out = join(dir, 'received.bin');
  await buyer.sahel(['vault', 'get', itemId, '-o', out]);
  if ((await sha256File(out)) !== want) throw new Error('the vault item is not the original');
  rmSync(out);
  await buyer.sahel(['vault', 'rm', itemId, '--yes']);
  const s = (t: number) => (t - t0) / 1000;
  return {
    buyCmd: s(tBought),
    delivered: s(Date.parse(sale.updatedAt)),
    dlStart: s(download.born),
    dlEnd: s(download.written),
    sealStart: s(blob.born),
    sealEnd: s(blob.written),
    imported: s(receivedAt(buyer.dataDir, licenseId)),
    seen: s(tSeen),
    polls,
    rssMiB,
    peakMiB,
  };
}

async function viaParts(bare: BareTrade, dir: string, want: string, plain: string, ciphertextUrl: string) {
  const { approveBuy, deliverKey } = await bare.buyAndDeliver();
  const x = join(dir, 'x.age');
  const y = join(dir, 'y.bin');
  const ageEnc = (await timed('age', ['-r', bare.ageRecipient, '-o', x, plain])).seconds;
  const ageDec = (await timed('age', ['-d', '-i', bare.ageKeyFile, '-o', y, x])).seconds;
  const sum = await timed('sha256sum', [y]);
  if (!sum.stdout.startsWith(want)) throw new Error('age did not give back the original');
  const download = (await timed('curl', ['-sf', '-o', join(dir, 'dl.age'), ciphertextUrl])).seconds;
  for (const f of [x, y, join(dir, 'dl.age')]) rmSync(f);
  return { approveBuy, deliverKey, ageDec, sha256sum: sum.seconds, ageEnc, download };
}

async function runs(sizeMiB: number, count: number, ctx: Ctx): Promise<Run[]> {
  const { dir, seller, buyer, bare } = ctx;
  const out: Run[] = [];
  for (let i = 0; i < count; i++) {
    // Fresh bytes each time, so nothing a buyer downloaded before is reused. Not timed: the seller adds
    // and publishes, and the bare seller registers and offers its own asset.
    const plain = join(dir, 'plain.bin');
    randomFile(plain, sizeMiB);
    const want = await sha256File(plain);
    const added = JSON.parse(await seller.sahel(['--json', 'vault', 'add', plain])) as {
      items: { id: string }[];
    };
    const title = `bench ${sizeMiB} MiB #${i + 1}`;
    const published = JSON.parse(
      await seller.sahel(
        ['--json', 'market', 'publish', added.items[0]!.id, '--price', '1'].concat([
          '--title',
          title,
          '--yes',
        ]),
      ),
    ) as { assetId: string; offerId: string };
    const page = JSON.parse(await seller.sahel(['--json', 'market', 'show', published.assetId])) as {
      ciphertext: { sha256: string; locations: { kind: string; where: string }[] };
    };
    const peer = page.ciphertext.locations.find((l) => l.kind === 'peer')!.where.replace(/\/+$/, '');
    const cipherSha = page.ciphertext.sha256.replace(/^0x/, '');
    const url = `${peer}/market/blobs/${cipherSha}`;
    await bare.offer();
    // Who goes first alternates (a VM's page cache and memory favour whoever comes second).
    const parts = i % 2 === 1 ? await viaParts(bare, dir, want, plain, url) : undefined;
    const sahel = await viaSahel(
      seller,
      buyer,
      { offerId: published.offerId, want, cipherSha },
      dir,
      pollMs(sizeMiB),
    );
    const run = { ...sahel, ...(parts ?? (await viaParts(bare, dir, want, plain, url))) };
    rmSync(plain);
    out.push(run);
    const f = (x: number) => x.toFixed(2);
    console.log(
      `${sizeMiB} MiB run ${i + 1}: buy→readable ${f(run.seen)} s (buy ${f(run.buyCmd)}, delivered ${f(run.delivered)}, ` +
        `download ${f(run.dlStart)}–${f(run.dlEnd)}, seal ${f(run.sealStart)}–${f(run.sealEnd)}, imported ${f(run.imported)}, ` +
        `${run.polls} polls, RSS ${run.rssMiB.toFixed(0)} → peak ${run.peakMiB.toFixed(0)} MiB); parts: ` +
        `approve+buy ${f(run.approveBuy)}, deliverKey ${f(run.deliverKey)}, age -d ${f(run.ageDec)}, ` +
        `sha256sum ${f(run.sha256sum)} (age -e ${f(run.ageEnc)}, curl ${f(run.download)})`,
    );
  }
  return out;
}

interface Ctx {
  dir: string;
  seller: Owner;
  buyer: Owner;
  bare: BareTrade;
}

const dir = mkdtempSync(join(tmpdir(), 'sahel-market-trade-bench-'));
let devnet: DevnetRun | undefined;
const owners: Owner[] = [];
try {
  const t0 = Date.now();
  devnet = await startStandaloneDevnet(dir);
  owners.push(await startOwner(dir, 'seller', devnet), await startOwner(dir, 'buyer', devnet));
  const [seller, buyer] = owners as [Owner, Owner];
  const bare = await bareTrade(devnet, dir, smallRuns + bigRuns);
  const ctx = { dir, seller, buyer, bare };
  console.log(`market-trade bench: owners up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const small = await runs(1, smallRuns, ctx);
  const big = await runs(bigMiB, bigRuns, ctx);
  const md = tradeReport(small, big, { bigMiB, pollMs: [pollMs(1), pollMs(bigMiB)] });
  console.log(md);
  if (bigMiB >= 1024 || process.argv.includes('--write')) writeSection('market-trade', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write or use the full 1024 MiB)');
} finally {
  for (const o of owners.reverse()) await o.served.stop();
  if (devnet) await stopDevnet(devnet);
  rmSync(dir, { recursive: true, force: true });
}
