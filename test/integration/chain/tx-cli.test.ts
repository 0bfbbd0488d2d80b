// `sahel wallet balance | send | history` against the built CLI, talking to a running `sahel serve`
// whose embedded devnet (real anvil) holds the chain; cast checks the send independently.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountBalances, TxRecord } from '../../../src-shared/domain/tx.js';
import { type CliResult, runCli } from '../../support/cli.js';
import { type Served, startServe } from '../../support/sahel-process.js';
import { cast } from './tx-fixture.js';

const KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';
const TO = '0x000000000000000000000000000000000000dEaD';
let dir: string;
let dataDir: string;
let served: Served | undefined;

const sahel = (args: string[]) =>
  runCli(args, {
    dataDir: dataDir,
    env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') },
    timeoutMs: 90_000,
  });

function ok(r: CliResult) {
  expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
  return r;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-tx-cli-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'tx cli passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'key'), `${KEY}\n`, { mode: 0o600 });
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel wallet balance | send | history', () => {
  it('sends from the CLI with --yes, waits for the receipt, and cast sees the money arrive', {
    timeout: 240_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'key'), '--name', 'Main']));
    served = await startServe(dataDir);
    ok(await sahel(['vault', 'unlock']));

    const balance = JSON.parse(ok(await sahel(['--json', 'wallet', 'balance'])).stdout) as {
      network: string;
      accounts: AccountBalances[];
    };
    expect(balance.network).toBe('devnet');
    const from = balance.accounts[0]!;
    expect(BigInt(from.native)).toBeGreaterThan(10n ** 18n);

    // No terminal and no --yes: nothing is sent.
    const refused = await sahel(['wallet', 'send', '--to', TO, '--amount', '0.5']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--yes/);

    const rpcUrl = (
      JSON.parse(readFileSync(join(dataDir, 'devnet', 'network.json'), 'utf8')) as { rpcUrl: string }
    ).rpcUrl;
    const before = BigInt(cast(rpcUrl, 'balance', TO));
    const sent = ok(await sahel(['--json', 'wallet', 'send', '--to', TO, '--amount', '0.5', '--yes']));
    const out = JSON.parse(sent.stdout) as { hash: string; status: string };
    expect(out.status).toBe('confirmed');
    expect(BigInt(cast(rpcUrl, 'balance', TO)) - before).toBe(5n * 10n ** 17n);

    const { txs } = JSON.parse(ok(await sahel(['--json', 'wallet', 'history'])).stdout) as {
      txs: TxRecord[];
    };
    expect(txs.map((t) => [t.hash, t.status, t.from])).toEqual([[out.hash, 'confirmed', from.address]]);
    const human = ok(await sahel(['wallet', 'history'])).stdout;
    expect(human).toContain('0.5 ETH');
    expect(human).toContain(out.hash);
  });

  it('the zero address needs --to-zero-address besides --yes; amounts as shown; a wrong checksum is refused', {
    timeout: 240_000,
  }, async () => {
    const zero = `0x${'0'.repeat(40)}`;
    const burn = await sahel(['wallet', 'send', '--to', zero, '--amount', '.25', '--yes']);
    expect(burn.code).toBe(2);
    expect(burn.stderr).toMatch(/zero address.*--to-zero-address/);
    const comma = await sahel(['wallet', 'send', '--to', TO, '--amount', '1,5', '--yes']);
    expect(comma.code).toBe(2);
    expect(comma.stderr).toMatch(/Use a dot for decimals/);
    // dEaD with one letter's case flipped: the checksum catches it, the owner does not "fix" it.
    const typo = await sahel([
      'wallet',
      'send',
      '--to',
      TO.replace('dEaD', 'deaD'),
      '--amount',
      '1',
      '--yes',
    ]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/fails its checksum/);

    const rpcUrl = (
      JSON.parse(readFileSync(join(dataDir, 'devnet', 'network.json'), 'utf8')) as { rpcUrl: string }
    ).rpcUrl;
    const sent = ok(
      await sahel([
        '--json',
        'wallet',
        'send',
        '--to',
        zero,
        '--amount',
        '.25',
        '--yes',
        '--to-zero-address',
      ]),
    );
    const out = JSON.parse(sent.stdout) as { hash: string; status: string };
    expect(out.status).toBe('confirmed');
    // (Anvil pays fees to the zero address as coinbase, so its balance is no measure: the mined tx is.)
    expect(cast(rpcUrl, 'tx', out.hash, 'to')).toBe(zero);
    expect(cast(rpcUrl, 'tx', out.hash, 'value')).toBe(String(25n * 10n ** 16n));
  });
});
