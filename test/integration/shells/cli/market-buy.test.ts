// `sahel market buy | licenses | sales` against the built CLI and one running `sahel serve` (its
// embedded devnet, real anvil) whose wallet holds two accounts: one publishes, the other buys, and the
// owner's background loop delivers and receives with no further command — the wiring of core.ts. Then
// `sahel market earnings | withdraw`: the seller's share of that sale, taken out.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { BUYER_KEY, field, ok, SELLER_KEY, settledLicences } from '../../../support/market-cli.js';
import { presetBlobPort } from '../../../support/market-host.js';
import { type Served, startServe } from '../../../support/sahel-process.js';

let dir: string;
let dataDir: string;
let served: Served | undefined;
let seller = '';

const sahel = (args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-buy-cli-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'buy cli passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel market buy', () => {
  it('refuses without --yes off a terminal; with --yes --json gives the licence id; the owner delivers and receives by itself', {
    timeout: 300_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']));
    seller = privateKeyToAccount(SELLER_KEY).address;
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    // Its own blob port: the default (7417) may be another test's owner, whose listener would answer.
    await presetBlobPort(dataDir);
    served = await startServe(dataDir);
    ok(await sahel(['vault', 'unlock']));
    const file = join(dir, 'stations.csv');
    writeFileSync(file, randomBytes(5000));
    const id = field(ok(await sahel(['--json', 'vault', 'add', file])).stdout, 'items[0].id');
    const published = ok(
      await sahel([
        '--json',
        'market',
        'publish',
        id,
        '--price',
        '3',
        '--title',
        'Stations',
        '--from',
        seller,
        '--yes',
      ]),
    ).stdout;
    const offerId = field(published, 'offerId');

    const refused = await sahel(['market', 'buy', offerId, '--from', buyer]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/approves the marketplace for exactly 3 /);
    expect(refused.stderr).toMatch(/needs a confirmation.*--yes/);
    expect(
      (await sahel(['market', 'buy', offerId, '--from', buyer, '--max-price', '2', '--yes'])).stderr,
    ).toMatch(/more than your maximum 2/);
    expect((await sahel(['market', 'buy', 'abc', '--yes'])).code).toBe(2);

    const bought = ok(
      await sahel(['--json', 'market', 'buy', offerId, '--from', buyer, '--max-price', '3', '--yes']),
    ).stdout;
    const licenseId = field(bought, 'licenseId');
    expect(Number(licenseId)).toBeGreaterThan(0);
    // `market buy` waits for the delivery and the import (it returns the vault item), unless --no-wait.
    expect(field(bought, 'state')).toBe('received');
    expect(field(bought, 'itemId')).toMatch(/^[0-9a-f]{32}$/);

    const licences = await settledLicences(
      async () => ok(await sahel(['--json', 'market', 'licenses'])).stdout,
    );
    expect(field(licences, 'licenses[0].licenseId')).toBe(licenseId);
    expect(field(licences, 'licenses[0].state')).toBe('received');
    expect(field(licences, 'licenses[0].itemId')).toMatch(/^[0-9a-f]{32}$/);
    const sales = ok(await sahel(['--json', 'market', 'sales'])).stdout;
    expect(field(sales, 'sales[0].state')).toBe('delivered');
    expect(ok(await sahel(['market', 'licenses'])).stdout).toMatch(new RegExp(`#${licenseId} .*: received`));
  });

  it('earnings shows the sale credited and withdrawable; withdraw refuses off a terminal, then with --yes --json moves it; nothing left is refused', {
    timeout: 120_000,
  }, async () => {
    const mine = (json: string, key: string) =>
      field(json, `earnings.find((e) => e.account === ${JSON.stringify(seller)}).${key}`);
    const before = ok(await sahel(['--json', 'market', 'earnings'])).stdout;
    const owed = mine(before, 'withdrawable');
    expect(BigInt(owed)).toBeGreaterThan(0n);
    expect(mine(before, 'credited')).toBe(owed);
    expect(mine(before, 'assets.length')).toBe('1');
    expect(mine(before, 'assets[0].roles.join()')).toBe('contributor,seller');
    const table = ok(await sahel(['market', 'earnings'])).stdout;
    expect(table).toMatch(/^ACCOUNT +TOKEN +WITHDRAWABLE +CREDITED/);
    expect(table).toMatch(new RegExp(`${seller} asset #\\d+: .* from 1 licence \\(contributor, seller\\)`));

    const refused = await sahel(['market', 'withdraw', '--from', seller]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/everything the marketplace owes it/);
    expect(refused.stderr).toMatch(/needs a confirmation.*--yes/);
    expect((await sahel(['market', 'withdraw', '--from', 'nope', '--yes'])).code).toBe(2);

    const done = ok(await sahel(['--json', 'market', 'withdraw', '--from', seller, '--yes'])).stdout;
    expect(field(done, 'amount')).toBe(owed);
    expect(field(done, 'tx')).toMatch(/^0x[0-9a-f]{64}$/);
    const after = ok(await sahel(['--json', 'market', 'earnings'])).stdout;
    expect(mine(after, 'withdrawable')).toBe('0');
    expect(mine(after, 'credited')).toBe(owed);
    expect(mine(after, 'withdrawn')).toBe(owed);
    const again = await sahel(['market', 'withdraw', '--from', seller, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/nothing to withdraw/);
  });
});
