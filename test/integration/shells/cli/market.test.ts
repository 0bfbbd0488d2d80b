import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { ROOT } from '../../../support/sahel-process.js';
import { fileTempDir } from '../../chain/devnet-helpers.js';

const dataDir = join(fileTempDir('sahel-market-cli-'), 'data');

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
        'prompt:Grant-writing assistant prompt|adapter:Wolof instruction LoRA|model:Crop-yield forecaster (small)|dataset:Sahel weather stations 2015–2024',
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
