// A purchase on the user's path, from `sahel market buy` until the asset is readable in the buyer's
// vault: two owners (seller and buyer, two data dirs, two `sahel serve`) on one stand-alone devnet;
// the seller's owner delivers and the buyer's imports in the background, with no further command.
// Beside it, in the same run and interleaved, the sum of its parts: approve + buy and deliverKey sent
// with bare viem to the same devnet, Debian's `age -d` of a file of the same size and `sha256sum` of
// the plaintext. Also the buyer owner's peak RSS over the purchase (VmHWM, reset before each).
//
// Usage: node scripts/build.mjs && npm run bench -- market-trade
//        (or node --import tsx test/bench/market-trade.bench.ts [--runs 5] [--big-runs 1] [--big-mib 1024]
//        [--write]). Writes docs/PERFORMANCE.md only with --big-mib 1024 (the default) or --write.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intArg } from './support/args.js';
import { median } from './support/bare-llama.js';
import { type BareTrade, bareTrade } from './support/bare-trade.js';
import {
  type DevnetRun,
  type Owner,
  startOwner,
  startStandaloneDevnet,
  stopDevnet,
} from './support/market-owners.js';
import { procKiB, randomFile, resetPeakRss, sha256File, timed } from './support/proc.js';
import { machineLine, writeSection } from './support/report.js';

const POLL_MS = 50;
const smallRuns = intArg('--runs', 5);
const bigRuns = intArg('--big-runs', 1);
const bigMiB = intArg('--big-mib', 1024);

interface Run {
  /** `sahel market buy` started → it exited (approve + buy confirmed through the pipeline). */
  buyCmd: number;
  /** → the seller's sales row said delivered (its deliverKey confirmed), from the row's own time. */
  delivered: number;
  /** → the buyer's download began and ended (its file's birth and modification times). */
  dlStart: number;
  dlEnd: number;
  /** → the buyer's vault blob was created and last written (the import's encryption pass). */
  sealStart: number;
  sealEnd: number;
  /** → the buyer's licence row said received (the vault import done), from the row's own time. */
  imported: number;
  /** → the poll of `sahel market licenses --json` saw it received: the figure. */
  seen: number;
  polls: number;
  rssMiB: number;
  peakMiB: number;
  /** The parts: bare viem, age, sha256sum; `download` (curl of the peer blob) is for reference. */
  approveBuy: number;
  deliverKey: number;
  ageDec: number;
  sha256sum: number;
  ageEnc: number;
  download: number;
}

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

async function viaSahel(seller: Owner, buyer: Owner, t: Trade, dir: string) {
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
    else await sleep(POLL_MS);
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
    const sahel = await viaSahel(seller, buyer, { offerId: published.offerId, want, cipherSha }, dir);
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
  const md = report(small, big);
  console.log(md);
  if (bigMiB >= 1024 || process.argv.includes('--write')) writeSection('market-trade', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write or use the full 1024 MiB)');
} finally {
  for (const o of owners.reverse()) await o.served.stop();
  if (devnet) await stopDevnet(devnet);
  rmSync(dir, { recursive: true, force: true });
}

function report(small: Run[], big: Run[]): string {
  const m = (rs: Run[], k: keyof Run) => median(rs.map((r) => r[k]));
  const parts = (rs: Run[]) => median(rs.map((r) => r.approveBuy + r.deliverKey + r.ageDec + r.sha256sum));
  const s = (x: number) => `${x.toFixed(2)} s`;
  const row = (label: string, f: (rs: Run[]) => string) => `| ${label} | ${f(small)} | ${f(big)} |`;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' / ');
  return [
    `### Buy → asset readable in the buyer's vault (two owners, one devnet)`,
    '',
    `Measured ${machineLine()}; 1 MiB: median of ${small.length} runs, ${bigMiB} MiB: median of ${big.length}; ` +
      `load average at the end ${load} (shared machine).`,
    '',
    `| Step | 1 MiB | ${bigMiB} MiB |`,
    '| --- | ---: | ---: |',
    row('Sahel: `sahel market buy <offer> --yes --json` exits (approve + buy confirmed)', (rs) =>
      s(m(rs, 'buyCmd')),
    ),
    row("… the seller's owner has delivered (deliverKey confirmed; its sales row's time)", (rs) =>
      s(m(rs, 'delivered')),
    ),
    row("… the buyer's owner begins the download (the file's birth time)", (rs) => s(m(rs, 'dlStart'))),
    row('… the download is done (its last write)', (rs) => s(m(rs, 'dlEnd'))),
    row('… the checks are done and the vault blob begins (its birth time)', (rs) => s(m(rs, 'sealStart'))),
    row('… the vault blob is written (its last write)', (rs) => s(m(rs, 'sealEnd'))),
    row("… the buyer's owner has imported it (its licence row's time)", (rs) => s(m(rs, 'imported'))),
    row('**Sahel: buy → readable** (seen by the poll)', (rs) => `**${s(m(rs, 'seen'))}**`),
    row('parts: approve + buy, bare viem', (rs) => s(m(rs, 'approveBuy'))),
    row('parts: deliverKey, bare viem', (rs) => s(m(rs, 'deliverKey'))),
    row('parts: `age -d` (Debian)', (rs) => s(m(rs, 'ageDec'))),
    row('parts: `sha256sum` of the plaintext', (rs) => s(m(rs, 'sha256sum'))),
    row('**sum of the parts**', (rs) => `**${s(parts(rs))}**`),
    row('**Sahel / sum of the parts**', (rs) => `**${(m(rs, 'seen') / parts(rs)).toFixed(1)}×**`),
    row(
      "buyer owner's peak RSS over the purchase (VmHWM, reset before)",
      (rs) => `${m(rs, 'peakMiB').toFixed(0)} MiB`,
    ),
    row('for reference, not in the sum: `curl` of the ciphertext from the peer listener', (rs) =>
      s(m(rs, 'download')),
    ),
    row('for reference, not in the sum: `age -e` (the seller publishing)', (rs) => s(m(rs, 'ageEnc'))),
  ].join('\n');
}
