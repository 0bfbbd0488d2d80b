// What a `sahel` command costs before it does its work, side by side in one run with the floor it
// cannot beat: `node -e 0` for one-shot commands, and a bare node:http server printing its URL for
// `sahel serve`. Runs alternate (a, b, c, a, b, c, …) so load on the machine hits all alike; medians.
// Peak memory (max RSS) comes from GNU time where /usr/bin/time exists.
//
// Usage: node --import tsx test/bench/cli-start.bench.ts [--runs 9] [--write]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/sahel-process.js';
import { machineLine, writeSection } from './support/report.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;
const write = process.argv.includes('--write');
const BIN = join(ROOT, 'bin', 'sahel.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };

interface Sample {
  ms: number;
  rssMiB: number | undefined;
}

/** Runs a command to its end: wall time, and max RSS when GNU time is there to report it. */
function once(args: string[]): Sample {
  const start = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const kb = TIME ? Number(r.stderr.trim().split('\n').at(-1)) : Number.NaN;
  return { ms, rssMiB: Number.isFinite(kb) ? kb / 1024 : undefined };
}

/** Starts a server process and times it to the first line on stdout (its URL); then stops it. */
function toFirstLine(args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!out.includes('\n')) return;
      const ms = performance.now() - start;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
      child.once('exit', () => resolve({ ms, rssMiB: kb / 1024 }));
      child.kill('SIGTERM');
    });
    child.once('error', reject);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-cli-'));
const owned = join(dir, 'owned');
const idle = join(dir, 'idle');
const bareHttp =
  "require('node:http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port+'/')})";
try {
  // A data dir with its owner running (the socket path every command takes while Sahel runs), and
  // one with nobody running (the command becomes the owner for its length).
  once([BIN, '--data-dir', idle, 'vault', 'status']);
  once([BIN, '--data-dir', idle, 'models', 'list']);
  const owner = spawn(process.execPath, [BIN, '--json', '--data-dir', owned, 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((r) => owner.stdout.once('data', r));
  await toFirstLine([BIN, '--json', '--data-dir', join(dir, 'served'), 'serve', '--port', '0']);

  const cases = {
    'node -e 0': () => once(['-e', '0']),
    'sahel --help': () => once([BIN, '--help']),
    'sahel vault status (Sahel running)': () => once([BIN, '--data-dir', owned, 'vault', 'status']),
    'sahel vault status (nothing running)': () => once([BIN, '--data-dir', idle, 'vault', 'status']),
    'bare node:http server, to URL': () => toFirstLine(['-e', bareHttp]),
    'sahel serve, to URL': () =>
      toFirstLine([BIN, '--json', '--data-dir', join(dir, `serve-${Math.random()}`), 'serve', '--port', '0']),
    // The everyday start: a data dir served before (its token kept, nothing to create).
    'sahel serve again, to URL': () =>
      toFirstLine([BIN, '--json', '--data-dir', join(dir, 'served'), 'serve', '--port', '0']),
  } as const;
  const samples = new Map<string, Sample[]>(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(cases)) samples.get(name)?.push(await run());
  }
  owner.kill('SIGTERM');
  await new Promise((r) => owner.once('exit', r));

  const ms = (name: string) => median(samples.get(name)?.map((s) => s.ms) ?? []);
  const rss = (name: string) => median(samples.get(name)?.map((s) => s.rssMiB ?? Number.NaN) ?? []);
  const floorOf = (name: string) =>
    name.startsWith('sahel serve') ? 'bare node:http server, to URL' : 'node -e 0';
  const rows = Object.keys(cases).map((name) => {
    const ratio =
      name === floorOf(name) || name.startsWith('bare')
        ? '1.0×'
        : `${(ms(name) / ms(floorOf(name))).toFixed(1)}×`;
    const mem = Number.isNaN(rss(name)) ? '–' : `${rss(name).toFixed(0)} MiB`;
    return `| ${name} | ${ms(name).toFixed(0)} ms | ${ratio} | ${mem} |`;
  });
  const md = [
    '## CLI: cost of a command before its work',
    '',
    `${machineLine()}; load average ${loadavg()[0]?.toFixed(1)} (shared machine); median of ${runs} alternating runs.`,
    'Ratio: against `node -e 0` for one-shot commands, against a bare node:http server printing its URL',
    'for `sahel serve` (first: a new data dir each run, so the token file is created and fsynced;',
    '"again": a data dir served before). Memory: peak RSS (GNU time; for servers, VmHWM at the URL).',
    '',
    '| command | wall | × floor | peak RSS |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Each command loads only its own module (dynamic imports, split chunks: scripts/build.mjs); viem,',
    'SQLite and the core load only for commands that own the data dir or touch the chain.',
    '`vault status` loads neither zod nor the API contract: it checks the owner\'s answer by hand, and',
    'with nothing running reads the vault\'s key file instead of opening the core. `serve` prints its',
    'URL once it listens, before building the core (requests wait for it). Other commands that talk to',
    'a running Sahel still load zod and the contract, to check every answer.',
  ].join('\n');
  console.log(md);
  if (write) writeSection('cli-start', md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
