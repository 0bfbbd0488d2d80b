import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weatherSample } from '../../../../src-main/market/demo/demo-content.js';
import { jsonField, runCli, succeeded } from '../../../support/cli.js';
import { ROOT } from '../../../support/sahel-process.js';
import { fileTempDir } from '../../chain/devnet-helpers.js';

const root = fileTempDir('sahel-market-cli-');
const dataDir = join(root, 'data');

/** `sahel --json …` piped into a separate `node -e` that parses it and prints what the test checks. */
function piped(args: string, script: string): string {
  const r = spawnSync(
    'bash',
    [
      '-o',
      'pipefail',
      '-c',
      `"${process.execPath}" bin/sahel.js --json --data-dir "${dataDir}" ${args} | "${process.execPath}" -e '${script}'`,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    },
  );
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

const READ = 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const j=JSON.parse(s);';

// Each command is a one-command owner on a fresh data dir: it starts the embedded devnet (seconds).
const SLOW = 180_000;

describe('sahel market', () => {
  it(
    '`market search --json` lists the demo offers, filtered by kind and price, as parseable JSON',
    () => {
      expect(
        piped('market search', `${READ}console.log(j.listings.map((l)=>l.kind+":"+l.title).join("|"))})`),
      ).toBe(
        'prompt:Grant-writing assistant prompt|agent:Field-report summariser agent|model:Crop-yield forecaster (small)|dataset:Sahel weather stations, one-day sample',
      );
      expect(
        piped('market search --kind model', `${READ}console.log(j.listings.map((l)=>l.assetId).join())})`),
      ).toBe('2');
      expect(
        piped(
          'market search --max-price 15 --sort price',
          `${READ}console.log(j.listings.map((l)=>l.terms.price).join())})`,
        ),
      ).toBe(['5', '15'].map((p) => `${p}${'0'.repeat(18)}`).join());
      expect(
        piped(
          'market search weather stations',
          `${READ}console.log(j.listings.map((l)=>l.assetId).join())})`,
        ),
      ).toBe('1');
    },
    SLOW,
  );

  it(
    '`market show --json` gives the provenance and a split that sums to the price',
    () => {
      const out = piped(
        'market show 2',
        `${READ}const sum=j.split.recipients.reduce((a,r)=>a+BigInt(r.amount),0n);console.log([j.parents[0].assetId,j.split.price===String(sum),j.split.recipients.map((r)=>r.role).join("+")].join(" "))})`,
      );
      expect(out).toBe('1 true fee+parent+parent+contributor');
    },
    SLOW,
  );

  it(
    'on a fresh data dir with nothing running, `market buy` of a demo offer ends with the asset in the vault',
    async () => {
      const pass = join(root, 'pass');
      writeFileSync(pass, 'demo buyer passphrase, long enough\n', { mode: 0o600 });
      const sahel = (args: string[]) =>
        runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: pass }, timeoutMs: SLOW });
      succeeded(await sahel(['vault', 'init']));
      succeeded(await sahel(['wallet', 'create']));
      // One command: it starts the devnet, buys, and waits while the devnet's demo seller delivers and
      // this owner receives; nothing else runs.
      const bought = succeeded(await sahel(['--json', 'market', 'buy', '1', '--yes'])).stdout;
      expect(jsonField(bought, 'state')).toBe('received');
      const file = join(root, 'weather.csv');
      succeeded(await sahel(['vault', 'get', jsonField(bought, 'itemId'), '-o', file]));
      const got = readFileSync(file);
      expect(got.equals(weatherSample())).toBe(true);
      // The chain's contentHash, read through the listing: what the buyer's Sahel checked on import.
      expect(`0x${createHash('sha256').update(got).digest('hex')}`).toBe(
        piped('market show 1', `${READ}console.log(j.contentHash)})`),
      );
      expect(piped('market licenses', `${READ}console.log(j.licenses.map((l)=>l.state).join())})`)).toBe(
        'received',
      );
    },
    SLOW,
  );

  it('refuses a kind it does not know and an asset id that is not one, as usage errors', async () => {
    const kind = await runCli(['market', 'search', '--kind', 'spaceship'], { dataDir });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/--kind must be one of dataset, model, adapter, agent, prompt/);
    const id = await runCli(['market', 'show', '0x12'], { dataDir });
    expect(id.code).toBe(2);
    expect(id.stderr).toMatch(/<asset> is an asset id/);
    const price = await runCli(['market', 'search', '--max-price', '1,5'], { dataDir });
    expect(price.code).toBe(2);
    expect(price.stderr).toMatch(/Use a dot for decimals/);
  });
});
