// The section of docs/PERFORMANCE.md that market-trade.bench.ts writes: the steps of a purchase on
// the owners' own clocks, the sum of its parts, and how the figure was taken.
import { readFileSync } from 'node:fs';
import { machineLine } from './report.js';

export interface Run {
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

/** The middle of the runs; with an even count, the mean of the two middle ones. */
function mid(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

const m = (rs: Run[], k: keyof Run) => mid(rs.map((r) => r[k]));
const parts = (rs: Run[]) => mid(rs.map((r) => r.approveBuy + r.deliverKey + r.ageDec + r.sha256sum));
const lag = (rs: Run[]) => mid(rs.map((r) => r.seen - r.imported));
const s = (x: number) => `${x.toFixed(2)} s`;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;

export function tradeReport(
  small: Run[],
  big: Run[],
  o: { bigMiB: number; pollMs: [number, number] },
): string {
  const row = (label: string, f: (rs: Run[]) => string) => `| ${label} | ${f(small)} | ${f(big)} |`;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' / ');
  const big$ = `${o.bigMiB} MiB`;
  return [
    "### Buy → asset readable in the buyer's vault (two owners, one devnet)",
    '',
    `Measured ${machineLine()}; 1 MiB: ${small.length} runs, ${big$}: ${big.length}; each row the middle of its runs, ` +
      `row by row (of two, their mean); load average at the end ${load}: a shared machine, so compare rows of one run only.`,
    '',
    `| Step (time since \`sahel market buy\` started) | 1 MiB | ${big$} |`,
    '| --- | ---: | ---: |',
    row('`sahel market buy <offer> --yes --json` exits (it waits until the item is in the vault)', (rs) =>
      s(m(rs, 'buyCmd')),
    ),
    row("the seller's owner has delivered (deliverKey confirmed; its sales row's time)", (rs) =>
      s(m(rs, 'delivered')),
    ),
    row("the buyer's owner begins the download (the file's birth time)", (rs) => s(m(rs, 'dlStart'))),
    row('the download is done (its last write)', (rs) => s(m(rs, 'dlEnd'))),
    row('the ciphertext is checked; the vault blob begins (its birth time)', (rs) => s(m(rs, 'sealStart'))),
    row('the vault blob is written (its last write)', (rs) => s(m(rs, 'sealEnd'))),
    row("the item is committed (the licence row's time)", (rs) => s(m(rs, 'imported'))),
    row('**Sahel: buy → readable** (seen by the poll)', (rs) => `**${s(m(rs, 'seen'))}**`),
    row('parts: approve + buy, bare viem', (rs) => s(m(rs, 'approveBuy'))),
    row('parts: deliverKey, bare viem', (rs) => s(m(rs, 'deliverKey'))),
    row('parts: `age -d` (Debian)', (rs) => s(m(rs, 'ageDec'))),
    row('parts: `sha256sum` of the plaintext', (rs) => s(m(rs, 'sha256sum'))),
    row('**sum of the parts**', (rs) => `**${s(parts(rs))}**`),
    row('**Sahel / sum of the parts**', (rs) => `**${(m(rs, 'seen') / parts(rs)).toFixed(1)}×**`),
    row(
      "buyer owner's RSS before → peak during the purchase (VmHWM, reset before)",
      (rs) => `${m(rs, 'rssMiB').toFixed(0)} → ${m(rs, 'peakMiB').toFixed(0)} MiB`,
    ),
    row('for reference, not in the sum: `curl` of the ciphertext from the peer listener', (rs) =>
      s(m(rs, 'download')),
    ),
    row('for reference, not in the sum: `age -e` (the seller publishing)', (rs) => s(m(rs, 'ageEnc'))),
    '',
    'Two `sahel serve` owners (seller and buyer, two data dirs) joined to one stand-alone `sahel devnet',
    'start` (anvil, automine). Not timed: the seller adds fresh random bytes to its vault and publishes them',
    '(`sahel market publish … --yes`, peer hosting). Timed: from the start of `sahel market buy` on the',
    "buyer until the item is readable in the buyer's vault, with no further command: the seller's owner",
    "delivers and the buyer's owner downloads, checks and imports in their background rounds. Afterwards",
    "(not timed) `sahel vault get` writes the item to a file whose sha256 must be the original's.",
    '',
    `Readable is detected by polling \`sahel market licenses --json\` (a CLI process each time) every ${o.pollMs[0]} ms`,
    `at 1 MiB and ${o.pollMs[1]} ms at ${big$} until the licence is \`received\`, which the receiver sets just`,
    "after the vault commits the item. The licence row's own time (read from the buyer's SQLite afterwards)",
    `is the exact moment: the poll saw it ${s(lag(small))} later at 1 MiB (${pct(lag(small), m(small, 'seen'))} of the`,
    `figure) and ${s(lag(big))} later at ${big$} (${pct(lag(big), m(big, 'seen'))}). The other rows come from the owners' own`,
    "clocks: the seller's sales row, and the birth and last-write times of the buyer's download and vault blob.",
    '',
    'The parts, in the same run, interleaved (who goes first alternates): approve + buy from one dev account',
    'and deliverKey (a real sealed key, the size Sahel sends) from another, each `writeContract` +',
    '`waitForTransactionReceipt` (5 ms polling) with bare viem on the same devnet; `age -d` of a file of the',
    "same size that `age -e` encrypted to a fresh `age-keygen` key (the asset's identity stays sealed in the",
    "seller's vault and in the buyer's delivery, and nothing honest takes it out, so the peer decrypts a",
    'same-size file of its own); `sha256sum` of the plaintext. The peer has no download: `curl` of the same',
    "ciphertext from the seller's peer listener is shown for reference.",
    '',
    `At 1 MiB the figure is the background rounds: each owner's trade loop syncs its event cache and runs`,
    'its passes every 2 s after the previous round, so the seller notices the purchase and the buyer the',
    `delivery about a second later each, on average. At ${big$} it is the buyer's work, one step after`,
    "another: the download (its sha256 taken as it is written), then one pass on the vault's file worker that",
    'opens, hashes and seals the asset (its hash checked against the chain before the vault commits it).',
  ].join('\n');
}
